/**
 * PEM armour (RFC 7468, with RFC 1421 headers for OpenSSL's legacy encrypted keys).
 * Finds every BEGIN/END block in a text and ignores whatever surrounds them (openssl -text
 * output, `Bag Attributes`, comments), since real files are full of it.
 */
import { fromBase64 } from './bytes.js';
import type { Problem } from './types.js';

export interface PemBlock {
  label: string;
  /** RFC 1421 headers (`Proc-Type`, `DEK-Info`), empty for most blocks. */
  headers: Record<string, string>;
  der: Uint8Array;
  /** 1-based line of the BEGIN line. */
  line: number;
  /** The block itself, BEGIN to END lines, as found (indentation removed). */
  text: string;
}

export interface PemSplit {
  blocks: PemBlock[];
  problems: Problem[];
}

const BEGIN = /^-----BEGIN ([^-]*(?:-[^-]+)*)-----$/;
const END = /^-----END ([^-]*(?:-[^-]+)*)-----$/;
const HEADER = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/;

/** Quick test used by the file sniffer. */
export function hasPemArmour(text: string): boolean {
  return /(^|\n)[ \t]*-----BEGIN [^\n]*-----/.test(text);
}

export function splitPem(text: string): PemSplit {
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.trim());
  const blocks: PemBlock[] = [];
  const problems: Problem[] = [];
  let i = 0;
  while (i < lines.length) {
    const begin = BEGIN.exec(lines[i]!);
    if (!begin) {
      i++;
      continue;
    }
    const label = begin[1]!;
    const line = i + 1;
    let j = i + 1;
    while (j < lines.length && !END.test(lines[j]!) && !BEGIN.test(lines[j]!)) j++;
    const endMatch = j < lines.length ? END.exec(lines[j]!) : null;
    if (!endMatch) {
      problems.push({
        code: 'pem_armor_mismatch',
        message: `The ${label} block that begins on line ${line} has no END line: the file looks truncated.`,
        detail: `missing -----END ${label}-----`,
      });
      i = j;
      continue;
    }
    if (endMatch[1] !== label) {
      problems.push({
        code: 'pem_armor_mismatch',
        message: `The block that begins with BEGIN ${label} on line ${line} ends with END ${endMatch[1]} on line ${j + 1}.`,
      });
      i = j + 1;
      continue;
    }
    const body = lines.slice(i + 1, j);
    const headers: Record<string, string> = {};
    let k = 0;
    if (body[0] !== undefined && HEADER.test(body[0])) {
      for (; k < body.length && body[k] !== ''; k++) {
        const h = HEADER.exec(body[k]!);
        if (h) headers[h[1]!] = h[2]!;
      }
    }
    const b64 = body.slice(k).join('');
    const der = fromBase64(b64);
    const blockText = lines.slice(i, j + 1).join('\n') + '\n';
    if (!der || der.length === 0) {
      problems.push({
        code: 'base64_invalid',
        message: der ? `The ${label} block on line ${line} is empty.` : `The ${label} block on line ${line} is not valid base64: the file is damaged.`,
      });
    } else {
      blocks.push({ label, headers, der, line, text: blockText });
    }
    i = j + 1;
  }
  return { blocks, problems };
}
