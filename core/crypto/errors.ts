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

/** Resource limits: generous for real files, small enough that hostile ones end quickly. */
export const LIMITS = {
  // Real files: OpenSSL uses 2,048 PBKDF2/PKCS#12 iterations, password managers ~600,000;
  // ssh-keygen uses 16 bcrypt rounds (guides suggest up to 100); OpenSSL's scrypt uses N=16384, r=8.
  // Each limit keeps one password attempt within a few seconds here (bcrypt: ~30 ms a round in JS).
  pbkdf2Iterations: 2_000_000,
  pkcs12KdfIterations: 1_000_000,
  scryptNr: 2 ** 20,
  scryptP: 16,
  /** Bytes scrypt may allocate (128·N·r·p). */
  scryptMemory: 2 ** 28,
  bcryptRounds: 100,
  pbkdf1Iterations: 1_000_000,
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
