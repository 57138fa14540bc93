/**
 * The fast splitPem (line offsets, base64 decoded straight from the text) against the plain
 * line-by-line reading it replaced, on generated texts full of the awkward cases: CR, CRLF,
 * indentation, Unicode white space, headers, armour in the middle of lines, bad base64. And
 * pemParts: reading the parts gives exactly the blocks and problems of the whole text.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isUtf8 } from 'node:buffer';
import { fromBase64, toBase64 } from '../../core/bytes.js';
import { pemTextOf, pemTextStart } from '../../core/parse.js';
import { hasPemArmour, hasPemArmourBytes, pemByteParts, pemParts, splitPem, type PemSplit } from '../../core/pem.js';

const BEGIN = /^-----BEGIN ([^-]*(?:-[^-]+)*)-----$/;
const END = /^-----END ([^-]*(?:-[^-]+)*)-----$/;
const HEADER = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/;

/** The reference: every line trimmed, base64 joined from the trimmed lines. */
function referenceSplit(text: string, firstLine = 1): PemSplit {
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.trim());
  const out: PemSplit = { blocks: [], problems: [] };
  const base = firstLine - 1;
  let i = 0;
  while (i < lines.length) {
    const begin = BEGIN.exec(lines[i]!);
    if (!begin) {
      i++;
      continue;
    }
    const label = begin[1]!;
    const line = base + i + 1;
    let j = i + 1;
    while (j < lines.length && !END.test(lines[j]!) && !BEGIN.test(lines[j]!)) j++;
    const endMatch = j < lines.length ? END.exec(lines[j]!) : null;
    if (!endMatch) {
      out.problems.push({ code: 'pem_armor_mismatch', message: `The ${label} block that begins on line ${line} has no END line: the file looks truncated.`, detail: `missing -----END ${label}-----` });
      i = j;
      continue;
    }
    if (endMatch[1] !== label) {
      out.problems.push({ code: 'pem_armor_mismatch', message: `The block that begins with BEGIN ${label} on line ${line} ends with END ${endMatch[1]} on line ${base + j + 1}.` });
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
    const der = fromBase64(body.slice(k).join(''));
    if (!der || der.length === 0) {
      out.problems.push({ code: 'base64_invalid', message: der ? `The ${label} block on line ${line} is empty.` : `The ${label} block on line ${line} is not valid base64: the file is damaged.` });
    } else {
      out.blocks.push({ label, headers, der, line, text: lines.slice(i, j + 1).join('\n') + '\n' });
    }
    i = j + 1;
  }
  return out;
}

const b64 = toBase64(Uint8Array.from({ length: 40 }, (_, i) => i * 7));
const pieces = [
  '-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----', '-----BEGIN X-----', '-----END X-----',
  b64.slice(0, 20), b64.slice(20), b64, 'MAMCAQU=', 'Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,00', '',
  'text -----BEGIN CERTIFICATE-----', '****', 'Bag Attributes', '\u00a0' + b64.slice(0, 8), b64.slice(8, 16) + '\u2003',
  '\u00a0-----END CERTIFICATE-----', ' \t', 'ü', 'a:b',
];
const eols = ['\n', '\r\n', '\r', '\n\n'];
const indents = ['', ' ', '\t', '  ', '\u00a0'];
const textArb = fc
  .array(fc.tuple(fc.constantFrom(...indents), fc.constantFrom(...pieces), fc.constantFrom(...indents), fc.constantFrom(...eols)), { maxLength: 40 })
  .map((lines) => lines.map(([a, p, b, e]) => a + p + b + e).join(''));

describe('splitPem equals the line-by-line reading', () => {
  test('on generated texts', () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 1, max: 1000 }), (text, first) => {
        expect(splitPem(text, first)).toEqual(referenceSplit(text, first));
      }),
      { numRuns: 2000 },
    );
  });

  test('pemParts: the parts read alone give the blocks and problems of the whole', () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 1, max: 8 }), (text, count) => {
        const parts = pemParts(text, count);
        expect(parts.map((p) => p.text).join('')).toBe(text);
        const split = parts.map((p) => splitPem(p.text, p.firstLine));
        const whole = splitPem(text);
        expect(split.flatMap((s) => s.blocks)).toEqual(whole.blocks);
        expect(split.flatMap((s) => s.problems)).toEqual(whole.problems);
      }),
      { numRuns: 2000 },
    );
  });

  test('pemByteParts: byte ranges decoded alone give the text and blocks of the whole file', () => {
    const encodings = ['utf8', 'utf8-bom', 'utf8-2bom', 'latin1'] as const;
    fc.assert(
      fc.property(textArb, fc.constantFrom(...encodings), fc.integer({ min: 1, max: 8 }), (text, encoding, count) => {
        let bytes: Uint8Array;
        if (encoding === 'latin1') {
          // Characters over U+00FF become '?'; a lone 0xFF makes the bytes invalid UTF-8.
          bytes = Buffer.from(text.replace(/[^\u0000-\u00ff]/g, '?') + '\u00ff', 'latin1');
        } else {
          const bom = encoding === 'utf8' ? '' : encoding === 'utf8-bom' ? '\ufeff' : '\ufeff\ufeff';
          bytes = Buffer.from(bom + text, 'utf8');
        }
        const utf8 = isUtf8(bytes);
        expect(utf8).toBe(encoding !== 'latin1');
        const decode = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString(utf8 ? 'utf8' : 'latin1');
        const whole = pemTextOf(bytes);
        const start = pemTextStart(bytes, utf8);
        if (whole === undefined) {
          expect(start).toBeUndefined();
          return;
        }
        expect(start).toBeDefined();
        expect(decode(bytes.subarray(start))).toBe(whole);
        expect(hasPemArmourBytes(bytes, start!)).toBe(hasPemArmour(whole));
        const parts = pemByteParts(bytes, start!, count, decode);
        const texts = parts.map((p) => decode(bytes.subarray(p.start, p.end)));
        expect(texts.join('')).toBe(whole);
        const split = parts.map((p, i) => splitPem(texts[i]!, p.firstLine));
        const all = splitPem(whole);
        expect(split.flatMap((s) => s.blocks)).toEqual(all.blocks);
        expect(split.flatMap((s) => s.problems)).toEqual(all.problems);
      }),
      { numRuns: 2000 },
    );
  });

  test('hasPemArmourBytes agrees with hasPemArmour on armour-like texts', () => {
    const piece = fc.constantFrom('-----BEGIN ', 'X-----', '-----', ' ', '\t', '\n', '\r', 'a', '\u00e9', '-', 'BEGIN');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (ps) => {
        const text = ps.join('');
        expect(hasPemArmourBytes(Buffer.from(text, 'utf8'), 0)).toBe(hasPemArmour(text));
      }),
      { numRuns: 3000 },
    );
  });

  test('a bundle is cut into the parts asked for, each starting at a BEGIN line', () => {
    const block = `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
    const parts = pemParts(block.repeat(100), 4);
    expect(parts).toHaveLength(4);
    for (const p of parts) expect(p.text.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
    expect(parts.map((p) => p.firstLine)).toEqual([1, 76, 151, 226]);
  });
});
