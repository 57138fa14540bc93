/**
 * No wall-clock assertion in `npm test` may be tighter than ten times what the work takes on a
 * quiet machine (test/wall-clock.ts). This finds timing assertions written with a bare number,
 * which is how a bound too tight for a busy machine gets in unnoticed: they must go through
 * `within(quietMs)`, which says what the quiet time is and makes the bound ten times that.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUIET_FACTOR, within } from './wall-clock.js';

const TEST_ROOT = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return n === 'fixtures' || n === 'node_modules' ? [] : sources(p);
    return n.endsWith('.ts') ? [p] : [];
  });
}

/** `expect(<something timed>).toBeLessThan(<number>)`: a timing bound with a bare number. */
const BARE_TIMING_BOUND = /expect\(([^;]*?(\b(ms|elapsed|took|duration|seconds)\b|[A-Za-z]+Ms\b|Date\.now\(\)|performance\.now\(\))[^;]*?)\)\s*\.toBeLessThan(OrEqual)?\(\s*[\d_.]+\s*\)/;

describe('wall-clock bounds in npm test', () => {
  it('are ten times the quiet-machine time', () => {
    expect(QUIET_FACTOR).toBeGreaterThanOrEqual(10);
    expect(within(1000)).toBe(10_000);
  });

  it('the pattern finds the forms that failed before', () => {
    for (const bad of [
      'expect(Date.now() - t).toBeLessThan(5000);',
      'expect(performance.now() - t0).toBeLessThan(500);',
      'expect(ms).toBeLessThan(2000);',
      'expect(long.ms).toBeLessThan(1_000);',
      'expect(elapsedMs).toBeLessThanOrEqual(100);',
    ]) {
      expect(BARE_TIMING_BOUND.test(bad), bad).toBe(true);
    }
    for (const good of ['expect(ms).toBeLessThan(within(QUIET_MS.keyLines));', 'expect(rendered).toBeLessThan(200);', 'expect(at.items).toBeLessThan(4000);']) {
      expect(BARE_TIMING_BOUND.test(good), good).toBe(false);
    }
  });

  it('no test file bounds time with a bare number', () => {
    const found: string[] = [];
    for (const file of sources(TEST_ROOT)) {
      if (file === import.meta.filename) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (BARE_TIMING_BOUND.test(line)) found.push(`${path.relative(TEST_ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
