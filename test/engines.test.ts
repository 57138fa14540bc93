/**
 * package.json `engines` tells the truth: every Node version it allows runs every installed
 * package (Vite 8 and Rolldown need 20.19), except the packages the README's Get started names
 * as printing an EBADENGINE warning on Node 20, with the reason it is harmless.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };

/** Packages that need a newer Node than `engines` allows, and only for `npm run dist` (see README). */
const WARNED = ['@electron/rebuild', 'node-abi'];

type Version = [number, number, number];
const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** A partial version ('20', '20.19', '20.19.0', '20.x') as [lowest, first above] it. */
function partial(text: string): [Version, Version | undefined] {
  const parts = text.replace(/^v/, '').split('.').filter((p) => p !== '' && p !== 'x' && p !== '*').map(Number);
  const lo: Version = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
  if (parts.length === 0) return [lo, undefined];
  if (parts.length === 1) return [lo, [lo[0] + 1, 0, 0]];
  if (parts.length === 2) return [lo, [lo[0], lo[1] + 1, 0]];
  return [lo, [lo[0], lo[1], lo[2] + 1]];
}

/** Whether `v` satisfies an npm range made of `||` sets of comparators (>=, >, <=, <, =, ^, ~, bare). */
export function satisfies(v: Version, range: string): boolean {
  return range.split('||').some((set) => {
    const comparators = set.trim().replace(/([<>=^~]+)\s+/g, '$1').split(/\s+/).filter(Boolean);
    return comparators.every((c) => {
      const m = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(c)!;
      const op = m[1] ?? '';
      const [lo, next] = partial(m[2]!);
      switch (op) {
        case '>=':
          return cmp(v, lo) >= 0;
        case '>':
          return next ? cmp(v, next) >= 0 : false;
        case '<':
          return cmp(v, lo) < 0;
        case '<=':
          return next ? cmp(v, next) < 0 : true;
        case '^':
          return cmp(v, lo) >= 0 && (lo[0] > 0 ? v[0] === lo[0] : v[0] === 0 && v[1] === lo[1]);
        case '~':
          return cmp(v, lo) >= 0 && v[0] === lo[0] && v[1] === lo[1];
        default:
          return cmp(v, lo) >= 0 && (!next || cmp(v, next) < 0);
      }
    });
  });
}

/** The lowest version of each major line a range allows, among the lines Node has shipped. */
function lowestAllowed(range: string): Version[] {
  const out: Version[] = [];
  for (let major = 18; major <= 30; major++) {
    for (let minor = 0; minor <= 40; minor++) {
      if (satisfies([major, minor, 0], range)) {
        out.push([major, minor, 0]);
        break;
      }
    }
  }
  return out;
}

describe('engines', () => {
  it('reads npm ranges as npm does', () => {
    const table: [string, Version, boolean][] = [
      ['>=20', [20, 0, 0], true],
      ['^20.19.0 || >=22.12.0', [20, 18, 9], false],
      ['^20.19.0 || >=22.12.0', [20, 19, 0], true],
      ['^20.19.0 || >=22.12.0', [21, 0, 0], false],
      ['^20.19.0 || >=22.12.0', [22, 11, 0], false],
      ['^20.19.0 || >=22.12.0', [24, 1, 0], true],
      ['18 || 20 || >=22', [20, 5, 0], true],
      ['18 || 20 || >=22', [21, 5, 0], false],
      ['>= 10', [20, 0, 0], true],
      ['^12.13 || ^14.13 || >=16', [20, 0, 0], true],
      ['>=22.12.0', [20, 20, 2], false],
      ['*', [1, 0, 0], true],
    ];
    for (const [range, v, want] of table) expect(satisfies(v, range), `${v.join('.')} in ${range}`).toBe(want);
  });

  it('every Node version package.json allows runs every package installed (but the warned ones)', () => {
    const versions = lowestAllowed(pkg.engines.node);
    expect(versions.length).toBeGreaterThan(0);
    const bad: string[] = [];
    for (const [where, p] of Object.entries(lock.packages)) {
      const name = where.replace(/^.*node_modules\//, '');
      const range = p.engines && !Array.isArray(p.engines) ? p.engines.node : undefined;
      if (!where || !range || WARNED.includes(name)) continue;
      for (const v of versions) if (!satisfies(v, range)) bad.push(`${name}@${p.version} needs node ${range}, engines allows ${v.join('.')}`);
    }
    expect(bad).toEqual([]);
  });

  it('the packages that warn are named in the README, with why the warning is harmless', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const start = readme.slice(readme.indexOf('## Get started'), readme.indexOf('\n## ', readme.indexOf('## Get started') + 3));
    expect(start).toContain('EBADENGINE');
    for (const name of WARNED) expect(start).toContain(`\`${name}\``);
    // Still needed: when they stop needing a newer Node, the list and the README shrink.
    const needing = Object.entries(lock.packages).filter(([w, p]) => WARNED.includes(w.replace(/^.*node_modules\//, '')) && p.engines && !Array.isArray(p.engines) && p.engines.node && !satisfies([20, 19, 0], p.engines.node));
    expect(needing.map(([w]) => w.replace(/^.*node_modules\//, '')).sort()).toEqual([...WARNED].sort());
  });
});
