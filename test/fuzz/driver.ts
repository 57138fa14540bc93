/**
 * Main-thread side of a fuzz run: bundles worker.ts with esbuild, hands it ranges of case
 * indexes, and watches it. A case that does not come back within `hangMs`, or a worker that
 * dies (out of memory, a crash), is recorded as a failure with its input, and the worker is
 * restarted after that case, so one hang does not end the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { CaseReport, Violation } from './harness.js';

export interface Failure {
  index: number;
  fixture: string;
  op: string;
  bytes: Uint8Array;
  violations: Violation[];
}

export interface Summary {
  cases: number;
  failures: Failure[];
  /** Problems whose detail looks like a reader bug that the entry point caught. */
  masked: { fixture: string; op: string; detail: string; bytes: Uint8Array }[];
  slowest: { fixture: string; op: string; call: string; ms: number }[];
  lastIndex: number;
}

export interface DriveOptions {
  seed: number;
  /** Case indexes [from, to). */
  from?: number;
  to: number;
  /** Stop handing out cases after this time (ms since epoch). */
  deadline?: number;
  hangMs?: number;
  heapMb?: number;
  fixtureRoot?: string;
  /** Run these files as they are instead of generated cases (case i is files[i]). */
  files?: string[];
  /** Time limit per call (default CALL_LIMIT_MS). */
  limitMs?: number;
  onProgress?: (s: Summary) => void;
}

const ROOT = join(import.meta.dirname, '..', '..');
const BATCH = 50;

let bundled: Promise<string> | undefined;

export function bundleWorker(): Promise<string> {
  bundled ??= (async () => {
    const dir = join(ROOT, 'node_modules', '.cache', 'pem-inspector-fuzz');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'worker.mjs');
    // Dependencies stay external: they resolve from node_modules next to the bundle.
    await build({ entryPoints: [join(import.meta.dirname, 'worker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'error',
      // The bundle lives elsewhere; paths in the fuzz sources are relative to test/fuzz.
      define: { 'import.meta.dirname': JSON.stringify(import.meta.dirname) } });
    return outfile;
  })();
  return bundled;
}

function keep(s: Summary, fixture: string, op: string, bytes: Uint8Array, r: CaseReport, index: number) {
  s.cases++;
  s.lastIndex = index;
  if (r.violations.length) s.failures.push({ index, fixture, op, bytes, violations: r.violations });
  for (const m of r.masked) if (s.masked.length < 100) s.masked.push({ fixture, op, detail: m.detail ?? '', bytes });
  if (s.slowest.length < 10 || r.slowest.ms > s.slowest[s.slowest.length - 1]!.ms) {
    s.slowest.push({ fixture, op, call: r.slowest.call, ms: r.slowest.ms });
    s.slowest.sort((a, b) => b.ms - a.ms);
    s.slowest.length = Math.min(s.slowest.length, 10);
  }
}

export async function drive(o: DriveOptions): Promise<Summary> {
  const file = await bundleWorker();
  const s: Summary = { cases: 0, failures: [], masked: [], slowest: [], lastIndex: -1 };
  const hangMs = o.hangMs ?? 10_000;
  let next = o.from ?? 0;
  const over = () => next >= o.to || (o.deadline !== undefined && Date.now() > o.deadline);

  while (!over()) {
    await new Promise<void>((resolve) => {
      const w = new Worker(file, { workerData: { seed: o.seed, fixtureRoot: o.fixtureRoot, files: o.files, limitMs: o.limitMs }, resourceLimits: { maxOldGenerationSizeMb: o.heapMb ?? 2048 } });
      let current: { index: number; fixture: string; op: string; bytes: Uint8Array } | undefined;
      let timer: NodeJS.Timeout | undefined;
      let ended = false;
      const end = (why?: string) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        if (why && current) {
          s.cases++;
          s.failures.push({ ...current, violations: [{ kind: why.startsWith('hang') ? 'slow' : 'threw', call: 'worker', detail: why }] });
          next = current.index + 1;
        } else if (why) next++;
        void w.terminate();
        resolve();
      };
      const batch = () => {
        if (over()) return end();
        const to = Math.min(o.to, next + BATCH);
        w.postMessage({ from: next, to });
      };
      w.on('message', (m: { type: string; index: number; fixture: string; op: string; bytes: Uint8Array; report: CaseReport }) => {
        if (m.type === 'ready') batch();
        else if (m.type === 'case') {
          current = m;
          clearTimeout(timer);
          timer = setTimeout(() => end(`hang: no answer after ${hangMs} ms`), hangMs);
        } else if (m.type === 'result') {
          clearTimeout(timer);
          keep(s, current?.fixture ?? '?', current?.op ?? '?', current?.bytes ?? new Uint8Array(0), m.report, m.index);
          current = undefined;
          next = m.index + 1;
        } else if (m.type === 'finished') {
          o.onProgress?.(s);
          batch();
        }
      });
      w.on('error', (e) => end(`worker died: ${e.message}`));
      w.on('exit', (code) => end(code === 0 ? undefined : `worker exited with code ${code}`));
    });
  }
  return s;
}

/** Writes each failure's input into `dir`, named after fixture, op and symptom; returns the paths. */
export function saveCrashers(dir: string, failures: Failure[], max = 50): string[] {
  mkdirSync(dir, { recursive: true });
  return failures.slice(0, max).map((f) => {
    const kind = f.violations[0]?.kind ?? 'fail';
    const name = `${kind}-${f.fixture}-${f.op}`.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 120);
    const path = join(dir, name);
    writeFileSync(path, f.bytes);
    return path;
  });
}
