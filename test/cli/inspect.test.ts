/** `inspect` over the fixture corpus, in both output modes, against the manifest's ground truth. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_FILE_BYTES } from '../../core/parse.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, fixture, loadManifest, run, STACK_FRAME, type ManifestItem } from './helpers.js';
import { timed, within } from '../wall-clock.js';

beforeAll(() => ensureBuilt());

const manifest = loadManifest();
const files = manifest?.files ?? [];
const PW = manifest?.password ?? 'test-password';

interface JsonItem {
  kind: string;
  sensitivity: string;
  encrypted: boolean;
  format: string;
  sha256: string;
  algorithm?: string;
  bits?: number;
  curve?: string;
  container?: string;
  spkiSha256?: string;
  [k: string]: unknown;
}
interface JsonOut {
  files: { path: string; items: JsonItem[]; errors: { code: string; message: string }[] }[];
}

function expectItems(got: JsonItem[], want: ManifestItem[]): void {
  expect(got.map((i) => i.kind)).toEqual(want.map((i) => i.kind));
  want.forEach((w, i) => {
    const g = got[i]!;
    expect(g).toMatchObject({ kind: w.kind, sensitivity: w.sensitivity, encrypted: w.encrypted });
    for (const k of ['algorithm', 'bits', 'curve', 'container'] as const) if (w[k] !== undefined) expect(g[k], `${w.kind} ${k}`).toBe(w[k]);
    expect(typeof g.format).toBe('string');
    expect(g.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Bytes never reach JSON: not the DER, not the signed part.
    expect(g).not.toHaveProperty('der');
    expect(g).not.toHaveProperty('tbs');
    if (g.kind === 'private-key' && g.encrypted) expect(g).not.toHaveProperty('spkiSha256');
  });
}

it('has the fixture corpus (npm run fixtures)', () => {
  expect(manifest, 'test/fixtures/manifest.json is missing: run npm run fixtures').toBeDefined();
  expect(files.length).toBeGreaterThan(20);
});

// One run over the whole corpus (a run costs a Node start-up); each file is then a table row.
let plain: { code: number | null; byPath: Map<string, JsonOut['files'][number]>; stderr: string };
let unlocked: typeof plain;
let human: { code: number | null; byPath: Map<string, string>; stdout: string; stderr: string };

function runJson(args: string[], paths: string[]): typeof plain {
  const r = run(['inspect', '--json', ...args, ...paths.map(fixture)]);
  const out = JSON.parse(r.stdout) as JsonOut;
  return { code: r.code, byPath: new Map(out.files.map((f) => [f.path, f])), stderr: r.stderr };
}

const locked = files.filter((f) => f.itemsWithPassword);
const good = files.filter((f) => !f.error);
const broken = files.filter((f) => f.error);

beforeAll(() => {
  plain = runJson([], files.map((f) => f.path));
  unlocked = runJson(['--password', 'not-it', '--password', PW], locked.map((f) => f.path));
  const r = run(['inspect', ...good.map((f) => fixture(f.path))], { env: { NO_COLOR: '' } });
  const byPath = new Map<string, string>();
  // Each file's block starts with its path at the start of a line.
  const starts = good.map((f) => ({ p: fixture(f.path), at: r.stdout.indexOf(fixture(f.path) + '  ') })).sort((a, b) => a.at - b.at);
  starts.forEach((s, i) => byPath.set(s.p, r.stdout.slice(s.at, starts[i + 1]?.at ?? r.stdout.length)));
  human = { code: r.code, byPath, stdout: r.stdout, stderr: r.stderr };
});

describe('inspect --json, without password', () => {
  it('exits 1 for the whole corpus (it has broken files), without stack traces', () => {
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe('');
    expect(plain.byPath.size).toBe(files.length);
  });

  it.each(files.map((f) => ({ name: f.path, f })))('$name', ({ f }) => {
    const file = plain.byPath.get(fixture(f.path))!;
    expect(file).toBeDefined();
    if (f.error) {
      expect(file.errors.map((e) => e.code)).toContain(f.error);
      for (const e of file.errors) expect(e.message.length).toBeGreaterThan(5);
    } else {
      expect(file.errors).toEqual([]);
      expectItems(file.items, f.items);
    }
  });

  it.each(broken.map((f) => ({ name: f.path, f })))('alone, exit 1: $name', ({ f }) => {
    const r = run(['inspect', '--json', fixture(f.path)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).files[0].errors[0].code).toBe(f.error);
  });

  it('exits 0 when every file was read, locked ones included', () => {
    const r = run(['inspect', '--json', ...good.map((f) => fixture(f.path))]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('inspect --json --password unlocks', () => {
  it('exits 0', () => {
    expect(unlocked.code).toBe(0);
    expect(unlocked.stderr).toBe('');
  });

  it.each(locked.map((f) => ({ name: f.path, f })))('$name', ({ f }) => {
    const file = unlocked.byPath.get(fixture(f.path))!;
    expect(file.errors).toEqual([]);
    expectItems(file.items, f.itemsWithPassword!);
  });

  it.each(locked.filter((f) => f.items.some((i) => i.encrypted)).slice(0, 6).map((f) => ({ name: f.path, f })))('wrong password is password_wrong, exit 1: $name', ({ f }) => {
    const r = run(['inspect', '--json', '--password', 'definitely-wrong', fixture(f.path)]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    const file = (JSON.parse(r.stdout) as JsonOut).files[0]!;
    expect(file.errors.map((e) => e.code)).toContain('password_wrong');
    // The password tried is never echoed, not even in the error.
    expect(r.stdout + r.stderr).not.toContain('definitely-wrong');
  });
});

describe('human output', () => {
  it('exits 0 over every readable file, with no colour codes into a pipe', () => {
    expect(human.code).toBe(0);
    expect(human.stderr).toBe('');
    // Not a terminal: no colour codes, whatever NO_COLOR says.
    expect(human.stdout).not.toContain('\x1b[');
    expect(human.byPath.size).toBe(good.length);
  });

  it.each(good.map((f) => ({ name: f.path, f })))('$name', ({ f }) => {
    const out = human.byPath.get(fixture(f.path))!;
    expect(out).toMatch(new RegExp(`— ${f.items.length} items?\\n`));
    const kinds = f.items.map((i) => i.kind);
    if (f.items.some((i) => i.kind === 'private-key' && !i.encrypted)) expect(out).toContain('PRIVATE KEY  ⚠ secret — keep it safe');
    if (f.items.some((i) => i.kind === 'private-key' && i.encrypted)) expect(out).toContain('[locked] encrypted private key');
    if (kinds.includes('pkcs12')) expect(out).toContain('[locked] PKCS#12 container');
    if (kinds.includes('certificate')) expect(out).toMatch(/Subject: .*\n.*Issuer: /);
    if (kinds.includes('certificate')) expect(out).toMatch(/SHA-256: +([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  });

  it.each(broken.map((f) => ({ name: f.path, f })))('broken, exit 1: $name', ({ f }) => {
    const r = run(['inspect', fixture(f.path)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`✗ error ${f.error}: `);
    expect(r.stdout).not.toMatch(STACK_FRAME);
  });

  it('says how long a certificate has left', () => {
    expect(human.byPath.get(fixture('certs/server-ec.crt'))).toMatch(/expires in \d+ days/);
    expect(human.byPath.get(fixture('certs/expired-server.crt'))).toMatch(/expired \d+ days ago/);
    expect(human.byPath.get(fixture('certs/server-rsa.crt'))).toMatch(/DNS:www\.example\.test/);
  });
});

describe('several files and missing files', () => {
  it('reports each file, and a missing one as unreadable with exit 1; a folder is read (test/cli/inputs)', () => {
    const r = run(['inspect', '--json', fixture('certs/server-ec.crt'), fixture('does/not/exist.pem'), fixture('certs')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.files.slice(0, 2).map((f) => f.errors.map((e) => e.code))).toEqual([[], ['unreadable']]);
    expect(out.files[1]!.errors[0]!.message).toMatch(/does not exist/);
    const inFolder = out.files.slice(2);
    expect(inFolder.length).toBeGreaterThan(10);
    expect(inFolder.every((f) => f.path.startsWith(fixture('certs') + '/') && f.items.length > 0)).toBe(true);
  });

  it('human mode names the missing file', () => {
    const r = run(['inspect', fixture('nope.crt')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error unreadable: .*nope\.crt does not exist/);
  });

  it('refuses a file over the core\'s 50 MiB limit before reading it: too_large, exit 1, quickly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pem-big-'));
    try {
      const big = join(dir, 'huge.pem');
      writeFileSync(big, '');
      truncateSync(big, MAX_FILE_BYTES + 1); // sparse: nothing is written, and reading it would take a while
      // A Node start-up (~0.3 s quiet) and a refusal; reading 50 MiB would take longer, hanging far longer.
      const { ms, r } = await timed(() => run(['inspect', '--json', big]), 'too_large refusal');
      expect(ms).toBeLessThan(within(500));
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      const errors = (JSON.parse(r.stdout) as JsonOut).files[0]!.errors;
      expect(errors.map((e) => e.code)).toEqual(['too_large']);
      expect(errors[0]!.message).toMatch(/larger than the 50 MiB limit/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads standard input as -', () => {
    const r = run(['inspect', '--json', '-'], { input: readFileSync(fixture('certs/fullchain.pem')) });
    expect(r.code).toBe(0);
    const file = (JSON.parse(r.stdout) as JsonOut).files[0]!;
    expect(file.path).toBe('-');
    expect(file.items.map((i) => i.kind)).toEqual(['certificate', 'certificate']);
  });
});

describe('secrets never reach the output', () => {
  // Keys whose PKCS#8 DER OpenSSL can give us, read from files in several encodings.
  const table = [
    { name: 'PKCS#8 PEM', file: 'keys/server-ec.key', args: [] as string[] },
    { name: 'RSA PKCS#8 PEM', file: 'keys/server-rsa.key', args: [] as string[] },
    ...files
      .filter((f) => f.path.startsWith('encrypted/') && !f.path.endsWith('.der') && f.itemsWithPassword?.length === 1 && f.itemsWithPassword[0]!.kind === 'private-key')
      .slice(0, 4)
      .map((f) => ({ name: f.path, file: f.path, args: ['--password', f.password ?? PW] })),
  ];
  it.each(table)('$name', ({ file, args }) => {
    const pkcs8 = execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER', '-in', fixture(file), '-passin', `pass:${PW}`]);
    const hex = pkcs8.toString('hex');
    const b64 = pkcs8.toString('base64');
    for (const mode of [['--json'], []]) {
      const r = run(['inspect', ...mode, ...args, fixture(file)]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      // Nor does the password that opened it.
      if (args.length) expect(r.stdout).not.toContain(PW);
      const text = r.stdout.toLowerCase();
      expect(text).toContain('private');
      expect(text).not.toContain(hex);
      expect(r.stdout).not.toContain(b64.slice(0, 64));
      // Nor any 32-byte window of the key's DER in hex.
      for (let i = 0; i + 64 <= hex.length; i += 64) expect(text).not.toContain(hex.slice(i, i + 64));
    }
  });
});
