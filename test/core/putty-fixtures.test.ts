// Every PuTTY fixture (made by puttygen, see test/fixtures/keyfmt/make-keyfmt.py), read through
// parseFile and compared with the manifest: kind, sensitivity, key facts, comment, and the SPKI
// and PKCS#8 SHA-256 that OpenSSL computes of the key it came from; wrong passphrases; damaged
// files; a PEM key beside the .ppk of the same key.
import { within } from '../wall-clock.js';
import { describe, expect, it } from 'vitest';
import { findPairs } from '../../core/pairs.js';
import { parseFile } from '../../core/parse.js';
import type { PrivateKeyItem } from '../../core/types.js';
import { bytesOf, expectErrors, expectItems, manifest, read } from './jwk-putty-helpers.js';

const entries = manifest.files.filter((e) => e.path.startsWith('ppk/'));
const PW = manifest.password;

describe('PuTTY fixtures', () => {
  it('cover every key type, both versions, every Argon2 kind and the damaged cases', () => {
    const paths = entries.map((e) => e.path).join(' ');
    for (const want of ['rsa-2048', 'dsa-2048', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'ed25519', 'ed448']) {
      for (const v of ['v2', 'v2-aes', 'v3', 'v3-argon2id']) expect(paths).toContain(`ppk/${want}.${v}.ppk`);
    }
    for (const want of ['argon2i', 'argon2d', 'parallel4', 'default-argon2id', 'broken/bad-mac', 'broken/truncated', 'broken/bad-base64']) expect(paths).toContain(want);
  });

  it.each(entries.map((e) => [e.path, e] as const))('%s without a password', async (_p, e) => {
    const r = await read(e.path);
    expectErrors(r, e.errors);
    expectItems(r.items, e.items);
  });

  const locked = entries.filter((e) => e.password);
  it.each(locked.map((e) => [e.path, e] as const))('%s with the passphrase', async (_p, e) => {
    const r = await read(e.path, [e.password!]);
    expectErrors(r, e.errorsWithPassword);
    expectItems(r.items, e.itemsWithPassword!);
  });

  // Two wrong passphrases cost two derivations: the cheap fixtures' (8 MiB, one pass) fit in one
  // file's budget; the default one's second try does not (core/budget.ts) and is tried alone below.
  const unlockable = locked.filter((e) => !e.errorsWithPassword && e.path !== 'ppk/default-argon2id.ppk');
  it.each(unlockable.map((e) => [e.path, e] as const))('%s with wrong passphrases is password_wrong, listed locked', async (_p, e) => {
    const r = await read(e.path, ['wrong one', 'Test-password']);
    expect(r.errors.map((x) => x.code)).toEqual(['password_wrong']);
    expect(r.errors[0]!.message).toMatch(/None of the 2 given passwords unlocks this PuTTY key/);
    expectItems(r.items, e.items);
  });

  it('a default PuTTYgen v3 key with a wrong passphrase is password_wrong', async () => {
    const r = await read('ppk/default-argon2id.ppk', ['wrong one']);
    expect(r.errors.map((x) => [x.code, x.message])).toEqual([['password_wrong', 'The given password does not unlock this PuTTY key (or the file was altered: its MAC does not match)']]);
    expect(r.items.map((i) => [i.kind, i.encrypted])).toEqual([['private-key', true]]);
  });

  it('tries every given passphrase and unlocks with the right one', async () => {
    const r = await read('ppk/ed448.v3-argon2id.ppk', ['a', 'b', PW]);
    expect(r.errors).toEqual([]);
    expect(r.items[0]!.encrypted).toBe(false);
  });

  it('describes the encryption and keeps the comment', async () => {
    const [v3] = (await read('ppk/ed25519.v3-argon2i.ppk', [PW])).items as PrivateKeyItem[];
    expect(v3!.encryption).toBe('PuTTY key v3, aes256-cbc, Argon2i (8,192 KiB, 1 pass, parallelism 1)');
    const [v2] = (await read('ppk/rsa-2048.v2-aes.ppk')).items as PrivateKeyItem[];
    expect(v2!.encryption).toMatch(/^PuTTY key v2, aes256-cbc, SHA-1 key derivation/);
    const [plain] = (await read('ppk/ecdsa-p384.v3.ppk')).items as PrivateKeyItem[];
    expect([plain!.encryption, plain!.comment]).toEqual([undefined, 'ecdsa-p384 made by puttygen']);
  });

  it('refuses hostile Argon2 costs before any work, saying so', async () => {
    const t0 = performance.now();
    const r = await read('ppk/broken/argon2-1gib.ppk', [PW]);
    // Refused before Argon2 runs: about 20 ms on a quiet machine; 1 GiB of Argon2 would take seconds.
    expect(performance.now() - t0).toBeLessThan(within(100));
    expect(r.errors[0]!.message).toMatch(/1,024 MiB of Argon2 memory, above the limit of 256 MiB: a hostile file/);
    const passes = await read('ppk/broken/argon2-passes-1000.ppk', [PW]);
    expect(passes.errors[0]!.message).toMatch(/8,192 KiB × 1,000 passes\) would take about 82 s/);
  });

  it('says what is wrong with a damaged file', async () => {
    expect((await read('ppk/broken/bad-mac.v3.ppk')).errors[0]!.message).toMatch(/MAC does not match its contents: the file was altered or damaged/);
    expect((await read('ppk/broken/truncated.ppk')).errors[0]!.message).toMatch(/ends before them/);
    expect((await read('ppk/broken/bad-mac-encrypted.ppk', [PW])).errors[0]!.message).toMatch(/or the file was altered/);
  });
});

describe('a PEM key beside a .ppk of the same key', () => {
  const keyNames = [...new Set(entries.map((e) => e.key).filter((k): k is string => !!k))];

  it.each(keyNames)('%s: same SPKI and the same PKCS#8 as OpenSSL\'s PEM; both pair with its public key', async (name) => {
    const k = manifest.keys[name]!;
    const ppk = entries.find((e) => e.key === name && !e.password)?.path ?? entries.find((e) => e.key === name)!.path;
    const files = [k.pem, ppk, k.pub];
    const items = [];
    for (const f of files) {
      const r = await parseFile({ name: f, bytes: bytesOf(f), passwords: [PW] });
      expect(r.errors).toEqual([]);
      items.push(...r.items);
    }
    const [pem, putty, pub] = items as [PrivateKeyItem, PrivateKeyItem, PrivateKeyItem];
    expect(putty.publicKey!.spkiSha256).toBe(k.spkiSha256);
    expect(pem.publicKey!.spkiSha256).toBe(k.spkiSha256);
    expect(putty.sha256).toBe(pem.sha256);
    const pairs = await findPairs(items);
    // The two private keys are one key (same PKCS#8), so findPairs does not pair them with each
    // other; each pairs with the public key, proved by signing where the algorithm signs.
    expect(pairs.map((p) => [p.privateIndex, p.publicIndex, p.result.verdict])).toEqual([[0, 2, 'match'], [1, 2, 'match']]);
    expect(pub.kind).toBe('public-key');
  });
});

describe('OpenSSH keys made with ssh-keygen -a 100 (explicit unlocks take what the file asks, up to 2 s a try)', () => {
  const ssh = manifest.files.filter((e) => e.path.startsWith('ssh/'));

  it('are in the fixtures', () => expect(ssh.map((e) => e.path)).toEqual(['ssh/ed25519-a100', 'ssh/rsa-3072-a100']));

  it.each(ssh.map((e) => [e.path, e] as const))('%s: locked without a password, no error', async (_p, e) => {
    const r = await read(e.path);
    expectErrors(r, e.errors);
    expectItems(r.items, e.items);
    expect((r.items[0] as PrivateKeyItem).encryption).toBe('OpenSSH aes256-ctr, bcrypt (100 rounds)');
  });

  it.each(ssh.map((e) => [e.path, e] as const))('%s: unlocks with its password, to OpenSSL\'s key', async (_p, e) => {
    const r = await read(e.path, [PW]);
    expectErrors(r, e.errorsWithPassword);
    expectItems(r.items, e.itemsWithPassword!);
  });
});
