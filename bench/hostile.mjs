// Hostile inputs at the file limit (issue 11, "Unbounded inputs"): every big shape of
// test/fuzz/hostile-shapes.ts at 49 MiB, each read by parseFile in its own child process.
// Target: read or refused within 2 s and 300 MB (the memory the read adds to the process).
//   node bench/hostile.mjs [--runs N]      (also part of `npm run bench`, skip with --no-hostile)
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const HOSTILE_TARGET = { ms: 2000, addedMB: 300 };
const SIZE = 49 * 2 ** 20;

async function runner() {
  const dir = path.join(root, 'node_modules', '.cache', 'pem-inspector-shapes');
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'bench-shape-runner.mjs');
  await build({ entryPoints: [path.join(root, 'test/fuzz/shape-runner.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'error' });
  return outfile;
}

/** Runs every shape `runs` times; returns per shape the median ms, CPU ms and added MB, and whether they meet the target. */
export async function hostileBench(runs = 3) {
  const file = await runner();
  const { SHAPES } = await import(path.join(root, 'node_modules', '.cache', 'pem-inspector-shapes', 'shape-names.mjs')).catch(async () => {
    const names = path.join(root, 'node_modules', '.cache', 'pem-inspector-shapes', 'shape-names.mjs');
    await build({ entryPoints: [path.join(root, 'test/fuzz/hostile-shapes.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: names, logLevel: 'error' });
    return import(names);
  });
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const out = {};
  for (const shape of SHAPES) {
    const samples = [];
    for (let r = 0; r < runs; r++) samples.push(JSON.parse(execFileSync(process.execPath, ['--expose-gc', file, shape.name, String(SIZE)], { encoding: 'utf8', maxBuffer: 1 << 20 })));
    const ms = median(samples.map((s) => s.ms));
    const addedMB = Math.max(...samples.map((s) => s.addedMB));
    out[shape.name] = {
      bytes: samples[0].bytes,
      ms,
      cpuMs: median(samples.map((s) => s.cpuMs)),
      addedMB,
      outcome: samples[0].items ? `${samples[0].items} item(s)${samples[0].findings.length ? ` [${samples[0].findings.join(', ')}]` : ''}` : samples[0].errors.map((e) => e.code).join(', '),
      meetsTarget: ms <= HOSTILE_TARGET.ms && addedMB <= HOSTILE_TARGET.addedMB,
    };
  }
  return out;
}

export function reportHostile(h) {
  const rows = Object.entries(h).map(([k, v]) => [`hostile ${k} (${(v.bytes / 2 ** 20).toFixed(0)} MiB)`, `${v.ms} ms (CPU ${v.cpuMs} ms), +${v.addedMB} MB`, `${v.meetsTarget ? 'ok' : 'OVER TARGET'}: ${v.outcome}`]);
  const w = Math.max(...rows.map((x) => x[0].length));
  const w2 = Math.max(...rows.map((x) => x[1].length));
  console.log(`\nHostile inputs (target: read or refused within ${HOSTILE_TARGET.ms} ms and ${HOSTILE_TARGET.addedMB} MB)`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w)}  ${b.padEnd(w2)}  ${c}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  const h = await hostileBench(i >= 0 ? Number(process.argv[i + 1]) : 3);
  reportHostile(h);
}
