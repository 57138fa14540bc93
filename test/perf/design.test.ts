/**
 * Guards of the performance design (no timings: those live in `npm run bench`):
 * - the list path (parseFile and the CLI's inspect pool worker) never bundles pkijs or asn1js;
 * - the renderer parses in a Worker: the window's own script holds no parser;
 * - the fast helpers on the list path give exactly what the plain ones gave.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { toHex } from '../../core/bytes.js';
import { decodeOid } from '../../core/der.js';
import { setDigestProvider, sha1Hex, sha256Hex } from '../../core/hash.js';
import { ensureBuilt as ensureCli, ROOT } from '../cli/helpers.js';
import { ensureBuilt as ensureRenderer } from '../ui/helpers.js';

/** Every package a bundle of `entry` would contain. */
async function packagesIn(entry: string): Promise<Set<string>> {
  // core is built as the browser Worker gets it; the CLI's files as Node gets them.
  const platform = entry.startsWith('cli/') ? 'node' : 'browser';
  const r = await build({ entryPoints: [path.join(ROOT, entry)], bundle: true, write: false, metafile: true, platform, format: 'esm', logLevel: 'silent' });
  const out = new Set<string>();
  for (const input of Object.keys(r.metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (m) out.add(m[1]!);
  }
  return out;
}

describe('the list path does not run the full decoder', () => {
  test.each(['core/parse.ts', 'cli/pool-worker.ts', 'cli/inspect.ts'])('%s bundles neither pkijs nor asn1js', async (entry) => {
    const pkgs = await packagesIn(entry);
    expect(pkgs.has('pkijs')).toBe(false);
    expect(pkgs.has('asn1js')).toBe(false);
    // The check can see packages at all: the parse path does use @noble/hashes.
    expect(pkgs.has('@noble/hashes')).toBe(true);
  });

  test('the check can see pkijs where it is used (the generators), so the checks above mean something', async () => {
    const pkgs = await packagesIn('core/generate/index.ts');
    expect(pkgs.has('pkijs')).toBe(true);
    expect(pkgs.has('asn1js')).toBe(true);
  });

  test('the built CLI entry loads inspect lazily and inspect does not import pkijs', () => {
    ensureCli();
    const dir = path.join(ROOT, 'dist/cli');
    const entry = readFileSync(path.join(dir, 'pem-inspector.js'), 'utf8');
    expect(entry).not.toMatch(/pkijs|PKI\.js/i);
    // Static imports of the entry and of the inspect chunk, followed transitively.
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/^import\s[^;]*?from\s*"\.\/([^"]+)"/gm)) visit(m[1]!);
    };
    visit('pem-inspector.js');
    const inspect = readdirSync(dir).find((f) => /^inspect-.*\.js$/.test(f));
    expect(inspect).toBeDefined();
    visit(inspect!);
    const loaded = [...seen].map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(loaded).not.toContain('node_modules/pkijs');
    expect(loaded).not.toContain('node_modules/asn1js');
    expect(loaded).toContain('readCertificate');
  });
});

describe('key code loads only when a file has a key', () => {
  /** The text of `file` and of every chunk it imports statically, transitively (dynamic import() not followed). */
  function staticClosure(dir: string, file: string): string {
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      const text = readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/^import\s(?:[^;]*?from\s*)?"\.\/([^"]+)"/gm)) visit(m[1]!);
    };
    visit(file);
    return [...seen].map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
  }

  test('the CLI pool worker starts without node-forge, bcrypt-pbkdf or curve arithmetic', () => {
    ensureCli();
    const dir = path.join(ROOT, 'dist/cli');
    const loaded = staticClosure(dir, 'pool-worker.js');
    expect(loaded).toContain('readCertificate');
    for (const heavy of ['node_modules/node-forge', 'node_modules/bcrypt-pbkdf', 'node_modules/@noble/curves', 'core/keys/read.ts']) {
      expect(loaded).not.toContain(heavy);
    }
    // They are still in the build, behind a dynamic import, so the check above can fail.
    const all = readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(all).toContain('node_modules/node-forge');
    expect(all).toContain('core/keys/read.ts');
  });
});

describe('the renderer parses in a Worker', () => {
  test('the window script creates a module Worker and holds no certificate reader', () => {
    ensureRenderer();
    const assets = path.join(ROOT, 'dist/renderer/assets');
    const html = readFileSync(path.join(ROOT, 'dist/renderer/index.html'), 'utf8');
    const main = /src="[^"]*assets\/(index-[^"]+\.js)"/.exec(html)?.[1];
    expect(main).toBeDefined();
    const text = readFileSync(path.join(assets, main!), 'utf8');
    expect(text).toMatch(/new Worker\(/);
    // Strings only the readers contain (they survive minification).
    expect(text).not.toContain('a TBSCertificate SEQUENCE');
    const all = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(assets, f), 'utf8')).join('\n');
    expect(all).toContain('a TBSCertificate SEQUENCE');
  });

  test('dropped files are read in the Worker: the window script never calls arrayBuffer()', () => {
    ensureRenderer();
    const assets = path.join(ROOT, 'dist/renderer/assets');
    const html = readFileSync(path.join(ROOT, 'dist/renderer/index.html'), 'utf8');
    const main = /src="[^"]*assets\/(index-[^"]+\.js)"/.exec(html)?.[1];
    expect(main).toBeDefined();
    expect(readFileSync(path.join(assets, main!), 'utf8')).not.toContain('arrayBuffer');
    const worker = readdirSync(assets).find((f) => /^worker-.*\.js$/.test(f));
    expect(worker).toBeDefined();
    expect(readFileSync(path.join(assets, worker!), 'utf8')).toContain('arrayBuffer');
  });
});

describe('fast helpers equal the plain ones', () => {
  const plainHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  test('toHex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20000 }), (b) => {
        expect(toHex(b)).toBe(plainHex(b));
      }),
      { numRuns: 300 },
    );
    expect(toHex(Uint8Array.of(1, 0xab), ':')).toBe('01:ab');
  });

  test('decodeOid, including arcs beyond 2^53', () => {
    const encodeArc = (n: bigint) => {
      const out: number[] = [];
      do {
        out.unshift(Number(n & 0x7fn));
        n >>= 7n;
      } while (n > 0n);
      return out.map((b, i) => (i < out.length - 1 ? b | 0x80 : b));
    };
    const arc = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 2n ** 130n }));
    fc.assert(
      fc.property(fc.constantFrom(0n, 1n, 2n), fc.bigInt({ min: 0n, max: 39n }), fc.array(arc, { maxLength: 6 }), (a, b, rest) => {
        const first = a === 2n ? b + 80n * 1n + (b % 7n) * 1000n : b;
        const bytes = Uint8Array.from([...encodeArc(a * 40n + first), ...rest.flatMap(encodeArc)]);
        expect(decodeOid(bytes)).toBe([a, first, ...rest].join('.'));
      }),
      { numRuns: 500 },
    );
  });

  test('a digest provider replaces the portable digests and can be removed', () => {
    const data = new TextEncoder().encode('abc');
    const portable = [sha256Hex(data), sha1Hex(data)];
    expect(portable).toEqual(['ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'a9993e364706816aba3e25717850c26c9cd0d89d']);
    setDigestProvider({ sha256Hex: () => 'x', sha1Hex: () => 'y' });
    try {
      expect([sha256Hex(data), sha1Hex(data)]).toEqual(['x', 'y']);
    } finally {
      setDigestProvider(undefined);
    }
    expect([sha256Hex(data), sha1Hex(data)]).toEqual(portable);
  });
});
