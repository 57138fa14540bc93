/** Reading the files named on the command line, with failures as values, not exceptions. */
import { readFileSync, statSync } from 'node:fs';
import type { Item, ParseResult } from '../core/types.js';
import { MAX_FILE_BYTES, parseFile } from '../core/parse.js';
import { visibleText } from '../core/visible-text.js';
import { canPrompt, promptPassword } from './password.js';

/** Codes the CLI adds to the core's ErrorCode list: failures that happen before parsing. */
export type ReadFailureCode = 'unreadable' | 'too_large';

export type ReadResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; code: ReadFailureCode; message: string };

/** `-` is standard input. */
export function readInput(path: string): ReadResult {
  try {
    if (path !== '-') {
      const st = statSync(path);
      if (st.isDirectory()) return { ok: false, code: 'unreadable', message: `${path} is a directory, not a file.` };
      if (st.size > MAX_FILE_BYTES) {
        // The core's limit: a bigger file is refused before it is read into memory at all.
        return { ok: false, code: 'too_large', message: `${path} is ${st.size.toLocaleString('en-US')} bytes, larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit; certificate and key files are far smaller.` };
      }
    }
    const buf = readFileSync(path === '-' ? 0 : path);
    if (buf.length > MAX_FILE_BYTES) {
      return { ok: false, code: 'too_large', message: `${displayName(path)} is larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit; certificate and key files are far smaller.` };
    }
    return { ok: true, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.length) };
  } catch (e) {
    return { ok: false, code: 'unreadable', message: describeFsError(path, e) };
  }
}

export function displayName(path: string): string {
  return path === '-' ? '(stdin)' : path;
}

function describeFsError(path: string, e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  const name = displayName(path);
  switch (code) {
    case 'ENOENT':
      return `${name} does not exist.`;
    case 'EACCES':
    case 'EPERM':
      return `${name} cannot be read: permission denied.`;
    case 'EISDIR':
      return `${name} is a directory, not a file.`;
    default:
      return `${name} cannot be read: ${e instanceof Error ? e.message : String(e)}.`;
  }
}

export type LoadResult =
  | { ok: true; result: ParseResult }
  | { ok: false; code: ReadFailureCode; message: string };

/** Tries at the terminal before a locked file is left locked. */
const PROMPT_TRIES = 3;

const lockedCount = (r: ParseResult) => r.items.filter((i) => i.encrypted).length;

/**
 * Reads and parses one file. When something in it stays locked and a person is at the terminal
 * (password.ts), asks for its password, up to three times; a password that opens anything is
 * added to `passwords`, so the next files try it too. Every command that reads files comes
 * here, so each gets the question without asking for it.
 */
export async function loadFile(path: string, passwords: string[], now?: Date): Promise<LoadResult> {
  const read = readInput(path);
  if (!read.ok) return read;
  const parse = (pws: string[]) => parseFile({ name: displayName(path), bytes: read.bytes, passwords: pws }, now ? { now } : {});
  let result = await parse(passwords);
  let locked = lockedCount(result);
  if (locked === 0 || !canPrompt()) return { ok: true, result };
  const name = visibleText(displayName(path));
  let question = `${name} is encrypted. Password (Enter to skip): `;
  for (let attempt = 1; attempt <= PROMPT_TRIES && locked > 0; attempt++) {
    const typed = await promptPassword(question);
    if (typed === undefined || typed === '') break;
    // Keep what this try gives even when it opens nothing: its password_wrong is the true answer.
    result = await parse([...passwords, typed]);
    const left = lockedCount(result);
    if (left < locked) {
      passwords.push(typed);
      question = `${name} still holds something locked. Password (Enter to skip): `;
    } else {
      question = `That password does not unlock ${name}. Password (Enter to skip): `;
    }
    locked = left;
  }
  return { ok: true, result };
}

/** The subject-like text of an item, for sentences: `CN=www.example.test, O=...`. */
export function itemTitle(item: Item): string | undefined {
  switch (item.kind) {
    case 'certificate':
    case 'certificate-request':
      return item.subject.text || undefined;
    case 'crl':
      return item.issuer.text || undefined;
    default:
      return item.label || undefined;
  }
}

/** Noun phrase for an item kind, for sentences. */
export function kindNoun(item: Item): string {
  switch (item.kind) {
    case 'certificate':
      return 'certificate';
    case 'certificate-request':
      return 'certificate request';
    case 'crl':
      return 'CRL';
    case 'public-key':
      return 'public key';
    case 'private-key':
      return 'private key';
    case 'secret-key':
      return 'secret key';
    case 'pkcs12':
      return 'PKCS#12 container';
    case 'parameters':
      return 'key parameters';
  }
}
