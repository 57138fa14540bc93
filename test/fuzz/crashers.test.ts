/**
 * Every saved reproducer in test/fuzz/crashers/ (files found by fuzzing, named after their
 * symptom) must keep the contract, through the core entry points and through the built CLI.
 * They fail until the bug each one shows is fixed; they stay as regression tests afterwards.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, ROOT } from '../cli/helpers.js';
import { drive } from './driver.js';
import { CALL_LIMIT_MS, formatViolations, PASSWORD } from './harness.js';
import { within } from '../wall-clock.js';

const DIR = join(import.meta.dirname, 'crashers');
/**
 * One CLI run on a quiet machine: Node start-up and loading plus at most the 1 s a file may take
 * (the slowest reproducers measured 0.7-0.9 s of CPU in all, with /usr/bin/time).
 */
const CLI_RUN_QUIET_MS = 2000;
const files = readdirSync(DIR)
  .filter((n) => n !== 'README.md' && statSync(join(DIR, n)).isFile())
  .sort()
  .map((n) => join(DIR, n));

describe('saved crashers', () => {
  it('there are some (the directory is not silently empty)', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('keep the contract in the core entry points', async () => {
    // Ten times the 1 s a call may take on a quiet machine (test/wall-clock.ts): a reproducer
    // that needs one bcrypt (~0.5 s alone) once took 2.3 s here under load. The bugs these files
    // caught took from 5 s to minutes; the 1 s bound itself is `npm run fuzz`'s, on a quiet machine.
    const s = await drive({ seed: 0, files, to: files.length, hangMs: 60_000, limitMs: within(CALL_LIMIT_MS) });
    expect(s.failures.map((f) => formatViolations(f.op, f.violations)).join('\n')).toBe('');
    // A caught TypeError keeps the contract but hides a reader bug behind der_invalid.
    expect(s.masked.map((m) => `${m.op}: ${m.detail}`)).toEqual([]);
  }, 300_000);

  it.each(files.map((f) => [f.slice(DIR.length + 1), f]))('keeps the contract in the CLI: %s', (_name, file) => {
    ensureBuilt();
    // One run with the password: PKCS#12 tries the empty password too, so both paths are taken.
    for (const pw of [['--password', PASSWORD]]) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [CLI, 'inspect', '--json', ...pw, file], { cwd: ROOT, encoding: 'utf8', timeout: within(CLI_RUN_QUIET_MS) });
      const ms = performance.now() - t0;
      expect(r.error?.message ?? '', `after ${ms.toFixed(0)} ms`).toBe('');
      expect([0, 1]).toContain(r.status);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
    }
  }, 2 * within(CLI_RUN_QUIET_MS));
});
