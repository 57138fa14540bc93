/**
 * Passwords off the command line: `--password-file FILE` and `--password-env VAR` wherever a
 * password option is declared (one parser, args.ts, so `--new-password` and later commands get
 * them too), and a question without echo at a real terminal (a pseudo-terminal here).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../cli/args.js';
import { parseFile } from '../../core/parse.js';
import { ensureBuilt, fixture, havePython, run, runInPty } from './helpers.js';

const PW = 'test-password';
const KEY = fixture('encrypted/pkcs8-aes128-cbc.key');
const P12 = fixture('pkcs12/server-rsa.p12');
let tmp: string;
const file = (name: string, content: string) => {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
};

beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'pem-passwords-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseArgs: one place for every secret option', () => {
  const spec = { multi: ['password'], single: ['new-password', 'out'] };
  const parse = (argv: string[], env: Record<string, string> = {}) => parseArgs(argv, spec, 'test', env);

  it('reads --password-file and --password-env into the list, in command-line order', () => {
    const a = file('a.txt', 'from-file\n');
    const args = parse(['--password', 'literal', '--password-file', a, '--password-env=PW_VAR', '--password-file=' + a], { PW_VAR: 'from env' });
    expect(args.multi.get('password')).toEqual(['literal', 'from-file', 'from env', 'from-file']);
  });

  const table: { name: string; content: string; want: string }[] = [
    { name: 'one LF dropped', content: 'pw\n', want: 'pw' },
    { name: 'one CR LF dropped', content: 'pw\r\n', want: 'pw' },
    { name: 'only one line break dropped', content: 'pw\n\n', want: 'pw\n' },
    { name: 'no line break', content: 'pw', want: 'pw' },
    { name: 'spaces kept', content: ' pw \n', want: ' pw ' },
    { name: 'empty file: the empty password', content: '', want: '' },
    { name: 'UTF-8', content: 'pässwörd\n', want: 'pässwörd' },
  ];
  it.each(table)('file content: $name', ({ content, want }) => {
    expect(parse(['--password-file', file('t.txt', content)]).multi.get('password')).toEqual([want]);
  });

  it('gives any --…-password option the same spellings (convert --new-password)', () => {
    const args = parse(['--new-password-file', file('n.txt', 'new\n')]);
    expect(args.single.get('new-password')).toBe('new');
    expect(parse(['--new-password-env', 'N'], { N: 'x' }).single.get('new-password')).toBe('x');
    expect(() => parse(['--new-password', 'a', '--new-password-env', 'N'], { N: 'x' })).toThrow(/given more than once/);
    // Not for options that are not declared, and not for options that carry no secret.
    expect(() => parseArgs(['--password-file', 'x'], { multi: ['trusted'] }, 'test', {})).toThrow(/unknown option '--password-file'/);
    expect(() => parse(['--out-file', 'x'])).toThrow(/unknown option '--out-file'/);
  });

  it('a missing file or variable is a usage error naming it, never a silent empty password', () => {
    expect(() => parse(['--password-file', path.join(tmp, 'nope.txt')])).toThrow(UsageError);
    expect(() => parse(['--password-file', path.join(tmp, 'nope.txt')])).toThrow(/--password-file .*nope\.txt does not exist/);
    expect(() => parse(['--password-env', 'NOT_SET'], {})).toThrow(/--password-env NOT_SET: no such environment variable is set/);
    expect(() => parse(['--password-file', tmp])).toThrow(/is a folder|cannot be read/);
  });

  it('reads a bounded amount: /dev/zero is refused, not read forever', () => {
    expect(() => parse(['--password-file', '/dev/zero'])).toThrow(/larger than 64 KiB/);
  });
});

describe('the built command', () => {
  const pwFile = () => file('pw.txt', `${PW}\n`);
  const env = { PEM_TEST_PW: PW };

  it('inspect unlocks with --password-file and --password-env', () => {
    for (const args of [['--password-file', pwFile()], ['--password-env', 'PEM_TEST_PW']]) {
      const r = run(['inspect', '--json', ...args, KEY, P12], { env });
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as { files: { items: { kind: string; encrypted: boolean }[] }[] };
      expect(doc.files[0]!.items).toMatchObject([{ kind: 'private-key', encrypted: false }]);
      expect(doc.files[1]!.items.map((i) => i.kind)).toContain('private-key');
    }
  });

  it('match and verify take them too', () => {
    const m = run(['match', '--password-env', 'PEM_TEST_PW', fixture('certs/server-rsa.crt'), fixture('encrypted/server-rsa-encrypted.key')], { env });
    expect(m.code, m.stderr).toBe(0);
    const v = run(['verify', P12, '--password-file', pwFile(), '--trusted', fixture('certs/root-ca.crt'), '--untrusted', fixture('certs/intermediate-ca.crt'), '--host', 'www.example.test', '--at', '2030-01-01']);
    expect(v.stderr).not.toMatch(/password_required|locked/);
    expect(v.stdout).toMatch(/^Chain \(profile webpki\):/);
  });

  it('generate encrypts with a password from a file, and opens --key with one from the environment', async () => {
    const out = path.join(tmp, 'gen');
    const g = run(['generate', 'keypair', '--password-file', file('g.txt', 'gen-secret\n'), '--out', out]);
    expect(g.code, g.stderr).toBe(0);
    const bytes = new Uint8Array(readFileSync(path.join(out, 'keypair.key')));
    expect((await parseFile({ name: 'k', bytes, passwords: ['gen-secret'] })).items[0]).toMatchObject({ kind: 'private-key', encrypted: false });
    expect((await parseFile({ name: 'k', bytes, passwords: ['gen-secret\n'] })).items[0]).toMatchObject({ encrypted: true });
    const csr = run(['generate', 'csr', '--key', path.join(out, 'keypair.key'), '--password-env', 'G', '--out', path.join(tmp, 'csr')], { env: { G: 'gen-secret' } });
    expect(csr.code, csr.stderr).toBe(0);
  });

  it('a missing password file or variable exits 2 with a sentence, before reading anything', () => {
    for (const args of [
      ['inspect', '--password-file', path.join(tmp, 'missing.txt'), KEY],
      ['match', '--password-env', 'PEM_NOT_SET', fixture('certs/server-rsa.crt'), KEY],
      ['verify', P12, '--password-file', path.join(tmp, 'missing.txt')],
      ['generate', 'keypair', '--password-env', 'PEM_NOT_SET', '--out', path.join(tmp, 'never')],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--password-(file|env) .*(does not exist|no such environment variable)/);
      expect(r.stdout).toBe('');
    }
  });

  it('never prints a password, right or wrong', () => {
    const secret = 'sekrit-Wrong-9f2c';
    const r = run(['inspect', '--password-env', 'S', '--password-file', file('w.txt', `${secret}-file\n`), KEY, P12], { env: { S: secret } });
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout + r.stderr).toContain('password_wrong');
  });

  it('asks nothing when stdin is not a terminal: a locked file stays locked, at once', () => {
    const r = run(['inspect', KEY], { input: 'test-password\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[locked]');
    expect(r.stderr).not.toMatch(/Password/);
  });

  it('reads a password from a pipe (--password-file <(...)), as shells pass them', async () => {
    const fifo = path.join(tmp, 'pw.fifo');
    const mk = await new Promise<number | null>((done) => spawn('mkfifo', [fifo]).on('exit', done));
    expect(mk).toBe(0);
    // A writer on the other end, as a process substitution would be.
    const writer = spawn('sh', ['-c', `printf '%s\\n' "$PW" > "${fifo}"`], { env: { ...process.env, PW } });
    const args = parseArgs(['--password-file', fifo], { multi: ['password'] }, 'test', {});
    expect(args.multi.get('password')).toEqual([PW]);
    await new Promise((done) => writer.on('exit', done));
  });
});

describe.skipIf(!havePython)('at a terminal: the password is asked for, without echo', () => {
  it('inspect asks again after a wrong password; what is typed never appears', () => {
    const r = runInPty(['inspect', KEY], {
      send: [
        { after: 'is encrypted. Password (Enter to skip): ', text: 'typed-wrong-1\r' },
        { after: 'does not unlock', text: `${PW}\r` },
      ],
    });
    expect(r.timedOut).toBe(false);
    expect(r.unsent).toBe(0);
    expect(r.code).toBe(0);
    expect(r.output).toContain('PRIVATE KEY');
    expect(r.output).not.toContain('[locked]');
    // With echo on, the terminal itself would have shown both.
    expect(r.output).not.toContain('typed-wrong-1');
    expect(r.output).not.toContain(PW);
  });

  it('Enter skips: the file is listed as locked', () => {
    const r = runInPty(['inspect', KEY], { send: [{ after: 'Password (Enter to skip): ', text: '\r' }] });
    expect(r.unsent).toBe(0);
    expect(r.code).toBe(0);
    expect(r.output).toContain('[locked]');
  });

  it('three wrong answers end in password_wrong, exit 1', () => {
    const r = runInPty(['inspect', P12], {
      send: [
        { after: 'Password (Enter to skip): ', text: 'w1\r' },
        { after: 'does not unlock', text: 'w2\r' },
        { after: 'does not unlock', text: 'w3\r' },
      ],
    });
    expect(r.unsent).toBe(0);
    expect(r.code).toBe(1);
    expect(r.output).toContain('password_wrong');
    expect(r.output).not.toMatch(/w[123]\r?\n/);
  });

  it('match asks for the key and proves the pair; a prompted password serves later files too', () => {
    const m = runInPty(['match', fixture('certs/server-rsa.crt'), fixture('encrypted/server-rsa-encrypted.key')], {
      send: [{ after: 'Password (Enter to skip): ', text: `${PW}\r` }],
    });
    expect(m.unsent).toBe(0);
    expect(m.code).toBe(0);
    expect(m.output).toContain('match: the private key in');
    const two = runInPty(['inspect', KEY, P12], { send: [{ after: 'Password (Enter to skip): ', text: `${PW}\r` }] });
    expect(two.code).toBe(0);
    // Asked once: the PKCS#12 opened with the password given for the key.
    expect(two.output.match(/Password \(Enter to skip\)/g)).toHaveLength(1);
    expect(two.output).toContain('(from PKCS#12)');
  });

  it('generate csr --key asks for the key file', () => {
    const r = runInPty(['generate', 'csr', '--key', fixture('encrypted/server-rsa-encrypted.key'), '--out', path.join(tmp, 'pty-csr')], {
      send: [{ after: 'Password (Enter to skip): ', text: `${PW}\r` }],
    });
    expect(r.unsent).toBe(0);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('server.csr');
    expect(r.output).not.toContain(PW);
  });
});

describe.runIf(!havePython)('pseudo-terminal tests', () => {
  it('need python3 (its pty module): NOT RUN here', () => {
    console.warn('WARNING: python3 is missing, so the password prompt tests were skipped');
    expect(process.env.CI, 'python3 is required under CI').not.toBe('true');
  });
});
