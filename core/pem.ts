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

const isAsciiSpace = (c: number) => c === 32 || c === 9 || c === 11 || c === 12;

/** Bounded to the line: indexOf would run on through the rest of a colon-free file. */
function hasColon(text: string, from: number, to: number): boolean {
  for (let p = from; p < to; p++) if (text.charCodeAt(p) === 58) return true;
  return false;
}

/**
 * `firstLine` is the line number of the text's first line: a caller that splits a big file at
 * BEGIN lines and reads the parts separately gets the same blocks, lines and messages.
 *
 * Lines are kept as offsets and made into strings only where they might be armour or headers:
 * a 15 MB bundle has a quarter of a million base64 lines, and base64 decoding skips the same
 * ASCII white space that trimming would remove.
 */
export function splitPem(text: string, firstLine = 1): PemSplit {
  const sink: PemProblems = { problems: [], more: 0, keep: Infinity };
  const blocks: PemBlock[] = [];
  for (const b of scanPem(text, firstLine, sink)) blocks.push(b);
  return { blocks, problems: sink.problems };
}

/** Where `scanPem` puts the problems it meets: the first `keep`, then only a count. */
export interface PemProblems {
  problems: Problem[];
  /** Problems met beyond `keep`, counted but not kept (a file of 800,000 broken blocks). */
  more: number;
  keep: number;
}

/**
 * `splitPem` one block at a time: each block is yielded as soon as it is found, so a caller that
 * reads and drops them holds one block at a time, however many the text has.
 */
export function* scanPem(text: string, firstLine: number, sink: PemProblems): Generator<PemBlock> {
  // Line bounds in typed arrays sized by a first count: growing two JS arrays to millions of
  // entries cost 0.6 s on a file of 800,000 tiny blocks (bench/hostile.mjs), this 0.1 s.
  const cr = text.indexOf('\r') !== -1;
  let lines = 1;
  if (!cr) {
    // The common case, found by the engine's native search rather than a loop over every character.
    for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) lines++;
  } else {
    for (let p = 0; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c !== 10 && c !== 13) continue;
      lines++;
      if (c === 13 && text.charCodeAt(p + 1) === 10) p++;
    }
  }
  const starts = new Int32Array(lines);
  const ends = new Int32Array(lines);
  let k = 0;
  let ls = 0;
  if (!cr) {
    for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) {
      starts[k] = ls;
      ends[k++] = p;
      ls = p + 1;
    }
  } else {
    for (let p = 0; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c !== 10 && c !== 13) continue;
      starts[k] = ls;
      ends[k++] = p;
      if (c === 13 && text.charCodeAt(p + 1) === 10) p++;
      ls = p + 1;
    }
  }
  starts[k] = ls;
  ends[k] = text.length;
  const n = lines;
  const line = (i: number) => text.slice(starts[i]!, ends[i]!).trim();
  /** Whether the trimmed line may start with '-' (non-ASCII first characters may be white space that trim removes). */
  const mayBeArmour = (i: number) => {
    const e = ends[i]!;
    for (let p = starts[i]!; p < e; p++) {
      const c = text.charCodeAt(p);
      if (!isAsciiSpace(c)) return c === 45 || c >= 128;
    }
    return false;
  };
  /** Whether line i equals its trimmed self. */
  const untrimmed = (i: number) => {
    const s = starts[i]!;
    const e = ends[i]!;
    if (s === e) return true;
    const a = text.charCodeAt(s);
    const b = text.charCodeAt(e - 1);
    return !isAsciiSpace(a) && !isAsciiSpace(b) && a < 128 && b < 128;
  };

  const base = firstLine - 1;
  const problem = (p: Problem) => {
    if (sink.problems.length < sink.keep) sink.problems.push(p);
    else sink.more++;
  };
  let i = 0;
  while (i < n) {
    const begin = mayBeArmour(i) ? BEGIN.exec(line(i)) : null;
    if (!begin) {
      i++;
      continue;
    }
    const label = begin[1]!;
    const lineNo = base + i + 1;
    let j = i + 1;
    while (j < n && !(mayBeArmour(j) && (END.test(line(j)) || BEGIN.test(line(j))))) j++;
    const endMatch = j < n ? END.exec(line(j)) : null;
    if (!endMatch) {
      problem({
        code: 'pem_armor_mismatch',
        message: `The ${label} block that begins on line ${lineNo} has no END line: the file looks truncated.`,
        detail: `missing -----END ${label}-----`,
      });
      i = j;
      continue;
    }
    if (endMatch[1] !== label) {
      problem({
        code: 'pem_armor_mismatch',
        message: `The block that begins with BEGIN ${label} on line ${lineNo} ends with END ${endMatch[1]} on line ${base + j + 1}.`,
      });
      i = j + 1;
      continue;
    }
    const headers: Record<string, string> = {};
    let k = i + 1;
    if (k < j && hasColon(text, starts[k]!, ends[k]!) && HEADER.test(line(k))) {
      for (; k < j && line(k) !== ''; k++) {
        const h = HEADER.exec(line(k));
        if (h) headers[h[1]!] = h[2]!;
      }
    }
    let der: Uint8Array | undefined = k < j ? fromBase64(text.slice(starts[k]!, ends[j - 1]!)) : new Uint8Array(0);
    // Only non-ASCII white space (which trim removes and base64 does not skip) fails here and not below.
    if (!der) {
      const b64: string[] = [];
      for (let q = k; q < j; q++) b64.push(line(q));
      der = fromBase64(b64.join(''));
    }
    if (!der || der.length === 0) {
      problem({
        code: 'base64_invalid',
        message: der ? `The ${label} block on line ${lineNo} is empty.` : `The ${label} block on line ${lineNo} is not valid base64: the file is damaged.`,
      });
    } else {
      yield { label, headers, der, line: lineNo, text: blockText(text, starts, ends, i, j, line, untrimmed) };
    }
    i = j + 1;
  }
}

/** Lines i..j trimmed and joined with LF: one slice of the text when that is what they already are. */
function blockText(text: string, starts: Int32Array, ends: Int32Array, i: number, j: number, line: (q: number) => string, untrimmed: (q: number) => boolean): string {
  let plain = true;
  for (let q = i; q <= j && plain; q++) {
    plain = untrimmed(q) && (q === j || (text.charCodeAt(ends[q]!) === 10 && starts[q + 1] === ends[q]! + 1));
  }
  if (plain) return text.slice(starts[i]!, ends[j]!) + '\n';
  const out: string[] = [];
  for (let q = i; q <= j; q++) out.push(line(q));
  return out.join('\n') + '\n';
}

export interface PemPart {
  text: string;
  /** Line number (1-based) of the part's first line in the whole text. */
  firstLine: number;
}

/** Line terminators in text[from, to), counting CR LF once, as `splitPem` does. */
function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  for (let i = text.indexOf('\r', from); i !== -1 && i < to; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10 || i + 1 >= to) n++;
  return n;
}

const isEol = (c: number) => c === 10 || c === 13;

/**
 * Cuts a PEM text into at most `count` parts of about equal size, each cut at the start of a
 * BEGIN line. A BEGIN line ends the previous block's scan in `splitPem`, so splitting the
 * parts (with their `firstLine`) gives exactly the blocks and problems of the whole text.
 */
export function pemParts(text: string, count: number): PemPart[] {
  const cuts: number[] = [0];
  const step = text.length / Math.max(1, count);
  for (let k = 1; k < count; k++) {
    let from = Math.max(Math.ceil(k * step), cuts[cuts.length - 1]! + 1);
    for (;;) {
      const at = text.indexOf('-----BEGIN ', from);
      if (at === -1) break;
      let p = at;
      while (p > 0 && !isEol(text.charCodeAt(p - 1))) p--;
      let e = at;
      while (e < text.length && !isEol(text.charCodeAt(e))) e++;
      if (p > cuts[cuts.length - 1]! && BEGIN.test(text.slice(p, e).trim())) {
        cuts.push(p);
        break;
      }
      from = at + 1;
    }
  }
  const parts: PemPart[] = [];
  let line = 1;
  for (let k = 0; k < cuts.length; k++) {
    const start = cuts[k]!;
    const end = cuts[k + 1] ?? text.length;
    parts.push({ text: text.slice(start, end), firstLine: line });
    line += countLines(text, start, end);
  }
  return parts;
}

/** A part of a PEM file as a byte range: `pemParts` without decoding the whole file first. */
export interface PemByteRange {
  start: number;
  end: number;
  /** Line number (1-based) of the part's first line in the whole text. */
  firstLine: number;
}

const BEGIN_BYTES = [...'-----BEGIN '].map((c) => c.charCodeAt(0));

/** Offset of the next "-----BEGIN " at or after `from`, or -1. */
function indexOfBegin(bytes: Uint8Array, from: number): number {
  const first = BEGIN_BYTES[0]!;
  for (let at = bytes.indexOf(first, from); at !== -1 && at + BEGIN_BYTES.length <= bytes.length; at = bytes.indexOf(first, at + 1)) {
    let k = 1;
    while (k < BEGIN_BYTES.length && bytes[at + k] === BEGIN_BYTES[k]) k++;
    if (k === BEGIN_BYTES.length) return at;
  }
  return -1;
}

/**
 * `hasPemArmour` on the bytes of a text that starts at `from`. Every character the pattern
 * looks at is ASCII, which UTF-8 and Latin-1 decode alike, and no other byte decodes to one.
 */
export function hasPemArmourBytes(bytes: Uint8Array, from: number): boolean {
  for (let at = indexOfBegin(bytes, from); at !== -1; at = indexOfBegin(bytes, at + 1)) {
    let p = at;
    while (p > from && (bytes[p - 1] === 32 || bytes[p - 1] === 9)) p--;
    if (p !== from && bytes[p - 1] !== 10) continue;
    for (let q = at + BEGIN_BYTES.length, dashes = 0; q < bytes.length && bytes[q] !== 10; q++) {
      dashes = bytes[q] === 45 ? dashes + 1 : 0;
      if (dashes === 5) return true;
    }
  }
  return false;
}

/**
 * `pemParts` over the bytes of a PEM text that starts at `from` (after any byte-order mark):
 * the same cut rule — the start of a line that, decoded and trimmed, is a BEGIN line — so each
 * range decoded by itself reads exactly as that piece of the whole text. `decode` is the
 * file's decoding (UTF-8 or Latin-1); only candidate lines are decoded here.
 */
export function pemByteParts(bytes: Uint8Array, from: number, count: number, decode: (b: Uint8Array) => string): PemByteRange[] {
  return Array.from(pemBytePartsOneByOne(bytes, from, count, decode), ({ start, end, firstLine }) => ({ start, end, firstLine }));
}

/**
 * `pemByteParts` one part at a time, each found only when asked for (with whether it is the
 * last): a caller can hand out the first parts while the rest of the file is still to be cut.
 */
export function* pemBytePartsOneByOne(bytes: Uint8Array, from: number, count: number, decode: (b: Uint8Array) => string): Generator<PemByteRange & { last: boolean }> {
  const step = (bytes.length - from) / Math.max(1, count);
  let start = from;
  let line = 1;
  for (let k = 1; ; k++) {
    let cut = -1;
    if (k < count) {
      let at = indexOfBegin(bytes, Math.max(from + Math.ceil(k * step), start + 1));
      for (; at !== -1; at = indexOfBegin(bytes, at + 1)) {
        let p = at;
        while (p > from && !isEol(bytes[p - 1]!)) p--;
        let e = at;
        while (e < bytes.length && !isEol(bytes[e]!)) e++;
        if (p > start && BEGIN.test(decode(bytes.subarray(p, e)).trim())) {
          cut = p;
          break;
        }
      }
    }
    if (cut === -1) {
      yield { start, end: bytes.length, firstLine: line, last: true };
      return;
    }
    yield { start, end: cut, firstLine: line, last: false };
    line += countLineBreaks(bytes, start, cut);
    start = cut;
  }
}

/** Line breaks (LF, CRLF, or a lone CR) in bytes [start, end). */
function countLineBreaks(bytes: Uint8Array, start: number, end: number): number {
  // Searched within the range: a search from `start` through the rest of a CR-free file, for
  // each of a big file's parts, read the file some twenty times over.
  const cr = bytes.subarray(start, end).indexOf(13);
  let n = 0;
  if (cr === -1) {
    // No CR: count LFs with the native search rather than a loop over every byte.
    for (let i = bytes.indexOf(10, start); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n++;
    return n;
  }
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === 10 || (b === 13 && (i + 1 >= end || bytes[i + 1] !== 10))) n++;
  }
  return n;
}
