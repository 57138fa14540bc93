/**
 * Why a generator refused. Generators take options from people (CLI flags, UI fields) and,
 * for CSRs, a key someone dropped: both are checked and refused with a sentence, never a stack trace.
 */
export type GenerateErrorCode =
  /** An option is out of range or options contradict each other (a usage error). */
  | 'invalid_option'
  /** The given private key is of a kind we cannot sign with (DSA, X25519, RSA-PSS...). */
  | 'unsupported_algorithm';

export class GenerateError extends Error {
  constructor(
    readonly code: GenerateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GenerateError';
  }
}
