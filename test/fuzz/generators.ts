/**
 * Hostile inputs built from nothing (or from one real certificate): deep nesting, huge declared
 * sizes, node floods, oversized files, and certificate sets that make chain building work hard
 * (long chains, cross-sign meshes). They are the worst cases the limits in core/ exist for.
 */
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

