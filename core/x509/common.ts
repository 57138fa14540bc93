/** Pieces shared by the certificate, CSR and CRL readers. */
import { concatBytes, toHex } from '../bytes.js';
import { DerError, encodeLength, encoded, readTlv, type Leniency, type Tlv } from '../der.js';
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
 * Re-encodes BER lengths (indefinite, non-minimal) as DER, leaving tags and primitive contents
 * as they are. Used only after a strict read failed, so the caller can record what was lenient.
 */
export function normalizeBer(bytes: Uint8Array, lenient: Leniency): Uint8Array {
  const walk = (start: number, limit: number, depth: number): { enc: Uint8Array; end: number } => {
    const t = readTlv(bytes, start, limit, lenient, depth);
    // Tag bytes are everything before the length octets.
    let tagLen = 1;
    if ((bytes[start]! & 0x1f) === 0x1f) while (bytes[start + tagLen++]! & 0x80);
    const tag = bytes.subarray(start, start + tagLen);
    let content: Uint8Array;
    if (!t.constructed) content = bytes.subarray(t.valueStart, t.end);
    else {
      const parts: Uint8Array[] = [];
      const stop = t.indefinite ? t.end - 2 : t.end;
      for (let p = t.valueStart; p < stop; ) {
        const c = walk(p, stop, depth + 1);
        parts.push(c.enc);
        p = c.end;
      }
      content = concatBytes(...parts);
    }
    return { enc: concatBytes(tag, encodeLength(content.length), content), end: t.end };
  };
  const { enc, end } = walk(0, bytes.length, 0);
  if (end !== bytes.length) throw new DerError(`${bytes.length - end} unexpected bytes after the end of the structure`, end);
  return enc;
}

export function leniencyWarning(notes: string[]): Problem {
  const unique = [...new Set(notes)];
  return { code: 'der_invalid', message: `Not strict DER (${unique.join(', ')}); it was read leniently.`, detail: unique.join('; ') };
}
