/**
 * The core's file entry point: bytes in, items and problems out. Never throws, whatever the
 * bytes: every failure becomes a Problem with a code and a sentence.
 */
import { latin1Decode, utf8Decode } from './bytes.js';
import type { Origin, ReadContext, ReadOutcome } from './context.js';
import { readRoot } from './der.js';
import { WorkBudget, capOutcome, capReached } from './budget.js';
import { lintItem } from './lint.js';
import { hasPemArmour, hasPemArmourBytes, splitPem, type PemBlock } from './pem.js';
import type { Item, ParseInput, ParseOptions, ParseResult, Problem } from './types.js';
import { isX509Label, readX509Pem, readX509Der } from './x509/index.js';

/**
 * Key readers load on first use: they pull in the legacy ciphers, the KDFs and the curve
 * arithmetic (hundreds of kilobytes), which a file of certificates never needs, and which
 * every CLI pool worker and the UI's Worker would otherwise load before reading anything.
 */
let keyReaders: Promise<typeof import('./keys/read.js')> | undefined;
let sshReaders: Promise<typeof import('./keys/ssh-public.js')> | undefined;
const keys = () => (keyReaders ??= import('./keys/read.js'));
const ssh = () => (sshReaders ??= import('./keys/ssh-public.js'));
// keyfmt: JWK/JWKS and PuTTY readers, loaded on first use like the key readers above.
let jwkReader: Promise<typeof import('./keys/jwk.js')> | undefined;
let ppkReader: Promise<typeof import('./keys/putty.js')> | undefined;
const jwk = () => (jwkReader ??= import('./keys/jwk.js'));
const ppk = () => (ppkReader ??= import('./keys/putty.js'));

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

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
const SSH_LINE = new RegExp(`(?:^|[ \\t])(${SSH_STARTS.join('|')})`, 'm');
/** The same starts as plain substrings (each holds a '-', which base64 never does). */
const SSH_TOKENS = SSH_STARTS.map((t) => ({ bytes: [...t].map((c) => c.charCodeAt(0)), dash: t.indexOf('-'), text: t }));

/** Whether any SSH_TOKENS substring is in `bytes` from `from`: found by its '-', rare in PEM text. */
function hasSshTokenBytes(bytes: Uint8Array, from: number): boolean {
  for (let p = bytes.indexOf(45, from); p !== -1; p = bytes.indexOf(45, p + 1)) {
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

const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or an Office document)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF program' },
  { bytes: [0x4d, 0x5a], what: 'a Windows program' },
];

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32)) odd++;
  }
  return odd <= n / 100;
}

function describeUnknown(bytes: Uint8Array): string {
  for (const m of MAGIC) {
    if (m.bytes.every((b, i) => bytes[i] === b)) return `This is ${m.what}, not a certificate or key.`;
  }
  if (looksLikeText(bytes)) return 'This text contains no PEM block (-----BEGIN ...-----) and no OpenSSH public key.';
  return 'These bytes are neither PEM text nor DER (ASN.1): not a certificate or key file we know.';
}

function decodeText(bytes: Uint8Array): string {
  const text = utf8Decode(bytes, true) ?? latin1Decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Runs a reader, turning a thrown error (a reader bug) into a Problem instead of a crash. */
async function guarded(what: string, run: () => Promise<ReadOutcome | undefined> | ReadOutcome | undefined): Promise<ReadOutcome | undefined> {
  try {
    return await run();
  } catch (e) {
    return { items: [], errors: [{ code: 'der_invalid', message: `The ${what} could not be read.`, detail: message(e) }] };
  }
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
  splitProblems: Problem[];
  blockErrors: Problem[];
  blocks: number;
}

/** Reads every block of a PEM text; with `sink`, items go there one by one instead of into `items`. */
async function readPemBlocks(text: string, firstLine: number, ctx: ReadContext, sink?: (item: Item) => void): Promise<PemChunkOutcome> {
  const { blocks, problems } = splitPem(text, firstLine);
  const out: PemChunkOutcome = { items: [], splitProblems: problems, blockErrors: [], blocks: blocks.length };
  let count = 0;
  for (const block of blocks) {
    // Only the item cap stops reading early: it falls at the same item however the CLI splits a
    // big file into parts, so pooled and single-threaded output stay identical. The error cap
    // is applied to the whole file at the end (capOutcome); a bad block costs microseconds.
    const stop = capReached(count, 0);
    if (stop) {
      out.blockErrors.push(stop);
      break;
    }
    const r = await readBlock(block, ctx);
    count += r.items.length;
    if (sink) for (const item of r.items) sink(item);
    else out.items.push(...r.items);
    out.blockErrors.push(...r.errors);
  }
  return out;
}

const NO_COMPLETE_BLOCK: Problem = { code: 'unknown_format', message: 'This text has a BEGIN line but no complete PEM block (-----BEGIN X----- ... -----END X-----).' };

/**
 * The file-level error list of PEM text read in parts (in order): every split problem, then
 * every block error, as `parseFile` reports them.
 */
export function joinPemErrors(parts: readonly Pick<PemChunkOutcome, 'splitProblems' | 'blockErrors' | 'blocks'>[]): Problem[] {
  const errors: Problem[] = [];
  for (const p of parts) errors.push(...p.splitProblems);
  for (const p of parts) errors.push(...p.blockErrors);
  if (errors.length === 0 && parts.every((p) => p.blocks === 0)) errors.push({ ...NO_COMPLETE_BLOCK });
  return errors;
}

async function readPemText(text: string, ctx: ReadContext): Promise<ReadOutcome> {
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

async function readDer(bytes: Uint8Array, ctx: ReadContext): Promise<ReadOutcome> {
  const x509 = await guarded('file', () => readX509Der(bytes, { encoding: 'der' }));
  if (x509) return x509;
  const key = await guarded('file', async () => (await keys()).readKeyDer(bytes, ctx));
  if (key) return key;
  try {
    readRoot(bytes);
  } catch (e) {
    return { items: [], errors: [{ code: 'der_invalid', message: 'This binary file is not valid DER (ASN.1): it may be truncated or damaged.', detail: message(e) }] };
  }
  return { items: [], errors: [{ code: 'unknown_format', message: 'This is valid ASN.1 but not a certificate, key or container we know.' }] };
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
  return hasPemArmourBytes(bytes, start) ? start : undefined;
}

async function readAny(bytes: Uint8Array, ctx: ReadContext): Promise<ReadOutcome> {
  if (bytes.length === 0) return { items: [], errors: [{ code: 'empty', message: 'The file is empty.' }] };
  if (bytes.length > MAX_FILE_BYTES) {
    return { items: [], errors: [{ code: 'too_large', message: `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; certificate and key files are far smaller.` }] };
  }
  // DER never starts with a printable character other than '0' (SEQUENCE), so text is safe to try first.
  if (bytes[0] !== 0x30 || looksLikeText(bytes)) {
    const text = decodeText(bytes);
    // ---- keyfmt: two content-sniffed branches until the reader list lands (the lead moves them there).
    if (text.startsWith('PuTTY-User-Key-File-')) return (await guarded('PuTTY key', async () => (await ppk()).readPpk(bytes, ctx)))!;
    if (/^\s*\{/.test(text.slice(0, 256))) {
      const found = await guarded('JWK', async () => ((await jwk()).looksLikeJwk(text) ? (await jwk()).readJwkText(text, ctx) : undefined));
      if (found) return found;
    }
    // ---- end keyfmt
    if (hasPemArmour(text)) return readPemText(text, ctx);
    if (SSH_LINE.test(text)) {
      const found = await guarded('OpenSSH public key', async () => (await ssh()).readSshPublicText(text, ctx));
      if (found) return found;
    }
  }
  if (bytes[0] === 0x30) return readDer(bytes, ctx);
  return { items: [], errors: [{ code: 'unknown_format', message: describeUnknown(bytes) }] };
}

/** Sets an item's index and findings (a lint failure must not lose the item). */
function finishItem(item: Item, index: number, now: Date): void {
  item.source.index = index;
  try {
    // Findings a reader made (a JWK whose key differs from its certificate's) come first.
    item.findings = [...(item.findings ?? []), ...lintItem(item, now)];
  } catch {
    item.findings = [];
  }
}

function finishItems(items: Item[], now: Date): void {
  items.forEach((item, index) => finishItem(item, index, now));
}

export async function parseFile(input: ParseInput, opts: ParseOptions = {}): Promise<ParseResult> {
  const now = opts.now ?? new Date();
  // One work budget for the whole file: every block's key derivations draw from it.
  const ctx: ReadContext = { passwords: input.passwords ?? [], now, budget: new WorkBudget() };
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
 * With `onItem`, each finished item is handed over as soon as it is read and `items` stays
 * empty: a caller that renders and drops items keeps few objects alive, so the young-generation
 * collector has little to copy.
 */
export async function parsePemPart(text: string, firstLine: number, passwords: string[] = [], opts: ParseOptions = {}, onItem?: (item: Item) => void): Promise<PemChunkOutcome> {
  const now = opts.now ?? new Date();
  let index = 0;
  const sink = onItem && ((item: Item) => {
    finishItem(item, index++, now);
    onItem(item);
  });
  let out: PemChunkOutcome;
  try {
    out = await readPemBlocks(text, firstLine, { passwords, now, budget: new WorkBudget() }, sink);
  } catch (e) {
    out = { items: [], splitProblems: [], blockErrors: [{ code: 'der_invalid', message: 'The file could not be read.', detail: message(e) }], blocks: 0 };
  }
  finishItems(out.items, now);
  return out;
}
