/** Generators of key pairs, certificates, CSRs and test CAs: the entry points for the CLI and the UI. */
import { csrPreset, keyPairPreset, selfSignedPreset, testPkiPreset } from './pki.js';
import type { CertOptions, CsrOptions, GenerateResult, KeyOptions } from './types.js';

export type * from './types.js';
export { GenerateError, type GenerateErrorCode } from './error.js';
export { PBKDF2_ITERATIONS } from '../write/pkcs8.js';

/** `NAME.key`, `NAME.pub.pem` and (except Ed448) `NAME.pub`. Rejects with a GenerateError on bad options. */
export function generateKeyPair(opts: KeyOptions & { name?: string }): Promise<GenerateResult> {
  return keyPairPreset(opts);
}

/** `server.crt` and `server.key` (or `server.pem`/`server-key.pem`). */
export function generateSelfSigned(opts: CertOptions): Promise<GenerateResult> {
  return selfSignedPreset(opts);
}

/** Root CA, intermediate CA, server and client leaves, and `fullchain.pem`. */
export function generateTestPki(opts: CertOptions): Promise<GenerateResult> {
  return testPkiPreset(opts);
}

/** `server.csr`, plus `server.key` when no existing key was given. */
export function generateCsr(opts: CsrOptions): Promise<GenerateResult> {
  return csrPreset(opts);
}
