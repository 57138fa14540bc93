/**
 * Big hostile shapes (issue 11, "Unbounded inputs"), built in memory at any size up to the 50 MiB
 * file limit: the fuzz harness feeds small ones, `npm test` guards mid-sized ones, `npm run bench`
 * times full-sized ones. Every builder fills one preallocated buffer (no spreads, no per-node
 * arrays), so building 50 MB takes milliseconds.
 */
import { concatByteList } from '../../core/bytes.js';
import { encodeLength } from '../../core/der.js';

const enc = new TextEncoder();

/** tag + length header for `n` content bytes (minimal DER length). */
function header(tag: number, n: number): Uint8Array {
  const len = encodeLength(n);
  const h = new Uint8Array(1 + len.length);
  h[0] = tag;
  h.set(len, 1);
  return h;
}


const wrap = (tag: number, ...parts: Uint8Array[]) => {
  const body = concatByteList(parts);
  return concatByteList([header(tag, body.length), body]);
};

/** `unit` repeated `count` times into one buffer. */
function repeat(unit: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(unit.length * count);
  for (let i = 0; i < count; i++) out.set(unit, i * unit.length);
  return out;
}

/**
 * About `bytes` of BER: a SEQUENCE of OCTET STRINGs each with a non-minimal length (`04 81 01 00`),
 * so the strict reader refuses it and the lenient one must re-encode every node.
 */
export function nonMinimalBer(bytes: number): Uint8Array {
  const count = Math.max(1, Math.floor((bytes - 6) / 4));
  const body = repeat(Uint8Array.of(0x04, 0x81, 0x01, 0x00), count);
  // The outer length is non-minimal too (84 + 4 octets even when fewer would do).
  const out = new Uint8Array(6 + body.length);
  out.set([0x30, 0x84, (body.length >>> 24) & 0xff, (body.length >>> 16) & 0xff, (body.length >>> 8) & 0xff, body.length & 0xff]);
  out.set(body, 6);
  return out;
}

/** The same nodes nested in indefinite-length SEQUENCEs of `width` children each (BER, as a bundle would be). */
export function indefiniteBer(bytes: number, width = 1000): Uint8Array {
  const node = Uint8Array.of(0x04, 0x81, 0x01, 0x00);
  const groupBody = repeat(node, width);
  const group = concatByteList([Uint8Array.of(0x30, 0x80), groupBody, Uint8Array.of(0, 0)]);
  const groups = Math.max(1, Math.floor((bytes - 4) / group.length));
  return concatByteList([Uint8Array.of(0x30, 0x80), repeat(group, groups), Uint8Array.of(0, 0)]);
}

const oid = (hex: string) => {
  const v = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  return wrap(0x06, v);
};
const CN = oid('550403');
const ECDSA_SHA256 = wrap(0x30, oid('2a8648ce3d040302'));
const utf8 = (s: string) => wrap(0x0c, enc.encode(s));
const name = (cn: string) => wrap(0x30, wrap(0x31, wrap(0x30, CN, utf8(cn))));
const time = (s: string) => wrap(0x17, enc.encode(s));
/** An EC P-256 SubjectPublicKeyInfo (the base point: any valid point does). */
const SPKI = wrap(
  0x30,
  wrap(0x30, oid('2a8648ce3d0201'), oid('2a8648ce3d030107')),
  wrap(0x03, Uint8Array.of(0), Uint8Array.from('046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'.match(/../g)!.map((h) => parseInt(h, 16)))),
);

/** A certificate (v3, unsigned: a zero signature) whose TBSCertificate fields are given. */
function certificate(subject: Uint8Array, extensions?: Uint8Array): Uint8Array {
  const tbs = wrap(
    0x30,
    wrap(0xa0, wrap(0x02, Uint8Array.of(2))),
    wrap(0x02, Uint8Array.of(0x10, 0x01)),
    ECDSA_SHA256,
    name('Hostile Issuer'),
    wrap(0x30, time('250101000000Z'), time('350101000000Z')),
    subject,
    SPKI,
    ...(extensions ? [wrap(0xa3, extensions)] : []),
  );
  return wrap(0x30, tbs, ECDSA_SHA256, wrap(0x03, Uint8Array.of(0, 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01)));
}

/** A certificate whose subject has `count` RDNs (`CN=a` each): ~13 bytes per RDN. */
export function manyRdnCertificate(count: number): Uint8Array {
  const rdn = wrap(0x31, wrap(0x30, CN, utf8('a')));
  return certificate(wrap(0x30, repeat(rdn, count)));
}

/** A certificate whose subjectAltName has `count` dNSNames (`a.test` each). */
export function manySanCertificate(count: number): Uint8Array {
  const dns = wrap(0x82, enc.encode('a.test'));
  const san = wrap(0x30, oid('551d11'), wrap(0x04, wrap(0x30, repeat(dns, count))));
  return certificate(name('many-san.test'), wrap(0x30, san));
}

/** A certificate with `count` copies of one small unknown extension. */
export function manyExtensionsCertificate(count: number): Uint8Array {
  const ext = wrap(0x30, oid('2a030405'), wrap(0x04, Uint8Array.of(0x05, 0x00)));
  return certificate(name('many-ext.test'), wrap(0x30, repeat(ext, count)));
}

/** A CRL (v2, unsigned) listing `count` revoked serials: a real shape (big CAs publish tens of MB). */
export function bigCrl(count: number): Uint8Array {
  const entry = wrap(0x30, wrap(0x02, Uint8Array.of(0x12, 0x34, 0x56, 0x78)), time('250101000000Z'));
  const tbs = wrap(0x30, wrap(0x02, Uint8Array.of(1)), ECDSA_SHA256, name('Hostile CRL Issuer'), time('250101000000Z'), time('350101000000Z'), wrap(0x30, repeat(entry, count)));
  return wrap(0x30, tbs, ECDSA_SHA256, wrap(0x03, Uint8Array.of(0, 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01)));
}

/** A strict-DER SEQUENCE of `count` NULLs: the most nodes per byte DER allows. */
export function nullFlood(count: number): Uint8Array {
  return wrap(0x30, repeat(Uint8Array.of(0x05, 0x00), count));
}

/** `count` PEM blocks whose base64 is broken: one problem each. */
export function badPemBlocks(count: number): Uint8Array {
  return repeat(enc.encode('-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n'), count);
}

/** `count` PEM blocks of a small valid structure that is not a certificate: one error each. */
export function wrongShapePemBlocks(count: number): Uint8Array {
  return repeat(enc.encode('-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n'), count);
}

/** `der` as one PEM block. */
export function pem(label: string, der: Uint8Array): Uint8Array {
  const b64 = Buffer.from(der).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return enc.encode(`-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`);
}

export interface Shape {
  name: string;
  make: (bytes: number) => Uint8Array;
}

/** Every shape, sized by (about) its byte count. */
export const SHAPES: Shape[] = [
  { name: 'non-minimal BER lengths', make: (b) => nonMinimalBer(b) },
  { name: 'indefinite-length BER', make: (b) => indefiniteBer(b) },
  { name: 'certificate with many RDNs', make: (b) => manyRdnCertificate(Math.floor(b / 13)) },
  { name: 'certificate with many SAN names', make: (b) => manySanCertificate(Math.floor(b / 8)) },
  { name: 'certificate with many extensions', make: (b) => manyExtensionsCertificate(Math.floor(b / 13)) },
  { name: 'CRL with many entries', make: (b) => bigCrl(Math.floor(b / 23)) },
  { name: 'strict DER NULL flood', make: (b) => nullFlood(Math.floor(b / 2)) },
  { name: 'PEM of bad base64 blocks', make: (b) => badPemBlocks(Math.floor(b / 60)) },
  { name: 'PEM of wrong-shape blocks', make: (b) => wrongShapePemBlocks(Math.floor(b / 60)) },
  { name: 'PEM certificate with many RDNs', make: (b) => pem('CERTIFICATE', manyRdnCertificate(Math.floor((b * 3) / 4 / 13))) },
];
