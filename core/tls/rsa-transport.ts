/**
 * TLS 1.2 RSA key transport (RFC 5246 §7.4.7.1): the client makes a 48-byte premaster secret
 * (client_version, then 46 random bytes), encrypts it with RSAES-PKCS1-v1_5 (RFC 8017 §7.2)
 * under the certificate's public key, and the server decrypts it with its private key.
 * WebCrypto has only RSA-OAEP, so the two modular exponentiations are done with bigint here:
 * a few lines, and only for this demonstration.
 */
import { bigIntToBytes, bitLength, bytesToBigInt, concatBytes, modPow, stripLeadingZeros } from '../bytes.js';
import { children, readRoot, value } from '../der.js';
import { OID } from '../oids.js';
import type { PublicKeyInfo } from '../types.js';

export const PREMASTER_LEN = 48;
/** Largest modulus used here: bigint exponentiation grows with the cube of the size. */
export const MAX_TRANSPORT_RSA_BITS = 8192;

/** n and e of an rsaEncryption SubjectPublicKeyInfo. */
export function rsaPublic(k: PublicKeyInfo): { n: bigint; e: bigint; bytes: number } | undefined {
  if (k.oid !== OID.rsaEncryption) return undefined;
  const [, bits] = children(readRoot(k.spki));
  const [n, e] = children(readRoot(value(bits!).subarray(1)));
  if (!n || !e) return undefined;
  const nBytes = stripLeadingZeros(value(n));
  return { n: bytesToBigInt(nBytes), e: bytesToBigInt(value(e)), bytes: nBytes.length };
}

export function newPremaster(): Uint8Array {
  const pms = globalThis.crypto.getRandomValues(new Uint8Array(PREMASTER_LEN));
  pms[0] = 0x03;
  pms[1] = 0x03;
  return pms;
}

/** EME-PKCS1-v1_5 encoding (0x00 0x02, at least 8 non-zero random bytes, 0x00, M), then m^e mod n. */
export function encryptPkcs1(pub: { n: bigint; e: bigint; bytes: number }, message: Uint8Array): Uint8Array {
  const psLen = pub.bytes - message.length - 3;
  if (psLen < 8) throw new RangeError('RSA modulus too small for the message');
  const ps = globalThis.crypto.getRandomValues(new Uint8Array(psLen));
  for (let i = 0; i < ps.length; i++) while (ps[i] === 0) ps[i] = globalThis.crypto.getRandomValues(new Uint8Array(1))[0]!;
  const em = concatBytes(Uint8Array.of(0, 2), ps, Uint8Array.of(0), message);
  return bigIntToBytes(modPow(bytesToBigInt(em), pub.e, pub.n), pub.bytes);
}

export type DecryptOutcome = { ok: true; message: Uint8Array } | { ok: false; reason: string };

/**
 * RSAES-PKCS1-v1_5 decryption with a PKCS#8 RSA private key (CRT: m1 = c^dP mod p, m2 = c^dQ mod q).
 * A key that is not its certificate's gives a block without the 0x00 0x02 … 0x00 shape.
 */
export function decryptPkcs1(pkcs8: Uint8Array, ciphertext: Uint8Array): DecryptOutcome {
  const [, alg, key] = children(readRoot(pkcs8));
  if (!alg || !key) return { ok: false, reason: 'the key file does not hold an RSA private key' };
  const parts = children(readRoot(value(key)));
  if (parts.length < 9) return { ok: false, reason: 'the RSA private key is incomplete' };
  const [n, , , p, q, dP, dQ, qInv] = parts.slice(1, 9).map((t) => value(t));
  const nBits = bitLength(n!);
  if (nBits > MAX_TRANSPORT_RSA_BITS) return { ok: false, reason: `RSA keys over ${MAX_TRANSPORT_RSA_BITS} bits are not used for this demonstration` };
  const len = stripLeadingZeros(n!).length;
  // RFC 8017 §3.2: e, d and the CRT parts are all below n; a longer one is damage (and could cost unbounded time).
  if (parts.slice(2, 9).some((t) => stripLeadingZeros(value(t)).length > len)) return { ok: false, reason: 'a part of the RSA private key is longer than its modulus' };
  const N = bytesToBigInt(n!);
  const c = bytesToBigInt(ciphertext);
  if (c >= N) return { ok: false, reason: 'the ciphertext is larger than the key’s modulus: the key is not the certificate’s' };
  const P = bytesToBigInt(p!);
  const Q = bytesToBigInt(q!);
  if (P < 2n || Q < 2n) return { ok: false, reason: 'the RSA private key is damaged' };
  const m1 = modPow(c, bytesToBigInt(dP!), P);
  const m2 = modPow(c, bytesToBigInt(dQ!), Q);
  const h = (((m1 - m2) % P) + P) % P * bytesToBigInt(qInv!) % P;
  const em = bigIntToBytes((m2 + h * Q) % N, len);
  if (em[0] !== 0 || em[1] !== 2) return { ok: false, reason: 'the decrypted block does not start 00 02' };
  const sep = em.indexOf(0, 2);
  if (sep < 10) return { ok: false, reason: 'the decrypted block has no valid padding' };
  return { ok: true, message: em.subarray(sep + 1) };
}
