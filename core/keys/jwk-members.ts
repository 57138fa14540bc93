/**
 * One JWK's key members → DER: SubjectPublicKeyInfo for the public half and, when it has
 * private members, a PKCS#8 PrivateKeyInfo as OpenSSL writes it (so its SHA-256 and every
 * conversion agree with OpenSSL's). RFC 7518 §6 (RSA, EC), RFC 8037 (OKP), RFC 8812
 * (secp256k1). Members are checked strictly: base64url without padding, exact sizes per curve,
 * points on their curve, private members that belong to the public ones.
 *
 * Throws ReadFailure with a code and a sentence; the caller adds where the key was.
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bitLength, concatBytes, equalBytes, stripLeadingZeros } from '../bytes.js';
import { fail } from '../crypto/errors.js';
import { der } from '../der.js';
import { OID } from '../oids.js';
import type { Finding, Problem } from '../types.js';
import { EC_CURVES, OKP_CURVES, fromBase64url, jwkThumbprint, toBase64url } from './jwk-codec.js';
import { MAX_RSA_RECOVERY_BITS, checkRsaSizes, completeCrt, recoverPrimes, rsaInconsistencies, rsaPkcs8, rsaWorkMs } from './jwk-rsa.js';
import { buildPkcs8, rawToPkcs8 } from './pkcs8.js';
import { rawSpki, rsaSpki } from './spki-build.js';

export type JsonObject = Record<string, unknown>;

/** What one JWK's key members give. */
export interface JwkKeyParts {
  kind: 'public' | 'private' | 'secret';
  /** SubjectPublicKeyInfo DER (public and private keys). */
  spki?: Uint8Array;
  /** PrivateKeyInfo DER (private keys). */
  pkcs8?: Uint8Array;
  /** Octets of an `oct` key (secret keys): the caller wipes them once it has the size. */
  secret?: Uint8Array;
  /** RFC 7638 thumbprint of the public members; not computed for `oct` (it would hash the secret). */
  thumbprint?: string;
  curve?: string;
  /** Checks of the private members that failed: error findings on the item. */
  findings: Finding[];
  /** Non-fatal departures from the RFCs (read leniently). */
  warnings: Problem[];
  /**
   * Whether the private members were checked against the public ones. False when the file's
   * budget for such work ran out (the reason is among the file's errors).
   */
  checked: boolean;
  /** OKP keys: the check is the caller's, by deriving the public key from the PKCS#8 under the budget. */
  derivesPublic?: boolean;
}

/**
 * Asks for permission before public-key or RSA arithmetic, with an estimate in milliseconds:
 * the file's budget (core/budget.ts) answers.
 */
export type Gate = (estimateMs: number) => boolean;

const has = (o: JsonObject, name: string) => Object.prototype.hasOwnProperty.call(o, name) && o[name] !== undefined;

export function stringMember(o: JsonObject, name: string): string {
  const v = o[name];
  if (typeof v !== 'string') fail('der_invalid', `member "${name}" ${has(o, name) ? 'must be a string' : 'is missing'}`);
  return v;
}

/** A base64url member; `len` when its size is fixed by the curve. */
function octets(o: JsonObject, name: string, len?: number): Uint8Array {
  const v = stringMember(o, name);
  const bytes = fromBase64url(v);
  if (!bytes) fail('base64_invalid', `member "${name}" is not base64url without padding (RFC 7515 §2)`);
  if (len !== undefined && bytes.length !== len) fail('der_invalid', `member "${name}" has ${bytes.length} octets; this curve needs exactly ${len}`);
  return bytes;
}

/** A Base64urlUInt member: leading zero octets are read leniently, with a warning. */
function uint(o: JsonObject, name: string, warnings: Problem[]): Uint8Array {
  const bytes = octets(o, name);
  if (bytes.length === 0) fail('der_invalid', `member "${name}" is empty`);
  if (bytes.length > 1 && bytes[0] === 0) warnings.push({ code: 'der_invalid', message: `member "${name}" starts with a zero octet, which RFC 7518 §2 forbids (Base64urlUInt uses the fewest octets)` });
  return stripLeadingZeros(bytes);
}

const mismatch = (message: string): Finding => ({ code: 'jwk_private_mismatch', severity: 'error', message });

function rsa(o: JsonObject, gate: Gate): JwkKeyParts {
  const warnings: Problem[] = [];
  const n = uint(o, 'n', warnings);
  const e = uint(o, 'e', warnings);
  checkRsaSizes(n, { e });
  const thumbprint = jwkThumbprint({ e: toBase64url(e), kty: 'RSA', n: toBase64url(n) });
  const spki = rsaSpki(n, e);
  if (!has(o, 'd')) return { kind: 'public', spki, thumbprint, findings: [], warnings, checked: true };
  if (has(o, 'oth')) fail('unsupported_algorithm', 'multi-prime RSA keys (member "oth") are not supported');
  const d = uint(o, 'd', warnings);
  const crt = ['p', 'q', 'dp', 'dq', 'qi'] as const;
  const present = crt.filter((m) => has(o, m));
  if (present.length > 0 && present.length < crt.length) {
    fail('der_invalid', `an RSA private JWK has all of p, q, dp, dq and qi or none of them (RFC 7518 §6.3.2); this one lacks ${crt.filter((m) => !has(o, m)).join(', ')}`);
  }
  const bits = bitLength(n);
  const findings: Finding[] = [];
  if (present.length === crt.length) {
    const [p, q, dp, dq, qi] = crt.map((m) => uint(o, m, warnings)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    checkRsaSizes(n, { d, p, q, dp, dq, qi });
    const parts = { n, e, d, p, q, dp, dq, qi };
    const checked = gate(rsaWorkMs(bits));
    if (checked) for (const why of rsaInconsistencies(parts)) findings.push(mismatch(`The RSA private members do not form one key: ${why}.`));
    return { kind: 'private', spki, pkcs8: rsaPkcs8(parts), thumbprint, findings, warnings, checked };
  }
  // d alone: PKCS#8 needs the primes, which n, e and d determine.
  checkRsaSizes(n, { d });
  if (bits > MAX_RSA_RECOVERY_BITS) fail('limit_exceeded', `an RSA private JWK of ${bits.toLocaleString('en-US')} bits without p and q: primes are recovered up to ${MAX_RSA_RECOVERY_BITS.toLocaleString('en-US')} bits`);
  if (!gate(rsaWorkMs(bits, true))) fail('limit_exceeded', 'recovering the primes of this RSA private JWK (it has d without p and q) would exceed the work allowed for one file');
  const pq = recoverPrimes(n, e, d);
  if (!pq) fail('der_invalid', 'the RSA private exponent d does not belong to n and e (the primes cannot be recovered from them)');
  const parts = { n, e, d, ...pq, ...completeCrt(d, pq.p, pq.q) };
  findings.push({ code: 'jwk_rsa_without_crt', severity: 'info', message: 'This RSA private JWK has d without p, q, dp, dq and qi; they were recovered from n, e and d.' });
  return { kind: 'private', spki, pkcs8: rsaPkcs8(parts), thumbprint, findings, warnings, checked: true };
}

const EC_POINTS: Record<string, { getPublicKey(sk: Uint8Array, compressed?: boolean): Uint8Array; Point: { fromBytes(b: Uint8Array): unknown } }> = {
  'P-256': p256,
  'P-384': p384,
  'P-521': p521,
  secp256k1,
};
/** The AlgorithmIdentifier of EC keys on a curve, encoded once: a set may hold thousands of keys. */
const EC_ALG_IDS = new Map<string, Uint8Array>();
function ecAlgId(crv: string): Uint8Array {
  let id = EC_ALG_IDS.get(crv);
  if (!id) EC_ALG_IDS.set(crv, (id = der.seq(der.oid(OID.ecPublicKey), der.oid(EC_CURVES[crv]!.oid))));
  return id;
}

/** Estimated ms to compute a public point (measured 0.6–2.6 ms for 32–66 octets, as core/keys/pkcs8.ts). */
const curveCostMs = (len: number) => len / 20;

function ec(o: JsonObject, gate: Gate): JwkKeyParts {
  const crv = stringMember(o, 'crv');
  const c = EC_CURVES[crv];
  if (!c) fail('unsupported_algorithm', `EC curve "${crv}" is not one of P-256, P-384, P-521 and secp256k1`);
  const x = octets(o, 'x', c.len);
  const y = octets(o, 'y', c.len);
  const point = concatBytes(Uint8Array.of(4), x, y);
  const impl = EC_POINTS[crv]!;
  try {
    impl.Point.fromBytes(point);
  } catch {
    fail('der_invalid', `x and y are not a point on ${crv}`);
  }
  const thumbprint = jwkThumbprint({ crv, kty: 'EC', x: toBase64url(x), y: toBase64url(y) });
  const spki = der.seq(ecAlgId(crv), der.bits(point));
  if (!has(o, 'd')) return { kind: 'public', spki, thumbprint, curve: crv, findings: [], warnings: [], checked: true };
  const d = octets(o, 'd', c.len);
  return { kind: 'private', spki, thumbprint, curve: crv, warnings: [], ...ecPrivate(crv, d, point, gate) };
}

/**
 * An EC private key `d` (exactly the curve's size) with its stated public point: PKCS#8 as
 * OpenSSL writes it (curve in the AlgorithmIdentifier, point inside), and whether `d` belongs
 * to the point, checked when the file's budget allows the arithmetic.
 */
export function ecPrivate(crv: string, d: Uint8Array, point: Uint8Array, gate: Gate): { pkcs8: Uint8Array; findings: Finding[]; checked: boolean } {
  const c = EC_CURVES[crv]!;
  const findings: Finding[] = [];
  const checked = gate(curveCostMs(c.len));
  if (checked) {
    let derived: Uint8Array;
    try {
      derived = EC_POINTS[crv]!.getPublicKey(d, false);
    } catch {
      fail('der_invalid', `the private key d is not between 1 and the order of ${crv}`);
    }
    if (!equalBytes(derived, point)) findings.push(mismatch('The private key does not belong to its stated public key.'));
  }
  const inner = der.seq(der.int(1), der.octets(d), der.explicit(1, der.bits(point)));
  const pkcs8 = buildPkcs8(ecAlgId(crv), inner);
  return { pkcs8, findings, checked };
}

function okp(o: JsonObject): JwkKeyParts {
  const crv = stringMember(o, 'crv');
  const c = OKP_CURVES[crv];
  if (!c) fail('unsupported_algorithm', `OKP curve "${crv}" is not one of Ed25519, Ed448, X25519 and X448`);
  const x = octets(o, 'x', c.len);
  const thumbprint = jwkThumbprint({ crv, kty: 'OKP', x: toBase64url(x) });
  const spki = rawSpki(c.oid, x);
  if (!has(o, 'd')) return { kind: 'public', spki, thumbprint, findings: [], warnings: [], checked: true };
  const d = octets(o, 'd', c.len);
  // OpenSSL's PKCS#8 for these: version 1, no public key (it is derived from d). The caller
  // derives it under the file's budget and compares it with x.
  return { kind: 'private', spki, pkcs8: rawToPkcs8(c.oid, d), thumbprint, findings: [], warnings: [], checked: false, derivesPublic: true };
}

function oct(o: JsonObject): JwkKeyParts {
  const k = octets(o, 'k');
  if (k.length === 0) fail('der_invalid', 'member "k" is empty: a symmetric key needs at least one octet');
  return { kind: 'secret', secret: k, findings: [], warnings: [], checked: true };
}

/** The key members of one JWK, by its `kty`. */
export function readKeyMembers(o: JsonObject, gate: Gate): JwkKeyParts {
  const kty = stringMember(o, 'kty');
  switch (kty) {
    case 'RSA':
      return rsa(o, gate);
    case 'EC':
      return ec(o, gate);
    case 'OKP':
      return okp(o);
    case 'oct':
      return oct(o);
    default:
      fail('unsupported_algorithm', `key type (kty) "${kty.slice(0, 40)}" is not one of RSA, EC, OKP and oct`);
  }
}
