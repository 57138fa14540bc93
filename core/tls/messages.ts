/**
 * TLS 1.3 handshake messages as bytes (RFC 8446 §4), so the transcript the signatures and
 * Finished MACs cover is the real encoding, not a stand-in. Only what a walkthrough sends is
 * written: no PSK, no HelloRetryRequest, no session tickets.
 */
import { concatBytes, utf8Encode } from '../bytes.js';

export const HS = { clientHello: 1, serverHello: 2, encryptedExtensions: 8, certificate: 11, certificateRequest: 13, certificateVerify: 15, finished: 20 } as const;
const EXT = { serverName: 0, supportedGroups: 10, signatureAlgorithms: 13, supportedVersions: 43, keyShare: 51 } as const;

export const TLS_AES_128_GCM_SHA256 = 0x1301;
export const CIPHER_SUITES = [0x1301, 0x1302, 0x1303];
export const CIPHER_SUITE_NAMES: Record<number, string> = { 0x1301: 'TLS_AES_128_GCM_SHA256', 0x1302: 'TLS_AES_256_GCM_SHA384', 0x1303: 'TLS_CHACHA20_POLY1305_SHA256' };

/** SignatureScheme code points (RFC 8446 §4.2.3), in the order a client offers them. */
export const SIGNATURE_SCHEMES = {
  ecdsa_secp256r1_sha256: 0x0403,
  ecdsa_secp384r1_sha384: 0x0503,
  ecdsa_secp521r1_sha512: 0x0603,
  ed25519: 0x0807,
  ed448: 0x0808,
  rsa_pss_pss_sha256: 0x0809,
  rsa_pss_rsae_sha256: 0x0804,
  rsa_pss_rsae_sha384: 0x0805,
  rsa_pss_rsae_sha512: 0x0806,
} as const;
export type SignatureScheme = keyof typeof SIGNATURE_SCHEMES;

export const GROUP_NAMES: Record<number, string> = { 0x001d: 'x25519', 0x0017: 'secp256r1', 0x0018: 'secp384r1' };

const u8 = (n: number) => Uint8Array.of(n & 0xff);
const u16 = (n: number) => Uint8Array.of((n >> 8) & 0xff, n & 0xff);
const u24 = (n: number) => Uint8Array.of((n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
/** opaque x<0..2^8-1>, <0..2^16-1>, <0..2^24-1>. */
const vec8 = (b: Uint8Array) => concatBytes(u8(b.length), b);
const vec16 = (b: Uint8Array) => concatBytes(u16(b.length), b);
const vec24 = (b: Uint8Array) => concatBytes(u24(b.length), b);
const list16 = (codes: number[]) => vec16(concatBytes(...codes.map(u16)));
const ext = (type: number, body: Uint8Array) => concatBytes(u16(type), vec16(body));

/** Handshake { msg_type; uint24 length; body }. */
export function handshake(type: number, body: Uint8Array): Uint8Array {
  return concatBytes(u8(type), vec24(body));
}

export interface KeyShare {
  group: number;
  key: Uint8Array;
}

function keyShareEntry(s: KeyShare): Uint8Array {
  return concatBytes(u16(s.group), vec16(s.key));
}

export interface ClientHelloFields {
  random: Uint8Array;
  sessionId: Uint8Array;
  /** server_name, for a DNS name only (RFC 6066: IP literals are not sent). */
  serverName?: string;
  groups: number[];
  schemes: number[];
  shares: KeyShare[];
}

export function clientHello(f: ClientHelloFields): Uint8Array {
  const exts: Uint8Array[] = [];
  if (f.serverName) exts.push(ext(EXT.serverName, vec16(concatBytes(u8(0), vec16(utf8Encode(f.serverName))))));
  exts.push(ext(EXT.supportedGroups, list16(f.groups)));
  exts.push(ext(EXT.signatureAlgorithms, list16(f.schemes)));
  exts.push(ext(EXT.supportedVersions, vec8(u16(0x0304))));
  exts.push(ext(EXT.keyShare, vec16(concatBytes(...f.shares.map(keyShareEntry)))));
  const body = concatBytes(u16(0x0303), f.random, vec8(f.sessionId), list16(CIPHER_SUITES), vec8(u8(0)), vec16(concatBytes(...exts)));
  return handshake(HS.clientHello, body);
}

export function serverHello(random: Uint8Array, sessionId: Uint8Array, suite: number, share: KeyShare): Uint8Array {
  // key_share before supported_versions, as in RFC 8448's traces.
  const exts = concatBytes(ext(EXT.keyShare, keyShareEntry(share)), ext(EXT.supportedVersions, u16(0x0304)));
  return handshake(HS.serverHello, concatBytes(u16(0x0303), random, vec8(sessionId), u16(suite), u8(0), vec16(exts)));
}

export function encryptedExtensions(): Uint8Array {
  return handshake(HS.encryptedExtensions, vec16(new Uint8Array(0)));
}

/** CertificateRequest with an empty context and the schemes the server accepts from clients. */
export function certificateRequest(schemes: number[]): Uint8Array {
  return handshake(HS.certificateRequest, concatBytes(vec8(new Uint8Array(0)), vec16(ext(EXT.signatureAlgorithms, list16(schemes)))));
}

/** Certificate: X.509 entries in the given order, each without extensions; empty for a client with none. */
export function certificate(ders: Uint8Array[]): Uint8Array {
  const entries = ders.map((d) => concatBytes(vec24(d), vec16(new Uint8Array(0))));
  return handshake(HS.certificate, concatBytes(vec8(new Uint8Array(0)), vec24(concatBytes(...entries))));
}

export function certificateVerify(scheme: number, signature: Uint8Array): Uint8Array {
  return handshake(HS.certificateVerify, concatBytes(u16(scheme), vec16(signature)));
}

export function finished(verifyData: Uint8Array): Uint8Array {
  return handshake(HS.finished, verifyData);
}

/**
 * What a CertificateVerify signs (§4.4.3): 64 spaces, the context string, a zero byte, and
 * the transcript hash; the server and client contexts differ so one cannot stand for the other.
 */
export function certificateVerifyContent(side: 'server' | 'client', transcriptHash: Uint8Array): Uint8Array {
  const context = utf8Encode(`TLS 1.3, ${side} CertificateVerify`);
  return concatBytes(new Uint8Array(64).fill(0x20), context, u8(0), transcriptHash);
}

export function schemeName(code: number): string {
  for (const [name, c] of Object.entries(SIGNATURE_SCHEMES)) if (c === code) return name;
  return `0x${code.toString(16).padStart(4, '0')}`;
}
