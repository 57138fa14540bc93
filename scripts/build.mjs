#!/usr/bin/env node
// Builds every target: `node scripts/build.mjs [cli|electron|renderer]...` (default: all).
// The CLI and the Electron main/preload are bundled by esbuild (fast, no type check: `npm run
// typecheck` does that); the renderer is a Vite build that works from any static server.
import { build } from 'esbuild';
import { existsSync, chmodSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const want = new Set(process.argv.slice(2));
const all = want.size === 0;
const at = (p) => path.join(root, p);

async function buildCli() {
  const out = at('dist/cli/pem-inspector.js');
  // Split into chunks: each command and the inspect pool's worker thread load only what they use.
  const result = await build({
    metafile: true,
    entryPoints: { 'pem-inspector': at('cli/main.ts'), 'pool-worker': at('cli/pool-worker.ts') },
    outdir: at('dist/cli'),
    // Chunks beside the entries: pool.ts finds pool-worker.js next to its own file.
    chunkNames: '[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __pemCreateRequire } from 'node:module';\nconst require = __pemCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  chmodSync(out, 0o755);
  // Chunks of earlier builds (other hashes) go; the new files were written in place, never missing.
  const fresh = new Set(Object.keys(result.metafile.outputs).map((o) => path.resolve(o)));
  for (const name of readdirSync(at('dist/cli'))) {
    const p = at(path.join('dist/cli', name));
    if (!fresh.has(p) && /\.js(\.map)?$/.test(name)) rmSync(p, { force: true });
  }
  console.log('built dist/cli/pem-inspector.js');
}

async function buildElectron() {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, external: ['electron'], logLevel: 'warning' };
  await build({ ...common, entryPoints: [at('electron/main.ts')], outfile: at('dist/electron/main.cjs') });
  if (existsSync(at('electron/preload.ts'))) {
    await build({ ...common, entryPoints: [at('electron/preload.ts')], outfile: at('dist/electron/preload.cjs') });
  }
  console.log('built dist/electron/');
}

function buildRenderer() {
  const vite = at('node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', at('renderer/vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) throw new Error('renderer build failed');
  console.log('built dist/renderer/');
}

try {
  if ((all || want.has('cli')) && existsSync(at('cli/main.ts'))) await buildCli();
  if ((all || want.has('electron')) && existsSync(at('electron/main.ts'))) await buildElectron();
  if ((all || want.has('renderer')) && existsSync(at('renderer/vite.config.ts'))) buildRenderer();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
