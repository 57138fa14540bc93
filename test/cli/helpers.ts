/** Runs the BUILT command (dist/cli/pem-inspector.js), as users and scripts do. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli', 'pem-inspector.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'files');
export const MANIFEST_PATH = path.join(ROOT, 'test', 'fixtures', 'manifest.json');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestSource(p) : st.mtimeMs);
  }
  return newest;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds the CLI unless the built file is newer than every source. Test files run in
 * parallel workers, so a lock directory keeps one build from overwriting the file another
 * worker is running.
 */
export function ensureBuilt(): void {
  // For running these tests against a CLI built some other way.
  if (process.env.PEM_CLI_SKIP_BUILD === '1' && existsSync(CLI)) return;
  const lock = path.join(ROOT, 'dist', '.cli-build-lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const st = statSync(lock, { throwIfNoEntry: false });
      // A lock older than two minutes belongs to a crashed run.
      if (st && Date.now() - st.mtimeMs > 120_000) rmdirSync(lock);
      else if (Date.now() > deadline) throw new Error('timed out waiting for another build of the CLI');
      else sleep(200);
    }
  }
  try {
    const fresh = existsSync(CLI) && statSync(CLI).mtimeMs > Math.max(newestSource(path.join(ROOT, 'cli')), newestSource(path.join(ROOT, 'core')));
    if (fresh) return;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), 'cli'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`building the CLI failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmdirSync(lock);
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI; `timeoutMs` (default 60 s) is for the calls that read hundreds of files. */
export function run(args: string[], opts: { input?: string | Uint8Array; env?: Record<string, string>; timeoutMs?: number } = {}): RunResult {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: opts.input,
    env,
    maxBuffer: 64 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface ManifestItem {
  kind: string;
  sensitivity: string;
  encrypted: boolean;
  algorithm?: string;
  bits?: number;
  curve?: string;
  container?: string;
}

export interface ManifestEntry {
  path: string;
  password?: string;
  items: ManifestItem[];
  itemsWithPassword?: ManifestItem[];
  error?: string;
  pairWith?: string[];
}

export interface Manifest {
  password: string;
  files: ManifestEntry[];
}

/** The fixture manifest, or undefined while the fixtures have not been generated. */
export function loadManifest(): Manifest | undefined {
  if (!existsSync(MANIFEST_PATH)) return undefined;
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
}

export const fixture = (p: string) => path.join(FIXTURES, p);

/** A Node stack frame, which must never reach a user. */
export const STACK_FRAME = /^\s+at .+[:(]/m;

export interface PtyResult {
  /** Everything the terminal showed (stdout and stderr share it). */
  output: string;
  code: number;
  /** How many of the inputs to type never found their prompt. */
  unsent: number;
  timedOut: boolean;
}

/** Whether python3 (for its `pty` module) is here: the pseudo-terminal tests need it. */
export const havePython = spawnSync('python3', ['-c', 'import pty'], { encoding: 'utf8' }).status === 0;

/**
 * Runs the built CLI in a pseudo-terminal (test/cli/run-in-pty.py), typing each `send.text` once
 * `send.after` appears: stdin, stdout and stderr are a real terminal, as for a person.
 */
export function runInPty(args: string[], opts: { send?: { after: string; text: string }[]; env?: Record<string, string>; cwd?: string } = {}): PtyResult {
  const spec = { argv: [process.execPath, CLI, ...args], send: opts.send ?? [], env: opts.env ?? {}, timeout: 90 };
  const r = spawnSync('python3', [path.join(ROOT, 'test', 'cli', 'run-in-pty.py'), JSON.stringify(spec)], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`run-in-pty.py failed: ${r.stderr}`);
  const o = JSON.parse(r.stdout) as { output: string; code: number; unsent: number; timedOut: boolean };
  return { ...o, output: Buffer.from(o.output, 'base64').toString('utf8') };
}

export const HOSTILE_DIR = path.join(ROOT, 'test', 'fixtures', 'cli', 'hostile');
