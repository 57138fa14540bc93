/**
 * The long fuzz run behind `npm run fuzz` (scripts/fuzz.mjs bundles and calls this).
 *   npm run fuzz -- --seed 42 --iterations 200000 --minutes 10 [--from N] [--hang-ms 10000] [--limit-ms 1000] [--save DIR]
 *   npm run fuzz -- --replay test/fuzz/crashers   (runs saved inputs as they are)
 * Prints progress, the slowest calls, every failure with how to replay it, and saves failing
 * inputs into --save (default $TMPDIR/pem-inspector-fuzz-found).
 */
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXED_CASES } from './cases.js';
import { drive, saveCrashers, type Summary } from './driver.js';
import { CALL_LIMIT_MS } from './harness.js';

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function main(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log('usage: npm run fuzz -- [--seed N] [--iterations N] [--minutes M] [--from INDEX] [--hang-ms MS] [--limit-ms MS] [--save DIR] | --replay DIR');
    return 0;
  }
  const seed = Number(arg(args, 'seed') ?? 42) >>> 0;
  const iterations = Number(arg(args, 'iterations') ?? 20_000);
  const minutes = Number(arg(args, 'minutes') ?? 10);
  const from = Number(arg(args, 'from') ?? 0);
  const hangMs = Number(arg(args, 'hang-ms') ?? 10_000);
  const limitMs = Number(arg(args, 'limit-ms') ?? CALL_LIMIT_MS);
  // Outside the tree by default: copy a reproducer into test/fuzz/crashers/ by hand, named after its symptom.
  const save = arg(args, 'save') ?? join(tmpdir(), 'pem-inspector-fuzz-found');
  const replay = arg(args, 'replay');
  const files = replay ? readdirSync(replay).filter((n) => statSync(join(replay, n)).isFile() && n !== 'README.md').map((n) => join(replay, n)) : undefined;
  const started = Date.now();
  if (files) console.log(`fuzz: replaying ${files.length} files from ${replay}`);
  else console.log(`fuzz: seed ${seed}, cases ${from}..${from + iterations} (${FIXED_CASES} fixed, then mutations), at most ${minutes} min`);
  let lastPrint = 0;
  const progress = (s: Summary) => {
    if (Date.now() - lastPrint < 5000) return;
    lastPrint = Date.now();
    const secs = (Date.now() - started) / 1000;
    console.log(`  ${s.cases} cases in ${secs.toFixed(0)} s (${(s.cases / secs).toFixed(0)}/s), ${s.failures.length} failing, slowest ${s.slowest[0]?.ms.toFixed(0) ?? 0} ms`);
  };
  const s = await drive({ seed, files, from: files ? 0 : from, to: files ? files.length : from + iterations, deadline: started + minutes * 60_000, hangMs, limitMs, onProgress: progress });
  console.log(`\n${s.cases} cases in ${((Date.now() - started) / 1000).toFixed(0)} s; last index ${s.lastIndex}`);
  console.log('slowest calls:');
  for (const x of s.slowest) console.log(`  ${x.ms.toFixed(0).padStart(6)} ms  ${x.call}  ${x.fixture} ~ ${x.op}`);
  if (s.masked.length) {
    console.log(`caught reader errors (coded, but a TypeError-like detail; ${s.masked.length} shown at most 100):`);
    for (const m of s.masked.slice(0, 20)) console.log(`  ${m.fixture} ~ ${m.op}: ${m.detail.split('\n')[0]}`);
  }
  if (!s.failures.length) {
    console.log('no failures');
    return 0;
  }
  console.log(`${s.failures.length} failing cases (replay one with --seed ${seed} --from INDEX --iterations 1):`);
  for (const f of s.failures.slice(0, 50)) {
    for (const v of f.violations) console.log(`  #${f.index} ${f.fixture} ~ ${f.op}: ${v.kind} in ${v.call}: ${v.detail.split('\n')[0]}`);
  }
  const paths = saveCrashers(save, s.failures);
  console.log(`inputs saved: ${paths.length} files in ${save}`);
  return 1;
}
