/**
 * A tiny DER writer: just enough to assemble SPKI, PKCS#8, PKCS#12 and similar structures from
 * parts. It writes only what it is given (no sorting of SETs): callers pass SET members in DER
 * order when there is more than one.
 */
import { concatBytes } from '../bytes.js';

/** Universal tag bytes the writer uses (the reader's full list is TAG in core/der.ts). */
const T = { INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, OID: 0x06, SEQUENCE: 0x30, SET: 0x31 } as const;

/** DER length octets for a content of `n` bytes (short form below 128, else minimal long form). */
export function encodeLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const len = encodeLength(content.length);
  const out = new Uint8Array(1 + len.length + content.length);
  out[0] = tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}

const concat = (parts: Uint8Array[]): Uint8Array => concatBytes(...parts);

export const der = {
  seq: (...items: Uint8Array[]) => tlv(T.SEQUENCE, concat(items)),
  set: (...items: Uint8Array[]) => tlv(T.SET, concat(items)),
  /** INTEGER from unsigned big-endian bytes (adds the sign byte, strips extra zeros). */
  uint: (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let b = bytes.subarray(i);
    if (b.length === 0) b = Uint8Array.of(0);
    if (b[0]! & 0x80) b = concat([Uint8Array.of(0), b]);
    return tlv(T.INTEGER, b);
  },
  int: (n: number) => {
    const bytes: number[] = [];
    let v = n;
    do {
      bytes.unshift(v & 0xff);
      v = Math.floor(v / 256);
    } while (v > 0);
    if (bytes[0]! & 0x80) bytes.unshift(0);
    return tlv(T.INTEGER, Uint8Array.from(bytes));
  },
  oid: (dotted: string) => {
    const parts = dotted.split('.').map((p) => BigInt(p));
    const first = parts[0]! * 40n + parts[1]!;
    const out: number[] = [];
    for (const n of [first, ...parts.slice(2)]) {
      const chunk: number[] = [];
      let v = n;
      do {
        chunk.unshift(Number(v & 0x7fn));
        v >>= 7n;
      } while (v > 0n);
      for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
      out.push(...chunk);
    }
    return tlv(T.OID, Uint8Array.from(out));
  },
  null: () => Uint8Array.of(0x05, 0x00),
  octets: (bytes: Uint8Array) => tlv(T.OCTET_STRING, bytes),
  bits: (bytes: Uint8Array, unusedBits = 0) => tlv(T.BIT_STRING, concat([Uint8Array.of(unusedBits), bytes])),
  /** Explicit context tag [n] around already-encoded content. */
  explicit: (n: number, inner: Uint8Array) => tlv(0xa0 | n, inner),
  raw: concat,
};
