#!/usr/bin/env node
// `npm run fuzz -- --seed 42 --iterations 200000 --minutes 10`: the long fuzz run.
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
process.exitCode = await main(process.argv.slice(2));
