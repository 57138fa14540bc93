/**
 * Hostile inputs built from nothing (or from one real certificate): deep nesting, huge declared
 * sizes, node floods, oversized files, and certificate sets that make chain building work hard
 * (long chains, cross-sign meshes). They are the worst cases the limits in core/ exist for.
 */
import { p521 } from '@noble/curves/nist.js';
import { concatBytes, toBase64, utf8Encode } from '../../core/bytes.js';
import { authorityKeyIdentifier, basicConstraints, issueCertificate, keyUsage, subjectKeyIdentifier } from '../../core/generate/certs.js';
import { newKeyPair, type KeyPair } from '../../core/generate/keys.js';
import { nested } from './dertree.js';
import { SHAPES } from './hostile-shapes.js';
import type { Mutation } from './mutators.js';

function indefiniteNest(depth: number): Uint8Array {
  const out = new Uint8Array(depth * 4);
  for (let i = 0; i < depth; i++) {
    out[i * 2] = 0x30;
    out[i * 2 + 1] = 0x80;
  }
  return out; // the trailing zeros are the end-of-contents markers
}

export const pemOf = (label: string, der: Uint8Array) =>
  utf8Encode(`-----BEGIN ${label}-----\n${(toBase64(der).match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`);

const NULL = Uint8Array.of(0x05, 0x00);

/** An EC P-521 public JWK (the costliest point check per key), from a fixed secret. */
const P521_JWK = (() => {
  const point = p521.getPublicKey(new Uint8Array(66).fill(1), false);
  const b64u = (b: Uint8Array) => toBase64(b).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return { kty: 'EC', crv: 'P-521', x: b64u(point.subarray(1, 67)), y: b64u(point.subarray(67)) };
})();

/** `n` distinct private P-521 JWKs (d, d+1, ...: one point addition each): every one asks for a derivation or a point check. */
function p521PrivateJwks(n: number) {
  const b64u = (b: Uint8Array) => toBase64(b).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const d0 = 2n ** 519n + 12345n;
  let point = p521.Point.BASE.multiply(d0);
  return Array.from({ length: n }, (_, i) => {
    if (i > 0) point = point.add(p521.Point.BASE);
    const xy = point.toBytes(false);
    const d = Uint8Array.from(Buffer.from((d0 + BigInt(i)).toString(16).padStart(132, '0'), 'hex'));
    return { kty: 'EC', crv: 'P-521', x: b64u(xy.subarray(1, 67)), y: b64u(xy.subarray(67)), d: b64u(d) };
  });
}

/** An encrypted Ed25519 PuTTY key with the given Argon2 cost lines (the MAC never matches). */
function ppkText(costs: string): string {
  return ['PuTTY-User-Key-File-3: ssh-ed25519', 'Encryption: aes256-cbc', 'Comment: synthetic', 'Public-Lines: 2',
    'AAAAC3NzaC1lZDI1NTE5AAAAIB5+YBkfxl68OCOyzAegdyEB2Jy/2TOdKvpuursz', 'K/Nv', 'Key-Derivation: Argon2id', costs,
    'Argon2-Parallelism: 1', 'Argon2-Salt: 4364ff49cef1ff5ea94d245d80008a36', 'Private-Lines: 1',
    '8a47ed87f758eecb6dbecf77bad1ec7cfe12e966cff9d11f6f96b24018678328', `Private-MAC: ${'0'.repeat(64)}`, ''].join('\n');
}

/** Inputs that need no seed file. */
export function syntheticInputs(): Mutation[] {
  const flood = new Uint8Array(2 + 4 + 400_000);
  flood.set([0x30, 0x83, 0x06, 0x1a, 0x80]);
  for (let i = 5; i + 1 < flood.length; i += 2) flood.set(NULL, i);
  return [
    { op: 'nest-seq-10000', bytes: nested(10_000, 0x30, NULL) },
    { op: 'nest-seq-100000', bytes: nested(100_000, 0x30, NULL) },
    { op: 'nest-set-10000', bytes: nested(10_000, 0x31, NULL) },
    { op: 'nest-ctx0-10000', bytes: nested(10_000, 0xa0, NULL) },
    { op: 'nest-seq-10000-pem-cert', bytes: pemOf('CERTIFICATE', nested(10_000, 0x30, NULL)) },
    { op: 'nest-seq-10000-pem-key', bytes: pemOf('PRIVATE KEY', nested(10_000, 0x30, NULL)) },
    { op: 'nest-seq-10000-pem-p12', bytes: pemOf('PKCS12', nested(10_000, 0x30, NULL)) },
    { op: 'nest-seq-10000-pem-pkcs7', bytes: pemOf('PKCS7', nested(10_000, 0x30, NULL)) },
    { op: 'nest-indefinite-50000', bytes: indefiniteNest(50_000) },
    { op: 'nest-indefinite-50000-pem', bytes: pemOf('CERTIFICATE', indefiniteNest(50_000)) },
    { op: 'huge-len-ffffffff', bytes: Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x05, 0x00) },
    { op: 'huge-len-7fffffff', bytes: Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x00) },
    { op: 'huge-len-8-octets', bytes: Uint8Array.of(0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x30) },
    { op: 'huge-len-inner', bytes: Uint8Array.of(0x30, 0x08, 0x30, 0x84, 0xff, 0xff, 0xff, 0xf0, 0x05, 0x00) },
    { op: 'huge-len-pem', bytes: pemOf('CERTIFICATE', Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x00)) },
    { op: 'huge-high-tag', bytes: Uint8Array.of(0x30, 0x09, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x01, 0x00) },
    { op: 'node-flood-200000', bytes: flood },
    { op: 'empty-seq', bytes: Uint8Array.of(0x30, 0x00) },
    { op: 'lone-tag', bytes: Uint8Array.of(0x30) },
    { op: 'eoc-only', bytes: Uint8Array.of(0x00, 0x00) },
    { op: 'file-over-limit', bytes: new Uint8Array(50 * 1024 * 1024 + 1) },
    { op: 'pem-blocks-x20000-empty', bytes: utf8Encode('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n'.repeat(20_000)) },
    { op: 'pem-one-line-5MB', bytes: utf8Encode(`-----BEGIN CERTIFICATE-----\n${'A'.repeat(5_000_000)}\n-----END CERTIFICATE-----\n`) },
    { op: 'pem-dashes-1MB', bytes: utf8Encode(`-----BEGIN ${'-'.repeat(1_000_000)}-----\n`) },
    { op: 'pem-label-regex', bytes: utf8Encode(`-----BEGIN ${'A-'.repeat(50_000)}\n`) },
    { op: 'ssh-line-1MB', bytes: utf8Encode(`ssh-ed25519 ${'A'.repeat(1_000_000)} c\n`) },
    { op: 'ssh-lines-x300000', bytes: utf8Encode('ssh-ed25519 AAAA x\n'.repeat(300_000)) },
    { op: 'nul-text', bytes: new Uint8Array(1000) },
    // The big shapes of issue 11 at 256 KiB (full size: hostile-shapes.test.ts, npm run bench).
    ...SHAPES.map((s) => ({ op: `shape-${s.name.replace(/ /g, '-')}-256KiB`, bytes: s.make(256 * 1024) })),
    // JWK / JWK Set and PuTTY keys at and past their limits.
    { op: 'jwks-oct-x20000', bytes: utf8Encode(JSON.stringify({ keys: Array.from({ length: 20_000 }, (_, i) => ({ kty: 'oct', kid: `${i}`, k: 'AAAA' })) })) },
    { op: 'jwks-ec-p521-x1500', bytes: utf8Encode(JSON.stringify({ keys: Array.from({ length: 1_500 }, () => P521_JWK) })) },
    { op: 'jwks-ec-p521-private-x500', bytes: utf8Encode(JSON.stringify({ keys: p521PrivateJwks(500) })) },
    { op: 'jwk-nest-200000', bytes: utf8Encode(`{"kty":"oct","x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`) },
    { op: 'jwk-17MiB', bytes: utf8Encode(`{"kty":"oct","k":"${'A'.repeat(17 << 20)}"}`) },
    { op: 'jwk-rsa-16384-d-only', bytes: utf8Encode(JSON.stringify({ kty: 'RSA', n: `_${'w'.repeat(2730)}`, e: 'AQAB', d: `_${'w'.repeat(2730)}` })) },
    { op: 'ppk-argon2-1gib', bytes: utf8Encode(ppkText('Argon2-Memory: 1048576\nArgon2-Passes: 1')) },
    { op: 'ppk-argon2-passes-16', bytes: utf8Encode(ppkText('Argon2-Memory: 8192\nArgon2-Passes: 16')) },
    { op: 'ppk-lines-4e9', bytes: utf8Encode('PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: x\nPublic-Lines: 4294967295\n') },
  ];
}

// ---- certificate sets ---------------------------------------------------------------------

export interface CertSet {
  op: string;
  /** DER certificates; `certs[0]` is the leaf where there is one. */
  certs: Uint8Array[];
  /** Anchors for verifyChain. */
  trusted: Uint8Array[];
  /** The set as one PEM bundle (what a user would drop). */
  bundle: Uint8Array;
}

const ca = [basicConstraints(true), keyUsage(['keyCertSign', 'cRLSign'])];
const span = { notBefore: new Date(Date.UTC(2020, 0, 1)), notAfter: new Date(Date.UTC(2040, 0, 1)) };

async function cert(subject: string, key: KeyPair, issuer: string, issuerKey: KeyPair, isCa = true): Promise<Uint8Array> {
  return issueCertificate({
    subject: { commonName: subject },
    issuer: { commonName: issuer },
    subjectKey: key,
    issuerKey,
    ...span,
    extensions: [...(isCa ? ca : [basicConstraints(false)]), subjectKeyIdentifier(key), authorityKeyIdentifier(issuerKey)],
  });
}

function bundleOf(certs: Uint8Array[]): Uint8Array {
  return concatBytes(...certs.map((c) => pemOf('CERTIFICATE', c)));
}

/** Root → `length` intermediates → leaf; plus the same set shuffled into reverse. */
export async function longChain(length: number): Promise<CertSet> {
  const keys = await Promise.all(Array.from({ length: length + 2 }, () => newKeyPair({ algorithm: 'ec', curve: 'P-256' })));
  const der: Uint8Array[] = [await cert('CA 0', keys[0]!, 'CA 0', keys[0]!)];
  for (let i = 1; i <= length; i++) der.push(await cert(`CA ${i}`, keys[i]!, `CA ${i - 1}`, keys[i - 1]!));
  const leaf = await cert('leaf.example.test', keys[length + 1]!, `CA ${length}`, keys[length]!, false);
  const certs = [leaf, ...der.slice(1).reverse(), der[0]!];
  return { op: `chain-${length}`, certs, trusted: [der[0]!], bundle: bundleOf(certs) };
}

/**
 * `n` CAs where every CA cross-signs every other (n² certificates, all with valid signatures),
 * none trusted: the builder must cut loops and give up within its work budget.
 */
export async function crossSignMesh(n: number): Promise<CertSet> {
  const keys = await Promise.all(Array.from({ length: n + 1 }, () => newKeyPair({ algorithm: 'ec', curve: 'P-256' })));
  const certs: Uint8Array[] = [await cert('leaf.example.test', keys[n]!, 'Mesh CA 0', keys[0]!, false)];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) certs.push(await cert(`Mesh CA ${i}`, keys[i]!, `Mesh CA ${j}`, keys[j]!));
  // An anchor nobody chains to keeps verifyChain searching the whole mesh.
  const outsider = await newKeyPair({ algorithm: 'ec', curve: 'P-256' });
  const trusted = [await cert('Outside Root', outsider, 'Outside Root', outsider)];
  return { op: `cross-sign-mesh-${n}`, certs, trusted, bundle: bundleOf(certs) };
}

/** Two CAs that sign each other and nothing else: the simplest loop. */
export async function crossSignLoop(): Promise<CertSet> {
  const [a, b, leafKey] = await Promise.all([0, 1, 2].map(() => newKeyPair({ algorithm: 'ec', curve: 'P-256' })));
  const certs = [await cert('leaf.example.test', leafKey!, 'Loop A', a!, false), await cert('Loop A', a!, 'Loop B', b!), await cert('Loop B', b!, 'Loop A', a!)];
  return { op: 'cross-sign-loop', certs, trusted: [], bundle: bundleOf(certs) };
}

