// The per-file work budget (core/budget.ts) and the readers that honour it: key-derivation time
// shared by every block of a file, caps on items, problems and derived public keys, and the
// reproducers in test/fuzz/crashers/ that showed each was missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { FILE_LIMITS, WorkBudget, capOutcome } from '../../core/budget.js';
import { toBase64, utf8Encode } from '../../core/bytes.js';
import { LIMITS } from '../../core/crypto/errors.js';
import { bcryptPbkdf, pkcs12Kdf } from '../../core/crypto/kdf.js';
import { rawToPkcs8 } from '../../core/keys/pkcs8.js';
import { readKeyPem } from '../../core/keys/read.js';
import { readSshPublicText } from '../../core/keys/ssh-public.js';
import { OID } from '../../core/oids.js';
import { parseFile } from '../../core/parse.js';
import { splitPem } from '../../core/pem.js';
import type { Item, Problem } from '../../core/types.js';
import { timed, within } from '../wall-clock.js';

/** Time on a quiet machine, at least (CPU time measured with PEM_TIMING_REPORT=1, rounded up); bounds are ten times it (test/wall-clock.ts). */
const QUIET_MS = { keyLines: 500 /* measured ~200 */, refusedKdf: 50 /* measured under 10 */, x448x1000: 500 /* measured ~190 */ };

const CRASHERS = new URL('../fuzz/crashers/', import.meta.url).pathname;
const PASSWORD = 'test-password';
const ctx = () => ({ passwords: [], now: new Date() });



const parse = (bytes: Uint8Array, passwords: string[] = []) => parseFile({ name: 'x', bytes, passwords });
const crasher = (name: string) => new Uint8Array(readFileSync(CRASHERS + name));

describe('WorkBudget', () => {
  it('always admits the first key derivation, then only what fits', () => {
    const b = new WorkBudget(100);
    expect(() => b.admitKdf(5_000, 'a big one')).not.toThrow();
    b.chargeKdf(5_000);
    expect(() => b.admitKdf(1, 'a tiny one')).toThrow(/more key-derivation work than allowed: a tiny one/);
    const fresh = new WorkBudget(100);
    fresh.chargeKdf(60);
    expect(() => fresh.admitKdf(40, 'x')).not.toThrow();
    expect(() => fresh.admitKdf(41, 'x')).toThrow(/more key-derivation work than allowed/);
  });

  it('repeats of one derivation are computed once and charged once', async () => {
    const b = new WorkBudget();
    const salt = new Uint8Array(8).fill(1);
    const a = await pkcs12Kdf('SHA-1', new Uint8Array(2), salt, 3, 2048, 20, b);
    const again = await pkcs12Kdf('SHA-1', new Uint8Array(2), salt, 3, 2048, 20, b);
    expect(again).toEqual(a);
    expect(b.kdfRuns).toBe(1);
    // Another password at the same derivation (the two empty-password encodings differ) is
    // computed, but the file's budget is charged for what the file asks, once (issue 11).
    const other = await pkcs12Kdf('SHA-1', new Uint8Array(0), salt, 3, 2048, 20, b);
    expect(other).not.toEqual(a);
    expect(b.kdfRuns).toBe(1);
    // Another salt is another derivation the file asks for: charged.
    await pkcs12Kdf('SHA-1', new Uint8Array(2), new Uint8Array(8).fill(2), 3, 2048, 20, b);
    expect(b.kdfRuns).toBe(2);
  });

  it('refuses bcrypt above the per-derivation limit, naming the rounds and the limit', async () => {
    await expect(bcryptPbkdf(utf8Encode('pw'), new Uint8Array(16), 300, 48)).rejects.toThrow(`300 bcrypt KDF rounds, above the limit of ${LIMITS.bcryptRounds}`);
  });

  it('admits a fixed number of public-key derivations, then reports one problem', () => {
    const b = new WorkBudget();
    for (let i = 0; i < FILE_LIMITS.derivedKeys; i++) expect(b.admitDerivation()).toBe(true);
    const first = b.admitDerivation();
    expect(first).toMatchObject({ code: 'limit_exceeded' });
    expect(b.admitDerivation()).toBe(false);
  });
});

describe('capOutcome', () => {
  const item = { kind: 'public-key' } as Item;
  const problem = (n: number): Problem => ({ code: 'der_invalid', message: `p${n}` });
  it.each([
    { name: 'under both caps', items: 3, errors: 2, wantItems: 3, want: ['der_invalid', 'der_invalid'] },
    { name: 'too many items', items: FILE_LIMITS.items + 5, errors: 0, wantItems: FILE_LIMITS.items, want: ['limit_exceeded'] },
    { name: 'too many problems', items: 1, errors: 150, wantItems: 1, want: [...Array(FILE_LIMITS.errors).fill('der_invalid'), 'limit_exceeded'] },
  ])('$name', ({ items, errors, wantItems, want }) => {
    const out = capOutcome({ items: Array(items).fill(item), errors: Array.from({ length: errors }, (_, i) => problem(i)) });
    expect(out.items.length).toBe(wantItems);
    expect(out.errors.map((e) => e.code)).toEqual(want);
    // Applying it again changes nothing: readers and parse.ts may both apply it.
    expect(capOutcome(out)).toEqual(out);
  });
  it('says how many problems were left out', () => {
    const out = capOutcome({ items: [], errors: Array.from({ length: 150 }, (_, i) => problem(i)) });
    expect(out.errors.at(-1)?.message).toMatch(/more than 100 problems in one file; 50 more were not listed/);
  });
});

describe('OpenSSH public key text', () => {
  it('an RFC 4716 header holding U+2028 is a header, not a crash (masked-ssh2-header-u2028.pub)', async () => {
    const r = readSshPublicText(new TextDecoder().decode(crasher('masked-ssh2-header-u2028.pub')), ctx());
    expect(r?.errors.map((e) => e.code)).toEqual(['der_invalid']);
    expect(r?.errors[0]?.message).not.toMatch(/Cannot read|null/);
    const parsed = await parse(crasher('masked-ssh2-header-u2028.pub'));
    expect(parsed.errors.every((e) => e.detail === undefined)).toBe(true);
  });

  it('keeps a header value with U+2028 as the comment of a good key', () => {
    const blob = 'AAAAC3NzaC1lZDI1NTE5AAAAIDu0byPC0wKaHT2n15oj5QzxpKdTk86z1EHPISw/mvCB';
    const text = `---- BEGIN SSH2 PUBLIC KEY ----\nComment: "a\u2028b"\n${blob}\n---- END SSH2 PUBLIC KEY ----\n`;
    const r = readSshPublicText(text, ctx());
    expect(r?.errors).toEqual([]);
    expect(r?.items.map((i) => [i.kind, (i as { comment?: string }).comment])).toEqual([['public-key', 'a\u2028b']]);
  });

  it('a line in the header area that is not a header is body, reported as bad base64', () => {
    const text = '---- BEGIN SSH2 PUBLIC KEY ----\nnot a: header\nAAAA\n---- END SSH2 PUBLIC KEY ----\n';
    expect(readSshPublicText(text, ctx())?.errors.map((e) => e.code)).toEqual(['base64_invalid']);
  });

  it('300,000 broken key lines stop after the cap on problems, within the time limit', async () => {
    const { ms, r } = await timed(() => parse(utf8Encode('ssh-ed25519 AAAA x\n'.repeat(300_000))), '300,000 key lines');
    expect(ms).toBeLessThan(within(QUIET_MS.keyLines));
    expect(r.errors.length).toBe(FILE_LIMITS.errors + 1);
    expect(r.errors.at(-1)).toMatchObject({ code: 'limit_exceeded', message: expect.stringMatching(/more than 100 problems/) });
  });

  it('stops at 10,000 keys with one problem saying the rest were not read', async () => {
    const line = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDu0byPC0wKaHT2n15oj5QzxpKdTk86z1EHPISw/mvCB k\n';
    const r = await parse(utf8Encode(line.repeat(FILE_LIMITS.items + 3)));
    expect(r.items.length).toBe(FILE_LIMITS.items);
    expect(r.errors).toEqual([{ code: 'limit_exceeded', message: `more than ${FILE_LIMITS.items.toLocaleString('en-US')} items in one file; the rest were not read` }]);
    const exact = await parse(utf8Encode(line.repeat(20)));
    expect([exact.items.length, exact.errors]).toEqual([20, []]);
  });
});

describe('key-derivation work per file', () => {
  // Wall time depends on the machine's load; the work done does not. One shared budget over the
  // file's blocks, as parseFile shares one, shows how many derivations ran.
  async function readBlocks(text: string, passwords: string[]) {
    const c = { passwords, now: new Date(), budget: new WorkBudget() };
    const out = { items: [] as Item[], errors: [] as Problem[] };
    for (const block of splitPem(text).blocks) {
      const r = await readKeyPem(block, c);
      out.items.push(...r.items);
      out.errors.push(...r.errors);
    }
    return { ...out, budget: c.budget };
  }

  it('ten copies of one encrypted OpenSSH key derive its key once (slow-openssh-encrypted-x10)', async () => {
    const r = await readBlocks(new TextDecoder().decode(crasher('slow-openssh-encrypted-x10')), [PASSWORD]);
    expect(r.errors).toEqual([]);
    expect(r.items.map((i) => [i.kind, i.encrypted])).toEqual(Array(10).fill(['private-key', false]));
    expect(r.budget.kdfRuns).toBe(1);
    // And through parseFile, which must give the same answer.
    const parsed = await parse(crasher('slow-openssh-encrypted-x10'), [PASSWORD]);
    expect([parsed.errors, parsed.items.filter((i) => !i.encrypted).length]).toEqual([[], 10]);
  });

  it('ten different encrypted OpenSSH keys: the first ones open, the rest stay locked with limit_exceeded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'budget-ssh-'));
    let text = '';
    for (let i = 0; i < 10; i++) {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSWORD, '-C', `k${i}`, '-f', join(dir, `k${i}`)]);
      text += readFileSync(join(dir, `k${i}`), 'utf8');
    }
    // A wrong password first: the file's budget counts each key's derivation once, however many passwords.
    const r = await readBlocks(text, ['not-it', PASSWORD]);
    expect(r.budget.kdfMs).toBeLessThanOrEqual(FILE_LIMITS.kdfMs);
    expect(r.budget.kdfRuns).toBeGreaterThanOrEqual(2);
    const parsed = await parse(utf8Encode(text), ['not-it', PASSWORD]);
    expect(parsed.items.length).toBe(10);
    expect(parsed.errors).toEqual(r.errors);
    const open = r.items.filter((i) => i.kind === 'private-key' && !i.encrypted).length;
    const locked = r.items.filter((i) => i.kind === 'private-key' && i.encrypted).length;
    expect(open).toBeGreaterThanOrEqual(1);
    expect(open + locked).toBe(10);
    expect(locked).toBeGreaterThan(0);
    expect(r.errors.length).toBe(locked);
    for (const e of r.errors) expect(e).toMatchObject({ code: 'limit_exceeded', message: expect.stringMatching(/more key-derivation work than allowed/) });
  });

  it.each([
    ['slow-scrypt-N-2p20.key', /scrypt parameters N=1048576/],
    ['slow-pkcs8-pbe-sha1-3des-1000000.key', /1,000,000 is above the limit of 100,000/],
    ['slow-pkcs12-mac-iterations-1000000.p12', /MAC iteration count 1,000,000 is above the limit of 100,000/],
    ['slow-pkcs12-nomac-iterations-1048576.p12', /1,048,576 is above the limit/],
  ])('%s is refused at once, its item kept locked', async (name, message) => {
    for (const passwords of [[], [PASSWORD]]) {
      const { ms, r } = await timed(() => parse(crasher(name), passwords), name);
      expect(ms).toBeLessThan(within(QUIET_MS.refusedKdf));
      expect(r.errors).toEqual([{ code: 'limit_exceeded', message: expect.stringMatching(message) }]);
      expect(r.items.length).toBeGreaterThan(0);
      expect(r.items.every((i) => i.encrypted && i.sensitivity === 'private')).toBe(true);
    }
  });
});

describe('OpenSSH bcrypt rounds: what a password given for the file may cost', () => {
  it('slow-openssh-bcrypt-rounds-100 (ssh-keygen -a 100) is tried with a given password, listed locked without one', async () => {
    const locked = await parse(crasher('slow-openssh-bcrypt-rounds-100'));
    expect(locked.errors).toEqual([]);
    expect(locked.items.every((i) => i.encrypted)).toBe(true);
    // Its rounds were rewritten from 16 to 100: the derived key is not the one it was made
    // with, so the given password is wrong after the whole derivation ran.
    const tried = await parse(crasher('slow-openssh-bcrypt-rounds-100'), [PASSWORD]);
    expect(tried.errors.map((e) => e.code)).toEqual(['password_wrong']);
  });

  it(`refuses more than ${LIMITS.bcryptRounds} rounds (about ${LIMITS.explicitKdfMs / 1000} s a try) before any work, password or not`, async () => {
    const text = readFileSync(CRASHERS + 'slow-openssh-bcrypt-rounds-100', 'utf8');
    const [block] = splitPem(text).blocks;
    const der = block!.der.slice();
    // kdfoptions = string salt, uint32 rounds: the rounds are the 4 bytes before the key count.
    const at = Buffer.from(der).indexOf(Buffer.from([0, 0, 0, 100, 0, 0, 0, 1]));
    expect(at).toBeGreaterThan(0);
    der.set([0, 0, 0, LIMITS.bcryptRounds + 1], at);
    const pemText = `-----BEGIN OPENSSH PRIVATE KEY-----\n${toBase64(der)}\n-----END OPENSSH PRIVATE KEY-----\n`;
    for (const passwords of [[], [PASSWORD]]) {
      const { ms, r } = await timed(() => parse(utf8Encode(pemText), passwords));
      // Refused before any KDF work: well under 50 ms on a quiet machine (PEM_TIMING_REPORT=1).
      expect(ms).toBeLessThan(within(50));
      expect(r.errors).toEqual([{ code: 'limit_exceeded', message: expect.stringMatching(`asks for ${LIMITS.bcryptRounds + 1} bcrypt KDF rounds, above the limit of ${LIMITS.bcryptRounds}`) }]);
    }
  });
});

describe('public keys derived from private keys', () => {
  const block = (sk: Uint8Array) => `-----BEGIN PRIVATE KEY-----\n${toBase64(rawToPkcs8(OID.x25519, sk))}\n-----END PRIVATE KEY-----\n`;
  it(`computes at most ${FILE_LIMITS.derivedKeys} per file; the rest are listed without, under one problem`, async () => {
    const n = FILE_LIMITS.derivedKeys + 20;
    const text = Array.from({ length: n }, (_, i) => block(x25519.utils.randomSecretKey())).join('');
    const r = await parse(utf8Encode(text));
    expect(r.items.length).toBe(n);
    const keys = r.items as (Item & { publicKey?: unknown; algorithm?: string })[];
    expect(keys.filter((k) => k.publicKey).length).toBe(FILE_LIMITS.derivedKeys);
    expect(keys.every((k) => k.algorithm === 'X25519')).toBe(true);
    expect(r.errors).toEqual([{ code: 'limit_exceeded', message: expect.stringMatching(/more than 256 private keys in one file need their public key computed/) }]);
  });

  it('1,000 copies of one X448 key parse within the time limit, its public half computed once (slow-x448-keys-x1000.pem)', async () => {
    const { ms, r } = await timed(() => parse(crasher('slow-x448-keys-x1000.pem')), 'x448 x1000');
    expect(ms).toBeLessThan(within(QUIET_MS.x448x1000));
    expect(r.items.length).toBe(1000);
    // Copies share one derivation, so none is left without its public half and the cap is not reached.
    const keys = r.items as (Item & { publicKey?: { spkiSha256: string } })[];
    expect(new Set(keys.map((k) => k.publicKey?.spkiSha256)).size).toBe(1);
    expect(keys.every((k) => k.publicKey)).toBe(true);
    expect(r.errors).toEqual([]);
  });
});
