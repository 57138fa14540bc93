/**
 * Choosing what a writer writes out of a pool of items (every item of every input, in order):
 * the one private key, the item `--item` names, the distinct public keys. Refusals are
 * WriteErrors whose sentence names the items the way a person finds them (`origins`).
 */
import { KIND_NOUNS } from '../containers.js';
import type { CertificateItem, Item, PrivateKeyItem, PublicKeyInfo, Sensitivity } from '../types.js';
import { checkReadBack } from './readback.js';
import { WriteError, type Acceptance, type OutputFile, type OutputFormat, type WriteOptions, type Writer } from './types.js';

/** How a person finds item `i`: the caller's words (`item 3 in server.p12`), or `item 3`. */
export function originOf(i: number, opts: WriteOptions): string {
  return opts.origins?.[i] ?? `item ${i + 1}`;
}

/** The subject-like text of an item: the CN or full subject, the key's summary. */
export function titleOf(item: Item): string {
  switch (item.kind) {
    case 'certificate':
    case 'certificate-request':
      return item.subject.text || item.label;
    case 'crl':
      return item.issuer.text || item.label;
    case 'pkcs12':
      return '';
    default:
      return item.label;
  }
}

export function nounOf(item: Item): string {
  return KIND_NOUNS[item.kind];
}

/** `certificate CN=www.example.test (item 1 in server.crt)`. */
export function describe(items: readonly Item[], i: number, opts: WriteOptions): string {
  const item = items[i]!;
  const title = titleOf(item);
  return `${nounOf(item)}${title ? ' ' + title : ''} (${originOf(i, opts)})`;
}

/** How many items a sentence names before it says "and N more". */
const NAMED = 6;

/** `a, b and c`; with `;` between parts that hold commas themselves (distinguished names); at most NAMED named. */
export function listOf(all: string[]): string {
  const parts = all.length > NAMED ? [...all.slice(0, NAMED - 1), `${all.length - NAMED + 1} more`] : all;
  if (parts.length <= 1) return parts.join('');
  const sep = parts.some((p) => p.includes(',')) ? '; ' : ', ';
  return `${parts.slice(0, -1).join(sep)} and ${parts[parts.length - 1]}`;
}

/** The sentence's first letter in capitals. */
export function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The public key an item holds or belongs to (a locked private key: unknown). */
export function publicKeyOf(item: Item): PublicKeyInfo | undefined {
  switch (item.kind) {
    case 'certificate':
    case 'certificate-request':
    case 'public-key':
    case 'private-key':
      return item.publicKey;
    default:
      return undefined;
  }
}

/**
 * A locked item (an encrypted key, a PKCS#12 without its password) could hold anything the
 * output should have had: writing without it would lose it silently, so every writer refuses.
 */
export function refuseLocked(items: readonly Item[], opts: WriteOptions): void {
  const locked = items.flatMap((it, i) => (it.encrypted ? [describe(items, i, opts)] : []));
  if (locked.length === 0) return;
  const what = locked.length === 1 ? `The ${locked[0]} is still encrypted` : `These are still encrypted: ${listOf(locked)}`;
  throw new WriteError('locked', `${what}: give its password, or leave it out.`);
}

/** The index `opts.item` names, checked; undefined when none was chosen. */
export function chosenIndex(items: readonly Item[], opts: WriteOptions): number | undefined {
  if (opts.item === undefined) return undefined;
  if (!Number.isInteger(opts.item) || opts.item < 0 || opts.item >= items.length) {
    const range = items.length === 1 ? 'there is only item 1' : `choose from 1 to ${items.length}`;
    throw new WriteError('invalid_option', `There is no item ${Number.isInteger(opts.item) ? opts.item + 1 : String(opts.item)}: ${range}.`);
  }
  return opts.item;
}

/** Indexes of the first occurrence of each distinct item (same DER, read from two files, counts once). */
export function distinctIndexes(items: readonly Item[], keep: (item: Item) => boolean = () => true): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  items.forEach((it, i) => {
    if (!keep(it)) return;
    // Two encodings of one private key (PEM and inside a PKCS#12) are one key.
    const id = it.kind === 'private-key' && it.publicKey ? `key:${it.publicKey.spkiSha256}` : `der:${it.sha256}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push(i);
  });
  return out;
}

/**
 * The one private key the output is about: the chosen item when it is one, else the only
 * distinct private key of the pool. `chosen` may name a certificate or public key instead: the
 * private key of that public key is then the one.
 */
export function pickPrivateKey(items: readonly Item[], opts: WriteOptions, formatName: string): { index: number; key: PrivateKeyItem } {
  const chosen = chosenIndex(items, opts);
  const keys = distinctIndexes(items, (it) => it.kind === 'private-key');
  if (chosen !== undefined) {
    const it = items[chosen]!;
    if (it.kind === 'private-key') return { index: chosen, key: it };
    const spki = publicKeyOf(it)?.spkiSha256;
    const match = keys.find((k) => spki !== undefined && publicKeyOf(items[k]!)?.spkiSha256 === spki);
    if (match === undefined) throw new WriteError('missing', `The ${describe(items, chosen, opts)} is not a private key, and no private key among the inputs belongs to it.`);
    return { index: match, key: items[match] as PrivateKeyItem };
  }
  if (keys.length === 0) throw new WriteError('missing', `${capitalized(formatName)} needs a private key, and the inputs hold none.`);
  if (keys.length > 1) {
    throw new WriteError('ambiguous', `The inputs hold ${keys.length} different private keys: ${listOf(keys.map((k) => describe(items, k, opts)))}; ${formatName} holds one: choose it by its item number.`);
  }
  return { index: keys[0]!, key: items[keys[0]!] as PrivateKeyItem };
}

/**
 * For formats that hold a private key or else a public one (OpenSSH, JWK): the private key when
 * the inputs have one (or the chosen item is one), otherwise the one distinct public key of the
 * public keys, certificates and requests. `what` names the public form: `an authorized_keys line`.
 */
export function pickKey(items: readonly Item[], opts: WriteOptions, formatName: string, what: string): { index: number; private: boolean; spki: Uint8Array } {
  const chosen = chosenIndex(items, opts);
  const hasKey = items.some((it) => it.kind === 'private-key');
  if ((chosen !== undefined && items[chosen]!.kind === 'private-key') || (chosen === undefined && hasKey)) {
    const { index } = pickPrivateKey(items, opts, formatName);
    return { index, private: true, spki: publicOfKey(items, index, opts).spki };
  }
  const withKey = chosen !== undefined ? [chosen] : distinctIndexes(items, (it) => publicKeyOf(it) !== undefined);
  const byKey = new Map<string, number>();
  for (const i of withKey) {
    const pub = publicKeyOf(items[i]!);
    if (pub && !byKey.has(pub.spkiSha256)) byKey.set(pub.spkiSha256, i);
  }
  if (byKey.size === 0) throw new WriteError('missing', `The inputs hold no key: ${formatName} needs a private key, or a public key or certificate for ${what}.`);
  const distinct = [...byKey.values()];
  if (distinct.length > 1) {
    throw new WriteError('ambiguous', `The inputs hold ${distinct.length} different public keys: ${listOf(distinct.map((i) => describe(items, i, opts)))}; ${what} holds one: choose it by its item number.`);
  }
  const index = distinct[0]!;
  return { index, private: false, spki: publicKeyOf(items[index]!)!.spki };
}

/** The public key of a private key item, which every writer here needs (for key IDs, public blobs, matching). */
export function publicOfKey(items: readonly Item[], index: number, opts: WriteOptions): PublicKeyInfo {
  const pub = publicKeyOf(items[index]!);
  if (!pub) throw new WriteError('unsupported', `The public half of the ${describe(items, index, opts)} is not known, so it cannot be written here.`);
  return pub;
}

/**
 * Checks the protection options against what the output holds: private material needs a
 * password or an explicit "no password"; a password on public output is a mistake worth a word.
 */
export function checkProtection(sensitivity: Sensitivity, opts: WriteOptions): void {
  if (opts.password !== undefined && opts.noPassword) throw new WriteError('invalid_option', 'Choose either a new password or no password, not both.');
  if (opts.password === '') throw new WriteError('invalid_option', 'The new password is empty: give a password, or choose to write without one.');
  if (sensitivity === 'private' && opts.password === undefined && !opts.noPassword) {
    throw new WriteError('password_choice', 'The output holds a private key: choose a new password to protect it, or choose explicitly to write it without one.');
  }
  if (sensitivity === 'public' && opts.password !== undefined) {
    throw new WriteError('invalid_option', 'The output holds no private key, so a new password has nothing to protect.');
  }
}

/** What a writer's planning step returns: enough to say yes or no, and what encoding needs. */
export interface Plan {
  sensitivity: Sensitivity;
  notes: string[];
  /** What the written file must read back as (readback.ts `identity` of each item written). */
  expected: string[];
}

/** A Writer from a planning step (pure, may throw WriteError) and an encoding step. */
export function makeWriter<P extends Plan>(
  format: OutputFormat,
  plan: (items: readonly Item[], opts: WriteOptions) => P | Promise<P>,
  encode: (plan: P, items: readonly Item[], opts: WriteOptions) => Promise<OutputFile[]>,
): Writer {
  const planned = async (items: readonly Item[], opts: WriteOptions): Promise<P> => {
    refuseLocked(items, opts);
    const p = await plan(items, opts);
    checkProtection(p.sensitivity, opts);
    return p;
  };
  return {
    format,
    async accepts(items, opts): Promise<Acceptance> {
      try {
        const p = await planned(items, opts);
        return { ok: true, notes: p.notes, sensitivity: p.sensitivity };
      } catch (e) {
        if (e instanceof WriteError) return { ok: false, code: e.code, message: e.message };
        throw e;
      }
    },
    async write(items, opts) {
      const p = await planned(items, opts);
      const files = await encode(p, items, opts);
      // Writers make one file; the check compares the plan with it.
      for (const f of files) await checkReadBack(f, p.expected, opts.password);
      return files;
    },
  };
}

/** Certificates of the pool, by index. */
export function certificateIndexes(items: readonly Item[]): number[] {
  return distinctIndexes(items, (it) => it.kind === 'certificate');
}

export function asCert(items: readonly Item[], i: number): CertificateItem {
  return items[i] as CertificateItem;
}
