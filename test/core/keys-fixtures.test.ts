// Every key, encrypted key, PKCS#12 and SSH fixture, read through parseFile and compared with
// the manifest the fixture script wrote from OpenSSL/ssh-keygen, and with OpenSSL's SPKI hashes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../core/parse.js';
import type { Item } from '../../core/types.js';
import type { ManifestEntry as Entry, ManifestItem as WantItem } from '../cli/helpers.js';

const ROOT = process.env.PEM_FIXTURES ?? new URL('../fixtures/', import.meta.url).pathname;


const manifest: { password: string; files: Entry[] } = JSON.parse(readFileSync(ROOT + 'manifest.json', 'utf8'));
const facts: { keys: Record<string, { spkiSha256: string }> } = JSON.parse(readFileSync(ROOT + 'openssl-facts.json', 'utf8'));
const entries = manifest.files.filter((e) => /^(keys|encrypted|pkcs12|ssh|public)\//.test(e.path));

function shape(i: Item): WantItem {
  const k = i as Item & { algorithm?: string; bits?: number; curve?: string; publicKey?: { algorithm: string; bits?: number; curve?: string } };
  const out: WantItem = { kind: i.kind, sensitivity: i.sensitivity, encrypted: i.encrypted };
  const algorithm = k.publicKey?.algorithm ?? k.algorithm;
  const bits = k.publicKey?.bits ?? k.bits;
  const curve = k.publicKey?.curve ?? k.curve;
  if (algorithm) out.algorithm = algorithm;
  if (bits !== undefined && ['RSA', 'RSA-PSS', 'DSA'].includes(algorithm ?? '')) out.bits = bits;
  if (curve) out.curve = curve;
  if (i.container) out.container = i.container;
  return out;
}

/** Compares only the fields the manifest states (a locked item may not know its algorithm). */
function expectItems(got: Item[], want: WantItem[]): void {
  expect(got.map(shape).map((g, n) => Object.fromEntries(Object.keys(want[n] ?? g).map((f) => [f, (g as never)[f]])))).toEqual(want);
}

async function read(path: string, passwords?: string[]) {
  return parseFile({ name: path, bytes: new Uint8Array(readFileSync(ROOT + 'files/' + path)), ...(passwords ? { passwords } : {}) });
}

describe('key fixtures', () => {
  it('has the fixture families this suite covers', () => {
    for (const dir of ['keys/', 'encrypted/', 'pkcs12/', 'ssh/', 'public/']) expect(entries.some((e) => e.path.startsWith(dir))).toBe(true);
  });

  it.each(entries.map((e) => [e.path, e] as const))('%s without a password', async (_p, e) => {
    const r = await read(e.path);
    expect(r.errors.map((x) => x.code)).toEqual(e.error ? [e.error] : []);
    expectItems(r.items, e.items);
    const spki = facts.keys[e.path]?.spkiSha256;
    const unlocked = r.items.filter((i) => !i.encrypted && (i.kind === 'private-key' || i.kind === 'public-key'));
    if (spki && unlocked.length === 1) {
      const k = unlocked[0] as Item & { publicKey?: { spkiSha256: string } };
      expect(k.publicKey?.spkiSha256).toBe(spki);
    }
    for (const i of r.items) if (i.kind === 'private-key' && !i.encrypted) expect(i.der[0]).toBe(0x30);
  });

  const locked = entries.filter((e) => e.password && e.itemsWithPassword);
  it.each(locked.map((e) => [e.path, e] as const))('%s with the password', async (_p, e) => {
    const r = await read(e.path, ['not-it', e.password!]);
    expect(r.errors).toEqual([]);
    expectItems(r.items, e.itemsWithPassword!);
    const keys = r.items.filter((i) => i.kind === 'private-key') as (Item & { publicKey?: { spkiSha256: string } })[];
    expect(keys.length).toBe(e.itemsWithPassword!.filter((i) => i.kind === 'private-key').length);
    if (keys.length === 0) return;
    const spki = facts.keys[e.path]?.spkiSha256;
    if (spki) expect(keys[0]!.publicKey?.spkiSha256).toBe(spki);
    if (e.path.startsWith('pkcs12/')) {
      // The key belongs to the first certificate (the leaf), and the bags say so too.
      const leaf = r.items.find((i) => i.kind === 'certificate') as Item & { publicKey: { spkiSha256: string } };
      expect(keys[0]!.publicKey?.spkiSha256).toBe(leaf.publicKey.spkiSha256);
      expect(keys[0]!.localKeyId).toBeDefined();
      expect(keys[0]!.localKeyId).toBe(leaf.localKeyId);
    }
  });

  it.each(locked.map((e) => [e.path, e] as const))('%s with a wrong password', async (_p, e) => {
    const r = await read(e.path, ['wrong-password']);
    expect(r.errors.map((x) => x.code)).toEqual(['password_wrong']);
    expectItems(r.items, e.items);
    expect(r.items.every((i) => i.encrypted)).toBe(true);
  });
});
