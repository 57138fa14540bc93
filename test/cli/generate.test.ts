/** `pem-inspector generate`, run in-process: names, modes, overwrite refusal, --force and bad options. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateCommand } from '../../cli/generate.js';
import { haveOpenssl, haveSshKeygen, openssl, parseIn, spkiSha256, tempDir, tool } from '../core/generate-helpers.js';

let stdout: string;
let stderr: string;
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

const run = (...argv: string[]) => generateCommand(argv);
const mode = (p: string) => statSync(p).mode & 0o777;

describe('generate writes the conventional names', () => {
  const table: { argv: string[]; want: string[] }[] = [
    { argv: ['keypair'], want: ['keypair.key', 'keypair.pub', 'keypair.pub.pem'] },
    { argv: ['keypair', '--algorithm', 'ed448', '--name', 'edge'], want: ['edge.key', 'edge.pub.pem'] },
    { argv: ['keypair', '--traditional', '--curve', 'P-521', '--name', 'sec1'], want: ['sec1.key', 'sec1.pub', 'sec1.pub.pem'] },
    { argv: ['self-signed', '--host', 'example.test', '--host', '10.0.0.1'], want: ['server.crt', 'server.key'] },
    { argv: ['self-signed', '--pem-names', '--algorithm', 'ed25519'], want: ['server-key.pem', 'server.pem'] },
    {
      argv: ['test-pki', '--curve', 'P-384'],
      want: ['ca.crt', 'ca.key', 'client.crt', 'client.key', 'fullchain.pem', 'intermediate.crt', 'intermediate.key', 'server.crt', 'server.key'],
    },
    { argv: ['csr', '--cn', 'My Server', '--host', 'a.example.test'], want: ['server.csr', 'server.key'] },
  ];
  it.each(table)('$argv', async ({ argv, want }) => {
    const out = path.join(tempDir(), 'made', 'here');
    expect(await run(...argv, '--out', out), stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(want);
    for (const name of want) {
      const isPrivate = name.endsWith('.key') || name.endsWith('-key.pem');
      expect(mode(path.join(out, name)), name).toBe(isPrivate ? 0o600 : 0o644);
      expect(stdout).toMatch(new RegExp(`^  ${name.replace(/\./g, '\\.')} +${isPrivate ? 'PRIVATE' : 'public '}  \\S`, 'm'));
      expect((await parseIn(out, name)).errors, name).toEqual([]);
    }
    if (argv.includes('--traditional')) expect(readFileSync(path.join(out, 'sec1.key'), 'utf8')).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    if (argv.includes('ed448')) expect(stdout).toContain('note: No edge.pub: OpenSSH has no Ed448 key type.');
  });
});

describe('overwriting', () => {
  it('refuses without --force, writing nothing, and replaces with it', async () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'server.key'), 'mine');
    expect(await run('test-pki', '--out', out)).toBe(2);
    expect(stderr).toContain(`refusing to overwrite ${path.join(out, 'server.key')}`);
    expect(readdirSync(out)).toEqual(['server.key']);
    expect(readFileSync(path.join(out, 'server.key'), 'utf8')).toBe('mine');

    expect(await run('test-pki', '--out', out, '--force'), stderr).toBe(0);
    expect(readdirSync(out)).toHaveLength(9);
    expect(readFileSync(path.join(out, 'server.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(mode(path.join(out, 'server.key'))).toBe(0o600);
  });

  it('--force with a target that cannot be replaced changes nothing: the old keys survive', async () => {
    const out = tempDir();
    expect(await run('test-pki', '--out', out), stderr).toBe(0);
    // fullchain.pem is written last: a folder there used to be found only after every key was replaced.
    rmSync(path.join(out, 'fullchain.pem'));
    mkdirSync(path.join(out, 'fullchain.pem'));
    const before = Object.fromEntries(readdirSync(out).filter((f) => f !== 'fullchain.pem').map((f) => [f, readFileSync(path.join(out, f), 'utf8')]));
    expect(await run('test-pki', '--out', out, '--force')).toBe(1);
    expect(stderr).toMatch(/fullchain\.pem is a folder and cannot be replaced; nothing was written/);
    const after = Object.fromEntries(readdirSync(out).filter((f) => f !== 'fullchain.pem').map((f) => [f, readFileSync(path.join(out, f), 'utf8')]));
    expect(after).toEqual(before);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('replaces a symlink instead of writing through it', async () => {
    const out = tempDir();
    const elsewhere = path.join(tempDir(), 'victim.txt');
    writeFileSync(elsewhere, 'untouched');
    symlinkSync(elsewhere, path.join(out, 'keypair.key'));
    expect(await run('keypair', '--out', out)).toBe(2);
    expect(await run('keypair', '--out', out, '--force')).toBe(0);
    expect(readFileSync(elsewhere, 'utf8')).toBe('untouched');
    expect(statSync(path.join(out, 'keypair.key')).isFile()).toBe(true);
  });
});

describe('usage errors exit 2 and write nothing', () => {
  const table: { name: string; argv: string[]; message: RegExp }[] = [
    { name: 'no preset', argv: [], message: /generate keypair/ },
    { name: 'unknown preset', argv: ['ca', '--out', 'X'], message: /unknown preset 'ca'/ },
    { name: 'no --out', argv: ['keypair'], message: /--out DIR is required/ },
    { name: 'unknown option', argv: ['keypair', '--colour', 'red', '--out', 'X'], message: /unknown option '--colour'/ },
    { name: 'option of another preset', argv: ['keypair', '--host', 'a', '--out', 'X'], message: /unknown option '--host'/ },
    { name: 'bad algorithm', argv: ['keypair', '--algorithm', 'dsa', '--out', 'X'], message: /unknown algorithm 'dsa'/ },
    { name: 'bad bits', argv: ['keypair', '--algorithm', 'rsa', '--bits', '1024', '--out', 'X'], message: /1024 is not offered/ },
    { name: 'bits not a number', argv: ['keypair', '--algorithm', 'rsa', '--bits', 'big', '--out', 'X'], message: /whole number/ },
    { name: 'bad curve', argv: ['keypair', '--curve', 'P-999', '--out', 'X'], message: /P-999/ },
    { name: 'bad host', argv: ['self-signed', '--host', 'no spaces', '--out', 'X'], message: /neither a DNS name nor an IP/ },
    { name: 'bad days', argv: ['self-signed', '--days', '0', '--out', 'X'], message: /whole number of days/ },
    { name: 'empty password', argv: ['keypair', '--password', '', '--out', 'X'], message: /must not be empty/ },
    { name: 'traditional Ed25519', argv: ['keypair', '--algorithm', 'ed25519', '--traditional', '--out', 'X'], message: /no traditional encoding/ },
    { name: 'stray argument', argv: ['keypair', 'extra', '--out', 'X'], message: /unexpected argument 'extra'/ },
    { name: '--key with --algorithm', argv: ['csr', '--key', 'k', '--algorithm', 'rsa', '--out', 'X'], message: /cannot be combined with --key/ },
    { name: 'missing --key file', argv: ['csr', '--key', '/nonexistent/k.key', '--out', 'X'], message: /does not exist/ },
    { name: 'bad --not-before', argv: ['self-signed', '--not-before', 'yesterday', '--out', 'X'], message: /not an ISO-8601 time/ },
  ];
  it.each(table)('$name', async ({ argv, message }) => {
    const dir = tempDir();
    const args = argv.map((a) => (a === 'X' ? path.join(dir, 'out') : a));
    expect(await run(...args)).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('--out naming a file', async () => {
    const file = path.join(tempDir(), 'f');
    writeFileSync(file, '');
    expect(await run('keypair', '--out', file)).toBe(2);
    expect(stderr).toMatch(/is not a folder/);
  });

  it('--help prints the usage on stdout', async () => {
    expect(await run('test-pki', '--help')).toBe(0);
    expect(stdout).toContain('--pem-names');
  });
});

describe('csr --key', () => {
  it('signs a request with an existing encrypted key, and refuses without its password', async () => {
    const out = tempDir();
    expect(await run('keypair', '--algorithm', 'ed25519', '--password', 'pw', '--out', out), stderr).toBe(0);
    const csrDir = path.join(out, 'csr');
    const key = path.join(out, 'keypair.key');

    expect(await run('csr', '--key', key, '--out', csrDir)).toBe(2);
    expect(stderr).toMatch(/encrypted: give its password with --password/);
    expect(await run('csr', '--key', key, '--password', 'nope', '--out', csrDir)).toBe(2);
    expect(stderr).toMatch(/password is wrong/);
    expect(existsSync(csrDir)).toBe(false);

    expect(await run('csr', '--key', key, '--password', 'pw', '--host', 'k.example.test', '--out', csrDir), stderr).toBe(0);
    expect(readdirSync(csrDir)).toEqual(['server.csr']);
    expect(spkiSha256((await parseIn(csrDir, 'server.csr')).items[0])).toBe(spkiSha256((await parseIn(out, 'keypair.pub.pem')).items[0]));
    if (haveOpenssl) expect(tool('openssl', ['req', '-in', 'server.csr', '-verify', '-noout'], csrDir).stderr).toContain('verify OK');
  });

  it('refuses a file without a private key', async () => {
    const out = tempDir();
    expect(await run('keypair', '--out', out)).toBe(0);
    expect(await run('csr', '--key', path.join(out, 'keypair.pub.pem'), '--out', path.join(out, 'x'))).toBe(2);
    expect(stderr).toMatch(/holds no private key/);
  });
});

describe('what the CLI writes passes OpenSSL', () => {
  it.skipIf(!haveOpenssl)('test-pki with RSA, an encrypted key, and an expired certificate via --not-before', async () => {
    const out = tempDir();
    expect(await run('test-pki', '--algorithm', 'rsa', '--password', 'pw', '--host', 'rsa.example.test', '--out', out), stderr).toBe(0);
    openssl(['verify', '-CAfile', 'ca.crt', '-untrusted', 'intermediate.crt', 'server.crt', 'client.crt'], out);
    expect(openssl(['pkey', '-in', 'server.key', '-passin', 'pass:pw', '-pubout'], out)).toBe(openssl(['x509', '-in', 'server.crt', '-pubkey', '-noout'], out));
    expect(readFileSync(path.join(out, 'fullchain.pem'), 'utf8')).toBe(
      readFileSync(path.join(out, 'server.crt'), 'utf8') + readFileSync(path.join(out, 'intermediate.crt'), 'utf8'),
    );

    const old = tempDir();
    expect(await run('self-signed', '--not-before', '2020-01-01T00:00:00Z', '--days', '30', '--out', old)).toBe(0);
    const r = tool('openssl', ['verify', '-CAfile', 'server.crt', 'server.crt'], old);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/certificate has expired/);
  });

  it.skipIf(!haveSshKeygen)('ssh-keygen reads the .pub line', async () => {
    const out = tempDir();
    expect(await run('keypair', '--algorithm', 'ed25519', '--name', 'id', '--out', out)).toBe(0);
    const r = tool('ssh-keygen', ['-l', '-f', 'id.pub'], out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^256 SHA256:\S+ id \(ED25519\)/);
  });
});
