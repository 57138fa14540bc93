/**
 * PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5958) → key facts and the DERIVED public key,
 * plus converters from the traditional formats (PKCS#1, SEC1, OpenSSL DSA) into PKCS#8, so
 * every private key item carries one form.
 *
 *   OneAsymmetricKey ::= SEQUENCE { version INTEGER { v1(0), v2(1) },
 *     privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING,
 *     attributes [0] IMPLICIT Attributes OPTIONAL, publicKey [1] IMPLICIT BIT STRING OPTIONAL }
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { ed448, x448 } from '@noble/curves/ed448.js';
import { bigIntToBytes, bitLength, bytesToBigInt, modPow, stripLeadingZeros } from '../bytes.js';
import { DerError, TAG, children, ctx, der, encoded, expectTag, readBitString, readOid, readRoot, readSmallInt, value, type Tlv } from '../der.js';
import { CURVE_NAMES, OID } from '../oids.js';
import type { KeyAlgorithm, Problem, PublicKeyInfo } from '../types.js';
import { namedCurveOf } from '../x509/ec-curves.js';
import { readSpki } from '../x509/spki.js';
import { dsaSpki, ecSpki, rawSpki, rsaSpki } from './spki-build.js';

export interface PrivateKeyFacts {
  algorithm: KeyAlgorithm | 'unknown';
  bits?: number;
  curve?: string;
  publicKey?: PublicKeyInfo;
  warnings: Problem[];
}

const EC_IMPLS: Record<string, { getPublicKey(sk: Uint8Array, compressed?: boolean): Uint8Array; len: number }> = {
  [OID.prime256v1]: { getPublicKey: p256.getPublicKey, len: 32 },
  [OID.secp384r1]: { getPublicKey: p384.getPublicKey, len: 48 },
  [OID.secp521r1]: { getPublicKey: p521.getPublicKey, len: 66 },
  [OID.secp256k1]: { getPublicKey: secp256k1.getPublicKey, len: 32 },
  [OID.brainpoolP256r1]: { getPublicKey: brainpoolP256r1.getPublicKey, len: 32 },
  [OID.brainpoolP384r1]: { getPublicKey: brainpoolP384r1.getPublicKey, len: 48 },
  [OID.brainpoolP512r1]: { getPublicKey: brainpoolP512r1.getPublicKey, len: 64 },
};

const RAW_KEYS: Record<string, { algorithm: KeyAlgorithm; derive(sk: Uint8Array): Uint8Array; len: number }> = {
  [OID.ed25519]: { algorithm: 'Ed25519', derive: (k) => ed25519.getPublicKey(k), len: 32 },
  [OID.ed448]: { algorithm: 'Ed448', derive: (k) => ed448.getPublicKey(k), len: 57 },
  [OID.x25519]: { algorithm: 'X25519', derive: (k) => x25519.getPublicKey(k), len: 32 },
  [OID.x448]: { algorithm: 'X448', derive: (k) => x448.getPublicKey(k), len: 56 },
};

function ints(t: Tlv, min: number, what: string): Uint8Array[] {
  expectTag(t, TAG.SEQUENCE, what);
  const cs = children(t);
  if (cs.length < min) throw new DerError(`${what} has ${cs.length} fields, expected at least ${min}`, t.start);
  return cs.slice(0, min).map((c) => {
    expectTag(c, TAG.INTEGER, `an INTEGER in ${what}`);
    return value(c);
  });
}

/**
 * Largest DSA parameters whose public key is computed: OpenSSL's OPENSSL_DSA_MAX_MODULUS_BITS for p,
 * and twice FIPS 186's largest q (256 bits). y = g^x mod p costs p² · bits of x, so a hostile
 * 32,768-bit p with an equally long x took 35 s.
 */
export const MAX_DSA_P_BITS = 10_000;
export const MAX_DSA_Q_BITS = 512;

/** Estimated ms to compute a curve key's public point from an `len`-octet scalar (measured 0.6–2.6 ms for 32–66). */
const curveCostMs = (len: number) => len / 20;
/** Estimated ms of `modPow` for DSA (measured ~1.6 ms for 2048/256, ~3.2 ms for 3072/256, ~40 ms for 10,000/256). */
const dsaCostMs = (pBits: number, xBits: number) => (pBits * pBits * Math.max(xBits, 1)) / 6e8;

/**
 * Reads a PKCS#8 DER; throws DerError when it is not one. `mayDerive` is asked, with an estimate
 * of the work in milliseconds, before the public half is computed (curve arithmetic ~0.5–3 ms a
 * key, DSA more with larger parameters): when it says no, the facts come without it.
 */
export function readPkcs8(pkcs8: Uint8Array, mayDerive: (estimateMs: number) => boolean = () => true): PrivateKeyFacts {
  const root = readRoot(pkcs8);
  expectTag(root, TAG.SEQUENCE, 'a PrivateKeyInfo SEQUENCE');
  const [ver, algId, priv, ...rest] = children(root);
  if (!ver || !algId || !priv) throw new DerError('PrivateKeyInfo needs version, algorithm and key', root.start);
  const version = readSmallInt(ver);
  if (version > 1) throw new DerError(`unknown PrivateKeyInfo version ${version}`, ver.start);
  expectTag(algId, TAG.SEQUENCE, 'an AlgorithmIdentifier');
  expectTag(priv, TAG.OCTET_STRING, 'the privateKey OCTET STRING');
  const [oidTlv, params] = children(algId);
  if (!oidTlv) throw new DerError('AlgorithmIdentifier without an OID', algId.start);
  const oid = readOid(oidTlv);
  const embeddedPub = rest.find((t) => t.tag === ctx(1, false));
  const warnings: Problem[] = [];
  const inner = value(priv);
  const withPub = (spki: Uint8Array): PrivateKeyFacts => {
    const publicKey = readSpki(spki);
    const facts: PrivateKeyFacts = { algorithm: publicKey.algorithm, publicKey, warnings };
    if (publicKey.bits !== undefined) facts.bits = publicKey.bits;
    if (publicKey.curve !== undefined) facts.curve = publicKey.curve;
    return facts;
  };

  if (oid === OID.rsaEncryption || oid === OID.rsassaPss) {
    const [, n, e] = ints(readRoot(inner), 9, 'an RSAPrivateKey');
    // The SPKI reuses the key's own AlgorithmIdentifier: RSA-PSS keys keep their parameters.
    return withPub(rsaSpki(n!, e!, encoded(algId)));
  }

  if (oid === OID.ecPublicKey) {
    const ec = readRoot(inner);
    expectTag(ec, TAG.SEQUENCE, 'an ECPrivateKey');
    const fields = children(ec);
    const d = fields[1];
    if (!d) throw new DerError('ECPrivateKey without the private key', ec.start);
    expectTag(d, TAG.OCTET_STRING, 'the EC private key OCTET STRING');
    let curveOid = params?.tag === TAG.OID ? readOid(params) : undefined;
    const innerParams = fields.find((t) => t.tag === ctx(0, true));
    let explicit = params?.tag === TAG.SEQUENCE ? params : undefined;
    if (!curveOid && innerParams) {
      const p = children(innerParams)[0];
      if (p?.tag === TAG.OID) curveOid = readOid(p);
      else if (p?.tag === TAG.SEQUENCE) explicit ??= p;
    }
    // Explicit parameters that equal a named curve are that curve; the SPKI keeps them as they are
    // (OpenSSL's `pkey -pubout` does too, so both halves hash alike).
    const named = !curveOid && explicit ? namedCurveOf(explicit) : undefined;
    if (named) curveOid = named.oid;
    if (!curveOid) {
      warnings.push({ code: 'unsupported_algorithm', message: 'EC key with explicit curve parameters that match no named curve: its public key cannot be computed or checked here' });
      return { algorithm: 'EC', curve: 'explicit parameters', warnings };
    }
    const spkiOf = (point: Uint8Array) => (explicit ? der.seq(der.seq(der.oid(OID.ecPublicKey), encoded(explicit)), der.bits(point)) : ecSpki(curveOid!, point));
    const pubTlv = fields.find((t) => t.tag === ctx(1, true));
    let point: Uint8Array | undefined;
    if (pubTlv) {
      const bs = children(pubTlv)[0];
      if (bs) point = readBitString(bs).bytes;
    }
    const impl = EC_IMPLS[curveOid];
    if (!point && impl && !mayDerive(curveCostMs(impl.len))) return { algorithm: 'EC', curve: CURVE_NAMES[curveOid] ?? curveOid, warnings };
    if (!point && impl) {
      const sk = new Uint8Array(impl.len);
      const raw = stripLeadingZeros(value(d));
      if (raw.length > impl.len) throw new DerError('EC private key is longer than the curve order', d.start);
      sk.set(raw, impl.len - raw.length);
      try {
        point = impl.getPublicKey(sk, false);
      } catch {
        throw new DerError('EC private key is out of range for its curve', d.start);
      }
    }
    if (!point) {
      const curve = CURVE_NAMES[curveOid] ?? curveOid;
      warnings.push({ code: 'unsupported_algorithm', message: `EC key on ${curve} without an embedded public key: the public key cannot be derived here` });
      return { algorithm: 'EC', curve, warnings };
    }
    return withPub(spkiOf(point));
  }

  const raw = RAW_KEYS[oid];
  if (raw) {
    // CurvePrivateKey ::= OCTET STRING, itself inside the privateKey OCTET STRING.
    const k = readRoot(inner);
    expectTag(k, TAG.OCTET_STRING, 'a CurvePrivateKey OCTET STRING');
    const sk = value(k);
    if (sk.length !== raw.len) throw new DerError(`${raw.algorithm} private key has ${sk.length} bytes, expected ${raw.len}`, k.start);
    if (!mayDerive(curveCostMs(raw.len))) return { algorithm: raw.algorithm, warnings };
    return withPub(rawSpki(oid, raw.derive(sk)));
  }

  if (oid === OID.dsa) {
    if (!params) throw new DerError('DSA key without its parameters', algId.start);
    const [p, q, g] = ints(params, 3, 'Dss-Parms').map(stripLeadingZeros) as [Uint8Array, Uint8Array, Uint8Array];
    const xTlv = readRoot(inner);
    expectTag(xTlv, TAG.INTEGER, 'the DSA private key INTEGER');
    const x = stripLeadingZeros(value(xTlv));
    const pBits = bitLength(p);
    const qBits = bitLength(q);
    // Sizes first: every BigInt below is then at most 10,000 bits.
    if (pBits > MAX_DSA_P_BITS || qBits > MAX_DSA_Q_BITS) {
      warnings.push({
        code: 'limit_exceeded',
        message: `DSA key with a ${pBits.toLocaleString('en-US')}-bit p and a ${qBits}-bit q: above ${MAX_DSA_P_BITS.toLocaleString('en-US')}-bit p or ${MAX_DSA_Q_BITS}-bit q its public key is not computed`,
      });
      return { algorithm: 'DSA', bits: pBits, warnings };
    }
    const P = bytesToBigInt(p);
    if (P < 3n) throw new DerError('DSA prime is too small', params.start);
    // FIPS 186-4 §4.5: 0 < x < q, and g is an element of the group mod p.
    if (x.length > q.length || bytesToBigInt(x) === 0n || bytesToBigInt(x) >= bytesToBigInt(q)) throw new DerError('DSA private key x is not between 1 and q − 1', xTlv.start);
    if (g.length > p.length || bytesToBigInt(g) >= P) throw new DerError('DSA generator g is not below p', params.start);
    if (!mayDerive(dsaCostMs(pBits, bitLength(x)))) return { algorithm: 'DSA', bits: pBits, warnings };
    const y = modPow(bytesToBigInt(g), bytesToBigInt(x), P);
    return withPub(dsaSpki(encoded(params), bigIntToBytes(y)));
  }

  if (embeddedPub) {
    // An algorithm we cannot derive from, but v2 carries the public key: trust it.
    return withPub(der.seq(encoded(algId), der.bits(readBitString({ ...embeddedPub, tag: TAG.BIT_STRING }).bytes)));
  }
  warnings.push({ code: 'unsupported_algorithm', message: `Private key algorithm ${oid} is not supported: the public key is not derived` });
  return { algorithm: 'unknown', warnings };
}

function pkcs8(algId: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return der.seq(der.int(0), algId, der.octets(privateKey));
}

/** PKCS#1 RSAPrivateKey DER → PKCS#8, as `openssl pkey` writes it. */
export function pkcs1ToPkcs8(rsa: Uint8Array): Uint8Array {
  ints(readRoot(rsa), 9, 'an RSAPrivateKey');
  return pkcs8(der.seq(der.oid(OID.rsaEncryption), der.null()), rsa);
}

/** SEC1 ECPrivateKey → PKCS#8; the curve moves to the AlgorithmIdentifier, as OpenSSL does. */
export function sec1ToPkcs8(sec1: Uint8Array, curveOidHint?: string): Uint8Array {
  const ec = readRoot(sec1);
  expectTag(ec, TAG.SEQUENCE, 'an ECPrivateKey');
  const fields = children(ec);
  const [ver, d] = fields;
  if (!ver || !d || readSmallInt(ver) !== 1) throw new DerError('not an ECPrivateKey (version 1)', ec.start);
  expectTag(d, TAG.OCTET_STRING, 'the EC private key OCTET STRING');
  const paramsTlv = fields.find((t) => t.tag === ctx(0, true));
  const params = paramsTlv ? children(paramsTlv)[0] : undefined;
  let paramsDer: Uint8Array;
  if (params) paramsDer = encoded(params);
  else if (curveOidHint) paramsDer = der.oid(curveOidHint);
  else throw new DerError('ECPrivateKey without curve parameters', ec.start);
  const pub = fields.find((t) => t.tag === ctx(1, true));
  const inner = der.seq(der.int(1), encoded(d), ...(pub ? [encoded(pub)] : []));
  return pkcs8(der.seq(der.oid(OID.ecPublicKey), paramsDer), inner);
}

/** OpenSSL's traditional DSA key SEQUENCE { 0, p, q, g, y, x } → PKCS#8. */
export function dsaToPkcs8(dsa: Uint8Array): Uint8Array {
  const [, p, q, g, , x] = ints(readRoot(dsa), 6, 'a DSA private key');
  return pkcs8(der.seq(der.oid(OID.dsa), der.seq(der.uint(p!), der.uint(q!), der.uint(g!))), der.uint(x!));
}

export function rawToPkcs8(oid: string, sk: Uint8Array): Uint8Array {
  return pkcs8(der.seq(der.oid(oid)), der.octets(sk));
}

export { pkcs8 as buildPkcs8 };
