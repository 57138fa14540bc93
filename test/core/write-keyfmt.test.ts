/**
 * `ppk` and `jwk` round trips: puttygen reads the .ppk we write and finds the same public key
 * (with the new passphrase when there is one); python's cryptography builds a key from the JWK
 * numbers and it is the key OpenSSL made.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { utf8Decode } from '../../core/bytes.js';
import { writerFor, type OutputFormat, type WriteOptions } from '../../core/write/index.js';
import type { Item } from '../../core/types.js';
import { fixture, itemsOf, JWK_CHECK, ok, SETS, sshPublic, tempDir, tool, writeTemp, type FixtureSet } from './write-helpers.js';

const NEW_PW = 'ppk pass';
const TOOLS = 240_000;

async function write(format: OutputFormat, items: Item[], opts: Partial<WriteOptions>) {
  const files = await writerFor(format)!.write(items, { fileName: `out.${format}`, ...opts });
  expect(files).toHaveLength(1);
  return files[0]!;
}

/** The OpenSSH-style public line (type and blob) of a fixture key: ssh-keygen's, or for Ed448 (which OpenSSH lacks) built from OpenSSL's raw public key. */
function referenceLine(set: FixtureSet): string {
  if (set.algorithm !== 'ed448') return sshPublic(fixture(set, 'leaf.openssh'));
  const raw = readRaw(fixture(set, 'leaf.key'));
  const type = Buffer.from('ssh-ed448');
  const blob = Buffer.concat([u32(type.length), type, u32(raw.length), raw]);
  return `ssh-ed448 ${blob.toString('base64')}`;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** The raw Ed448 public key OpenSSL derives (the last 57 octets of its SPKI DER). */
function readRaw(keyFile: string): Buffer {
  const dir = tempDir();
  ok('openssl', ['pkey', '-in', keyFile, '-pubout', '-outform', 'DER', '-out', `${dir}/pub.der`]);
  const der = readFileSync(`${dir}/pub.der`);
  return der.subarray(der.length - 57);
}

describe.each(SETS)('$algorithm', (set) => {
  it('ppk: puttygen finds the same public key, with and without the new passphrase', async () => {
    const items = await itemsOf([fixture(set, 'leaf.p12')]);
    const want = referenceLine(set);
    const dir = tempDir();
    const clear = writeTemp(dir, 'clear.ppk', (await write('ppk', items, { noPassword: true, name: 'putty user' })).bytes);
    expect(readFileSync(clear, 'utf8')).toMatch(/^PuTTY-User-Key-File-3: .*\nEncryption: none\nComment: putty user\n/);
    expect(ok('puttygen', [clear, '-O', 'public-openssh']).trim().split(' ').slice(0, 2).join(' ')).toBe(want);
    const enc = writeTemp(dir, 'enc.ppk', (await write('ppk', items, { password: NEW_PW })).bytes);
    expect(readFileSync(enc, 'utf8')).toMatch(/Encryption: aes256-cbc\n[\s\S]*Key-Derivation: Argon2id\n/);
    const pass = writeTemp(dir, 'pass', NEW_PW);
    expect(ok('puttygen', [enc, '--old-passphrase', pass, '-O', 'public-openssh']).trim().split(' ').slice(0, 2).join(' ')).toBe(want);
    // The public half is readable without the passphrase; the private half is not.
    const wrong = writeTemp(dir, 'wrong', 'wrong');
    expect(tool('puttygen', [enc, '--old-passphrase', wrong, '-O', 'private-openssh-new', '-o', `${dir}/x`]).status).not.toBe(0);
  }, TOOLS);

  it('jwk: python cryptography loads the numbers and gets the key OpenSSL made; the public JWK of the certificate matches', async () => {
    const priv = await write('jwk', await itemsOf([fixture(set, 'leaf.enc.key')]), { noPassword: true });
    expect(priv.sensitivity).toBe('private');
    const pub = await write('jwk', await itemsOf([fixture(set, 'leaf.crt')]), {});
    expect(pub.sensitivity).toBe('public');
    const dir = tempDir();
    const privFile = writeTemp(dir, 'priv.jwk', priv.bytes);
    const pubFile = writeTemp(dir, 'pub.jwk', pub.bytes);
    const r = ok('python3', ['-c', JWK_CHECK, privFile, pubFile, fixture(set, 'leaf.key')]);
    expect(r.trim()).toBe(`same private key; same public key; spki ${set.spkiSha256}`);
    const jwk = JSON.parse(utf8Decode(priv.bytes)!) as Record<string, string>;
    expect(jwk.kid).toBe((JSON.parse(utf8Decode(pub.bytes)!) as Record<string, string>).kid);
  }, TOOLS);
});
