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

const DIR = join(import.meta.dirname, 'crashers');
const files = readdirSync(DIR)
  .filter((n) => n !== 'README.md' && statSync(join(DIR, n)).isFile())
  .sort()
  .map((n) => join(DIR, n));

describe('saved crashers', () => {
  it('there are some (the directory is not silently empty)', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('keep the contract in the core entry points', async () => {
    // Wall-clock time while other test files run beside this one on two cores: a reproducer
    // that needs one bcrypt (~0.5 s alone) once took 2.3 s here. The bugs these files caught
    // took from 5 s to minutes; the 1 s bound itself is checked by `npm run fuzz` on a quiet machine.
    const s = await drive({ seed: 0, files, to: files.length, hangMs: 8_000, limitMs: 4 * CALL_LIMIT_MS });
    expect(s.failures.map((f) => formatViolations(f.op, f.violations)).join('\n')).toBe('');
    // A caught TypeError keeps the contract but hides a reader bug behind der_invalid.
    expect(s.masked.map((m) => `${m.op}: ${m.detail}`)).toEqual([]);
  }, 300_000);

  it.each(files.map((f) => [f.slice(DIR.length + 1), f]))('keeps the contract in the CLI: %s', (_name, file) => {
    ensureBuilt();
    // One run with the password: PKCS#12 tries the empty password too, so both paths are taken.
    for (const pw of [['--password', PASSWORD]]) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [CLI, 'inspect', '--json', ...pw, file], { cwd: ROOT, encoding: 'utf8', timeout: 3000 + CALL_LIMIT_MS });
      const ms = performance.now() - t0;
      expect(r.error?.message ?? '', `after ${ms.toFixed(0)} ms`).toBe('');
      expect([0, 1]).toContain(r.status);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
    }
  }, 30_000);
});
