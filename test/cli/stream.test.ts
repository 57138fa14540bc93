/**
 * `inspect` streams its output (cli/pool.ts): each item is rendered as it is read and dropped,
 * in worker threads for big inputs and in the main thread otherwise. These tests hold the
 * streamed text, JSON and coloured text to the whole-document rendering — every file read with
 * loadFile, then `stringify(filesToJson(...))` or `formatFile` of each report joined by blank
 * lines — byte for byte, single-threaded and pooled, over a big PEM bundle cut into parts and
 * a folder of many small files of every kind. ("Big" is scaled down with PEM_INSPECTOR_BIG_FILE_BYTES.)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayName, loadFile } from '../../cli/files.js';
import { formatFile } from '../../cli/format.js';
import { filesToJson, stringify, type FileReport } from '../../cli/json.js';
import { ansi, plain, type Style } from '../../cli/style.js';
import { expandPaths } from '../../cli/walk.js';
import { CLI, ensureBuilt, FIXTURES, havePython, ROOT, run } from './helpers.js';

let tmp: string;
let big: string;
let many: string;
const PW = 'test-password';
/** The size at which the CLI counts a file as big (default 1 MiB), so a small bundle is cut into parts. */
const SMALL = 64 * 1024;
const THRESHOLDS = { PEM_INSPECTOR_BIG_FILE_BYTES: String(SMALL) };

beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'pem-stream-'));
  // Over the pool's byte threshold, so it is cut into parts: certificates, a CRL, keys (one
  // encrypted), a broken block. PEM_INSPECTOR_BIG_FILE_BYTES (SMALL) scales the thresholds down,
  // so 320 KiB make as many parts (14, of 24 KiB) as the default's 2.5 MiB made of 384 KiB (7).
  const pieces = ['certs/bundle.pem', 'certs/unicode.crt', 'crl/root-ca.crl.pem', 'keys/ec-p256.key', 'encrypted/pkcs8-aes128-cbc.key', 'broken/truncated-with-end.crt']
    .map((f) => path.join(FIXTURES, f))
    .filter((f) => {
      try {
        return readFileSync(f).length > 0;
      } catch {
        return false;
      }
    })
    .map((f) => readFileSync(f, 'latin1').trimEnd() + '\n');
  let text = '';
  while (text.length < 5 * SMALL) text += pieces.join('');
  big = path.join(tmp, 'big.pem');
  writeFileSync(big, text, 'latin1');
  // More than 64 files, so a pool reads them in batches: every fixture folder's files.
  many = path.join(tmp, 'many');
  mkdirSync(many);
  for (const dir of readdirSync(FIXTURES)) cpSync(path.join(FIXTURES, dir), path.join(many, dir), { recursive: true });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The whole-document rendering at `now`, as the CLI wrote it before it streamed. */
async function reference(args: string[], json: boolean, st: Style, now: Date): Promise<string> {
  const { files, skipped } = expandPaths(args);
  const reports: FileReport[] = [];
  for (const p of files) {
    const loaded = await loadFile(p, [PW], now);
    reports.push(loaded.ok ? { path: p, items: loaded.result.items, errors: loaded.result.errors } : { path: p, items: [], errors: [{ code: loaded.code, message: loaded.message }] });
  }
  if (json) return stringify(filesToJson(reports, skipped));
  return reports.map((r) => formatFile({ ...r, path: displayName(r.path) }, now, st)).join('\n');
}

/**
 * Whether `out` is the reference at some moment of the run: lint and "expires in N days"
 * depend on the clock, so the reference is made just before and just after.
 */
async function expectReference(out: string, args: string[], json: boolean, st: Style, before: Date): Promise<void> {
  if (out === (await reference(args, json, st, before))) return;
  expect(out).toBe(await reference(args, json, st, new Date()));
}

describe('inspect streamed equals the whole-document rendering', () => {
  const table = [
    { name: 'text, a big PEM bundle', json: false, args: () => ['--password', PW, big], parts: true },
    { name: '--json, a big PEM bundle', json: true, args: () => ['--password', PW, big], parts: true },
    { name: 'text, a folder of every kind', json: false, args: () => ['--password', PW, many], parts: false },
    { name: '--json, a folder of every kind', json: true, args: () => ['--password', PW, many], parts: false },
  ];
  it.each(table)('$name: one thread and the pool', async ({ json, args, parts }) => {
    const before = new Date();
    const flag = json ? ['--json'] : [];
    const single = run(['inspect', ...flag, ...args()], { env: { ...THRESHOLDS, PEM_INSPECTOR_THREADS: '1' }, timeoutMs: 120_000 });
    const pooled = run(['inspect', ...flag, ...args()], { env: { ...THRESHOLDS, PEM_INSPECTOR_THREADS: '2', PEM_INSPECTOR_TRACE: '1' }, timeoutMs: 120_000 });
    expect(pooled.stderr).toMatch(/2 worker threads/);
    // The bundle really is cut into many parts (one task each), more than the pool's minimum of two per thread.
    if (parts) expect(Number(/for (\d+) tasks/.exec(pooled.stderr)?.[1])).toBeGreaterThanOrEqual(10);
    expect([0, 1]).toContain(single.code);
    expect(pooled.code).toBe(single.code);
    expect(pooled.stdout).toBe(single.stdout);
    const positional = args().filter((a, i, all) => a !== '--password' && all[i - 1] !== '--password');
    await expectReference(single.stdout, positional, json, plain, before);
  });
});

describe('inspect with nothing to read', () => {
  it('an empty folder, and one whose files are all skipped: the whole-document text', async () => {
    const empty = mkdtempSync(path.join(tmp, 'empty-'));
    const skippedOnly = mkdtempSync(path.join(tmp, 'skipped-'));
    writeFileSync(path.join(skippedOnly, '.hidden.crt'), 'not read\n');
    for (const dir of [empty, skippedOnly]) {
      for (const json of [true, false]) {
        const r = run(['inspect', ...(json ? ['--json'] : []), dir]);
        expect(r.stdout).toBe(await reference([dir], json, plain, new Date()));
      }
    }
  });
});

/** The CLI on a pseudo-terminal (colours on) with stdin from /dev/null (no password prompt, so it streams). */
function runColoured(args: string[], threads: string): string {
  const spec = { argv: ['sh', '-c', 'exec "$0" "$@" < /dev/null', process.execPath, CLI, ...args], env: { ...THRESHOLDS, PEM_INSPECTOR_THREADS: threads }, timeout: 120 };
  const r = spawnSync('python3', [path.join(ROOT, 'test', 'cli', 'run-in-pty.py'), JSON.stringify(spec)], { encoding: 'utf8', timeout: 150_000, maxBuffer: 256 * 1024 * 1024 });
  const o = JSON.parse(r.stdout) as { output: string; timedOut: boolean };
  expect(o.timedOut).toBe(false);
  // The terminal writes each line break as CR LF.
  return Buffer.from(o.output, 'base64').toString('utf8').replace(/\r\n/g, '\n');
}

describe.skipIf(!havePython)('on a terminal (colours), streamed', () => {
  it('one thread and the pool give the coloured whole-document text', async () => {
    const before = new Date();
    const args = ['inspect', '--password', PW, big, path.join(FIXTURES, 'certs'), path.join(FIXTURES, 'keys')];
    const single = runColoured(args, '1');
    expect(single).toContain('\x1b[1m');
    expect(runColoured(args, '2')).toBe(single);
    await expectReference(single, args.slice(3), false, ansi, before);
  });
});
