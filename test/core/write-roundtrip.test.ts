/**
 * Round trips through the real consumers, for every algorithm `generate` offers: what the
 * writers make is read by OpenSSL (`pkcs12 -info`, `pkcs12 -nodes`, `pkey`), keytool and
 * ssh-keygen, and they must find the same key and certificates OpenSSL found in the inputs
 * (test/fixtures/convert/manifest.json). These tools are required (.ci/run installs them).
 */
import { describe, expect, it } from 'vitest';
import { utf8Decode } from '../../core/bytes.js';
import { writerFor, type OutputFormat, type WriteOptions } from '../../core/write/index.js';
import { LEGACY_ITERATIONS, MODERN_ITERATIONS } from '../../core/write/pkcs12.js';
import type { Item } from '../../core/types.js';
import { fixture, itemsOf, ok, blockSha256, opensslSpkiSha256, pemBlocks, SETS, sshPublic, tempDir, tool, writeTemp, type FixtureSet } from './write-helpers.js';

// ASCII: keytool here refuses non-ASCII PKCS#12 passwords even in files OpenSSL wrote (the non-ASCII
// case is checked against OpenSSL in write.test.ts).
const NEW_PW = 'new pass word';
/** Each test runs several tool processes (keytool starts a JVM: seconds on a busy machine); far above a quiet run's few seconds. */
const TOOLS = 240_000;
/** A JVM that starts quicker for keytool's one short listing (C1 only, serial GC): about 0.4 s less CPU a call. */
const KEYTOOL_JVM = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC'];

async function write(format: OutputFormat, items: Item[], opts: Partial<WriteOptions>) {
  const files = await writerFor(format)!.write(items, { fileName: `out.${format}`, ...opts });
  expect(files).toHaveLength(1);
  return files[0]!;
}

/** Leaf key, chain bundle and an unrelated certificate, pooled. */
const pool = (set: FixtureSet) => itemsOf([fixture(set, 'leaf.key'), fixture(set, 'chain.pem'), fixture('other', 'other.crt')]);

const hasTraditional = (set: FixtureSet) => set.algorithm === 'rsa' || set.algorithm.startsWith('p');
const hasOpenssh = (set: FixtureSet) => set.algorithm !== 'ed448';

describe.each(SETS)('$algorithm', (set) => {
  const passArg = `pass:${NEW_PW}`;

  it('pkcs12 (modern): OpenSSL sees PBES2/AES-256-CBC/PBKDF2-SHA-256 and a SHA-256 MAC that verifies; the same key and chain; keytool one PrivateKeyEntry of 3', async () => {
    const file = await write('pkcs12', await pool(set), { password: NEW_PW });
    expect(file.sensitivity).toBe('private');
    const dir = tempDir();
    const p12 = writeTemp(dir, 'out.p12', file.bytes);

    const info = tool('openssl', ['pkcs12', '-info', '-noout', '-in', p12, '-passin', passArg]);
    expect(info.status, info.stderr).toBe(0);
    const text = info.stdout + info.stderr;
    expect(text).toContain(`MAC: sha256, Iteration ${MODERN_ITERATIONS}`);
    expect(text).toContain(`PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration ${MODERN_ITERATIONS}, PRF hmacWithSHA256`);
    expect(text).toContain(`Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration ${MODERN_ITERATIONS}, PRF hmacWithSHA256`);
    expect(text.match(/Certificate bag/g)).toHaveLength(3);
    // The MAC is checked: a wrong password is refused.
    expect(tool('openssl', ['pkcs12', '-info', '-noout', '-in', p12, '-passin', 'pass:wrong']).status).not.toBe(0);

    const nodes = ok('openssl', ['pkcs12', '-in', p12, '-nodes', '-passin', passArg]);
    const blocks = pemBlocks(nodes);
    expect(blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => blockSha256(b.text))).toEqual(set.chainSha256);
    const keys = blocks.filter((b) => b.label === 'PRIVATE KEY');
    expect(keys).toHaveLength(1);
    expect(opensslSpkiSha256(keys[0]!.text)).toBe(set.spkiSha256);
    expect(nodes).toContain(`friendlyName: ${set.algorithm}.convert.test`);

    const list = ok('keytool', [...KEYTOOL_JVM, '-list', '-v', '-storetype', 'PKCS12', '-keystore', p12, '-storepass', NEW_PW]);
    expect(list.match(/Entry type: PrivateKeyEntry/g)).toHaveLength(1);
    expect(list).toContain('Your keystore contains 1 entry');
    expect(list).toContain('Certificate chain length: 3');
    expect(list).toContain(`Alias name: ${set.algorithm}.convert.test`);
  }, TOOLS);

  it('pkcs12 --legacy: 3DES for key and certificates, SHA-1 MAC, read by OpenSSL 3 without its legacy provider and by keytool', async () => {
    const file = await write('pkcs12', await pool(set), { password: NEW_PW, legacy: true, name: 'legacy name' });
    const dir = tempDir();
    const p12 = writeTemp(dir, 'out.p12', file.bytes);
    const info = tool('openssl', ['pkcs12', '-info', '-noout', '-in', p12, '-passin', passArg]);
    expect(info.status, info.stderr).toBe(0);
    const text = info.stdout + info.stderr;
    expect(text).toContain(`MAC: sha1, Iteration ${LEGACY_ITERATIONS}`);
    expect(text).toContain(`PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration ${LEGACY_ITERATIONS}`);
    expect(text).toContain(`Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration ${LEGACY_ITERATIONS}`);
    const nodes = ok('openssl', ['pkcs12', '-in', p12, '-nodes', '-passin', passArg]);
    const blocks = pemBlocks(nodes);
    expect(blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => blockSha256(b.text))).toEqual(set.chainSha256);
    expect(opensslSpkiSha256(blocks.find((b) => b.label === 'PRIVATE KEY')!.text)).toBe(set.spkiSha256);
    const list = ok('keytool', [...KEYTOOL_JVM, '-list', '-v', '-storetype', 'PKCS12', '-keystore', p12, '-storepass', NEW_PW]);
    expect(list.match(/Entry type: PrivateKeyEntry/g)).toHaveLength(1);
    expect(list).toContain('Certificate chain length: 3');
    expect(list).toContain('Alias name: legacy name');
  }, TOOLS);

  it('pkcs8: openssl pkey reads it in the clear, and encrypted only with the new password (PBES2, 600,000 iterations)', async () => {
    const items = await itemsOf([fixture(set, 'leaf.enc.key')]);
    const clear = await write('pkcs8', items, { noPassword: true });
    const clearText = utf8Decode(clear.bytes)!;
    expect(clearText).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(opensslSpkiSha256(clearText)).toBe(set.spkiSha256);

    const enc = await write('pkcs8', items, { password: NEW_PW });
    const encText = utf8Decode(enc.bytes)!;
    expect(encText).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(opensslSpkiSha256(encText, NEW_PW)).toBe(set.spkiSha256);
    expect(() => opensslSpkiSha256(encText, 'wrong')).toThrow();
    expect(ok('openssl', ['asn1parse'], { input: encText })).toMatch(/PBES2[\s\S]*PBKDF2[\s\S]*:0927C0[\s\S]*hmacWithSHA256[\s\S]*aes-256-cbc/);
  }, TOOLS);

  it(`traditional: ${hasTraditional(set) ? 'PKCS#1 / SEC1 that openssl reads' : 'refused, with a sentence'}`, async () => {
    const items = await itemsOf([fixture(set, 'leaf.p12')]);
    const w = writerFor('traditional')!;
    if (!hasTraditional(set)) {
      const verdict = await w.accepts(items, { fileName: 'x', noPassword: true });
      expect(verdict).toMatchObject({ ok: false, code: 'unsupported' });
      expect(verdict.ok ? '' : verdict.message).toMatch(/exist only as PKCS#8/);
      return;
    }
    const text = utf8Decode((await write('traditional', items, { noPassword: true })).bytes)!;
    expect(text).toMatch(set.algorithm === 'rsa' ? /^-----BEGIN RSA PRIVATE KEY-----\n/ : /^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(opensslSpkiSha256(text)).toBe(set.spkiSha256);
    // SEC1 stands alone: the curve and the public point are inside (openssl ec -text shows both).
    if (set.algorithm !== 'rsa') expect(ok('openssl', ['ec', '-noout', '-text'], { input: text })).toMatch(/pub:[\s\S]*ASN1 OID: (prime256v1|secp384r1|secp521r1)/);
  }, TOOLS);

  it(`openssh: ${hasOpenssh(set) ? 'ssh-keygen -y finds the same public key, with and without the new password' : 'refused: OpenSSH has no Ed448'}`, async () => {
    const items = await itemsOf([fixture(set, 'leaf.p12')]);
    const w = writerFor('openssh')!;
    if (!hasOpenssh(set)) {
      expect(await w.accepts(items, { fileName: 'x', noPassword: true })).toMatchObject({ ok: false, code: 'unsupported' });
      return;
    }
    const want = sshPublic(fixture(set, 'leaf.openssh'));
    const dir = tempDir();
    const clear = writeTemp(dir, 'id_clear', (await write('openssh', items, { noPassword: true, name: 'me@example' })).bytes);
    expect(sshPublic(clear)).toBe(want);
    expect(ok('ssh-keygen', ['-y', '-P', '', '-f', clear])).toContain('me@example');
    const enc = writeTemp(dir, 'id_enc', (await write('openssh', items, { password: NEW_PW })).bytes);
    expect(sshPublic(enc, NEW_PW)).toBe(want);
    expect(tool('ssh-keygen', ['-y', '-P', 'wrong', '-f', enc]).status).not.toBe(0);
    // The certificate alone gives the authorized_keys line of the same key.
    const line = await write('openssh', await itemsOf([fixture(set, 'leaf.crt')]), {});
    expect(line.sensitivity).toBe('public');
    expect(utf8Decode(line.bytes)!.trim().split(' ').slice(0, 2).join(' ')).toBe(want);
  }, TOOLS);

  it('pem: a .p12 unpacked into certificates leaf → root, then the key', async () => {
    const file = await write('pem', await itemsOf([fixture(set, 'leaf.legacy.p12')]), { noPassword: true });
    const blocks = pemBlocks(utf8Decode(file.bytes)!);
    expect(blocks.map((b) => b.label)).toEqual(['CERTIFICATE', 'CERTIFICATE', 'CERTIFICATE', 'PRIVATE KEY']);
    expect(blocks.slice(0, 3).map((b) => blockSha256(b.text))).toEqual(set.chainSha256);
    expect(opensslSpkiSha256(blocks[3]!.text)).toBe(set.spkiSha256);
    expect(file.sensitivity).toBe('private');
  }, TOOLS);

  it('der: the chosen certificate, as openssl reads it', async () => {
    const items = await itemsOf([fixture(set, 'chain.p7b')]);
    const file = await write('der', items, { item: 0 });
    expect(file.sensitivity).toBe('public');
    const pem = ok('openssl', ['x509', '-inform', 'DER'], { input: file.bytes });
    expect(blockSha256(pem)).toBe(set.leafSha256);
  }, TOOLS);
});
