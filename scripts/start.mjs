#!/usr/bin/env node
// `npm start`: builds everything, then runs the desktop app. Electron's binary comes from
// GitHub; where it cannot be fetched, the same UI is served on localhost for a browser instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { portFromEnv, startServer } from './serve.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const electronDir = path.join(root, 'node_modules', 'electron');

/** The Electron executable if it is installed, else undefined. */
function electronBinary(dir = electronDir) {
  try {
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return rel !== '' && existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

function run(args, options = {}) {
  return spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...options });
}

const build = run([path.join(root, 'scripts', 'build.mjs')]);
if (build.status !== 0) {
  console.error('The build failed; see the messages above.');
  process.exit(build.status ?? 1);
}

let binary = electronBinary();
if (binary === undefined && existsSync(path.join(electronDir, 'install.js'))) {
  console.log("Fetching Electron's binary (first start only)…");
  run([path.join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 60_000, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
  binary = electronBinary();
}

// Electron on Linux needs a display server; without one, the browser route is the only one.
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

if (binary !== undefined && !headless) {
  const env = { ...process.env };
  // Set by some parent tools; it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: process.cwd(), stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const rendererRoot = path.join(root, 'dist', 'renderer');
  if (!existsSync(path.join(rendererRoot, 'index.html'))) {
    console.error('Electron cannot run here and there is no web build in dist/renderer to serve.');
    process.exit(1);
  }
  const { url } = await startServer({ root: rendererRoot, port: portFromEnv() });
  const why = binary === undefined ? "Electron's binary could not be downloaded here (no access to GitHub)" : 'There is no display to open a window on (DISPLAY is not set)';
  console.log(`${why}, so PEM Inspector is served at ${url} — open it in your browser (Ctrl+C stops).`);
}
