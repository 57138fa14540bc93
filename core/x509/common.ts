/** Pieces shared by the certificate, CSR and CRL readers. */
import { concatBytes, toHex } from '../bytes.js';
import { DerError, encodeLength, encoded, readTlv, type Leniency, type Tlv } from '../der.js';
import { sha256Hex } from '../hash.js';
import type { Origin } from '../context.js';
import type { Encoding, Finding, Format, Problem, Source } from '../types.js';

/**
 * Serial numbers: hex of the INTEGER content octets, lowercase, with a single leading 00 removed
 * when it is only the sign byte (the next byte has its high bit set). That is exactly what
 * `openssl x509 -serial` prints, lowercased, so the two compare equal.
 */
export function serialHex(content: Uint8Array): string {
  const b = content.length > 1 && content[0] === 0 && content[1]! & 0x80 ? content.subarray(1) : content;
  return toHex(b);
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
