/** Re-wraps a private key's DER as PKCS#8 so WebCrypto can import it. */
import { children, readRoot, type Tlv, TAG, der, encoded } from '../../../core/der.js';
import { OID } from '../../../core/oids.js';
import type { PrivateKeyItem } from '../../../core/types.js';

/** Which structure a private key's DER is, by shape (PEM labels can lie after decryption). */
export function privateKeyShape(bytes: Uint8Array): 'pkcs8' | 'pkcs1' | 'sec1' | 'unknown' {
  try {
    const parts = children(readRoot(bytes));
    const second = parts[1];
    if (!second) return 'unknown';
    if (second.tag === TAG.SEQUENCE) return 'pkcs8';
    if (second.tag === TAG.INTEGER) return 'pkcs1';
    if (second.tag === TAG.OCTET_STRING) return 'sec1';
  } catch {
    // fall through: not DER we recognise
  }
  return 'unknown';
}

function sec1CurveOid(parts: Tlv[]): Uint8Array | undefined {
  // ECPrivateKey ::= SEQUENCE { version, privateKey, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }
  const params = parts.find((p) => p.tagClass === 2 && p.tagNumber === 0);
  const inner = params ? children(params)[0] : undefined;
  return inner && inner.tag === TAG.OID ? encoded(inner) : undefined;
}

export function toPkcs8(item: PrivateKeyItem): Uint8Array | undefined {
  if (item.encrypted) return undefined;
  const shape = privateKeyShape(item.der);
  if (shape === 'pkcs8') return item.der;
  if (shape === 'pkcs1') return der.seq(der.int(0), der.seq(der.oid(OID.rsaEncryption), der.null()), der.octets(item.der));
  if (shape === 'sec1') {
    const curve = sec1CurveOid(children(readRoot(item.der)));
    if (!curve) return undefined;
    return der.seq(der.int(0), der.seq(der.oid(OID.ecPublicKey), curve), der.octets(item.der));
  }
  return undefined;
}
