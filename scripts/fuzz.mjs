#!/usr/bin/env node
// `npm run fuzz -- --seed 42 --iterations 200000 --minutes 10`: the long fuzz run.
// Then the built CLI over mutated files (test/fuzz/cli-fuzz.test.ts with 2,000 files instead of
// `npm test`'s 100; `--cli-files N` to change, 0 to skip; --seed applies to it too).
// The harness is TypeScript (test/fuzz/); esbuild bundles it on the fly into node_modules/.cache.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fuzzDir = join(root, 'test', 'fuzz');
const outDir = join(root, 'node_modules', '.cache', 'pem-inspector-fuzz');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'long.mjs');
await build({
  entryPoints: [join(fuzzDir, 'long.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile,
  logLevel: 'error',
  define: { 'import.meta.dirname': JSON.stringify(fuzzDir) },
});
const { main } = await import(pathToFileURL(outfile).href);
const args = process.argv.slice(2);
const arg = (name) => (args.indexOf(`--${name}`) >= 0 ? args[args.indexOf(`--${name}`) + 1] : undefined);
let code = await main(args.filter((a, i) => a !== '--cli-files' && args[i - 1] !== '--cli-files'));
const cliFiles = Number(arg('cli-files') ?? 2000);
if (!args.includes('--help') && !arg('replay') && arg('iterations') !== '1' && cliFiles > 0) {
  console.log(`\nfuzz: ${cliFiles} mutated files through the built CLI (test/fuzz/cli-fuzz.test.ts)`);
  const { spawnSync } = await import('node:child_process');
  const env = { ...process.env, PEM_FUZZ_CLI_FILES: String(cliFiles), ...(arg('seed') ? { PEM_FUZZ_CLI_SEED: arg('seed') } : {}) };
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/fuzz/cli-fuzz.test.ts'], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) code = r.status || 1;
}
process.exitCode = code;
