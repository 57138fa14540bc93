/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) → PublicKeyInfo.
 *
 *   SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
 *
 * Shared by certificates, CSRs and every key reader, so it must be cheap and must not throw on
 * keys it does not understand: those come back as algorithm `unknown` with the raw key hex.
 * Structural damage (not a SEQUENCE, truncated) does throw DerError: callers already catch it.
 */
import { bitLength, stripLeadingZeros, toHex } from '../bytes.js';
import { DerError, children, encoded, expectTag, readBitString, readOid, readRoot, TAG, uintText, value, type Tlv } from '../der.js';
import { sha256Hex } from '../hash.js';
import { CURVE_BITS, CURVE_NAMES, OID } from '../oids.js';
import { namedCurveOf } from './ec-curves.js';
import type { KeyAlgorithm, PublicKeyInfo } from '../types.js';

const SIMPLE: Record<string, { algorithm: KeyAlgorithm; bits: number }> = {
  [OID.ed25519]: { algorithm: 'Ed25519', bits: 256 },
  [OID.ed448]: { algorithm: 'Ed448', bits: 456 },
  [OID.x25519]: { algorithm: 'X25519', bits: 256 },
  [OID.x448]: { algorithm: 'X448', bits: 448 },
};

export function readSpki(t: Tlv | Uint8Array): PublicKeyInfo {
  const root = t instanceof Uint8Array ? readRoot(t) : t;
  expectTag(root, TAG.SEQUENCE, 'a SubjectPublicKeyInfo SEQUENCE');
  const spki = encoded(root).slice();
  const [algId, keyBits] = children(root);
  if (!algId || !keyBits) throw new DerError('SubjectPublicKeyInfo needs an algorithm and a key', root.start);
  expectTag(algId, TAG.SEQUENCE, 'an AlgorithmIdentifier');
  const [oidTlv, params] = children(algId);
  if (!oidTlv) throw new DerError('AlgorithmIdentifier without an OID', algId.start);
  const oid = readOid(oidTlv);
  const key = readBitString(keyBits).bytes;
  const isRsa = oid === OID.rsaEncryption || oid === OID.rsassaPss;
  // An RSA key's hex is its modulus, set below: hexing the whole BIT STRING first is wasted work.
  const info: PublicKeyInfo = { algorithm: 'unknown', oid, spki, spkiSha256: sha256Hex(spki), publicHex: isRsa ? '' : toHex(key) };

  const simple = SIMPLE[oid];
  if (simple) return { ...info, algorithm: simple.algorithm, bits: simple.bits };

  if (isRsa) {
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1)
    const rsa = readRoot(key);
    expectTag(rsa, TAG.SEQUENCE, 'an RSAPublicKey SEQUENCE');
    const [n, e] = children(rsa);
    if (!n || !e) throw new DerError('RSAPublicKey needs a modulus and an exponent', rsa.start);
    expectTag(n, TAG.INTEGER, 'the RSA modulus');
    expectTag(e, TAG.INTEGER, 'the RSA exponent');
    const modulus = stripLeadingZeros(value(n));
    return {
      ...info,
      algorithm: oid === OID.rsassaPss ? 'RSA-PSS' : 'RSA',
      bits: bitLength(modulus),
      exponent: uintText(value(e)),
      publicHex: toHex(modulus),
    };
  }

  if (oid === OID.ecPublicKey) {
    // ECParameters: namedCurve OID (RFC 5480 §2.1.1); implicit/explicit curves stay unnamed.
    let curve: string | undefined;
    if (params && params.tag === TAG.OID) {
      const curveOid = readOid(params);
      curve = CURVE_NAMES[curveOid] ?? curveOid;
    } else if (params && params.tag === TAG.SEQUENCE) {
      // Explicit parameters equal to a named curve are that curve (OpenSSL names it too).
      curve = namedCurveOf(params)?.name ?? 'explicit parameters';
    }
    const bits = curve ? CURVE_BITS[curve] : undefined;
    const out: PublicKeyInfo = { ...info, algorithm: 'EC' };
    if (params && params.tag === TAG.SEQUENCE) out.explicitParameters = true;
    if (curve) out.curve = curve;
    if (bits) out.bits = bits;
    else if (key.length > 1 && key[0] === 4) out.bits = ((key.length - 1) / 2) * 8;
    return out;
  }

  if (oid === OID.dsa) {
    // Dss-Parms ::= SEQUENCE { p, q, g } (RFC 3279 §2.3.2); size is that of p.
    const out: PublicKeyInfo = { ...info, algorithm: 'DSA' };
    if (params && params.tag === TAG.SEQUENCE) {
      const [p] = children(params);
      if (p && p.tag === TAG.INTEGER) out.bits = bitLength(value(p));
    }
    try {
      const y = readRoot(key);
      if (y.tag === TAG.INTEGER) out.publicHex = toHex(stripLeadingZeros(value(y)));
    } catch {
      // A DSA key that is not an INTEGER keeps its raw hex; the SPKI itself was fine.
    }
    return out;
  }

  return info;
}


