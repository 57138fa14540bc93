/**
 * The parsing Worker's store (renderer/src/lib/file-store.ts) over real parsed fixtures:
 * Clear and forget overwrite private bytes with zeros and hold nothing afterwards, reads begun
 * before a Clear cannot store anything after it, and passwords are never remembered.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../core/parse.js';
import type { Item, ParseResult } from '../../core/types.js';
import { FileStore, wipeItems } from '../../renderer/src/lib/file-store.js';

const FILES = path.resolve(import.meta.dirname, '../fixtures/files');
const { password: PASSWORD } = JSON.parse(readFileSync(path.resolve(FILES, '../manifest.json'), 'utf8')) as { password: string };

const ENCRYPTED_KEY = 'encrypted/pkcs8-aes256-cbc.key';
const PLAIN_KEY = 'keys/server-ec.key';
const CERT = 'certs/server-rsa.crt';
const PKCS12 = 'pkcs12/client-ec.pfx';

function read(rel: string, passwords: string[] = []): Promise<ParseResult> {
  return parseFile({ name: path.basename(rel), bytes: new Uint8Array(readFileSync(path.join(FILES, rel))), passwords });
}

/** The key's PKCS#8 DER as OpenSSL decrypts it: what an unlocked key holds. */
function opensslPkcs8(rel: string): Uint8Array {
  return new Uint8Array(execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER', '-in', path.join(FILES, rel), '-passin', `pass:${PASSWORD}`]));
}

const isZero = (b: Uint8Array) => b.length > 0 && b.every((x) => x === 0);
const ders = (r: ParseResult, sensitivity: Item['sensitivity']) => r.items.filter((i) => i.sensitivity === sensitivity).map((i) => i.der);

describe('FileStore', () => {
  it('Clear overwrites every private item with zeros, leaves public bytes alone and holds nothing', async () => {
    const store = new FileStore();
    const unlocked = await read(ENCRYPTED_KEY, [PASSWORD]);
    const plain = await read(PLAIN_KEY);
    const cert = await read(CERT);
    const p12 = await read(PKCS12); // locked: one private container item
    // The store really holds the decrypted key: the same bytes OpenSSL decrypts.
    const key = unlocked.items[0]!;
    expect(key).toMatchObject({ kind: 'private-key', encrypted: false });
    expect(Buffer.from(key.der).equals(Buffer.from(opensslPkcs8(ENCRYPTED_KEY)))).toBe(true);
    expect(p12.items.map((i) => [i.kind, i.encrypted])).toEqual([['pkcs12', true]]);

    for (const [id, r] of [['a', unlocked], ['b', plain], ['c', cert], ['d', p12]] as const) expect(store.add(id, r, store.epoch)).toBe(true);
    expect(store.counts()).toEqual({ files: 4, items: 4, privateItems: 3, openPrivateItems: 2 });

    const secret = [unlocked, plain, p12].flatMap((r) => ders(r, 'private'));
    const publicDer = ders(cert, 'public');
    const publicCopy = publicDer.map((d) => d.slice());
    expect(secret).toHaveLength(3);
    for (const d of secret) expect(isZero(d)).toBe(false);

    const before = store.epoch;
    store.clear();
    expect(store.epoch).not.toBe(before);
    for (const d of secret) expect(isZero(d)).toBe(true);
    expect(publicDer).toEqual(publicCopy);
    expect(store.counts()).toEqual({ files: 0, items: 0, privateItems: 0, openPrivateItems: 0 });
    expect([...store]).toEqual([]);
    expect(store.get('a')).toBeUndefined();
  });

  it('a read begun before a Clear is wiped and not stored after it', async () => {
    const store = new FileStore();
    const epoch = store.epoch;
    const late = await read(ENCRYPTED_KEY, [PASSWORD]);
    store.clear();
    expect(store.add('late', late, epoch)).toBe(false);
    expect(isZero(late.items[0]!.der)).toBe(true);
    expect(store.counts().files).toBe(0);
    // A read begun after the Clear is kept.
    expect(store.add('next', await read(CERT), store.epoch)).toBe(true);
    expect(store.counts().files).toBe(1);
  });

  it('unlocking replaces and wipes the locked read; a file forgotten meanwhile is not brought back', async () => {
    const store = new FileStore();
    const locked = await read(ENCRYPTED_KEY);
    expect(locked.items[0]).toMatchObject({ kind: 'private-key', encrypted: true });
    store.add('k', locked, store.epoch);
    const unlocked = await read(ENCRYPTED_KEY, [PASSWORD]);
    expect(store.replace('k', unlocked)).toBe(true);
    expect(isZero(locked.items[0]!.der)).toBe(true);
    expect(store.counts()).toMatchObject({ files: 1, openPrivateItems: 1 });

    store.forget(['k']);
    expect(isZero(unlocked.items[0]!.der)).toBe(true);
    const again = await read(ENCRYPTED_KEY, [PASSWORD]);
    expect(store.replace('k', again)).toBe(false);
    expect(isZero(again.items[0]!.der)).toBe(true);
    expect(store.counts()).toEqual({ files: 0, items: 0, privateItems: 0, openPrivateItems: 0 });
  });

  it('forgetting one file leaves the others whole', async () => {
    const store = new FileStore();
    const a = await read(PLAIN_KEY);
    const b = await read(ENCRYPTED_KEY, [PASSWORD]);
    store.add('a', a, store.epoch);
    store.add('b', b, store.epoch);
    const bCopy = b.items[0]!.der.slice();
    store.forget(['a']);
    expect(isZero(a.items[0]!.der)).toBe(true);
    expect(b.items[0]!.der).toEqual(bCopy);
    expect(store.get('b')).toBe(b);
    expect(store.counts()).toEqual({ files: 1, items: 1, privateItems: 1, openPrivateItems: 1 });
  });

  it('remembers no password: the same bytes read again without one are locked', async () => {
    const store = new FileStore();
    store.add('k', await read(ENCRYPTED_KEY, [PASSWORD]), store.epoch);
    store.clear();
    store.add('k2', await read(ENCRYPTED_KEY), store.epoch);
    expect(store.get('k2')!.items.map((i) => i.encrypted)).toEqual([true]);
    expect(store.counts()).toEqual({ files: 1, items: 1, privateItems: 1, openPrivateItems: 0 });
  });

  it('wipeItems zeroes private items only', async () => {
    const [cert, key] = [await read(CERT), await read(PLAIN_KEY)];
    const certCopy = cert.items[0]!.der.slice();
    wipeItems([...cert.items, ...key.items]);
    expect(cert.items[0]!.der).toEqual(certCopy);
    expect(isZero(key.items[0]!.der)).toBe(true);
  });
});
