/**
 * The one way file-derived text reaches a terminal. Two layers, so that a command added
 * later is safe without remembering anything:
 *
 * 1. `shown(value)` gives the human formatters a display copy of the data they print, every
 *    string in it passed through `visibleText` (core/visible-text.ts): a file's ESC, CR, line
 *    break, bidi override or zero-width space arrives as `\x1b`, `\x0d`, `\x0a`, `<U+202E>`,
 *    `<U+200B>`. Sentences that quote file text go through `visibleText` as a whole (our own
 *    words hold no such character, so escaping the whole sentence escapes exactly the quotes).
 * 2. `guardOutput()` (main.ts installs it before any command runs) filters everything written
 *    to stdout and stderr: only a line break and the colour sequences of style.ts pass as they
 *    are; any other control, bidi or invisible character is shown visibly. Whatever a command
 *    forgets in layer 1 can still not set a title, clear the screen, write the clipboard
 *    (OSC 52), move the cursor or reorder a line. (A forgotten line break inside a value would
 *    start a new line: layer 1 is what prevents that.)
 *
 * `--json` output passes the guard unchanged: json.ts writes every such character as a
 * `\uXXXX` escape, which JSON readers turn back into the same string.
 */
import { HIDDEN_CHARACTER_CLASS, visibleText } from '../core/visible-text.js';
import { SGR_CODES } from './style.js';

/** Printable ASCII only: nothing in it for `visibleText` to rewrite (a cheaper test than its classes). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * A display copy of plain data: every string made visible; bytes, numbers and booleans kept.
 * Copied only where a string changes: an array or object in which nothing needs showing is
 * returned as it is (the value is never modified), so the text report of a certificate does not
 * copy the whole Item.
 */
export function shown<T>(value: T): T {
  if (typeof value === 'string') return (PRINTABLE_ASCII.test(value) ? value : visibleText(value)) as T;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof Date) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const s = shown(v);
      if (s !== v && !out) out = value.slice(0, i);
      if (out) out.push(s);
    }
    return (out ?? value) as T;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const v = record[keys[i]!];
    const s = shown(v);
    if (s !== v && !out) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = record[keys[j]!];
    }
    if (out) out[keys[i]!] = s;
  }
  return (out ?? value) as T;
}

const escapeRe = (s: string) => s.replace(/[[\]\\^$.|?*+()]/g, '\\$&');
/** What may pass as it is: a line break, and our own colour sequences. */
const OURS = new RegExp(`\\n|${SGR_CODES.map((c) => escapeRe(`\x1b[${c}m`)).join('|')}`, 'g');
const NOT_PLAIN_ASCII = /[^\n\x20-\x7e]/;
/** Any character the guard must rewrite, except a line break (a cheap test before the split). */
const ACTIVE = new RegExp(`(?!\\n)[${HIDDEN_CHARACTER_CLASS}]`, 'u');

/** `text` with every control, bidi and invisible character shown visibly, except line breaks and style.ts colours. */
export function terminalSafe(text: string): string {
  if (!NOT_PLAIN_ASCII.test(text) || !ACTIVE.test(text)) return text;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(OURS)) {
    out += visibleText(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + visibleText(text.slice(last));
}

/**
 * Every character `terminalSafe` might rewrite is encoded in UTF-8 starting with one of these
 * bytes (or is a C0 control or DEL): bytes without any of them pass unread. test/cli/terminal
 * checks the list against every code point. A table, not a regular expression: the JSON pool
 * writes tens of megabytes, and a byte loop is several times quicker than a regex over them.
 */
const LEAD = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) if (b !== 0x0a) LEAD[b] = 1;
for (const b of [0x7f, 0xc2, 0xcd, 0xd8, 0xe1, 0xe2, 0xe3, 0xef, 0xf0, 0xf3]) LEAD[b] = 1;

function mayNeedWork(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (LEAD[bytes[i]!] === 1) return true;
  return false;
}

/** One write's chunk made safe: a string through `terminalSafe`, bytes (UTF-8) only when they may need it. */
export function safeChunk(chunk: unknown): unknown {
  if (typeof chunk === 'string') return terminalSafe(chunk);
  if (chunk instanceof Uint8Array) {
    // Our writers hand over whole characters (the JSON pool writes whole items), so a chunk decodes on its own.
    if (!mayNeedWork(chunk)) return chunk;
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
    const safe = terminalSafe(text);
    return safe === text ? chunk : safe;
  }
  return chunk;
}

type Write = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;

/** A guarded stream's own write, kept for `writeChecked`. */
const UNGUARDED = Symbol('pem-inspector.unguardedWrite');
type Guarded = NodeJS.WriteStream & { [UNGUARDED]?: Write };

/** Filters every write to `streams` through `terminalSafe`. Installed once, by main.ts. */
export function guardOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    const write = stream.write.bind(stream) as Write;
    (stream as Guarded)[UNGUARDED] = write;
    (stream as { write: Write }).write = (chunk, encoding, callback) => write(safeChunk(chunk), encoding, callback);
  }
}

/**
 * Writes bytes that are already what the guard would let through, without scanning them
 * again: only for output made safe where it was rendered — `inspect`'s JSON (every string
 * through `escapeHidden`, json.ts) and its text (through `shown` and then `terminalSafe`,
 * pool-task.ts). That scan cost a tenth of the run over the tens of megabytes of a big
 * bundle's output. Everything else still goes through the guard.
 */
export function writeChecked(stream: NodeJS.WriteStream, chunk: Uint8Array, callback?: () => void): boolean {
  const write = (stream as Guarded)[UNGUARDED] ?? (stream.write.bind(stream) as Write);
  return write(chunk, callback);
}
