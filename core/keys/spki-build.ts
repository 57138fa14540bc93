/**
 * SubjectPublicKeyInfo DER assembled from key components, for keys that do not arrive as SPKI
 * (PKCS#1 public keys, OpenSSH blobs, public halves derived from private keys). The bytes are
 * exactly what OpenSSL writes, so their SHA-256 matches a certificate's SPKI of the same key.
 */
import { der } from '../der.js';
import { OID } from '../oids.js';

export function rsaSpki(n: Uint8Array, e: Uint8Array, algId: Uint8Array = der.seq(der.oid(OID.rsaEncryption), der.null())): Uint8Array {
  return der.seq(algId, der.bits(der.seq(der.uint(n), der.uint(e))));
}

export function ecSpki(curveOid: string, point: Uint8Array): Uint8Array {
  return der.seq(der.seq(der.oid(OID.ecPublicKey), der.oid(curveOid)), der.bits(point));
}

/** `params` is the encoded Dss-Parms SEQUENCE { p, q, g }. */
export function dsaSpki(params: Uint8Array, y: Uint8Array): Uint8Array {
  return der.seq(der.seq(der.oid(OID.dsa), params), der.bits(der.uint(y)));
}

export function dsaParams(p: Uint8Array, q: Uint8Array, g: Uint8Array): Uint8Array {
  return der.seq(der.uint(p), der.uint(q), der.uint(g));
}

/** Ed25519, Ed448, X25519, X448: no parameters. */
export function rawSpki(oid: string, key: Uint8Array): Uint8Array {
  return der.seq(der.seq(der.oid(oid)), der.bits(key));
}
