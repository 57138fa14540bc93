/**
 * `pem-inspector convert`: the command's contract. Refusals exit 2 and write nothing; files are
 * created 0600 (private) or 0644; keys arrive from every input format the core reads; `--out -`
 * for public material. Runs the command in process (and once as the built binary).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { convertCommand } from '../../cli/convert.js';
import { parseFile } from '../../core/parse.js';
import { identity } from '../../core/write/readback.js';
import { fixture, FORMAT_FILES, PW, SETS, tempDir } from '../core/write-helpers.js';
import { ensureBuilt, FIXTURES, run as runBuilt } from './helpers.js';

let stdout: string;
let stderr: string;
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('latin1')), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

const convert = (...argv: string[]) => convertCommand(argv);
const mode = (p: string) => statSync(p).mode & 0o777;
const rsa = SETS.find((s) => s.algorithm === 'rsa')!;
const p256 = SETS.find((s) => s.algorithm === 'p256')!;

async function readBack(file: string, passwords: string[] = []) {
  return parseFile({ name: path.basename(file), bytes: new Uint8Array(readFileSync(file)), passwords });
}

describe('refusals exit 2 and write nothing', () => {
  const cases: { name: string; argv: (out: string) => string[]; says: RegExp; prepare?: (dir: string, out: string) => void }[] = [
    { name: 'no certificate for the key', argv: (out) => ['--to', 'pkcs12', '--out', out, '--new-password', 'x', fixture(rsa, 'leaf.key'), fixture(p256, 'chain.pem')], says: /No certificate among the inputs belongs to the private key RSA 2048 \(item 1 in .*leaf\.key\)/ },
    { name: 'two keys', argv: (out) => ['--to', 'pkcs12', '--out', out, '--new-password', 'x', fixture(rsa, 'leaf.key'), fixture(p256, 'leaf.key'), fixture(rsa, 'chain.pem')], says: /2 different private keys.*\(--item N\)/ },
    { name: 'a private key without --new-password or --no-password', argv: (out) => ['--to', 'pkcs8', '--out', out, fixture(rsa, 'leaf.key')], says: /give --new-password PW to protect it, or --no-password to write it in the clear/ },
    { name: 'a private key to standard output', argv: () => ['--to', 'pem', '--out', '-', '--no-password', fixture(rsa, 'leaf.key')], says: /--out - writes public material only/ },
    { name: 'an encrypted input without its password', argv: (out) => ['--to', 'pem', '--out', out, '--no-password', fixture(rsa, 'leaf.enc.key')], says: /is still encrypted: give its password with --password/ },
    { name: 'a wrong input password', argv: (out) => ['--to', 'pem', '--out', out, '--no-password', '--password', 'wrong', fixture(rsa, 'leaf.p12')], says: /^pem-inspector convert: password_wrong: .*leaf\.p12 cannot be read whole: /m },
    { name: 'an input that is not a certificate or key', argv: (out) => ['--to', 'pem', '--out', out, path.join(FIXTURES, 'broken', 'image.crt')], says: /^pem-inspector convert: unknown_format: .*image\.crt cannot be read whole: This is a PNG image/m },
    { name: 'a missing input', argv: (out) => ['--to', 'pem', '--out', out, path.join(FIXTURES, 'nope.pem')], says: /nope\.pem does not exist/ },
    {
      name: 'an existing target',
      prepare: (_dir, out) => writeFileSync(out, 'keep me'),
      argv: (out) => ['--to', 'pkcs12', '--out', out, '--new-password', 'x', fixture(rsa, 'leaf.key'), fixture(rsa, 'chain.pem')],
      says: /refusing to overwrite .*out\.file; nothing was written \(use --force to replace\)/,
    },
    {
      name: 'a symlink target without --force',
      prepare: (dir, out) => {
        writeFileSync(path.join(dir, 'elsewhere'), 'keep me');
        symlinkSync(path.join(dir, 'elsewhere'), out);
      },
      argv: (out) => ['--to', 'pkcs8', '--out', out, '--no-password', fixture(rsa, 'leaf.key')],
      says: /refusing to overwrite .*out\.file; nothing was written/,
    },
    { name: 'a format without a traditional form', argv: (out) => ['--to', 'traditional', '--out', out, '--no-password', fixture(SETS[4]!, 'leaf.key')], says: /Ed25519 keys exist only as PKCS#8; write it as PKCS#8 instead/ },
    { name: 'der of a bundle without --item', argv: (out) => ['--to', 'der', '--out', out, fixture(rsa, 'chain.p7b')], says: /3 items: .* a DER file holds one: choose it by its item number \(--item N\)/ },
  ];
  it.each(cases)('$name', async ({ argv, says, prepare }) => {
    const dir = tempDir('pem-convert-');
    const out = path.join(dir, 'out.file');
    prepare?.(dir, out);
    const before = readdirSync(dir).map((n) => [n, lstatSync(path.join(dir, n)).isSymbolicLink() ? readlinkSync(path.join(dir, n)) : readFileSync(path.join(dir, n), 'utf8')]);
    expect(await convert(...argv(out)), stderr).toBe(2);
    expect(stderr).toMatch(says);
    // Every refusal is a code and a sentence, like match's and verify's errors.
    expect(stderr).toMatch(/^pem-inspector convert: [a-z][a-z0-9_]*: \S/m);
    expect(stderr).toMatch(/[Nn]othing was written/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    const after = readdirSync(dir).map((n) => [n, lstatSync(path.join(dir, n)).isSymbolicLink() ? readlinkSync(path.join(dir, n)) : readFileSync(path.join(dir, n), 'utf8')]);
    expect(after).toEqual(before);
    expect(stdout).toBe('');
  });

  it('with --force a symlink at the target is replaced by the new file; the file it pointed to is untouched', async () => {
    const dir = tempDir('pem-convert-');
    const out = path.join(dir, 'out.key');
    writeFileSync(path.join(dir, 'elsewhere'), 'keep me');
    symlinkSync(path.join(dir, 'elsewhere'), out);
    expect(await convert('--to', 'pkcs8', '--out', out, '--force', '--no-password', fixture(rsa, 'leaf.key')), stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'elsewhere'), 'utf8')).toBe('keep me');
    expect(lstatSync(out).isSymbolicLink()).toBe(false);
    expect(lstatSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it.each([
    { argv: ['--out', 'x', 'in.pem'], says: /--to FORMAT is required/ },
    { argv: ['--to', 'zip', '--out', 'x', 'in.pem'], says: /unknown format 'zip'/ },
    { argv: ['--to', 'pem', 'in.pem'], says: /--out FILE is required/ },
    { argv: ['--to', 'pem', '--out', 'x'], says: /at least one input/ },
    { argv: ['--to', 'pem', '--out', 'x', '--new-password', 'a', '--no-password', 'in.pem'], says: /either --new-password or --no-password/ },
    { argv: ['--to', 'pem', '--out', 'x', '--new-password', '', 'in.pem'], says: /must not be empty/ },
    { argv: ['--to', 'pem', '--out', 'x', '--legacy', 'in.pem'], says: /--legacy applies to --to pkcs12 only/ },
    { argv: ['--to', 'der', '--out', 'x', '--item', '0', 'in.pem'], says: /--item needs an item number/ },
    { argv: ['--to', 'pem', '--out', 'x', '--bogus', 'in.pem'], says: /unknown option '--bogus'/ },
    { argv: ['--to', 'pem', '--out', 'x', '--name', 'n', 'in.pem'], says: /--name applies to pkcs12 \(friendly name\), openssh and ppk \(comment\) only/ },
  ])('usage error: $argv', async ({ argv, says }) => {
    expect(await convert(...argv)).toBe(2);
    expect(stderr).toMatch(says);
    expect(stderr).toContain("pem-inspector convert --help");
  });
});

describe('what it writes', () => {
  it('a PFX from a certificate, a key and a bundle: 0600, the chain, a note about what was left out', async () => {
    const dir = tempDir('pem-convert-');
    const out = path.join(dir, 'server.pfx');
    expect(await convert('--to', 'pkcs12', '--out', out, '--new-password', 'pfx-pw', fixture(rsa, 'leaf.crt'), fixture(rsa, 'leaf.key'), fixture(rsa, 'chain.pem'), fixture('other', 'other.crt')), stderr).toBe(0);
    expect(mode(out)).toBe(0o600);
    expect(stdout).toBe(`Wrote ${out} (PKCS#12, private, password-protected, mode 0600)\n`);
    expect(stderr).toMatch(/^note: Left out the certificate CN=Unrelated \(item 6 in .*other\.crt\): not in the chain of CN=rsa\.convert\.test/);
    const back = await readBack(out, ['pfx-pw']);
    expect(back.items.map((i) => identity(i))).toEqual([...rsa.chainSha256.map((s) => `certificate:${s}`), `private-key:${rsa.spkiSha256}`]);
  });

  it('public output is 0644; --force replaces an existing file with the new mode', async () => {
    const dir = tempDir('pem-convert-');
    const out = path.join(dir, 'leaf.der');
    writeFileSync(out, 'old', { mode: 0o600 });
    expect(await convert('--to', 'der', '--out', out, '--force', '--item', '1', fixture(rsa, 'chain.pem')), stderr).toBe(0);
    expect(mode(out)).toBe(0o644);
    expect((await readBack(out)).items.map((i) => identity(i))).toEqual([`certificate:${rsa.leafSha256}`]);
    expect(readdirSync(dir)).toEqual(['leaf.der']); // no temporary files left behind
  });

  it('a new folder is made for --out when needed', async () => {
    const out = path.join(tempDir('pem-convert-'), 'new', 'key.pem');
    expect(await convert('--to', 'pkcs8', '--out', out, '--new-password', 'k', fixture(p256, 'leaf.openssh')), stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(mode(out)).toBe(0o600);
  });
});

// Every input format the fixture script makes must be readable: a format whose reader went
// missing fails here instead of dropping out of the table.
const READABLE = new Map(
  await Promise.all(
    Object.keys(FORMAT_FILES).map(async (format) => {
      const r = await readBack(fixture(rsa, FORMAT_FILES[format]!), [PW]);
      return [format, r.items.some((i) => i.kind === 'private-key' && !i.encrypted)] as const;
    }),
  ),
);

describe('keys from every input format', () => {
  const rows = SETS.flatMap((set) => set.formats.map((format) => ({ set, format, algorithm: set.algorithm })));
  it('every input format is read', () => {
    expect([...READABLE].filter(([, ok]) => !ok).map(([f]) => f)).toEqual([]);
  });

  it.each(rows)('$algorithm from $format → pkcs8, the same key as OpenSSL found', async ({ set, format }) => {
    const out = path.join(tempDir('pem-convert-'), 'key.pem');
    expect(await convert('--to', 'pkcs8', '--out', out, '--no-password', '--password', PW, fixture(set, FORMAT_FILES[format]!)), stderr).toBe(0);
    const back = await readBack(out);
    expect(back.items.map((i) => identity(i))).toEqual([`private-key:${set.spkiSha256}`]);
  });

  it('certificates from PKCS#7 with a key from OpenSSH make a PFX', async () => {
    const out = path.join(tempDir('pem-convert-'), 'x.p12');
    expect(await convert('--to', 'pkcs12', '--out', out, '--no-password', fixture(p256, 'chain.p7b'), fixture(p256, 'leaf.openssh')), stderr).toBe(0);
    expect((await readBack(out)).items.map((i) => identity(i))).toEqual([...p256.chainSha256.map((s) => `certificate:${s}`), `private-key:${p256.spkiSha256}`]);
  });
});

describe('the built command', () => {
  it('writes public PEM to standard output and has help', () => {
    ensureBuilt();
    const r = runBuilt(['convert', '--to', 'pem', '--out', '-', fixture(rsa, 'chain.p7b')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    const help = runBuilt(['convert', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--to FORMAT --out FILE/);
    expect(runBuilt(['--help']).stdout).toContain('pem-inspector convert --to FORMAT');
  });
});
