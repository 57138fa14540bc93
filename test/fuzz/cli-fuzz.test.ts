/**
 * Mutated files through the BUILT command, as outside checks run it:
 * `node dist/cli/pem-inspector.js inspect --json FILE...` must exit 0 or 1, print valid JSON with
 * one entry per file, print no stack trace, and finish in time. Files go in batches (one Node
 * start per batch); a batch that fails is re-run file by file to name the culprit.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, ROOT } from '../cli/helpers.js';
import { mutationCase } from './cases.js';
import { syntheticInputs } from './generators.js';
import { CALL_LIMIT_MS, loadFixtures, PASSWORD } from './harness.js';
import { within } from '../wall-clock.js';

const SEED = Number(process.env.PEM_FUZZ_CLI_SEED ?? 0xc11f002) >>> 0;
/**
 * Mutated files: 100 in `npm test` (every batch shape: with and without --password, plus the
 * synthetic inputs); `npm run fuzz` runs 2,000 (PEM_FUZZ_CLI_FILES, `--cli-files N`).
 */
const FILES = Number(process.env.PEM_FUZZ_CLI_FILES ?? 100);
const BATCH = 50;
/** Node start-up and module loading on a quiet machine (~0.3 s measured), on top of the per-file budget. */
const STARTUP_QUIET_MS = 500;
/**
 * On a quiet machine a batch takes start-up + at most 1 s for its slowest file + a few ms a file;
 * the bound is ten times that (test/wall-clock.ts). A batch over it is re-run file by file to
 * name the culprit. The 1 s per file itself is `npm run fuzz`'s to check, on a quiet machine.
 */
const batchLimit = (n: number) => within(STARTUP_QUIET_MS + CALL_LIMIT_MS + 10 * n);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

function runCli(args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - t0, timedOut });
    });
  });
}

/** Everything wrong with one run over `files`, as sentences (empty when it kept the contract). */
function check(r: Run, files: string[]): string[] {
  const bad: string[] = [];
  if (r.timedOut) bad.push(`timed out after ${r.ms.toFixed(0)} ms`);
  if (!r.timedOut && r.code !== 0 && r.code !== 1) bad.push(`exit status ${r.code}`);
  if (/^\s+at /m.test(r.stderr) || /^\s+at /m.test(r.stdout)) bad.push(`stack trace: ${r.stderr.slice(0, 300)}`);
  try {
    const json = JSON.parse(r.stdout) as { files?: { path?: string; errors?: { code?: string; message?: string }[] }[] };
    if (!Array.isArray(json.files) || json.files.length !== files.length) bad.push(`JSON has ${json.files?.length} file entries for ${files.length} files`);
    for (const f of json.files ?? []) {
      for (const e of f.errors ?? []) if (!e.code || !e.message) bad.push(`uncoded error in ${f.path}: ${JSON.stringify(e)}`);
    }
  } catch (e) {
    if (!r.timedOut) bad.push(`stdout is not JSON (${(e as Error).message}): ${r.stdout.slice(0, 200)}`);
  }
  return bad;
}

describe('CLI inspect --json on mutated files', () => {
  let dir = '';
  const files: { path: string; what: string }[] = [];

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'pem-cli-fuzz-'));
    mkdirSync(dir, { recursive: true });
    const samples = loadFixtures();
    for (let k = 0; k < FILES; k++) {
      const m = mutationCase(samples, SEED, k);
      const path = join(dir, `${String(k).padStart(4, '0')}.bin`);
      writeFileSync(path, m.bytes);
      files.push({ path, what: `${m.fixture} ~ ${m.op}` });
    }
    for (const m of syntheticInputs().filter((x) => x.bytes.length < 8 << 20)) {
      const path = join(dir, `synthetic-${m.op}`);
      writeFileSync(path, m.bytes);
      files.push({ path, what: `synthetic ~ ${m.op}` });
    }
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 or 1 with valid JSON and no stack trace, in time, for every file', async () => {
    const failures: string[] = [];
    for (let i = 0; i < files.length; i += BATCH) {
      const batch = files.slice(i, i + BATCH);
      const args = ['inspect', '--json', ...(i / BATCH) % 2 ? ['--password', PASSWORD] : [], ...batch.map((f) => f.path)];
      const r = await runCli(args, batchLimit(batch.length));
      if (check(r, batch.map((f) => f.path)).length === 0) continue;
      for (const f of batch) {
        const single = await runCli([...args.slice(0, args.length - batch.length), f.path], within(STARTUP_QUIET_MS + CALL_LIMIT_MS));
        for (const b of check(single, [f.path])) failures.push(`${f.what} (${f.path}): ${b}`);
      }
    }
    expect(failures.join('\n')).toBe('');
  }, 600_000);
});
