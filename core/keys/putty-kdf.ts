/**
 * The keys of a PuTTY private key file (PuTTY manual, appendix C "PPK file format"):
 *
 * - version 3: Argon2 (id, i or d; RFC 9106) of the passphrase with the file's salt and costs
 *   gives 80 bytes: AES-256 key, CBC IV, HMAC-SHA-256 key. Without encryption the MAC key is
 *   empty.
 * - version 2: AES-256 key SHA-1(0,0,0,0 ‖ passphrase) ‖ SHA-1(0,0,0,1 ‖ passphrase), IV zero,
 *   HMAC-SHA-1 key SHA-1("putty-private-key-file-mac-key" ‖ passphrase), the passphrase empty
 *   without encryption.
 *
 * The MAC covers the algorithm name, encryption name, comment, public blob and decrypted
 * private blob, each as an SSH string.
 */
import { argon2dAsync, argon2iAsync, argon2idAsync } from '@noble/hashes/argon2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { WorkBudget } from '../budget.js';
import { concatBytes, utf8Encode } from '../bytes.js';
import { LIMITS, fail } from '../crypto/errors.js';
import { metered } from '../crypto/kdf.js';

export type Argon2Flavour = 'Argon2id' | 'Argon2i' | 'Argon2d';

export interface Argon2Params {
  flavour: Argon2Flavour;
  /** KiB, as the file's `Argon2-Memory`. */
  memoryKiB: number;
  passes: number;
  parallelism: number;
  salt: Uint8Array;
}

/**
 * How long one unlock with a password the user gave may take (estimated, not measured). The
 * user asked for it, so a file's own costs are honoured up to here: PuTTY's defaults (8 MiB and
 * the passes that take PuTTY 100 ms) and OpenSSH's `ssh-keygen -a 100` both fit. Beyond it a
 * file is refused as hostile, before any work, password or not.
 */
export const EXPLICIT_UNLOCK_MS = LIMITS.explicitKdfMs;

export const ARGON2_LIMITS = {
  /** 256 MiB: a file asking for more (1 GiB, say) is hostile, whatever its passes. */
  memoryKiB: 256 * 1024,
  parallelism: 255,
  saltBytes: 1024,
} as const;

/**
 * Microseconds per KiB per pass of @noble/hashes' Argon2: measured 6.5–9 µs on Node 20 here
 * (8 MiB × 13 passes ≈ 0.9 s of CPU), rounded up, because it decides before any work is done.
 */
const ARGON2_US_PER_KIB_PASS = 10;

export function argon2EstimateMs(memoryKiB: number, passes: number): number {
  return (memoryKiB * passes * ARGON2_US_PER_KIB_PASS) / 1000;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The file's Argon2 parameters against the limits: throws limit_exceeded (hostile) or der_invalid. */
export function checkArgon2(p: Argon2Params): void {
  if (!Number.isSafeInteger(p.memoryKiB) || p.memoryKiB > ARGON2_LIMITS.memoryKiB) {
    fail('limit_exceeded', `this PuTTY key asks for ${fmt(Math.round(p.memoryKiB / 1024))} MiB of Argon2 memory, above the limit of ${ARGON2_LIMITS.memoryKiB / 1024} MiB: a hostile file, not unlocked (PuTTY's default is 8 MiB)`);
  }
  if (p.parallelism < 1 || p.parallelism > ARGON2_LIMITS.parallelism) fail('der_invalid', `Argon2 parallelism ${fmt(p.parallelism)} is not between 1 and ${ARGON2_LIMITS.parallelism}`);
  if (p.passes < 1) fail('der_invalid', 'Argon2 needs at least one pass');
  if (p.memoryKiB < 8 * p.parallelism) fail('der_invalid', `Argon2 memory of ${fmt(p.memoryKiB)} KiB is below 8 KiB per lane (RFC 9106 §3.1)`);
  if (p.salt.length < 8 || p.salt.length > ARGON2_LIMITS.saltBytes) fail('der_invalid', `an Argon2 salt of ${fmt(p.salt.length)} bytes (RFC 9106 wants 8 or more; PuTTY writes 16)`);
  const ms = argon2EstimateMs(p.memoryKiB, p.passes);
  if (ms > EXPLICIT_UNLOCK_MS) {
    fail('limit_exceeded', `this PuTTY key's Argon2 costs (${fmt(p.memoryKiB)} KiB × ${fmt(p.passes)} passes) would take about ${fmt(Math.ceil(ms / 1000))} s to try one passphrase, above the ${EXPLICIT_UNLOCK_MS / 1000} s allowed: a hostile file, not unlocked`);
  }
}

export interface PpkKeys {
  cipherKey: Uint8Array;
  iv: Uint8Array;
  macKey: Uint8Array;
}

const ARGON2 = { Argon2id: argon2idAsync, Argon2i: argon2iAsync, Argon2d: argon2dAsync };

/** Version 3 keys from a passphrase, under the file's budget (repeats are computed once). */
export async function ppkV3Keys(passphrase: string, p: Argon2Params, budget: WorkBudget): Promise<PpkKeys> {
  checkArgon2(p);
  const password = utf8Encode(passphrase);
  const what = `${p.flavour} with ${fmt(p.memoryKiB)} KiB and ${fmt(p.passes)} passes`;
  const out = await metered(budget, what, argon2EstimateMs(p.memoryKiB, p.passes), ['argon2', p.flavour, p.salt, p.memoryKiB, p.passes, p.parallelism], password, async () => {
    try {
      return await ARGON2[p.flavour](password, p.salt, { m: p.memoryKiB, t: p.passes, p: p.parallelism, dkLen: 80, maxmem: (ARGON2_LIMITS.memoryKiB + 1) * 1024 });
    } catch (e) {
      fail('der_invalid', `Argon2 refused the file's parameters: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return { cipherKey: out.subarray(0, 32), iv: out.subarray(32, 48), macKey: out.subarray(48, 80) };
}

const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

/** Version 2 keys from a passphrase (the empty one for an unencrypted file's MAC). */
export function ppkV2Keys(passphrase: string): PpkKeys {
  const pw = utf8Encode(passphrase);
  const cipherKey = concatBytes(sha1(concatBytes(u32(0), pw)), sha1(concatBytes(u32(1), pw))).subarray(0, 32);
  return { cipherKey, iv: new Uint8Array(16), macKey: sha1(concatBytes(utf8Encode('putty-private-key-file-mac-key'), pw)) };
}

const sshString = (b: Uint8Array) => concatBytes(u32(b.length), b);

/** The Private-MAC of a file: HMAC-SHA-256 (version 3) or HMAC-SHA-1 (version 2). */
export function ppkMac(version: 2 | 3, macKey: Uint8Array, fields: { algorithm: Uint8Array; encryption: Uint8Array; comment: Uint8Array; publicBlob: Uint8Array; privateBlob: Uint8Array }): Uint8Array {
  const data = concatBytes(...[fields.algorithm, fields.encryption, fields.comment, fields.publicBlob, fields.privateBlob].map(sshString));
  return version === 3 ? hmac(sha256, macKey, data) : hmac(sha1, macKey, data);
}
