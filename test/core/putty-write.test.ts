// core/keys/putty-write.ts: what we write, puttygen reads (its public-openssh line is the
// source key's, from ssh-keygen or OpenSSL), with and without a passphrase; our reader gives
// back the same PKCS#8; what PuTTY cannot hold is refused with a sentence.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatBytes, toBase64, utf8Encode } from '../../core/bytes.js';
import { children, readRoot, value } from '../../core/der.js';
import { PPK_DEFAULT_ARGON2, encodePpk, ppkRefusal } from '../../core/keys/putty-write.js';
import { parseFile } from '../../core/parse.js';
import { splitPem } from '../../core/pem.js';
import type { PrivateKeyItem } from '../../core/types.js';
import { KEYFMT, has, requireTool } from './jwk-putty-helpers.js';

const FILES = new URL('../fixtures/files/', import.meta.url).pathname;
const PW = 'test-password';
const CHEAP = { passes: 1 };

const pemDer = (path: string) => splitPem(readFileSync(path, 'utf8')).blocks[0]!.der;
/** PKCS#8 DER of keys made by OpenSSL (test/fixtures/files/keys) and by puttygen (keyfmt/pem). */
const SOURCES: [string, string][] = [
  ['rsa-2048 (openssl)', FILES + 'keys/rsa-2048.key'],
  ['dsa-2048 (openssl)', FILES + 'keys/dsa-2048.key'],
  ['ec-p256 (openssl)', FILES + 'keys/ec-p256.key'],
  ['ec-p384 (openssl)', FILES + 'keys/ec-p384.key'],
  ['ec-p521 (openssl)', FILES + 'keys/ec-p521.key'],
  ['ed25519 (openssl)', FILES + 'keys/ed25519.key'],
  ['ed448 (openssl)', FILES + 'keys/ed448.key'],
  ['rsa-3072 (openssl, via puttygen)', KEYFMT + 'pem/putty-openssl-rsa-3072.key'],
  ['ed448 (puttygen)', KEYFMT + 'pem/putty-ed448.key'],
];

const sshString = (b: Uint8Array) => concatBytes(Uint8Array.of(b.length >>> 24, (b.length >>> 16) & 255, (b.length >>> 8) & 255, b.length & 255), b);

/**
 * The OpenSSH public line of a PEM key, from the real tools: `ssh-keygen -y` (it reads OpenSSL's
 * RSA, DSA and EC keys); for EdDSA, which this ssh-keygen cannot load from PEM (and Ed448 not at
 * all), the blob made of the raw key OpenSSL prints (`openssl pkey -pubout -outform DER`).
 */
function referenceLine(pemPath: string, dir: string): string {
  const pem = readFileSync(pemPath, 'utf8');
  const spki = spawnSync('openssl', ['pkey', '-pubout', '-outform', 'DER'], { input: pem });
  expect(spki.status).toBe(0);
  const der = new Uint8Array(spki.stdout);
  const oid = Buffer.from(der.subarray(4, 9)).toString('hex');
  if (oid === '06032b6570' || oid === '06032b6571') {
    const type = oid === '06032b6570' ? 'ssh-ed25519' : 'ssh-ed448';
    const raw = value(children(readRoot(der))[1]!).subarray(1);
    return `${type} ${toBase64(concatBytes(sshString(utf8Encode(type)), sshString(raw)))}`;
  }
  const file = join(dir, 'src.pem');
  writeFileSync(file, pem, { mode: 0o600 });
  const r = spawnSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.trim().split(/\s+/).slice(0, 2).join(' ');
}

function puttygenLine(ppk: string, dir: string, passphrase?: string): { status: number | null; line: string; stderr: string } {
  const file = join(dir, 'key.ppk');
  writeFileSync(file, ppk);
  const args = [file, '-O', 'public-openssh'];
  if (passphrase !== undefined) {
    writeFileSync(join(dir, 'pw'), passphrase);
    args.push('--old-passphrase', join(dir, 'pw'));
  }
  const r = spawnSync('puttygen', args, { encoding: 'utf8' });
  return { status: r.status, line: r.stdout.trim().split(/\s+/).slice(0, 2).join(' '), stderr: r.stderr };
}

describe('encodePpk: our own reader reads it back', () => {
  it.each(SOURCES)('%s, unencrypted and encrypted', async (_n, path) => {
    const pkcs8 = pemDer(path);
    for (const passphrase of [undefined, PW]) {
      const text = await encodePpk(pkcs8, { comment: 'round trip ✓', passphrase, argon2: CHEAP });
      expect(text.split('\n')[1]).toBe(`Encryption: ${passphrase ? 'aes256-cbc' : 'none'}`);
      const r = await parseFile({ name: 'k.ppk', bytes: utf8Encode(text), passwords: passphrase ? [PW] : [] });
      expect(r.errors).toEqual([]);
      const k = r.items[0] as PrivateKeyItem;
      expect([k.kind, k.encrypted, k.container, k.comment]).toEqual(['private-key', false, 'ppk', 'round trip ✓']);
      expect(Buffer.from(k.der).equals(Buffer.from(pkcs8))).toBe(true);
      expect(k.findings.filter((f) => f.code.startsWith('ppk_'))).toEqual([]);
    }
  });

  it('uses PuTTYgen default costs unless told otherwise, and a fresh salt each time', async () => {
    const pkcs8 = pemDer(FILES + 'keys/ed25519.key');
    const a = await encodePpk(pkcs8, { passphrase: PW });
    expect(a).toMatch(/\nKey-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: 13\nArgon2-Parallelism: 1\nArgon2-Salt: [0-9a-f]{32}\n/);
    expect(PPK_DEFAULT_ARGON2).toEqual({ flavour: 'Argon2id', memoryKiB: 8192, passes: 13, parallelism: 1 });
    const b = await encodePpk(pkcs8, { passphrase: PW, argon2: CHEAP });
    const c = await encodePpk(pkcs8, { passphrase: PW, argon2: CHEAP });
    expect(b.match(/Argon2-Salt: (.*)/)![1]).not.toBe(c.match(/Argon2-Salt: (.*)/)![1]);
    expect(await encodePpk(pkcs8, { passphrase: '' })).toContain('Encryption: none');
  });

  it.each([
    ['x25519', FILES + 'keys/x25519.key', /key-agreement keys/],
    ['x448', FILES + 'keys/x448.key', /key-agreement keys/],
    ['brainpool', FILES + 'keys/ec-brainpoolP256r1.key', /P-256, P-384 and P-521 only/],
    ['rsa-pss', FILES + 'keys/rsa-pss-2048.key', /no RSA-PSS keys/],
    ['secp256k1', KEYFMT + 'pem/jwk-ec-secp256k1.key', /P-256, P-384 and P-521 only/],
  ])('refuses %s with a sentence', async (_n, path, why) => {
    const pkcs8 = pemDer(path);
    expect(ppkRefusal(pkcs8)).toMatch(why);
    await expect(encodePpk(pkcs8)).rejects.toThrow(/^Cannot write this key as a PuTTY key: /);
  });

  it('refuses a comment with a line break (it would end the header)', async () => {
    await expect(encodePpk(pemDer(FILES + 'keys/ed25519.key'), { comment: 'a\nPrivate-Lines: 0' })).rejects.toThrow(/one line/);
    expect(ppkRefusal(new Uint8Array([1, 2, 3]))).toMatch(/not a PKCS#8/);
  });
});

describe('encodePpk: puttygen reads what we write', () => {
  const ok = requireTool(has('puttygen', ['--version']) && has('ssh-keygen', ['-V']) && has('openssl', ['version']), 'puttygen, ssh-keygen or openssl');
  const dir = mkdtempSync(join(tmpdir(), 'ppk-write-'));

  it.runIf(ok).each(SOURCES)('%s: puttygen -O public-openssh equals the key\'s own line, with and without a passphrase', async (_n, path) => {
    const want = referenceLine(path, dir);
    const pkcs8 = pemDer(path);
    const plain = puttygenLine(await encodePpk(pkcs8, { comment: 'plain' }), dir);
    expect([plain.status, plain.stderr, plain.line]).toEqual([0, '', want]);
    const enc = await encodePpk(pkcs8, { comment: 'locked', passphrase: PW, argon2: CHEAP });
    const unlocked = puttygenLine(enc, dir, PW);
    expect([unlocked.status, unlocked.stderr, unlocked.line]).toEqual([0, '', want]);
    // The public line is in the clear, but the private part needs the passphrase: a wrong one fails.
    writeFileSync(join(dir, 'nopw'), 'not the passphrase');
    const wrong = spawnSync('puttygen', [join(dir, 'key.ppk'), '-O', 'private-openssh', '-o', join(dir, 'out'), '--old-passphrase', join(dir, 'nopw')], { encoding: 'utf8' });
    expect([wrong.status, wrong.stderr]).toEqual([1, expect.stringMatching(/wrong passphrase/i)]);
  });

  it.runIf(ok)('puttygen reads a key written with the default Argon2 costs', async () => {
    const path = FILES + 'keys/ec-p256.key';
    const got = puttygenLine(await encodePpk(pemDer(path), { passphrase: PW }), dir, PW);
    expect([got.status, got.line]).toEqual([0, referenceLine(path, dir)]);
  });
});
