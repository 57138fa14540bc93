/**
 * In-process core throughput (bundled by bench/run.mjs and run in a child Node): parseFile over
 * whole files, items per second, with the portable digests the browser Worker uses.
 * Prints one JSON line: { name: { items, ms: number[] } }.
 */
import { readFileSync } from 'node:fs';
import { parseFile } from '../core/parse.js';

const [runsArg, ...files] = process.argv.slice(2);
const runs = Number(runsArg);
const out: Record<string, { items: number; ms: number[] }> = {};
for (const spec of files) {
  const [name, file] = spec.split('=') as [string, string];
  const bytes = new Uint8Array(readFileSync(file));
  // One warm-up so that every run measures optimised code, as a long-running app would.
  await parseFile({ name, bytes });
  const ms: number[] = [];
  let items = 0;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const res = await parseFile({ name, bytes });
    ms.push(performance.now() - t);
    items = res.items.length;
  }
  out[name] = { items, ms };
}
process.stdout.write(JSON.stringify(out) + '\n');
