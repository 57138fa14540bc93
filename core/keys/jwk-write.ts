/**
 * Keys → JSON Web Keys (RFC 7517; members per RFC 7518 §6, RFC 8037 §2, RFC 8812 §3.1), with
 * `kid` set to the RFC 7638 thumbprint, for `convert --to jwk` and the window's export. A
 * public key comes from its SubjectPublicKeyInfo DER, a private key from its PKCS#8 DER (the
 * form every private key item carries). What JWK cannot express (DSA, RSA-PSS, curves without
 * a registered name) is refused with a sentence: `jwkRefusal` says it before anything is made.
 *
 * Reading the output back with core/keys/jwk.ts gives the same SPKI and PKCS#8 bytes.
 */
import { children, readOid, readRoot, readSmallInt, TAG, value, type Tlv } from '../der.js';
import { CURVE_NAMES, OID } from '../oids.js';
import { readPkcs8 } from './pkcs8.js';
import { jwkCurveOf, jwkThumbprint, toBase64url, toBase64urlUint } from './jwk-codec.js';

/** A JWK as plain JSON members, in the order RFC 7517's examples use: kty, crv, public, private, kid. */
export type Jwk = Record<string, string>;

interface Spki {
  oid: string;
  params?: Tlv;
  key: Uint8Array;
}

function spkiParts(spki: Uint8Array): Spki {
  const [algId, bits] = children(readRoot(spki));
  const [oid, params] = children(algId!);
  const key = value(bits!).subarray(1);
  return params ? { oid: readOid(oid!), params, key } : { oid: readOid(oid!), key };
}

function pkcs8Oid(pkcs8: Uint8Array): { oid: string; params?: Tlv } {
  const [, algId] = children(readRoot(pkcs8));
  const [oid, params] = children(algId!);
  return params ? { oid: readOid(oid!), params } : { oid: readOid(oid!) };
}

/** Why a key of this algorithm has no JWK form, or undefined when it has one. */
function refusalFor(oid: string, params: Tlv | undefined): string | undefined {
  if (oid === OID.rsaEncryption) return undefined;
  if (oid === OID.rsassaPss) return 'JWK has no key type for RSA-PSS keys: writing it as a plain RSA key would drop its PSS restriction';
  if (oid === OID.dsa) return 'JWK has no key type for DSA keys (RFC 7518 defines RSA, EC, OKP and oct)';
  if (oid === OID.ecPublicKey) {
    if (params?.tag !== TAG.OID) return 'JWK can hold only EC keys on a named curve, and this key has explicit curve parameters';
    const curve = readOid(params);
    if (jwkCurveOf(curve)?.kty !== 'EC') return `JWK has no registered name for the curve ${CURVE_NAMES[curve] ?? curve} (RFC 7518 and RFC 8812 name P-256, P-384, P-521 and secp256k1)`;
    return undefined;
  }
  if (jwkCurveOf(oid)?.kty === 'OKP') return undefined;
  return `JWK has no key type for the algorithm ${oid}`;
}

/**
 * Undefined when the key (SPKI DER for `public`, PKCS#8 DER for `private`) can be written as a
 * JWK; otherwise one sentence saying why not.
 */
export function jwkRefusal(der: Uint8Array, kind: 'public' | 'private'): string | undefined {
  try {
    const { oid, params } = kind === 'public' ? spkiParts(der) : pkcs8Oid(der);
    return refusalFor(oid, params);
  } catch {
    return `this is not a ${kind === 'public' ? 'SubjectPublicKeyInfo' : 'PKCS#8 PrivateKeyInfo'} that can be read`;
  }
}

function refuse(der: Uint8Array, kind: 'public' | 'private'): void {
  const why = jwkRefusal(der, kind);
  if (why) throw new Error(`Cannot write this key as a JWK: ${why}.`);
}

function withKid(members: Jwk, required: Record<string, string>): Jwk {
  return { ...members, kid: jwkThumbprint(required) };
}

/** The public members (and the thumbprint's required set) of a SubjectPublicKeyInfo. */
function publicMembers(spki: Uint8Array): { members: Jwk; required: Record<string, string>; len?: number } {
  const { oid, params, key } = spkiParts(spki);
  if (oid === OID.rsaEncryption) {
    const [n, e] = children(readRoot(key)).map(value) as [Uint8Array, Uint8Array];
    const required = { e: toBase64urlUint(e), kty: 'RSA', n: toBase64urlUint(n) };
    return { members: { kty: 'RSA', n: required.n, e: required.e }, required };
  }
  const c = jwkCurveOf(oid === OID.ecPublicKey ? readOid(params!) : oid)!;
  if (c.kty === 'EC') {
    if (key[0] !== 4 || key.length !== 1 + 2 * c.len) throw new Error(`Cannot write this key as a JWK: its EC point is not an uncompressed ${c.crv} point.`);
    const x = toBase64url(key.subarray(1, 1 + c.len));
    const y = toBase64url(key.subarray(1 + c.len));
    return { members: { kty: 'EC', crv: c.crv, x, y }, required: { crv: c.crv, kty: 'EC', x, y }, len: c.len };
  }
  const x = toBase64url(key);
  return { members: { kty: 'OKP', crv: c.crv, x }, required: { crv: c.crv, kty: 'OKP', x }, len: c.len };
}

/** A public key (SubjectPublicKeyInfo DER) as a JWK. Throws Error with a sentence when JWK cannot hold it. */
export function spkiToJwk(spki: Uint8Array): Jwk {
  refuse(spki, 'public');
  const { members, required } = publicMembers(spki);
  return withKid(members, required);
}

/** Left-pads (or strips leading zeros of) an unsigned integer to exactly `len` octets. */
function fixed(bytes: Uint8Array, len: number): Uint8Array {
  let b = bytes;
  while (b.length > len && b[0] === 0) b = b.subarray(1);
  if (b.length > len) throw new Error('Cannot write this key as a JWK: its private key is longer than its curve allows.');
  const out = new Uint8Array(len);
  out.set(b, len - b.length);
  return out;
}

/**
 * A private key (PKCS#8 DER) as a JWK with its public members, `d` and, for RSA, the CRT
 * members. Throws Error with a sentence when JWK cannot hold it.
 */
export function pkcs8ToJwk(pkcs8: Uint8Array): Jwk {
  refuse(pkcs8, 'private');
  const facts = readPkcs8(pkcs8);
  if (!facts.publicKey) throw new Error(`Cannot write this key as a JWK: its public key could not be computed (${facts.warnings[0]?.message ?? 'unknown reason'}).`);
  const { members, required, len } = publicMembers(facts.publicKey.spki);
  const inner = value(children(readRoot(pkcs8))[2]!);
  if (members.kty === 'RSA') {
    const ints = children(readRoot(inner));
    if (ints.length !== 9 || readSmallInt(ints[0]!) !== 0) throw new Error('Cannot write this key as a JWK: multi-prime RSA keys are not supported.');
    const [d, p, q, dp, dq, qi] = ints.slice(3).map((t) => toBase64urlUint(value(t)));
    return withKid({ ...members, d: d!, p: p!, q: q!, dp: dp!, dq: dq!, qi: qi! }, required);
  }
  if (members.kty === 'EC') {
    const d = children(readRoot(inner))[1]!;
    return withKid({ ...members, d: toBase64url(fixed(value(d), len!)) }, required);
  }
  return withKid({ ...members, d: toBase64url(value(readRoot(inner))) }, required);
}
