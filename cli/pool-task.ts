/**
 * The work one task of `inspect` does (in a pool worker thread, or in the main thread when
 * there is no pool): parse, then render JSON or text right away, so only bytes cross threads
 * and no Item outlives its own task. Imports only the parse path of core, which keeps the
 * worker bundle small and quick to start.
 *
 * Whatever a task renders is safe for a terminal as it leaves here, so the main thread writes
 * it past the output guard's scan (terminal.ts `writeChecked`): JSON through `escapeHidden`
 * (json.ts), text through the formatters' `shown` and then `terminalSafe` itself.
 */
import { isAscii } from 'node:buffer';
import { parsePemPart, type PemChunkOutcome } from '../core/parse.js';
import type { WorkBudget } from '../core/budget.js';
import type { Item } from '../core/types.js';
import { displayName, loadFile } from './files.js';
import { errorLinesText, fileHeadText, itemTextTail, ITEM_NUMBER_HEAD } from './format.js';
import { EMPTY_ITEMS, fileHead, fileTail, ITEMS_CLOSE, ITEMS_OPEN, ITEMS_SEPARATOR, joinItem, renderItem, type ItemPiece } from './json.js';
import { ansi, plain } from './style.js';
import { shown, terminalSafe } from './terminal.js';

/** What `inspect` prints: the JSON document, or the human report (coloured for a terminal). */
export type OutputMode = { json: true } | { json: false; color: boolean };

/**
 * A part of a big PEM file: a byte range of the file read once into shared memory by the main
 * thread, decoded here as the whole file would be (UTF-8 when all of it is valid UTF-8).
 */
export interface SharedText {
  bytes: SharedArrayBuffer;
  start: number;
  end: number;
  utf8: boolean;
}

export type Task = (
  | { type: 'pem'; text: SharedText; firstLine: number; passwords: string[]; now: number }
  | { type: 'files'; paths: string[]; passwords: string[]; now: number }
) & {
  mode: OutputMode;
  /** A result buffer the main thread has written out, handed back to be filled again. */
  spare?: ArrayBuffer;
};

/**
 * UTF-8 text and marks into it, made here so that the main thread only copies bytes: for a PEM
 * part, each item's [indexAt, end) (the item's text runs from the previous end, and its index
 * digits go at indexAt, or nowhere when indexAt is -1; in text, its number goes at indexAt,
 * which is always where its text starts); for files, each file's end.
 */
export interface Encoded {
  bytes: Uint8Array;
  marks: Int32Array;
}

export type PemResult = { type: 'pem'; text: Encoded } & Omit<PemChunkOutcome, 'items'>;
export type FilesResult = { type: 'files'; text: Encoded; failed: boolean[] };
export type TaskResult = PemResult | FilesResult;

const encoder = new TextEncoder();

class Encoder {
  bytes: Uint8Array;
  constructor(spare?: ArrayBuffer) {
    // Reusing the main thread's spare saves touching fresh memory for every task.
    this.bytes = new Uint8Array(spare ?? new ArrayBuffer(2 << 20));
  }
  length = 0;
  marks: number[] = [];
  add(s: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (this.bytes.length - this.length < s.length * 3) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + s.length * 3));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.length += encoder.encodeInto(s, this.bytes.subarray(this.length)).written;
  }
  mark(at = this.length): void {
    this.marks.push(at);
  }
  done(): Encoded {
    // A view, not a copy: the buffer is transferred to the main thread as it is.
    return { bytes: this.bytes.subarray(0, this.length), marks: Int32Array.from(this.marks) };
  }
}

/** Adds one rendered item: its text around the index digits, and the marks saying where. */
function encodeItem(enc: Encoder, p: ItemPiece): void {
  enc.add(p.head);
  if (p.tail === undefined) enc.mark(-1);
  else {
    enc.mark();
    enc.add(p.tail);
  }
  enc.mark();
}

/** A text item: its text after the number, which the joiner writes at the mark. */
function encodeTextItem(enc: Encoder, tail: string): void {
  enc.mark();
  enc.add(tail);
  enc.mark();
}

/** `budget`: the file's work budget, when this thread reads all of a big file's parts in turn (pool.ts runHere). */
export async function runTask(task: Task, budget?: WorkBudget): Promise<TaskResult> {
  const now = new Date(task.now);
  const mode = task.mode;
  const st = mode.json ? plain : mode.color ? ansi : plain;
  if (task.type === 'pem') {
    const { bytes, start, end, utf8 } = task.text;
    const raw = Buffer.from(bytes, start, end - start);
    // ASCII (nearly every PEM file) decodes alike either way, and Latin-1 is the quicker decoder.
    const text = raw.toString(utf8 && !isAscii(raw) ? 'utf8' : 'latin1');
    // Each item is rendered and encoded as soon as it is read, and then dropped.
    const enc = new Encoder(task.spare);
    const onItem = mode.json ? (item: Item) => encodeItem(enc, renderItem(item)) : (item: Item) => encodeTextItem(enc, terminalSafe(itemTextTail(item, now, st)));
    const part = await parsePemPart(text, task.firstLine, task.passwords, { now }, onItem, budget);
    return { type: 'pem', text: enc.done(), splitProblems: part.splitProblems, blockErrors: part.blockErrors, blocks: part.blocks };
  }
  const enc = new Encoder(task.spare);
  const failed: boolean[] = [];
  for (const path of task.paths) {
    const loaded = await loadFile(path, task.passwords, now);
    const errors = loaded.ok ? loaded.result.errors : [{ code: loaded.code, message: loaded.message }];
    const items: (Item | undefined)[] = loaded.ok ? loaded.result.items : [];
    // renderFile / formatFile, written item by item into the buffer (each item dropped once
    // written): no string of the whole file, and the Items can go as the text grows.
    if (mode.json) {
      enc.add(fileHead(path));
      for (let i = 0; i < items.length; i++) {
        enc.add((i === 0 ? ITEMS_OPEN : ITEMS_SEPARATOR) + joinItem(renderItem(items[i]!), i));
        items[i] = undefined;
      }
      enc.add((items.length === 0 ? EMPTY_ITEMS : ITEMS_CLOSE) + fileTail(errors));
    } else {
      // Each piece ends at a line break, so terminalSafe of the pieces is terminalSafe of the whole.
      enc.add(terminalSafe(fileHeadText(shown(displayName(path)), items.length, errors.length, st)));
      for (let i = 0; i < items.length; i++) {
        enc.add(terminalSafe(ITEM_NUMBER_HEAD + (i + 1) + itemTextTail(items[i]!, now, st)));
        items[i] = undefined;
      }
      enc.add(terminalSafe(errorLinesText(errors, st)));
    }
    enc.mark();
    failed.push(errors.length > 0);
  }
  return { type: 'files', text: enc.done(), failed };
}
