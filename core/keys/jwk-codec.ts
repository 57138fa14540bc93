/**
 * What the JWK reader (jwk.ts) and writer (jwk-write.ts) share: base64url without padding
 * (RFC 7515 §2), the curve names with their sizes and OIDs (RFC 7518 §6.2.1.1, RFC 8037 §2,
 * RFC 8812 §3.1), and the RFC 7638 thumbprint.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, stripLeadingZeros, toBase64, utf8Encode } from '../bytes.js';
import { OID } from '../oids.js';

export function toBase64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url as JOSE requires it: only the URL-safe alphabet, no padding, no white space,
 * and the one canonical spelling (unused trailing bits zero). Undefined for anything else.
 */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'));
  if (!bytes || toBase64url(bytes) !== text) return undefined;
  return bytes;
}

/** Base64urlUInt (RFC 7518 §2): the fewest octets that hold the value; zero is one zero octet. */
export function toBase64urlUint(bytes: Uint8Array): string {
  return toBase64url(stripLeadingZeros(bytes.length === 0 ? Uint8Array.of(0) : bytes));
}

export interface JwkCurve {
  oid: string;
  /** Octets of a coordinate (EC) or of the key (OKP): every x, y and d has exactly this many. */
  len: number;
}

/** `kty: "EC"` curves: the NIST ones of RFC 7518 and secp256k1 of RFC 8812. */
export const EC_CURVES: Record<string, JwkCurve> = {
  'P-256': { oid: OID.prime256v1, len: 32 },
  'P-384': { oid: OID.secp384r1, len: 48 },
  'P-521': { oid: OID.secp521r1, len: 66 },
  secp256k1: { oid: OID.secp256k1, len: 32 },
};

/** `kty: "OKP"` curves of RFC 8037; the private key `d` has the same length as `x`. */
export const OKP_CURVES: Record<string, JwkCurve> = {
  Ed25519: { oid: OID.ed25519, len: 32 },
  Ed448: { oid: OID.ed448, len: 57 },
  X25519: { oid: OID.x25519, len: 32 },
  X448: { oid: OID.x448, len: 56 },
};

/** The JWK curve name of a curve OID, for either key type. */
export function jwkCurveOf(oid: string): { kty: 'EC' | 'OKP'; crv: string; len: number } | undefined {
  for (const [crv, c] of Object.entries(EC_CURVES)) if (c.oid === oid) return { kty: 'EC', crv, len: c.len };
  for (const [crv, c] of Object.entries(OKP_CURVES)) if (c.oid === oid) return { kty: 'OKP', crv, len: c.len };
  return undefined;
}

/**
 * RFC 7638 §3: SHA-256 over the required public members only, names in lexicographic order,
 * no white space; base64url. The values are ASCII (base64url and curve names), so
 * JSON.stringify writes them exactly as the RFC's canonical form wants.
 */
export function jwkThumbprint(required: Record<string, string>): string {
  const names = Object.keys(required).sort();
  const json = `{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(required[n])}`).join(',')}}`;
  return toBase64url(sha256(utf8Encode(json)));
}
