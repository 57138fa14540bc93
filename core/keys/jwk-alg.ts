/**
 * Whether a JWK's `alg` fits its key (RFC 7518 §3–§5, RFC 8037 §3, RFC 8812 §3.2): a key that
 * names an algorithm it cannot be used with, or an HMAC or AES key of the wrong size, is
 * something its owner wants to know before a verifier refuses it. Unregistered names are
 * left alone: `alg` may be any string (RFC 7517 §4.4).
 */
import type { Finding } from '../types.js';

interface AlgRule {
  kty: string;
  /** Allowed curves for EC / OKP keys. */
  crv?: string[];
  /** oct keys: the exact size in bits, or the minimum for HMAC. */
  bits?: number;
  minBits?: boolean;
}

const RSA: AlgRule = { kty: 'RSA' };
const ECDH: AlgRule[] = [{ kty: 'EC' }, { kty: 'OKP', crv: ['X25519', 'X448'] }];

const RULES: Record<string, AlgRule[]> = {
  ...Object.fromEntries(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'RSA1_5', 'RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'].map((a) => [a, [RSA]])),
  ES256: [{ kty: 'EC', crv: ['P-256'] }],
  ES384: [{ kty: 'EC', crv: ['P-384'] }],
  ES512: [{ kty: 'EC', crv: ['P-521'] }],
  ES256K: [{ kty: 'EC', crv: ['secp256k1'] }],
  EdDSA: [{ kty: 'OKP', crv: ['Ed25519', 'Ed448'] }],
  Ed25519: [{ kty: 'OKP', crv: ['Ed25519'] }],
  Ed448: [{ kty: 'OKP', crv: ['Ed448'] }],
  ...Object.fromEntries(['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'].map((a) => [a, ECDH])),
  HS256: [{ kty: 'oct', bits: 256, minBits: true }],
  HS384: [{ kty: 'oct', bits: 384, minBits: true }],
  HS512: [{ kty: 'oct', bits: 512, minBits: true }],
  A128KW: [{ kty: 'oct', bits: 128 }],
  A192KW: [{ kty: 'oct', bits: 192 }],
  A256KW: [{ kty: 'oct', bits: 256 }],
  A128GCMKW: [{ kty: 'oct', bits: 128 }],
  A192GCMKW: [{ kty: 'oct', bits: 192 }],
  A256GCMKW: [{ kty: 'oct', bits: 256 }],
  A128GCM: [{ kty: 'oct', bits: 128 }],
  A192GCM: [{ kty: 'oct', bits: 192 }],
  A256GCM: [{ kty: 'oct', bits: 256 }],
  'A128CBC-HS256': [{ kty: 'oct', bits: 256 }],
  'A192CBC-HS384': [{ kty: 'oct', bits: 384 }],
  'A256CBC-HS512': [{ kty: 'oct', bits: 512 }],
};

/** A finding when `alg` is a registered algorithm that this key cannot serve. */
export function algFindings(alg: string | undefined, kty: string, crv: string | undefined, octBits: number | undefined): Finding[] {
  const rules = alg === undefined ? undefined : RULES[alg];
  if (!rules) return [];
  const fits = rules.find((r) => r.kty === kty && (!r.crv || (crv !== undefined && r.crv.includes(crv))));
  const what = kty === 'oct' ? `a ${octBits} bit symmetric key` : `a ${kty}${crv ? ` ${crv}` : ''} key`;
  if (!fits) return [{ code: 'jwk_alg_mismatch', severity: 'warning', message: `The key names alg "${alg}", which cannot be used with ${what}.` }];
  if (fits.bits !== undefined && octBits !== undefined) {
    if (fits.minBits && octBits < fits.bits) {
      return [{ code: 'jwk_alg_mismatch', severity: 'warning', message: `The key names alg "${alg}", which needs a key of at least ${fits.bits} bits (RFC 7518 §3.2); this one has ${octBits}.` }];
    }
    if (!fits.minBits && octBits !== fits.bits) {
      return [{ code: 'jwk_alg_mismatch', severity: 'warning', message: `The key names alg "${alg}", which needs a key of exactly ${fits.bits} bits; this one has ${octBits}.` }];
    }
  }
  return [];
}
