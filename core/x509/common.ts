/** Pieces shared by the certificate, CSR and CRL readers. */
import { toHex } from '../bytes.js';
import { DerError, MAX_DEPTH, encodeLength, encoded, readHeader, type Leniency, type Tlv } from '../der.js';
import { sha256Hex } from '../hash.js';
import type { Origin } from '../context.js';
import type { Encoding, Finding, Format, Problem, Source } from '../types.js';

/**
 * Serial numbers as `openssl x509 -serial` prints them, lowercased, so the two compare equal:
 * hex of the INTEGER's value, two hex digits per octet. A non-negative serial is its content
 * octets with a single leading 00 removed when it is only the sign byte (the next octet has
 * its top bit set: half of all random serials are encoded so). A negative serial (the first
 * content octet has its top bit set, X.690 §8.3.3) is `-` and the hex of its magnitude, e.g.
 * `-3039` for -12345 (content `cf c7`), never the raw two's-complement octets.
 */
export function serialHex(content: Uint8Array): string {
  if (content.length > 0 && content[0]! & 0x80) {
    // Magnitude = two's complement negated: invert every octet, then add one.
    const mag = new Uint8Array(content.length);
    let carry = 1;
    for (let i = content.length - 1; i >= 0; i--) {
      const v = (~content[i]! & 0xff) + carry;
      mag[i] = v & 0xff;
      carry = v >> 8;
    }
    let k = 0;
    while (k < mag.length - 1 && mag[k] === 0) k++;
    return '-' + toHex(mag.subarray(k));
  }
  const b = content.length > 1 && content[0] === 0 && content[1]! & 0x80 ? content.subarray(1) : content;
  return toHex(b);
}

/** Whether a `serialHex` text is a negative number. */
export const serialIsNegative = (serial: string): boolean => serial.startsWith('-');

/** How many content octets the DER INTEGER behind a `serialHex` text has (RFC 5280 allows 20). */
export function serialOctets(serial: string): number {
  const neg = serialIsNegative(serial);
  const hex = neg ? serial.slice(1) : serial;
  const n = Math.ceil(hex.length / 2);
  const top = parseInt(hex.slice(0, 2).padStart(2, '0'), 16) || 0;
  if (!neg) return n + (top & 0x80 ? 1 : 0);
  // -m fits n octets when m <= 2^(8n-1): top octet below 0x80, or exactly 0x80 00 .. 00.
  return top < 0x80 || (top === 0x80 && /^-80(00)*$/.test(serial)) ? n : n + 1;
}

export function formatFor(origin: Origin): Format {
  return origin.container ?? (origin.encoding === 'der' ? 'der' : 'pem');
}

/**
 * The fields a certificate, CSR and CRL item share: where it came from, that it is public, and
 * its own copy of the DER (the file's buffer is not kept alive by the item).
 */
export function publicItemFields(root: Tlv, origin: Origin, label: string, warnings: Problem[]) {
  const der = encoded(root).slice();
  const source: Source = { index: 0 };
  if (origin.pemLabel) source.pemLabel = origin.pemLabel;
  if (origin.line !== undefined) source.line = origin.line;
  return {
    source,
    sensitivity: 'public' as const,
    encrypted: false,
    format: formatFor(origin),
    encoding: origin.encoding as Encoding,
    ...(origin.container ? { container: origin.container } : {}),
    label,
    sha256: sha256Hex(der),
    der,
    findings: [] as Finding[],
    warnings,
  };
}

/**
 * Most ASN.1 values the lenient (BER) reader re-encodes in one structure: ~20 bytes of
 * bookkeeping each (40 MB at the limit); a BER bundle of 10,000 certificates has about 2 million.
 */
export const MAX_BER_NODES = 2_000_000;

/** Grows an Int32Array by doubling (the node tables below). */
function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Re-encodes the first TLV of `bytes` with DER lengths (indefinite and non-minimal lengths made
 * definite and minimal), leaving tags and primitive contents as they are; `end` is where that
 * TLV ended in `bytes`. Used only after a strict read failed, so the caller can record what was
 * lenient.
 *
 * Linear in the input and copy-free until the one output buffer is written: one pass records each
 * value's header and parent in typed arrays (an explicit stack, no recursion), a backward pass
 * sums the re-encoded lengths children-first, a forward pass writes. At most MAX_BER_NODES values.
 */
export function normalizeBer(bytes: Uint8Array, lenient: Leniency, maxNodes = MAX_BER_NODES): { der: Uint8Array; end: number } {
  // Per value, in document (pre-)order: where its tag starts, tag octets, content start and end
  // (for indefinite lengths: before the end-of-contents), parent (-1 for the root), primitive or not.
  let tagStart = new Int32Array(1024);
  let tagLen = new Int32Array(1024);
  let valStart = new Int32Array(1024);
  let valEnd = new Int32Array(1024);
  let parent = new Int32Array(1024);
  let constructed = new Uint8Array(1024);
  let n = 0;
  // Open constructed values: their index, and their end (-1 while indefinite).
  const openIndex: number[] = [];
  const openEnd: number[] = [];
  let p = 0;
  let rootEnd = -1;
  while (rootEnd < 0) {
    const top = openIndex.length - 1;
    if (top >= 0) {
      const stop = openEnd[top]!;
      if (stop >= 0 ? p === stop : bytes[p] === 0 && bytes[p + 1] === 0 && p + 2 <= bytes.length) {
        // The innermost open value is complete.
        const i = openIndex.pop()!;
        openEnd.pop();
        valEnd[i] = p;
        if (stop < 0) p += 2;
        if (openIndex.length === 0) rootEnd = p;
        continue;
      }
      if (stop >= 0 && p > stop) throw new DerError('a value runs past the end of the one that holds it', p);
      if (stop < 0 && p + 2 > bytes.length) throw new DerError('missing end-of-contents for indefinite length', p);
    }
    if (n >= maxNodes) throw new DerError(`more than ${maxNodes.toLocaleString('en-US')} ASN.1 values in one BER structure`, p);
    const limit = top >= 0 && openEnd[top]! >= 0 ? openEnd[top]! : bytes.length;
    const h = readHeader(bytes, p, limit, lenient);
    if (n === tagStart.length) {
      tagStart = grow(tagStart, n + 1);
      tagLen = grow(tagLen, n + 1);
      valStart = grow(valStart, n + 1);
      valEnd = grow(valEnd, n + 1);
      parent = grow(parent, n + 1);
      const c = new Uint8Array(tagStart.length);
      c.set(constructed);
      constructed = c;
    }
    tagStart[n] = p;
    tagLen[n] = h.tagLength;
    valStart[n] = h.valueStart;
    parent[n] = top >= 0 ? openIndex[top]! : -1;
    constructed[n] = h.constructed ? 1 : 0;
    if (h.length < 0) note(lenient, 'indefinite-length (BER) encoding');
    if (h.constructed) {
      if (openIndex.length >= MAX_DEPTH) throw new DerError('ASN.1 nesting is too deep', p);
      openIndex.push(n);
      openEnd.push(h.length < 0 ? -1 : h.valueStart + h.length);
      p = h.valueStart;
    } else {
      valEnd[n] = h.valueStart + h.length;
      p = valEnd[n]!;
      if (top < 0) rootEnd = p;
    }
    n++;
  }
  // Content lengths, children before parents (reverse document order).
  const contentLen = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (!constructed[i]) contentLen[i] = valEnd[i]! - valStart[i]!;
    const total = tagLen[i]! + lengthOctets(contentLen[i]!) + contentLen[i]!;
    const up = parent[i]!;
    if (up >= 0) contentLen[up] = contentLen[up]! + total;
  }
  const out = new Uint8Array(tagLen[0]! + lengthOctets(contentLen[0]!) + contentLen[0]!);
  let o = 0;
  for (let i = 0; i < n; i++) {
    out.set(bytes.subarray(tagStart[i]!, tagStart[i]! + tagLen[i]!), o);
    o += tagLen[i]!;
    const len = encodeLength(contentLen[i]!);
    out.set(len, o);
    o += len.length;
    if (!constructed[i]) {
      out.set(bytes.subarray(valStart[i]!, valEnd[i]!), o);
      o += valEnd[i]! - valStart[i]!;
    }
  }
  return { der: out, end: rootEnd };
}

const lengthOctets = (n: number) => (n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x1000000 ? 4 : 5);

function note(lenient: Leniency, what: string): void {
  if (!lenient.notes.includes(what)) lenient.notes.push(what);
}

export function leniencyWarning(notes: string[]): Problem {
  const unique = [...new Set(notes)];
  return { code: 'der_invalid', message: `Not strict DER (${unique.join(', ')}); it was read leniently.`, detail: unique.join('; ') };
}
