/**
 * The filter box matches everything the window shows about an item: names, subject and
 * issuer, every subjectAltName entry, serial and fingerprints (with or without colons), key
 * type, container and location, finding codes, and the words of its badges ("secret",
 * "locked", "expired", "in date", "chain valid"...). Every word typed must start a word there.
 */
import type { GeneralName, Item } from '../../../core/types.js';
import { CONTAINER_NAMES } from '../../../core/containers.js';
import type { Row } from './model.js';
import { KIND_LABEL, itemExpiry, keySummary, summary } from './format.js';
import { FORMAT_WORDS } from './words.js';

function sans(item: Item): GeneralName[] {
  if (!('extensions' in item)) return [];
  const out: GeneralName[] = [];
  for (const e of item.extensions) if (e.data?.type === 'subjectAltName') out.push(...e.data.names);
  return out;
}

/** What never changes about a row, lowercased: made once per row, when a filter is typed. */
function staticText(row: Row): string {
  const i = row.item;
  const parts: string[] = [row.file.name, row.file.path ?? '', KIND_LABEL[i.kind], i.kind, summary(i), i.label, FORMAT_WORDS[i.format] ?? '', i.format, i.sha256];
  parts.push(i.sensitivity === 'private' ? 'private secret' : 'public');
  if (i.encrypted) parts.push('locked encrypted password');
  if (i.container) parts.push(i.container, CONTAINER_NAMES[i.container]);
  if (i.location) parts.push(i.location);
  if (i.friendlyName) parts.push(i.friendlyName);
  if ('subject' in i) parts.push(i.subject.text, ...i.subject.attributes.map((a) => a.value));
  if ('issuer' in i) parts.push(i.issuer.text, ...i.issuer.attributes.map((a) => a.value));
  for (const n of sans(i)) parts.push(n.value, `${n.type}:${n.value}`);
  if (i.kind === 'certificate') parts.push(i.serial, i.sha1, i.selfIssued ? 'self-signed self-issued' : '');
  if (i.kind === 'crl') parts.push(...i.revoked.slice(0, 10_000).map((r) => r.serial));
  const key = 'publicKey' in i ? i.publicKey : undefined;
  if (key) parts.push(keySummary(key), key.algorithm, key.spkiSha256, key.curve ?? '', key.bits ? `${key.bits} bits ${key.bits}-bit` : '');
  else if ('algorithm' in i && i.algorithm) parts.push(keySummary(i as { algorithm?: string; bits?: number; curve?: string }), i.algorithm);
  if ('comment' in i && i.comment) parts.push(i.comment);
  for (const f of i.findings) parts.push(f.code, f.severity === 'info' ? 'note' : f.severity);
  if (i.findings.some((f) => f.severity !== 'info')) parts.push('findings problem');
  return parts.join('\n').toLowerCase();
}

const cache = new WeakMap<Row, string>();

/** Everything a row shows, lowercased; `dynamic` holds the words that change (expiry, trust). */
export function rowText(row: Row, dynamic: string): string {
  let text = cache.get(row);
  if (text === undefined) cache.set(row, (text = staticText(row)));
  const exp = itemExpiry(row.item);
  return `${text}\n${exp ? `${exp.text} ${exp.state === 'valid' ? 'valid' : exp.state === 'expiring' ? 'expiring' : exp.state === 'not-yet' ? 'not yet started' : 'expired'}` : ''}\n${dynamic}`.toLowerCase();
}

/**
 * The words of a query. A word of hex pairs with colons (a fingerprint copied from another
 * tool) also matches the same hex without them, as fingerprints are stored.
 */
export function queryWords(query: string): string[] {
  return query
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (/^[0-9a-f]{2}(?::[0-9a-f]{2})+:?$/.test(w) ? w.replace(/:/g, '') : w));
}

/**
 * Whether every word starts a word of `text` (so "valid" finds "chain valid" but not "chain
 * invalid", and "example" finds "www.example.test").
 */
export function matches(text: string, words: readonly string[]): boolean {
  for (const w of words) {
    let at = text.indexOf(w);
    while (at > 0 && /[\p{L}\p{N}]/u.test(text[at - 1]!)) at = text.indexOf(w, at + 1);
    if (at < 0) return false;
  }
  return true;
}
