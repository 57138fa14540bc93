/**
 * The readers, in the order a file is offered to them. `readAny` asks each reader in turn
 * whether the bytes look like its format (`sniff`: cheap, no parsing) and lets the first one
 * that says yes and does not decline (`read` returning undefined) read the file. A new format is
 * one more entry here; heavy readers load their code on first use (`import()`), so a file of
 * certificates never pulls in keystore, YAML or key-derivation code.
 *
 * Readers that find bytes inside a file (a keystore entry, a Secret's value, base64 text) read
 * them with `readNested`, which runs this same list one level deeper, bounded by `LIMITS_NESTING`.
 *
 * This module and parse.ts import each other: parse.ts loops over READERS, and the PEM and
 * OpenSSH readers below are parse.ts's own (kept there so that the CLI pool's fast paths share
 * them). Neither uses the other's bindings while it is being evaluated.
 */
import { latin1Decode, utf8Decode } from './bytes.js';
import type { Nesting, ReadContext, ReadOutcome, Wrapping } from './context.js';
import { readRoot } from './der.js';
import { hasPemArmour } from './pem.js';
import { MAX_FILE_BYTES, SSH_LINE, readPemText, readSshText } from './parse.js';
import type { Container, Item } from './types.js';
import { readX509Der } from './x509/index.js';

/** The bytes of one file (or of one value inside a file), with their text decoded once, on demand. */
export class ReadInput {
  private decoded: string | undefined | null = null;
  constructor(readonly bytes: Uint8Array) {}

  /**
   * The bytes as text (UTF-8, else Latin-1; leading byte-order marks dropped), or undefined when
   * they are binary. DER never starts with a printable character other than '0' (SEQUENCE), so
   * anything else is safe to try as text.
   */
  get text(): string | undefined {
    if (this.decoded === null) {
      const b = this.bytes;
      this.decoded = b[0] !== 0x30 || looksLikeText(b) ? decodeText(b) : undefined;
    }
    return this.decoded;
  }
}

export interface Reader {
  /** Names the reader in errors ("could not be read as ..."). */
  name: string;
  /** Whether the bytes look like this format: a cheap test of magic bytes or a text shape. */
  sniff(input: ReadInput, ctx: ReadContext): boolean;
  /** Reads the file; undefined declines it (it was not this format after all) and the next reader is asked. */
  read(input: ReadInput, ctx: ReadContext): Promise<ReadOutcome | undefined> | ReadOutcome | undefined;
}

let keyReaders: Promise<typeof import('./keys/read.js')> | undefined;
const keys = () => (keyReaders ??= import('./keys/read.js'));

export const READERS: readonly Reader[] = [
  {
    name: 'a Java keystore (JKS or JCEKS)',
    sniff: (i) => isKeystoreMagic(i.bytes),
    read: async (i, ctx) => (await import('./jks/read.js')).readKeystore(i.bytes, ctx),
  },
  {
    name: 'UTF-16 text',
    sniff: (i, ctx) => canUnwrap(ctx, 'charset') && isUtf16(i.bytes),
    read: async (i, ctx) => (await import('./wrapped.js')).readUtf16(i.bytes, ctx),
  },
  {
    name: 'a Kubernetes manifest or kubeconfig',
    sniff: (i) => i.text !== undefined && looksLikeKubernetes(i.text),
    read: async (i, ctx) => (await import('./kubernetes/read.js')).readKubernetes(i.text!, ctx),
  },
  {
    name: 'PEM text',
    sniff: (i) => i.text !== undefined && hasPemArmour(i.text),
    read: (i, ctx) => readPemText(i.text!, ctx),
  },
  {
    name: 'a PuTTY private key',
    sniff: (i) => i.text !== undefined && i.text.startsWith('PuTTY-User-Key-File-'),
    read: async (i, ctx) => (await import('./keys/putty.js')).readPpk(i.bytes, ctx),
  },
  {
    // Only JSON whose top level is a JWK (`kty`) or a JWK Set (`keys`): other JSON declines.
    name: 'a JWK or JWK Set',
    sniff: (i) => i.text !== undefined && /^\s*\{/.test(i.text.slice(0, 256)),
    read: async (i, ctx) => {
      const jwk = await import('./keys/jwk.js');
      return jwk.looksLikeJwk(i.text!) ? jwk.readJwkText(i.text!, ctx) : undefined;
    },
  },
  {
    name: 'OpenSSH public keys',
    sniff: (i) => i.text !== undefined && SSH_LINE.test(i.text),
    read: (i, ctx) => readSshText(i.text!, ctx),
  },
  {
    name: 'base64 text',
    sniff: (i, ctx) => canUnwrap(ctx, 'base64') && i.text !== undefined && looksLikeBase64(i.text),
    read: async (i, ctx) => (await import('./wrapped.js')).readBase64(i.text!, ctx),
  },
  {
    name: 'DER',
    sniff: (i) => i.bytes[0] === 0x30,
    read: (i, ctx) => readDer(i.bytes, ctx),
  },
];

/** Reads one file's bytes with the first reader that takes them. Never throws. */
export async function readAny(bytes: Uint8Array, ctx: ReadContext): Promise<ReadOutcome> {
  if (bytes.length === 0) return { items: [], errors: [{ code: 'empty', message: ctx.nesting ? 'The value is empty.' : 'The file is empty.' }] };
  if (bytes.length > MAX_FILE_BYTES) {
    return { items: [], errors: [{ code: 'too_large', message: `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; certificate and key files are far smaller.` }] };
  }
  const input = new ReadInput(bytes);
  for (const reader of READERS) {
    if (!reader.sniff(input, ctx)) continue;
    const out = await guarded(`file as ${reader.name}`, () => reader.read(input, ctx));
    if (out) return out;
  }
  return { items: [], errors: [{ code: 'unknown_format', message: describeUnknown(bytes) }] };
}

/** Nesting bounds: containers and wrappings inside one another, each wrapping undone once. */
export const LIMITS_NESTING = { depth: 3 } as const;

export interface NestedRead {
  /** Where the bytes were, in words; prefixed to the `location` of every item read from them. */
  location?: string;
  /** The container the bytes came out of: set on items that have none of their own. */
  container?: Container;
  /** The wrapping being undone (each is undone once per path). */
  unwrapping?: Wrapping;
}

/**
 * Reads bytes found inside a file through the same list, one level deeper. Items get the
 * location (prefixed to any of their own) and container; certificates' format names the
 * container as for PKCS#12. Refuses to go deeper than LIMITS_NESTING with `limit_exceeded`.
 */
export async function readNested(bytes: Uint8Array, ctx: ReadContext, how: NestedRead): Promise<ReadOutcome> {
  const outer: Nesting = ctx.nesting ?? { depth: 0, unwrapped: [] };
  if (outer.depth >= LIMITS_NESTING.depth) {
    const where = how.location ? ` (${how.location})` : '';
    return { items: [], errors: [{ code: 'limit_exceeded', message: `Containers are nested more than ${LIMITS_NESTING.depth} deep here${where}; the inner value was not read.` }] };
  }
  const nesting: Nesting = { depth: outer.depth + 1, unwrapped: how.unwrapping ? [...outer.unwrapped, how.unwrapping] : outer.unwrapped };
  const out = await readAny(bytes, { ...ctx, nesting });
  for (const item of out.items) placeItem(item, how);
  return out;
}

function placeItem(item: Item, how: NestedRead): void {
  if (how.location) item.location = item.location ? `${how.location} > ${item.location}` : how.location;
  if (how.container && !item.container) {
    item.container = how.container;
    if (item.format === 'pem' || item.format === 'der') item.format = how.container;
  }
}

function canUnwrap(ctx: ReadContext, w: Wrapping): boolean {
  return !ctx.nesting?.unwrapped.includes(w);
}

export function isKeystoreMagic(b: Uint8Array): boolean {
  return b.length >= 4 && ((b[0] === 0xfe && b[1] === 0xed && b[2] === 0xfe && b[3] === 0xed) || (b[0] === 0xce && b[1] === 0xce && b[2] === 0xce && b[3] === 0xce));
}

/** A UTF-16 byte-order mark (PowerShell's `Out-File` default, Windows "Unicode" text). */
function isUtf16(b: Uint8Array): boolean {
  return b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
}

/**
 * A YAML or JSON document with the keys a Secret, ConfigMap, List or kubeconfig has: `kind` and
 * `apiVersion`, or a kubeconfig's `clusters`/`users` (kubeadm's files have no `kind` line first).
 */
const KUBE_KEYS = /^[ \t{]*(?:"?apiVersion"?[ \t]*:|"?kind"?[ \t]*:[ \t]*"?(?:Secret|ConfigMap|List|Config)\b|"?(?:clusters|users)"?[ \t]*:)/m;
const JSON_KUBE_KEYS = /"(?:apiVersion|kind|clusters|users)"\s*:/;
export function looksLikeKubernetes(text: string): boolean {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  return KUBE_KEYS.test(head) || (/^\s*\{/.test(head) && JSON_KUBE_KEYS.test(head));
}

/** Only base64 characters (either alphabet) and white space, long enough to hold a key or certificate. */
function looksLikeBase64(text: string): boolean {
  const head = text.length > 4096 ? text.slice(0, 4096) : text;
  return /^\s*[A-Za-z0-9+/_-]{16}/.test(head) && /^[A-Za-z0-9+/_=\s-]*$/.test(head);
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

export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32)) odd++;
  }
  return odd <= n / 100;
}

export function decodeText(bytes: Uint8Array): string {
  const text = utf8Decode(bytes, true) ?? latin1Decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeUnknown(bytes: Uint8Array): string {
  for (const m of MAGIC) {
    if (m.bytes.every((b, i) => bytes[i] === b)) return `This is ${m.what}, not a certificate or key.`;
  }
  if (looksLikeText(bytes)) return 'This text contains no PEM block (-----BEGIN ...-----) and no OpenSSH public key.';
  return 'These bytes are neither PEM text nor DER (ASN.1): not a certificate or key file we know.';
}

/** Runs a reader, turning a thrown error (a reader bug) into a Problem instead of a crash. */
export async function guarded(what: string, run: () => Promise<ReadOutcome | undefined> | ReadOutcome | undefined): Promise<ReadOutcome | undefined> {
  try {
    return await run();
  } catch (e) {
    return { items: [], errors: [{ code: 'der_invalid', message: `The ${what} could not be read.`, detail: message(e) }] };
  }
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

