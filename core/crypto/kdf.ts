/**
 * Password-based key derivation: PBKDF1/2, scrypt, EVP_BytesToKey, the PKCS#12 KDF and
 * bcrypt-pbkdf. Every function checks its cost parameters against LIMITS first, then runs under
 * the file's WorkBudget (core/budget.ts), which refuses work beyond the file's share.
 */
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from '@noble/hashes/sha2.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { WorkBudget } from '../budget.js';
import { concatBytes, utf8Encode } from '../bytes.js';
import { sha256Hex } from '../hash.js';
import { bcryptPbkdfRaw } from './bcrypt.js';
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

/**
 * Cost classes, measured here (Node 20, one core): microseconds per hash of one iteration in
 * pure JS (noble), per PBKDF2 iteration in WebCrypto, per N·r·p of scrypt, milliseconds per
 * bcrypt round per 32-byte output block. Rounded up, because they decide before any work is
 * done whether it fits the file's budget.
 */
const JS_HASH_US: Record<HashName, number> = {
  MD5: 3, 'SHA-1': 3, 'SHA-224': 3, 'SHA-256': 3, 'SHA-384': 6, 'SHA-512': 6, 'SHA-512/224': 6, 'SHA-512/256': 6,
};
const WEBCRYPTO_PBKDF2_US: Partial<Record<HashName, number>> = { 'SHA-1': 0.2, 'SHA-256': 0.2, 'SHA-384': 0.5, 'SHA-512': 0.5 };
const SCRYPT_US = 1.5;
// Our bcrypt (crypto/bcrypt.ts): ~3.6–5 ms a round per 32-byte block here (the bcrypt-pbkdf package took 7.5).
const BCRYPT_ROUND_MS = 5;

const blocks = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

function checkOne(estimateMs: number, what: string): void {
  checkLimit(estimateMs <= LIMITS.oneKdfMs, `${what} would take about ${Math.ceil(estimateMs).toLocaleString('en-US')} ms, above the limit of ${LIMITS.oneKdfMs} ms for one key derivation`);
}

/**
 * Runs one derivation under the file's budget. The budget is for what the FILE asks: a
 * derivation "site" (function, parameters and salt) is admitted and charged once, when its first
 * password is tried; every further password the user gave runs at that site uncharged, because
 * the passwords typed are the user's own cost (and `budget.onKdf` lets a caller say how long they
 * take). A repeat of the same derivation with the same password reuses its result.
 */
export async function metered(budget: WorkBudget, what: string, estimateMs: number, site: (Uint8Array | string | number)[], password: Uint8Array, run: () => Uint8Array | Promise<Uint8Array>): Promise<Uint8Array> {
  const digest = (parts: (Uint8Array | string | number)[]) => sha256Hex(concatBytes(...parts.map((x) => (x instanceof Uint8Array ? concatBytes(utf8Encode(`${x.length}:`), x) : utf8Encode(`${String(x)};`)))));
  const siteKey = digest(site);
  const key = digest([...site, password]);
  const cached = budget.kdfCache.get(key);
  if (cached) return cached.slice();
  const newSite = !budget.kdfSites.has(siteKey);
  if (newSite) budget.admitKdf(estimateMs, what);
  budget.onKdf?.({ what, estimateMs });
  const out = await run();
  if (newSite) {
    budget.chargeKdf(estimateMs);
    budget.kdfSites.add(siteKey);
  }
  budget.kdfCache.set(key, out.slice());
  return out;
}

export function pbkdf2Estimate(hash: HashName, iterations: number, dkLen: number, native: boolean): number {
  const perBlock = native ? WEBCRYPTO_PBKDF2_US[hash] : undefined;
  return (iterations * blocks(dkLen, HASHES[hash].outputLen) * (perBlock ?? JS_HASH_US[hash])) / 1000;
}

/** Checks the limits of one PBKDF2 run without running it (for parsers that know the parameters). */
export function checkPbkdf2(hash: HashName, iterations: number, dkLen: number): void {
  checkLimit(iterations <= LIMITS.pbkdf2Iterations, `PBKDF2 iteration count ${iterations.toLocaleString('en-US')} is above the limit of ${LIMITS.pbkdf2Iterations.toLocaleString('en-US')}`);
  checkOne(pbkdf2Estimate(hash, iterations, dkLen, WEBCRYPTO_HASHES.has(hash)), `PBKDF2-HMAC-${hash} with ${iterations.toLocaleString('en-US')} iterations`);
}

export async function pbkdf2(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number, budget: WorkBudget = new WorkBudget()): Promise<Uint8Array> {
  checkPbkdf2(hash, iterations, dkLen);
  if (iterations < 1) fail('der_invalid', 'PBKDF2 iteration count must be at least 1');
  if (dkLen < 1 || dkLen > 1024) fail('der_invalid', `PBKDF2 key length ${dkLen} is not usable`);
  const what = `PBKDF2-HMAC-${hash} with ${iterations.toLocaleString('en-US')} iterations`;
  const inputs = ['pbkdf2', hash, salt, iterations, dkLen];
  const subtle = globalThis.crypto?.subtle;
  if (subtle && WEBCRYPTO_HASHES.has(hash)) {
    const native = await metered(budget, what, pbkdf2Estimate(hash, iterations, dkLen, true), inputs, password, async () => {
      try {
        const key = await subtle.importKey('raw', password as BufferSource, 'PBKDF2', false, ['deriveBits']);
        return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash, salt: salt as BufferSource, iterations }, key, dkLen * 8));
      } catch {
        // Some engines refuse an empty password: the pure-JS implementation below takes it.
        return new Uint8Array(0);
      }
    });
    if (native.length > 0) return native;
    inputs[0] = 'pbkdf2-js';
  }
  const estimate = pbkdf2Estimate(hash, iterations, dkLen, false);
  checkOne(estimate, `${what} in JavaScript`);
  return metered(budget, what, estimate, inputs, password, () => pbkdf2Async(HASHES[hash] as never, password, salt, { c: iterations, dkLen }));
}

/** Checks the limits of one scrypt run without running it. */
export function checkScrypt(N: number, r: number, p: number): void {
  checkLimit(N * r <= LIMITS.scryptNr && p <= LIMITS.scryptP && 128 * N * r * p <= LIMITS.scryptMemory,
    `scrypt parameters N=${N}, r=${r}, p=${p} are above the limits (N·r ≤ 2^${Math.log2(LIMITS.scryptNr)}, p ≤ ${LIMITS.scryptP}, memory ≤ ${LIMITS.scryptMemory / 2 ** 20} MiB)`);
  checkOne((N * r * p * SCRYPT_US) / 1000, `scrypt N=${N}, r=${r}, p=${p}`);
}

export async function scrypt(password: Uint8Array, salt: Uint8Array, N: number, r: number, p: number, dkLen: number, budget: WorkBudget = new WorkBudget()): Promise<Uint8Array> {
  checkScrypt(N, r, p);
  if (N < 2 || (N & (N - 1)) !== 0 || r < 1 || p < 1) fail('der_invalid', `invalid scrypt parameters N=${N}, r=${r}, p=${p}`);
  if (dkLen < 1 || dkLen > 1024) fail('der_invalid', `scrypt key length ${dkLen} is not usable`);
  return metered(budget, `scrypt N=${N}, r=${r}, p=${p}`, (N * r * p * SCRYPT_US) / 1000, ['scrypt', salt, N, r, p, dkLen], password, () =>
    scryptAsync(password, salt, { N, r, p, dkLen, maxmem: LIMITS.scryptMemory + 1024 }));
}

/** PBKDF1 (PKCS#5 v1.5): DK = H^c(P || S), for the PBES1 schemes. */
export async function pbkdf1(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, budget: WorkBudget = new WorkBudget()): Promise<Uint8Array> {
  checkLimit(iterations <= LIMITS.pbkdf1Iterations, `PBKDF1 iteration count ${iterations.toLocaleString('en-US')} is above the limit of ${LIMITS.pbkdf1Iterations.toLocaleString('en-US')}`);
  if (iterations < 1) fail('der_invalid', 'PBKDF1 iteration count must be at least 1');
  const h = HASHES[hash];
  return metered(budget, `PBKDF1-${hash} with ${iterations.toLocaleString('en-US')} iterations`, (iterations * JS_HASH_US[hash]) / 1000, ['pbkdf1', hash, salt, iterations], password, () => {
    let t = h(concatBytes(password, salt));
    for (let i = 1; i < iterations; i++) t = h(t);
    return t;
  });
}

/** OpenSSL's EVP_BytesToKey with MD5 and one iteration, as used by `Proc-Type: 4,ENCRYPTED` PEM. */
export async function evpBytesToKey(password: Uint8Array, salt: Uint8Array, keyLen: number, budget: WorkBudget = new WorkBudget()): Promise<Uint8Array> {
  return metered(budget, 'EVP_BytesToKey', (blocks(keyLen, 16) * JS_HASH_US.MD5) / 1000, ['evp', salt, keyLen], password, () => {
    const out: Uint8Array[] = [];
    let have = 0;
    let prev = new Uint8Array(0);
    while (have < keyLen) {
      prev = md5(concatBytes(prev, password, salt));
      out.push(prev);
      have += prev.length;
    }
    return concatBytes(...out).subarray(0, keyLen);
  });
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

export function pkcs12KdfEstimate(hash: HashName, iterations: number, n: number): number {
  return (iterations * blocks(n, HASHES[hash].outputLen) * JS_HASH_US[hash]) / 1000;
}

/** Checks the iteration limit of the PKCS#12 KDF without running it. */
export function checkPkcs12Kdf(iterations: number, what = 'PKCS#12 KDF iteration count'): void {
  checkLimit(iterations <= LIMITS.pkcs12KdfIterations, `${what} ${iterations.toLocaleString('en-US')} is above the limit of ${LIMITS.pkcs12KdfIterations.toLocaleString('en-US')}`);
}

/** RFC 7292 appendix B.2. `password` is already BMP-encoded (or empty). */
export async function pkcs12Kdf(hash: HashName, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, n: number, budget: WorkBudget = new WorkBudget()): Promise<Uint8Array> {
  checkPkcs12Kdf(iterations);
  if (iterations < 1) fail('der_invalid', 'PKCS#12 KDF iteration count must be at least 1');
  if (n < 1 || n > 1024) fail('der_invalid', `PKCS#12 KDF key length ${n} is not usable`);
  const estimate = pkcs12KdfEstimate(hash, iterations, n);
  return metered(budget, `the PKCS#12 KDF (${hash}) with ${iterations.toLocaleString('en-US')} iterations`, estimate, ['pkcs12', hash, salt, id, iterations, n], password, () =>
    pkcs12KdfRaw(hash, password, salt, id, iterations, n));
}

function pkcs12KdfRaw(hash: HashName, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, n: number): Uint8Array {
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

/** Checks the rounds limit of bcrypt-pbkdf without running it. */
export function checkBcryptRounds(rounds: number): void {
  checkLimit(rounds <= LIMITS.bcryptRounds,
    `this OpenSSH key asks for ${rounds.toLocaleString('en-US')} bcrypt KDF rounds, above the limit of ${LIMITS.bcryptRounds} (about ${LIMITS.explicitKdfMs / 1000} s a try; ssh-keygen uses 16 unless told otherwise with -a)`);
}

/** OpenSSH's bcrypt_pbkdf. */
export async function bcryptPbkdf(password: Uint8Array, salt: Uint8Array, rounds: number, keyLen: number, budget: WorkBudget = new WorkBudget()): Promise<Uint8Array> {
  checkBcryptRounds(rounds);
  // OpenBSD's bcrypt_pbkdf refuses an empty password too (OpenSSH never asks for one).
  if (rounds < 1 || password.length === 0 || salt.length === 0 || salt.length > 1024 || keyLen < 1 || keyLen > 1024) fail('der_invalid', 'invalid bcrypt KDF parameters');
  return metered(budget, `bcrypt-pbkdf with ${rounds} rounds`, rounds * blocks(keyLen, 32) * BCRYPT_ROUND_MS, ['bcrypt', salt, rounds, keyLen], password, () => bcryptPbkdfRaw(password, salt, rounds, keyLen));
}
