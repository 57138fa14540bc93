/**
 * A lean DER/BER reader over offsets into one byte array. (The DER writer lives in
 * core/write/der-encode.ts; it is re-exported at the end for the readers that rebuild parts.)
 *
 * Readers of certificates and keys walk TLVs with `readTlv`/`children` instead of building an
 * object per node: it is the list path for thousands of certificates. Malformed input throws
 * `DerError` (a programmer-visible, catchable error); each public reader entry point catches
 * it and turns it into a `Problem` with code `der_invalid`.
 *
 * Leniency is recorded, not silent: indefinite lengths and non-minimal lengths are accepted
 * only when the caller passes a `Leniency` collector, which records what was wrong.
 */
import { bytesToBigInt, concatByteList, toHex } from './bytes.js';

export class DerError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'DerError';
  }
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8String: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  NumericString: 0x12,
  PrintableString: 0x13,
  T61String: 0x14,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  VisibleString: 0x1a,
  UniversalString: 0x1c,
  BMPString: 0x1e,
} as const;

/** A tag-length-value located in `bytes`: `start` is the tag byte, content is [`valueStart`, `end`). */
export interface Tlv {
  bytes: Uint8Array;
  /** First tag byte (class, constructed bit and low tag number, as encoded; high tag numbers read as `tagNumber`). */
  tag: number;
  tagClass: 0 | 1 | 2 | 3;
  constructed: boolean;
  tagNumber: number;
  start: number;
  valueStart: number;
  end: number;
  /** True when the length was indefinite (BER). */
  indefinite: boolean;
}

/** Collects leniency notes (non-DER encodings that were accepted). */
export interface Leniency {
  notes: string[];
}

export const MAX_DEPTH = 64;

/** A TLV's identifier and length octets, without its content. */
export interface TlvHeader {
  tag: number;
  tagClass: 0 | 1 | 2 | 3;
  constructed: boolean;
  tagNumber: number;
  /** Number of identifier octets (1 unless the tag number is high). */
  tagLength: number;
  valueStart: number;
  /** Content length, or -1 for an indefinite length (BER). */
  length: number;
}

/**
 * Reads the identifier and length octets at `offset` (the content is not looked at, and must end
 * by `limit` when its length is definite). Leniency as for `readTlv`.
 */
export function readHeader(bytes: Uint8Array, offset: number, limit: number, lenient?: Leniency): TlvHeader {
  let p = offset;
  if (p >= limit) throw new DerError('unexpected end of data, expected a tag', p);
  const tag = bytes[p++]!;
  const tagClass = (tag >> 6) as 0 | 1 | 2 | 3;
  const constructed = (tag & 0x20) !== 0;
  let tagNumber = tag & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let b: number;
    let n = 0;
    do {
      if (p >= limit) throw new DerError('truncated high tag number', p);
      b = bytes[p++]!;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if (++n > 4) throw new DerError('tag number too large', p);
    } while (b & 0x80);
  }
  const tagLength = p - offset;
  if (p >= limit) throw new DerError('unexpected end of data, expected a length', p);
  const first = bytes[p++]!;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else if (first === 0x80) {
    if (!constructed) throw new DerError('indefinite length on a primitive value', p - 1);
    if (!lenient) throw new DerError('indefinite length (BER) is not allowed in DER', p - 1);
    length = -1;
  } else {
    const n = first & 0x7f;
    if (n > 4) throw new DerError('length field too long', p - 1);
    if (p + n > limit) throw new DerError('truncated length field', p);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[p++]!;
    if (length < 0x80 || bytes[p - n] === 0) {
      if (!lenient) throw new DerError('non-minimal length encoding', p - n - 1);
      note(lenient, 'non-minimal length encoding');
    }
  }
  if (length >= 0 && p + length > limit) throw new DerError(`length ${length} runs past the end of the data`, offset);
  return { tag, tagClass, constructed, tagNumber, tagLength, valueStart: p, length };
}

/** Records a leniency note once (a file of a million non-minimal lengths needs one note, not a million). */
function note(lenient: Leniency, what: string): void {
  if (!lenient.notes.includes(what)) lenient.notes.push(what);
}

/** Reads one TLV at `offset`, which must end by `limit`. */
export function readTlv(bytes: Uint8Array, offset = 0, limit = bytes.length, lenient?: Leniency, depth = 0): Tlv {
  if (depth > MAX_DEPTH) throw new DerError('ASN.1 nesting is too deep', offset);
  const h = readHeader(bytes, offset, limit, lenient);
  const { tag, tagClass, constructed, tagNumber, valueStart } = h;
  const indefinite = h.length < 0;
  let end: number;
  if (indefinite) {
    note(lenient!, 'indefinite-length (BER) encoding');
    // Walk children until end-of-contents (00 00).
    let q = valueStart;
    for (;;) {
      if (q + 2 > limit) throw new DerError('missing end-of-contents for indefinite length', q);
      if (bytes[q] === 0 && bytes[q + 1] === 0) {
        end = q + 2;
        break;
      }
      q = readTlv(bytes, q, limit, lenient, depth + 1).end;
    }
  } else {
    end = valueStart + h.length;
  }
  return { bytes, tag, tagClass, constructed, tagNumber, start: offset, valueStart, end, indefinite };
}

/** Parses a whole buffer as exactly one TLV (trailing bytes are an error). */
export function readRoot(bytes: Uint8Array, lenient?: Leniency): Tlv {
  const t = readTlv(bytes, 0, bytes.length, lenient);
  if (t.end !== bytes.length) throw new DerError(`${bytes.length - t.end} unexpected bytes after the end of the structure`, t.end);
  return t;
}

/** End of a TLV's content (excluding an end-of-contents marker for indefinite lengths). */
export function contentEnd(t: Tlv): number {
  return t.indefinite ? t.end - 2 : t.end;
}

/**
 * Most direct children `children` returns for one constructed value. Every list a real file holds
 * is far shorter (the longest are CRLs of hundreds of thousands of entries, read with
 * `eachChild`); a Tlv costs ~100 bytes, so this caps one list at ~100 MB however small its nodes.
 */
export const MAX_CHILDREN = 1_000_000;

/** A structure exceeds a size limit (valid, perhaps, but more than is read): `limit_exceeded`, not damage. */
export class DerLimitError extends DerError {
  constructor(message: string, offset: number) {
    super(message, offset);
    this.name = 'DerLimitError';
  }
}

/** The direct children of a constructed TLV (at most `max`: more is a DerLimitError naming `what`). */
export function children(t: Tlv, lenient?: Leniency, max = MAX_CHILDREN, what = 'one ASN.1 structure'): Tlv[] {
  if (!t.constructed) throw new DerError('expected a constructed value', t.start);
  const out: Tlv[] = [];
  const stop = contentEnd(t);
  let p = t.valueStart;
  while (p < stop) {
    if (out.length >= max) throw new DerLimitError(`more than ${max.toLocaleString('en-US')} values in ${what}`, p);
    const c = readTlv(t.bytes, p, stop, lenient);
    out.push(c);
    p = c.end;
  }
  return out;
}

/** The first `count` direct children at most (for sniffing a shape without reading a long list). */
export function firstChildren(t: Tlv, count: number, lenient?: Leniency): Tlv[] {
  if (!t.constructed) throw new DerError('expected a constructed value', t.start);
  const out: Tlv[] = [];
  const stop = contentEnd(t);
  for (let p = t.valueStart; p < stop && out.length < count; ) {
    const c = readTlv(t.bytes, p, stop, lenient);
    out.push(c);
    p = c.end;
  }
  return out;
}

/** Calls `fn` on each direct child in order, holding none of them: for long lists. */
export function eachChild(t: Tlv, fn: (c: Tlv, index: number) => void, lenient?: Leniency): void {
  if (!t.constructed) throw new DerError('expected a constructed value', t.start);
  const stop = contentEnd(t);
  for (let p = t.valueStart, i = 0; p < stop; i++) {
    const c = readTlv(t.bytes, p, stop, lenient);
    fn(c, i);
    p = c.end;
  }
}

/** Content bytes (a view, not a copy). */
export function value(t: Tlv): Uint8Array {
  return t.bytes.subarray(t.valueStart, contentEnd(t));
}

/** The whole encoding of the TLV (a view). */
export function encoded(t: Tlv): Uint8Array {
  return t.bytes.subarray(t.start, t.end);
}

export function expectTag(t: Tlv, tag: number, what: string): Tlv {
  if (t.tag !== tag) throw new DerError(`expected ${what}, found tag 0x${t.tag.toString(16)}`, t.start);
  return t;
}

/** Context-specific tag byte for [n] (constructed or not). */
export function ctx(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

export function readOid(t: Tlv): string {
  expectTag(t, TAG.OID, 'an OBJECT IDENTIFIER');
  return decodeOid(value(t), t.start);
}

/**
 * Longest arc `decodeOid` reads, in encoded octets (7 bits each): 448 bits, far above the 128-bit
 * UUID arcs of 2.25. Building a longer one costs quadratic time (a 100 KB arc took seconds) and
 * OpenSSL refuses such OIDs as text too.
 */
export const MAX_OID_ARC_OCTETS = 64;

/**
 * Longest OBJECT IDENTIFIER `decodeOid` reads, in octets. Real ones are under 40; a megabyte of
 * one-octet arcs is a megabyte of text per occurrence (~0.7 s and 9 MB of JSON for one file).
 */
export const MAX_OID_OCTETS = 1024;

export function decodeOid(v: Uint8Array, at = 0): string {
  if (v.length === 0) throw new DerError('empty OBJECT IDENTIFIER', at);
  if (v.length > MAX_OID_OCTETS) throw new DerError(`OBJECT IDENTIFIER of ${v.length.toLocaleString('en-US')} octets, longer than the ${MAX_OID_OCTETS} allowed`, at);
  // Arcs almost always fit a double exactly; BigInt only for the rare long one (UUID arcs).
  let out = '';
  let n = 0;
  let big: bigint | undefined;
  let first = true;
  let arcStart = 0;
  for (let i = 0; i < v.length; i++) {
    const b = v[i]!;
    if (i - arcStart >= MAX_OID_ARC_OCTETS) throw new DerError(`OBJECT IDENTIFIER arc longer than ${MAX_OID_ARC_OCTETS * 7} bits`, at);
    if (big === undefined && n >= 2 ** 45) big = BigInt(n);
    if (big !== undefined) big = (big << 7n) | BigInt(b & 0x7f);
    else n = n * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (first) {
        if (big !== undefined) out = `2.${big - 80n}`;
        else out = n < 40 ? `0.${n}` : n < 80 ? `1.${n - 40}` : `2.${n - 80}`;
        first = false;
      } else out += '.' + (big !== undefined ? big.toString() : String(n));
      n = 0;
      big = undefined;
      arcStart = i + 1;
    } else if (i === v.length - 1) throw new DerError('truncated OBJECT IDENTIFIER', at);
  }
  return out;
}

/**
 * Longest unsigned INTEGER `uintText` shows in decimal, in octets (512 bits: any real RSA
 * exponent or CRL number; RFC 5280 caps CRL numbers at 20 octets).
 */
export const MAX_DECIMAL_OCTETS = 64;

/**
 * An INTEGER's content octets, read as unsigned, as text: decimal up to MAX_DECIMAL_OCTETS, beyond
 * that `0x` and hex. Decimal conversion of a huge number is slow (a 1 MB exponent took minutes,
 * 100 KB over a second); hex is linear and still exact, so different numbers never print alike.
 */
export function uintText(v: Uint8Array): string {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  const digits = v.subarray(i);
  if (digits.length > MAX_DECIMAL_OCTETS) return '0x' + toHex(digits);
  return bytesToBigInt(digits).toString(10);
}

/** INTEGER content as lowercase hex of the two's complement bytes. */
export function readIntegerHex(t: Tlv): string {
  expectTag(t, TAG.INTEGER, 'an INTEGER');
  return toHex(value(t));
}

/** Small non-negative INTEGER as a JS number (throws when it does not fit). */
export function readSmallInt(t: Tlv): number {
  if (t.tag !== TAG.INTEGER && t.tag !== TAG.ENUMERATED) throw new DerError('expected an INTEGER', t.start);
  const v = value(t);
  if (v.length === 0) throw new DerError('empty INTEGER', t.start);
  if (v[0]! & 0x80) throw new DerError('negative INTEGER where a count was expected', t.start);
  if (v.length > 6) throw new DerError('INTEGER too large', t.start);
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/** Unsigned INTEGER content as bigint (leading sign byte dropped). */
export function readBigUint(t: Tlv): bigint {
  expectTag(t, TAG.INTEGER, 'an INTEGER');
  return bytesToBigInt(value(t));
}

/** BIT STRING: returns the bytes after the unused-bits octet and the unused-bit count. */
export function readBitString(t: Tlv): { bytes: Uint8Array; unusedBits: number } {
  expectTag(t, TAG.BIT_STRING, 'a BIT STRING');
  const v = value(t);
  if (v.length === 0) throw new DerError('empty BIT STRING', t.start);
  const unusedBits = v[0]!;
  if (unusedBits > 7) throw new DerError('BIT STRING with more than 7 unused bits', t.start);
  return { bytes: v.subarray(1), unusedBits };
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** The number written by `n` ASCII digits at `at`, or -1 when one is not a digit. */
function digitsAt(b: Uint8Array, at: number, n: number): number {
  let x = 0;
  for (let k = 0; k < n; k++) {
    const d = b[at + k]! - 48;
    if (d < 0 || d > 9) return -1;
    x = x * 10 + d;
  }
  return x;
}

/**
 * The common `YYMMDDHHMMSSZ` UTCTime (RFC 5280 §4.1.2.5.1) straight from its bytes, or undefined
 * for any other form: a CRL of a million entries reads a million of them.
 */
function fastUtcTime(t: Tlv): string | undefined {
  const b = t.bytes;
  const s = t.valueStart;
  if (t.tag !== TAG.UTCTime || t.end - s !== 13 || b[s + 12] !== 0x5a) return undefined;
  const yy = digitsAt(b, s, 2);
  const mo = digitsAt(b, s + 2, 2);
  const d = digitsAt(b, s + 4, 2);
  const h = digitsAt(b, s + 6, 2);
  const mi = digitsAt(b, s + 8, 2);
  const se = digitsAt(b, s + 10, 2);
  if (yy < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) return undefined;
  return `${yy >= 50 ? 1900 + yy : 2000 + yy}-${TWO_DIGITS[mo]}-${TWO_DIGITS[d]}T${TWO_DIGITS[h]}:${TWO_DIGITS[mi]}:${TWO_DIGITS[se]}Z`;
}

/** UTCTime / GeneralizedTime to ISO-8601 (`YYYY-MM-DDTHH:MM:SSZ`). */
export function readTime(t: Tlv): string {
  const fast = fastUtcTime(t);
  if (fast !== undefined) return fast;
  // The longest valid time (GeneralizedTime with fractions) is short; apply() on megabytes would overflow the stack.
  if (t.end - t.valueStart > 64) throw new DerError(`a time value of ${t.end - t.valueStart} octets`, t.start);
  const s = String.fromCharCode.apply(null, value(t) as unknown as number[]);
  let m: RegExpMatchArray | null;
  if (t.tag === TAG.UTCTime) {
    m = s.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/);
    if (!m) throw new DerError(`malformed UTCTime "${s}"`, t.start);
    const yy = Number(m[1]);
    const year = yy >= 50 ? 1900 + yy : 2000 + yy;
    return `${year}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}Z`;
  }
  if (t.tag === TAG.GeneralizedTime) {
    m = s.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/);
    if (!m) throw new DerError(`malformed GeneralizedTime "${s}"`, t.start);
    return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  }
  throw new DerError('expected a UTCTime or GeneralizedTime', t.start);
}

// The writer moved to core/write/der-encode.ts beside the file writers; re-exported here so the
// readers that assemble small structures (SPKI from parts, PKCS#8 from OpenSSH) keep one import.
export { der, encodeLength, tlv } from './write/der-encode.js';
