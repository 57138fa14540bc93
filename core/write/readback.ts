/**
 * Every written file is read back with our own parser before anyone gets it: the items it yields
 * must be exactly the ones the writer meant to write, private keys must open with the password
 * they were written with, and a file that holds private material must be marked private. A
 * mismatch is a bug in a writer, and nothing is written.
 */
import { parseFile } from '../parse.js';
import type { Item } from '../types.js';
import { WriteError, type OutputFile } from './types.js';

/**
 * What a written item must read back as: a private key or public key by its public key (a key
 * may change encoding, never key), anything else by its DER. A certificate whose key alone is
 * written (an authorized_keys line, a JWK) is expected as `public-key:`.
 */
export function identity(item: Item, as: 'item' | 'public-key' = 'item'): string {
  if (as === 'public-key' || item.kind === 'public-key') {
    const pub = item.kind === 'certificate' || item.kind === 'certificate-request' || item.kind === 'public-key' || item.kind === 'private-key' ? item.publicKey : undefined;
    return `public-key:${pub?.spkiSha256 ?? '?'}`;
  }
  if (item.kind === 'private-key') return `private-key:${item.publicKey?.spkiSha256 ?? '?'}`;
  return `${item.kind}:${item.sha256}`;
}

const sorted = (xs: string[]) => [...xs].sort();

/** Reads `file` back and compares it with `expected` (identities, in any order); throws WriteError `readback` on a mismatch. */
export async function checkReadBack(file: OutputFile, expected: string[], password: string | undefined): Promise<void> {
  const back = await parseFile({ name: file.name, bytes: file.bytes, passwords: password !== undefined ? [password] : [] });
  const fail = (why: string): never => {
    throw new WriteError('readback', `The ${file.name} just made does not read back as written (${why}); nothing was written. This is a bug in PEM Inspector.`);
  };
  if (back.errors.length) fail(back.errors.map((e) => `${e.code}: ${e.message}`).join('; '));
  const locked = back.items.find((i) => i.encrypted);
  if (locked) fail(`${locked.label} does not open with the password it was written with`);
  const got = back.items.map((i) => identity(i));
  if (JSON.stringify(sorted(got)) !== JSON.stringify(sorted(expected))) fail(`expected ${expected.length} item(s), read ${got.length}, or different ones`);
  if (back.items.some((i) => i.sensitivity === 'private') && file.sensitivity !== 'private') fail('it holds private material but was marked public');
}
