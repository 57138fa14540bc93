/** Reading the files named on the command line, with failures as values, not exceptions. */
import type { Item, ParseOptions, ParseResult } from '../core/types.js';
import { parseFile } from '../core/parse.js';
import { visibleText } from '../core/visible-text.js';
import { displayName, readInput, type ReadFailureCode } from './input.js';
import { canPrompt, promptPassword } from './password.js';

export { displayName, readInput, type ReadFailureCode, type ReadResult } from './input.js';

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
export async function loadFile(path: string, passwords: string[], now?: Date, onKeyDerivation?: ParseOptions['onKeyDerivation']): Promise<LoadResult> {
  const read = readInput(path);
  if (!read.ok) return read;
  const parse = (pws: string[]) => parseFile({ name: displayName(path), bytes: read.bytes, passwords: pws }, { ...(now ? { now } : {}), ...(onKeyDerivation ? { onKeyDerivation } : {}) });
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
