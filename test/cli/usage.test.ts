/** Command-line grammar of the built CLI: help, version, usage errors and their exit status. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, fixture, run, STACK_FRAME } from './helpers.js';

beforeAll(() => ensureBuilt());

const CERT = fixture('certs/server-ec.crt');

describe('usage errors exit 2 with one line and a hint on stderr', () => {
  const table: { name: string; args: string[]; want: RegExp }[] = [
    { name: 'no arguments', args: [], want: /Usage:/ },
    { name: 'unknown command', args: ['frobnicate'], want: /unknown command 'frobnicate'/ },
    { name: 'unknown global option', args: ['--frob'], want: /unknown option '--frob'/ },
    { name: 'inspect without files', args: ['inspect'], want: /no FILE given/ },
    { name: 'inspect unknown option', args: ['inspect', '--frob', CERT], want: /unknown option '--frob'/ },
    { name: 'inspect unknown short option', args: ['inspect', '-x', CERT], want: /unknown option '-x'/ },
    { name: 'inspect --password without value', args: ['inspect', CERT, '--password'], want: /'--password' needs a value/ },
    { name: 'inspect flag given a value', args: ['inspect', '--json=yes', CERT], want: /takes no value/ },
    { name: 'stdin twice', args: ['inspect', '-', '-'], want: /only once/ },
    { name: 'match with one file', args: ['match', CERT], want: /exactly two files/ },
    { name: 'match with three files', args: ['match', CERT, CERT, CERT], want: /exactly two files/ },
    { name: 'verify without leaf', args: ['verify'], want: /exactly one LEAF/ },
    { name: 'verify bad --at', args: ['verify', CERT, '--at', 'yesterday'], want: /not an ISO-8601 time/ },
    { name: 'verify impossible date', args: ['verify', CERT, '--at=2030-02-30'], want: /not an ISO-8601 time/ },
    { name: 'verify bad --purpose', args: ['verify', CERT, '--purpose', 'email'], want: /--purpose must be/ },
    { name: 'verify bad --max-depth', args: ['verify', CERT, '--max-depth', '-1'], want: /--max-depth must be/ },
    { name: 'verify two targets', args: ['verify', CERT, '--host', 'a.test', '--email', 'a@b.test'], want: /only one of --host/ },
    { name: 'verify --at twice', args: ['verify', CERT, '--at', '2030-01-01', '--at', '2031-01-01'], want: /more than once/ },
  ];
  it.each(table)('$name', ({ args, want }) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(want);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    if (args.length > 0) {
      expect(r.stderr.trim().split('\n')).toHaveLength(2);
      expect(r.stderr).toMatch(/--help/);
      expect(r.stdout).toBe('');
    }
  });
});

describe('help and version', () => {
  const table: { name: string; args: string[]; want: RegExp }[] = [
    { name: '--help', args: ['--help'], want: /pem-inspector inspect/ },
    { name: '-h', args: ['-h'], want: /pem-inspector verify/ },
    { name: 'help verify', args: ['help', 'verify'], want: /--trusted FILE/ },
    { name: 'inspect --help', args: ['inspect', '--help'], want: /--password PW/ },
    { name: 'match -h', args: ['match', '-h'], want: /PUBLIC_FILE PRIVATE_FILE/ },
    { name: 'verify --help', args: ['verify', '--help'], want: /--max-depth N/ },
    { name: '--version', args: ['--version'], want: /^pem-inspector \d+\.\d+\.\d+\n$/ },
  ];
  it.each(table)('$name', ({ args, want }) => {
    const r = run(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(want);
    expect(r.stderr).toBe('');
  });
});

describe('option forms', () => {
  it('accepts --opt=value and -- ends options', () => {
    const a = run(['inspect', '--json', '--password=test-password', '--', CERT]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).files[0].path).toBe(CERT);
    // After `--`, a word that looks like an option is a file name.
    const b = run(['inspect', '--json', '--', '--json']);
    expect(b.code).toBe(1);
    expect(JSON.parse(b.stdout).files[0]).toMatchObject({ path: '--json', items: [], errors: [{ code: 'unreadable' }] });
  });
});
