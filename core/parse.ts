/**
 * The core's file entry point: bytes in, items and problems out. Never throws, whatever the
 * bytes: every failure becomes a Problem with a code and a sentence.
 */
import type { Origin, ReadContext, ReadOutcome } from './context.js';
import { FILE_LIMITS, WorkBudget, capOutcome, capReached, errorsCapped, isCapNote } from './budget.js';
import { lintItem } from './lint.js';
import { hasPemArmour, hasPemArmourBytes, scanPem, type PemBlock, type PemProblems } from './pem.js';
import type { Item, ParseInput, ParseOptions, ParseResult, Problem } from './types.js';
import { latin1Decode } from './bytes.js';
import { decodeText, guarded, looksLikeKubernetes, looksLikeText, readAny } from './readers.js';
import { isX509Label, readX509Pem } from './x509/index.js';

/**
 * Key readers load on first use: they pull in the legacy ciphers, the KDFs and the curve
 * arithmetic (hundreds of kilobytes), which a file of certificates never needs, and which
 * every CLI pool worker and the UI's Worker would otherwise load before reading anything.
 */
let keyReaders: Promise<typeof import('./keys/read.js')> | undefined;
let sshReaders: Promise<typeof import('./keys/ssh-public.js')> | undefined;
const keys = () => (keyReaders ??= import('./keys/read.js'));
const ssh = () => (sshReaders ??= import('./keys/ssh-public.js'));

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

const KEY_LABELS = new Set([
  'PUBLIC KEY',
  'RSA PUBLIC KEY',
  'PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
  'RSA PRIVATE KEY',
  'EC PRIVATE KEY',
  'DSA PRIVATE KEY',
  'EC PARAMETERS',
  'DSA PARAMETERS',
  'DH PARAMETERS',
  'X9.42 DH PARAMETERS',
  'OPENSSH PRIVATE KEY',
  'PKCS12',
]);

/** How an OpenSSH public key line (its key type) or an RFC 4716 block starts. */
const SSH_STARTS = ['ssh-rsa ', 'ssh-ed25519 ', 'ssh-ed448 ', 'ecdsa-sha2-', 'ssh-dss', 'sk-', '---- BEGIN SSH2 PUBLIC KEY ----'];
/** An OpenSSH public key line (authorized_keys options may come first) or an RFC 4716 block. */
export const SSH_LINE = new RegExp(`(?:^|[ \\t])(${SSH_STARTS.join('|')})`, 'm');
/** The same starts as plain substrings (each holds a '-', which base64 never does). */
const SSH_TOKENS = SSH_STARTS.map((t) => ({ bytes: [...t].map((c) => c.charCodeAt(0)), dash: t.indexOf('-'), text: t }));

/**
 * A quick test before the tokens are compared at a '-': the byte before it must be one that
 * precedes the '-' of a token (the h of "ssh-"), or, for a token that starts with dashes, the
 * byte after them must follow. PEM armour's own dashes ("-----BEGIN") pass neither.
 */
const BEFORE_DASH = new Uint8Array(256);
const AFTER_DASHES: { at: number; byte: number }[] = [];
for (const t of SSH_TOKENS) {
  if (t.dash > 0) BEFORE_DASH[t.bytes[t.dash - 1]!] = 1;
  else {
    let at = 0;
    while (t.bytes[at] === 45) at++;
    AFTER_DASHES.push({ at, byte: t.bytes[at]! });
  }
}

function mayStartToken(bytes: Uint8Array, p: number): boolean {
  if (p > 0 && BEFORE_DASH[bytes[p - 1]!] === 1) return true;
  for (const a of AFTER_DASHES) if (bytes[p + a.at] === a.byte) return true;
  return false;
}

/** Whether any SSH_TOKENS substring is in `bytes` from `from`: found by its '-', rare in PEM text. */
function hasSshTokenBytes(bytes: Uint8Array, from: number): boolean {
  for (let p = bytes.indexOf(45, from); p !== -1; p = bytes.indexOf(45, p + 1)) {
    if (!mayStartToken(bytes, p)) continue;
    for (const t of SSH_TOKENS) {
      const start = p - t.dash;
      if (start < from || start + t.bytes.length > bytes.length) continue;
      let k = 0;
      while (k < t.bytes.length && bytes[start + k] === t.bytes[k]) k++;
      if (k === t.bytes.length) return true;
    }
  }
  return false;
}

/** `to.push(...from)` without spreading: a spread of 200,000 problems overflows the stack. */
function append<T>(to: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) to.push(from[i]!);
}

async function readBlock(block: PemBlock, ctx: ReadContext): Promise<ReadOutcome> {
  const origin: Origin = { encoding: 'pem', pemLabel: block.label, line: block.line };
  if (isX509Label(block.label)) return (await guarded(`${block.label} block`, () => readX509Pem(block.label, block.der, origin)))!;
  if (KEY_LABELS.has(block.label)) {
    const out = (await guarded(`${block.label} block`, async () => (await keys()).readKeyPem(block, ctx))) ?? { items: [], errors: [] };
    for (const item of out.items) {
      item.source.pemLabel ??= block.label;
      item.source.line ??= block.line;
    }
    return out;
  }
  return {
    items: [],
    errors: [{ code: 'unknown_format', message: `The block "${block.label}" on line ${block.line} is not a kind of PEM block this app reads.` }],
  };
}

/** What reading one stretch of PEM text gives: split problems come before block errors in a file's list. */
export interface PemChunkOutcome {
  items: Item[];
  /** The first problems of splitting (at most FILE_LIMITS.errors); `moreSplitProblems` counts the rest. */
  splitProblems: Problem[];
  /** The first block errors (at most FILE_LIMITS.errors, plus cap notes); `moreBlockErrors` counts the rest. */
  blockErrors: Problem[];
  blocks: number;
  moreSplitProblems?: number;
  moreBlockErrors?: number;
}

/**
 * Reads every block of a PEM text; with `sink`, items go there one by one instead of into `items`.
 * Blocks are read as they are found and problems beyond the file's cap are only counted, so a
 * text of a million broken blocks holds one block and a hundred problems at a time.
 */
async function readPemBlocks(text: string, firstLine: number, ctx: ReadContext, sink?: (item: Item) => void): Promise<PemChunkOutcome> {
  const split: PemProblems = { problems: [], more: 0, keep: FILE_LIMITS.errors };
  const out: PemChunkOutcome = { items: [], splitProblems: split.problems, blockErrors: [], blocks: 0 };
  let more = 0;
  let count = 0;
  for (const block of scanPem(text, firstLine, split)) {
    out.blocks++;
    // Only the item cap stops reading early: it falls at the same item however the CLI splits a
    // big file into parts, so pooled and single-threaded output stay identical. The error cap
    // is applied to the whole file at the end (joinPemErrors, capOutcome); a bad block costs microseconds.
    const stop = capReached(count, 0);
    if (stop) {
      out.blockErrors.push(stop);
      break;
    }
    const r = await readBlock(block, ctx);
    count += r.items.length;
    if (sink) for (const item of r.items) sink(item);
    else append(out.items, r.items);
    for (const e of r.errors) {
      if (out.blockErrors.length < FILE_LIMITS.errors || isCapNote(e)) out.blockErrors.push(e);
      else more++;
    }
  }
  if (split.more) out.moreSplitProblems = split.more;
  if (more) out.moreBlockErrors = more;
  return out;
}

const NO_COMPLETE_BLOCK: Problem = { code: 'unknown_format', message: 'This text has a BEGIN line but no complete PEM block (-----BEGIN X----- ... -----END X-----).' };

/**
 * The file-level error list of PEM text read in parts (in order): every split problem, then
 * every block error, as `parseFile` reports them — past the file's cap, the first ones and a
 * note counting the rest.
 */
export function joinPemErrors(parts: readonly Pick<PemChunkOutcome, 'splitProblems' | 'blockErrors' | 'blocks' | 'moreSplitProblems' | 'moreBlockErrors'>[]): Problem[] {
  const errors: Problem[] = [];
  const notes: Problem[] = [];
  let more = 0;
  const add = (list: readonly Problem[]) => {
    for (const e of list) (isCapNote(e) ? notes : errors).push(e);
  };
  for (const p of parts) {
    add(p.splitProblems);
    more += p.moreSplitProblems ?? 0;
  }
  for (const p of parts) {
    add(p.blockErrors);
    more += p.moreBlockErrors ?? 0;
  }
  if (errors.length === 0 && more === 0 && notes.length === 0 && parts.every((p) => p.blocks === 0)) errors.push({ ...NO_COMPLETE_BLOCK });
  // Each part kept a prefix of at least the cap, so the first ones here are the file's first ones.
  if (more > 0) {
    const total = errors.length + more;
    errors.length = Math.min(errors.length, FILE_LIMITS.errors);
    notes.push(errorsCapped(total - errors.length));
  }
  append(errors, notes);
  return errors;
}

/** Reads PEM text: its blocks and any OpenSSH public keys beside them, in file order. */
export async function readPemText(text: string, ctx: ReadContext): Promise<ReadOutcome> {
  const part = await readPemBlocks(text, 1, ctx);
  const out: ReadOutcome = { items: part.items, errors: joinPemErrors([part]) };
  // OpenSSH public keys beside the PEM blocks (an authorized_keys line or an RFC 4716 block in
  // a bundle) are items too, in file order. What does not read as a key there is text around
  // the blocks, which is ignored as all such text is (a comment may well say "ssh-rsa").
  if (SSH_LINE.test(text)) {
    const keys = await guarded('OpenSSH public key', async () => (await ssh()).readSshPublicText(text, ctx));
    if (keys && keys.items.length > 0) {
      const line = (i: Item) => i.source.line ?? Number.MAX_SAFE_INTEGER;
      out.items = [...out.items, ...keys.items].sort((a, b) => line(a) - line(b));
      if (part.blocks === 0) out.errors = out.errors.filter((e) => e.message !== NO_COMPLETE_BLOCK.message);
    }
  }
  return out;
}

/** Reads OpenSSH public key lines and RFC 4716 blocks; undefined when none is there. */
export async function readSshText(text: string, ctx: ReadContext): Promise<ReadOutcome | undefined> {
  return guarded('OpenSSH public key', async () => (await ssh()).readSshPublicText(text, ctx));
}

/**
 * The text `parseFile` reads as PEM blocks and nothing else, or undefined when it reads the
 * bytes another way or the text may also hold OpenSSH public keys (read from the whole text):
 * what the CLI pool may cut into parts (`parsePemPart`).
 */
export function pemTextOf(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0 || bytes.length > MAX_FILE_BYTES) return undefined;
  if (bytes[0] === 0x30 && !looksLikeText(bytes)) return undefined;
  const text = decodeText(bytes);
  if (SSH_TOKENS.some((t) => text.includes(t.text))) return undefined;
  // A manifest whose values hold PEM text is read by the Kubernetes reader, as a whole.
  if (looksLikeKubernetes(text)) return undefined;
  return hasPemArmour(text) ? text : undefined;
}

/**
 * Where `pemTextOf`'s text starts in `bytes` (after the byte-order marks its decoding drops), or
 * undefined when `pemTextOf` gives none — without decoding the bytes. `utf8` says whether the
 * bytes are valid UTF-8 (a caller may know that faster than TextDecoder).
 */
export function pemTextStart(bytes: Uint8Array, utf8: boolean): number | undefined {
  if (bytes.length === 0 || bytes.length > MAX_FILE_BYTES) return undefined;
  if (bytes[0] === 0x30 && !looksLikeText(bytes)) return undefined;
  let start = 0;
  // TextDecoder drops one leading BOM, decodeText a second; Latin-1 text has no U+FEFF.
  for (let k = 0; utf8 && k < 2 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf; k++) start += 3;
  if (hasSshTokenBytes(bytes, start)) return undefined;
  if (looksLikeKubernetes(latin1Decode(bytes.subarray(start, start + 65536)))) return undefined;
  return hasPemArmourBytes(bytes, start) ? start : undefined;
}

/** Sets an item's index and adds the lint findings to a reader's own (a lint failure must not lose the item). */
function finishItem(item: Item, index: number, now: Date): void {
  item.source.index = index;
  try {
    const found = lintItem(item, now);
    item.findings = item.findings.length ? item.findings.concat(found) : found;
  } catch {
    // keep what the reader found
  }
}

function finishItems(items: Item[], now: Date): void {
  items.forEach((item, index) => finishItem(item, index, now));
}

export async function parseFile(input: ParseInput, opts: ParseOptions = {}): Promise<ParseResult> {
  const now = opts.now ?? new Date();
  // One work budget for the whole file: every block's key derivations draw from it.
  const budget = new WorkBudget();
  if (opts.onKeyDerivation) budget.onKdf = opts.onKeyDerivation;
  const ctx: ReadContext = { passwords: input.passwords ?? [], now, budget };
  let out: ReadOutcome;
  try {
    out = capOutcome(await readAny(input.bytes, ctx));
  } catch (e) {
    out = { items: [], errors: [{ code: 'der_invalid', message: 'The file could not be read.', detail: message(e) }] };
  }
  finishItems(out.items, now);
  return { name: input.name, items: out.items, errors: out.errors };
}

/**
 * Reads one part of a big PEM text (from `pemTextOf`), cut at the start of a BEGIN line, whose
 * first line is line `firstLine` of the file. Items are linted and indexed from 0 within the
 * part; the parts' items in order, re-indexed, and `joinPemErrors` of the parts equal what
 * `parseFile` gives for the whole text. Never throws.
 *
 * `budget` is the file's work budget: parts read one after another in one thread share one, as
 * `parseFile` does for the whole file (a worker thread's part has its own).
 *
 * With `onItem`, each finished item is handed over as soon as it is read and `items` stays
 * empty: a caller that renders and drops items keeps few objects alive, so the young-generation
 * collector has little to copy.
 */
export async function parsePemPart(
  text: string,
  firstLine: number,
  passwords: string[] = [],
  opts: ParseOptions = {},
  onItem?: (item: Item) => void,
  budget: WorkBudget = new WorkBudget(),
): Promise<PemChunkOutcome> {
  const now = opts.now ?? new Date();
  let index = 0;
  const sink = onItem && ((item: Item) => {
    finishItem(item, index++, now);
    onItem(item);
  });
  let out: PemChunkOutcome;
  try {
    out = await readPemBlocks(text, firstLine, { passwords, now, budget }, sink);
  } catch (e) {
    out = { items: [], splitProblems: [], blockErrors: [{ code: 'der_invalid', message: 'The file could not be read.', detail: message(e) }], blocks: 0 };
  }
  finishItems(out.items, now);
  return out;
}
