/**
 * The two ways Java keystores protect keys, and the store's integrity hash.
 *
 * JKS key protector (sun.security.provider.KeyProtector, OID 1.3.6.1.4.1.42.2.17.1.1): the
 * EncryptedPrivateKeyInfo's data is salt(20) ‖ key XOR stream ‖ check(20), where the stream is
 * SHA-1(pw ‖ salt), SHA-1(pw ‖ previous), … and check = SHA-1(pw ‖ key); pw is the password in
 * UTF-16BE.
 *
 * JCEKS (com.sun.crypto.provider.KeyProtector, PBEWithMD5AndTripleDES, OID 1.3.6.1.4.1.42.2.19.1):
 * PBEParameter { salt 8 octets, iterations }. Each salt half (the first reversed when both halves
 * are equal) is hashed `iterations` times as MD5(previous ‖ pw), pw being each character's low
 * 7 bits; the two digests give the 3DES key (24 octets) and the CBC IV (8 octets).
 *
 * Integrity: SHA-1(pw UTF-16BE ‖ "Mighty Aphrodite" ‖ everything before the hash).
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { concatBytes, equalBytes, utf8Encode } from '../bytes.js';
import { sha256Hex } from '../hash.js';
import type { WorkBudget } from '../budget.js';
import { CIPHERS, decryptCbc } from '../crypto/cipher.js';
import { LIMITS, checkLimit, fail } from '../crypto/errors.js';
import { md5IterationUs, md5Iterate } from './md5.js';

export const JKS_KEY_PROTECTOR = '1.3.6.1.4.1.42.2.17.1.1';
export const PBE_MD5_3DES = '1.3.6.1.4.1.42.2.19.1';

/** Java's char[] password as UTF-16BE bytes. */
export function utf16be(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

const WHITENER = utf8Encode('Mighty Aphrodite');

/** Whether `digest` is the keystore's integrity hash of `body` under `password`. */
export function integrityMatches(password: string, body: Uint8Array, digest: Uint8Array): boolean {
  const h = sha1.create();
  h.update(utf16be(password));
  h.update(WHITENER);
  h.update(body);
  return equalBytes(h.digest(), digest);
}

/** The JKS key protector: the PKCS#8 key, or undefined when the password's check fails. */
export function jksUnprotect(password: string, data: Uint8Array): Uint8Array | undefined {
  if (data.length < 40) fail('der_invalid', 'a JKS protected key is shorter than its salt and check');
  const pw = utf16be(password);
  const salt = data.subarray(0, 20);
  const enc = data.subarray(20, data.length - 20);
  const check = data.subarray(data.length - 20);
  const plain = new Uint8Array(enc.length);
  let digest: Uint8Array = salt;
  for (let off = 0; off < enc.length; off += 20) {
    const h = sha1.create();
    h.update(pw);
    h.update(digest);
    digest = h.digest();
    for (let i = 0; i < 20 && off + i < enc.length; i++) plain[off + i] = enc[off + i]! ^ digest[i]!;
  }
  const h = sha1.create();
  h.update(pw);
  h.update(plain);
  if (equalBytes(h.digest(), check)) return plain;
  plain.fill(0);
  return undefined;
}

/** JCEKS allows up to 5,000,000 iterations when reading; ours is bounded by time (LIMITS.oneKdfMs). */
export function pbeMd5TripleDesEstimateMs(iterations: number, passwordLength: number): number {
  return (2 * iterations * md5IterationUs(16 + passwordLength)) / 1000;
}

/**
 * Work a file may spend on derivations with a password the store's integrity hash has proven:
 * the user asked for those (they gave the store password), so they are not held to the budget of
 * automatic tries, only to this much larger bound. Keyed by the file's budget.
 */
export const PROVEN_KDF_MS = 5_000;
const provenSpent = new WeakMap<WorkBudget, number>();

/**
 * PBEWithMD5AndTripleDES decryption: the plaintext, or undefined when the padding proves the
 * password wrong. `proven`: the password is the store's (see PROVEN_KDF_MS); otherwise the
 * derivation is an automatic try and draws on the file's budget.
 */
export async function pbeMd5TripleDes(password: string, salt: Uint8Array, iterations: number, data: Uint8Array, budget: WorkBudget, proven = false): Promise<Uint8Array | undefined> {
  if (salt.length !== 8) fail('der_invalid', `a PBEWithMD5AndTripleDES salt has ${salt.length} octets, not 8`);
  checkLimit(iterations >= 1, 'a PBEWithMD5AndTripleDES iteration count below 1');
  const estimate = pbeMd5TripleDesEstimateMs(iterations, password.length);
  checkLimit(
    estimate <= LIMITS.oneKdfMs,
    `PBEWithMD5AndTripleDES with ${iterations.toLocaleString('en-US')} iterations would take about ${Math.ceil(estimate).toLocaleString('en-US')} ms, above the limit of ${LIMITS.oneKdfMs} ms for one key derivation`,
  );
  const pw = new Uint8Array(password.length);
  for (let i = 0; i < password.length; i++) pw[i] = password.charCodeAt(i) & 0x7f;
  const halves = [salt.slice(0, 4), salt.slice(4, 8)];
  if (equalBytes(halves[0]!, halves[1]!)) halves[0]!.reverse();
  // The cache is keyed by a digest, never by the password itself.
  const cacheKey = sha256Hex(concatBytes(utf8Encode(`jceks-pbe:${iterations}:`), salt, pw));
  let derived = budget.kdfCache.get(cacheKey);
  if (!derived) {
    const spent = provenSpent.get(budget) ?? 0;
    if (proven) checkLimit(spent + estimate <= PROVEN_KDF_MS, `the keystore's keys would take more than ${PROVEN_KDF_MS / 1000} s to unlock; the rest stay locked`);
    else budget.admitKdf(estimate, 'PBEWithMD5AndTripleDES');
    derived = new Uint8Array(32);
    derived.set(md5Iterate(halves[0]!, pw, iterations), 0);
    derived.set(md5Iterate(halves[1]!, pw, iterations), 16);
    if (proven) provenSpent.set(budget, spent + estimate);
    else budget.chargeKdf(estimate);
    budget.kdfCache.set(cacheKey, derived);
  }
  pw.fill(0);
  const out = await decryptCbc(CIPHERS['DES-EDE3-CBC']!, derived.slice(0, 24), derived.slice(24, 32), data);
  return out?.slice();
}
