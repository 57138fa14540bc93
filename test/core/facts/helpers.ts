/** Shared by the issue-11 "facts" tests: the files of test/fixtures/facts/ and what OpenSSL said about them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFile } from '../../../core/parse.js';
import type { Item, ParseResult } from '../../../core/types.js';

export const FACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'facts');
export const AT = new Date('2030-01-01T00:00:00Z');

export interface FactsManifest {
  serials: Record<string, string>;
  spkiSha256: Record<string, string>;
  passwords: { right: string; wrong: string[] };
}
export const manifest: FactsManifest = JSON.parse(readFileSync(path.join(FACTS, 'manifest.json'), 'utf8'));

export const factsPath = (p: string) => path.join(FACTS, p);
export const bytesOf = (p: string) => new Uint8Array(readFileSync(factsPath(p)));

export async function parseFacts(p: string, passwords: string[] = []): Promise<ParseResult> {
  return parseFile({ name: p, bytes: bytesOf(p), passwords }, { now: AT });
}

export async function itemsOf(p: string, passwords: string[] = []): Promise<Item[]> {
  const r = await parseFacts(p, passwords);
  if (!r.items.length) throw new Error(`nothing read from ${p}: ${JSON.stringify(r.errors)}`);
  return r.items;
}

export const codes = (item: Item) => item.findings.map((f) => f.code);
