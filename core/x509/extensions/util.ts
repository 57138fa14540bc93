/** Helpers shared by the extension decoders. */
import { DerError, readRoot, type Tlv, value } from '../../der.js';
import type { ExtensionData } from '../../types.js';

/** What a decoder returns; throwing DerError marks the extension `malformed`. */
export interface Decoded {
  lines: string[];
  data?: ExtensionData;
  /**
   * DER-profile breaches the decoder read past (an empty SEQUENCE SIZE (1..MAX), a DEFAULT
   * value encoded, a repeated policy...): the value is still shown, and the chain validator
   * turns each note into a `malformed` issue.
   */
  notes?: string[];
}

export type Decoder = (extnValue: Uint8Array) => Decoded;

/** Parses the extnValue as exactly one TLV. */
export function root(v: Uint8Array): Tlv {
  return readRoot(v);
}

/** Non-negative integer from content octets, for implicitly tagged INTEGERs. */
export function uintOf(t: Tlv): number {
  const v = value(t);
  if (v.length === 0 || v.length > 6 || v[0]! & 0x80) throw new DerError('an INTEGER out of range', t.start);
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/** Names of the set bits of a BIT STRING's content (after the unused-bits octet). */
export function setBits(bytes: Uint8Array, names: readonly string[]): string[] {
  const out: string[] = [];
  names.forEach((name, i) => {
    const b = bytes[i >> 3];
    if (b !== undefined && b & (0x80 >> (i & 7))) out.push(name);
  });
  return out;
}
