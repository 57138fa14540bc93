/**
 * Internal failure signal for the key and PKCS#12 readers. Deep helpers throw it to unwind;
 * every public entry point catches it (and DerError) and turns it into a `Problem`.
 */
import type { ErrorCode, Problem } from '../types.js';

export class ReadFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReadFailure';
  }
}

export function fail(code: ErrorCode, message: string): never {
  throw new ReadFailure(code, message);
}

/**
 * Limits for ONE structure: generous for real files, small enough that one key derivation stays
 * near half a second here (measured on Node 20, one core; see test/fuzz/crashers/README.md).
 * What a whole file may spend is core/budget.ts's business.
 */
export const LIMITS = {
  // OpenSSL uses 2,048 PBKDF2 / PKCS#12 iterations (OpenSSL 3: PBKDF2 2,048, MAC 2,048), Java
  // keytool and Windows at most 10,000, password managers ~600,000 PBKDF2-SHA256 (WebCrypto:
  // ~0.2 µs an iteration, so 1,000,000 ≈ 0.2–0.5 s).
  pbkdf2Iterations: 1_000_000,
  // Pure JS: ~2.5 µs an iteration per 20-byte block, so 100,000 ≈ 0.25 s (0.5 s for a 3DES key).
  pkcs12KdfIterations: 100_000,
  // OpenSSL's scrypt default is N=16384, r=8 (2^17, ~0.17 s here); 2^18 ≈ 0.35 s and 32 MiB.
  scryptNr: 2 ** 18,
  scryptP: 16,
  /** Bytes scrypt may allocate (128·N·r·p). */
  scryptMemory: 2 ** 28,
  // ssh-keygen's default is 16 rounds (~0.1 s here for an AES-256 key); `ssh-keygen -a 100`
  // (~0.7 s) is a choice people make. 200 rounds with aes256's 48-byte key are estimated at
  // explicitKdfMs: a password given for the file may take that, and the file's own limit is there.
  bcryptRounds: 200,
  pbkdf1Iterations: 100_000,
  /** Estimated milliseconds one key derivation may take, whatever its kind and parameters. */
  oneKdfMs: 600,
  /**
   * Except for the KDFs made to be slow that run only with a password someone gave (OpenSSH's
   * bcrypt, PuTTY's Argon2): their files' costs are honoured up to this estimate a try, so
   * `ssh-keygen -a 100` and PuTTYgen's defaults unlock; beyond it a file is hostile, refused
   * before any work (issue 13: explicit unlocks are the user's choice).
   */
  explicitKdfMs: 2_000,
  /** Nesting of PKCS#12 safeContentsBag. */
  pkcs12Depth: 8,
  pkcs12Bags: 10_000,
  sshKeys: 16,
} as const;

export function checkLimit(ok: boolean, message: string): void {
  if (!ok) fail('limit_exceeded', message);
}

/** Converts anything thrown by a reader into a Problem (DerError → der_invalid). */
export function toProblem(e: unknown): Problem {
  if (e instanceof ReadFailure) return { code: e.code, message: e.message };
  if (e instanceof Error && e.name === 'DerError') return { code: 'der_invalid', message: `Malformed ASN.1: ${e.message}` };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'der_invalid', message: `Could not read the structure: ${message}` };
}
