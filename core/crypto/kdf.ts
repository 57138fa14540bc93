/**
 * Password-based key derivation: PBKDF1/2, scrypt, EVP_BytesToKey, the PKCS#12 KDF and
 * bcrypt-pbkdf. Every function checks its cost parameters against LIMITS first.
 */
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from '@noble/hashes/sha2.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import bcrypt from 'bcrypt-pbkdf';
import { concatBytes } from '../bytes.js';
import { LIMITS, checkLimit, fail } from './errors.js';

export type HashName = 'MD5' | 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SHA-512/224' | 'SHA-512/256';

interface HashFn {
  (msg: Uint8Array): Uint8Array;
  outputLen: number;
  blockLen: number;
  create(): { update(b: Uint8Array): unknown; digest(): Uint8Array };
}

const HASHES: Record<HashName, HashFn> = {
  MD5: md5 as unknown as HashFn,
  'SHA-1': sha1 as unknown as HashFn,
  'SHA-224': sha224 as unknown as HashFn,
  'SHA-256': sha256 as unknown as HashFn,
  'SHA-384': sha384 as unknown as HashFn,
  'SHA-512': sha512 as unknown as HashFn,
  'SHA-512/224': sha512_224 as unknown as HashFn,
  'SHA-512/256': sha512_256 as unknown as HashFn,
};

export function hashFn(name: HashName): HashFn {
  return HASHES[name];
}

const WEBCRYPTO_HASHES = new Set<HashName>(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);

export async function pbkdf2(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number): Promise<Uint8Array> {
  checkLimit(iterations <= LIMITS.pbkdf2Iterations, `PBKDF2 iteration count ${iterations} is above the limit of ${LIMITS.pbkdf2Iterations}`);
  if (iterations < 1) fail('der_invalid', 'PBKDF2 iteration count must be at least 1');
  if (dkLen < 1 || dkLen > 1024) fail('der_invalid', `PBKDF2 key length ${dkLen} is not usable`);
  const subtle = globalThis.crypto?.subtle;
  // WebCrypto is much faster for large counts; some engines refuse an empty password, so fall back.
  if (subtle && WEBCRYPTO_HASHES.has(hash) && password.length > 0) {
    try {
      const key = await subtle.importKey('raw', password as BufferSource, 'PBKDF2', false, ['deriveBits']);
      const bits = await subtle.deriveBits({ name: 'PBKDF2', hash, salt: salt as BufferSource, iterations }, key, dkLen * 8);
      return new Uint8Array(bits);
    } catch {
      // fall through to the pure-JS implementation
    }
  }
  return pbkdf2Async(HASHES[hash] as never, password, salt, { c: iterations, dkLen });
}

export async function scrypt(password: Uint8Array, salt: Uint8Array, N: number, r: number, p: number, dkLen: number): Promise<Uint8Array> {
  checkLimit(N * r <= LIMITS.scryptNr && p <= LIMITS.scryptP && 128 * N * r * p <= LIMITS.scryptMemory,
    `scrypt parameters N=${N}, r=${r}, p=${p} are above the limits (N·r ≤ 2^26, p ≤ 16, memory ≤ 1 GiB)`);
  if (N < 2 || (N & (N - 1)) !== 0 || r < 1 || p < 1) fail('der_invalid', `invalid scrypt parameters N=${N}, r=${r}, p=${p}`);
  if (dkLen < 1 || dkLen > 1024) fail('der_invalid', `scrypt key length ${dkLen} is not usable`);
  return scryptAsync(password, salt, { N, r, p, dkLen, maxmem: LIMITS.scryptMemory + 1024 });
}

/** PBKDF1 (PKCS#5 v1.5): DK = H^c(P || S), for the PBES1 schemes. */
export function pbkdf1(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number): Uint8Array {
  checkLimit(iterations <= LIMITS.pbkdf1Iterations, `PBKDF1 iteration count ${iterations} is above the limit`);
  if (iterations < 1) fail('der_invalid', 'PBKDF1 iteration count must be at least 1');
  const h = HASHES[hash];
  let t = h(concatBytes(password, salt));
  for (let i = 1; i < iterations; i++) t = h(t);
  return t;
}

/** OpenSSL's EVP_BytesToKey with MD5 and one iteration, as used by `Proc-Type: 4,ENCRYPTED` PEM. */
export function evpBytesToKey(password: Uint8Array, salt: Uint8Array, keyLen: number): Uint8Array {
  const out: Uint8Array[] = [];
  let have = 0;
  let prev = new Uint8Array(0);
  while (have < keyLen) {
    prev = md5(concatBytes(prev, password, salt));
    out.push(prev);
    have += prev.length;
  }
  return concatBytes(...out).subarray(0, keyLen);
}

/** A password as PKCS#12 wants it: BMPString (UTF-16BE) with a two-byte terminator. */
export function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

export const PKCS12_KEY = 1;
export const PKCS12_IV = 2;
export const PKCS12_MAC = 3;

/** RFC 7292 appendix B.2. `password` is already BMP-encoded (or empty). */
export function pkcs12Kdf(hash: HashName, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, n: number): Uint8Array {
  checkLimit(iterations <= LIMITS.pkcs12KdfIterations, `PKCS#12 KDF iteration count ${iterations} is above the limit`);
  if (iterations < 1) fail('der_invalid', 'PKCS#12 KDF iteration count must be at least 1');
  const h = HASHES[hash];
  const u = h.outputLen;
  const v = h.blockLen;
  const D = new Uint8Array(v).fill(id);
  const fill = (src: Uint8Array): Uint8Array => {
    const len = src.length === 0 ? 0 : v * Math.ceil(src.length / v);
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const I = concatBytes(fill(salt), fill(password));
  const c = Math.ceil(n / u);
  const out = new Uint8Array(c * u);
  for (let i = 0; i < c; i++) {
    let A = h(concatBytes(D, I));
    for (let j = 1; j < iterations; j++) A = h(A);
    out.set(A, i * u);
    if (i === c - 1) break;
    const B = new Uint8Array(v);
    for (let k = 0; k < v; k++) B[k] = A[k % u]!;
    // I_j = (I_j + B + 1) mod 2^(8v), for each v-byte block of I.
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const s = I[j + k]! + B[k]! + carry;
        I[j + k] = s & 0xff;
        carry = s >> 8;
      }
    }
  }
  return out.subarray(0, n);
}

/** OpenSSH's bcrypt_pbkdf. */
export function bcryptPbkdf(password: Uint8Array, salt: Uint8Array, rounds: number, keyLen: number): Uint8Array {
  checkLimit(rounds <= LIMITS.bcryptRounds, `bcrypt KDF rounds ${rounds} is above the limit of ${LIMITS.bcryptRounds}`);
  if (rounds < 1 || salt.length === 0 || salt.length > 1024) fail('der_invalid', 'invalid bcrypt KDF parameters');
  const out = new Uint8Array(keyLen);
  if (bcrypt.pbkdf(password, password.length, salt, salt.length, out, keyLen, rounds) !== 0) fail('der_invalid', 'bcrypt KDF refused its parameters');
  return out;
}
