/** Building blocks of the plain-data steps. */
import { toHex } from '../bytes.js';
import type { HandshakeStep, StepValue } from './types.js';

export const value = (name: string, bytes: Uint8Array, extra: Partial<StepValue> = {}): StepValue => ({ name, size: bytes.length, hex: toHex(bytes), ...extra });

/** A step with the defaults filled in: TLS 1.3, ok, reached, no details or values. */
export function makeStep(s: Pick<HandshakeStep, 'id' | 'title' | 'from' | 'crypto' | 'summary' | 'proves'> & Partial<HandshakeStep>): HandshakeStep {
  return { protocol: 'TLS 1.3', status: 'ok', reached: true, details: [], values: [], ...s };
}
