/**
 * `inspect` streamed, over a pool of worker threads for big inputs (many files, or one big PEM
 * bundle cut at BEGIN lines, core's `pemByteParts`), else in this thread. Tasks (pool-task.ts)
 * parse and render JSON or text; this thread writes the results in input order as soon as each
 * one's turn comes, so output overlaps parsing and only a part's items are alive at a time. The
 * text equals the whole-document path's (`stringify(filesToJson())`, `formatFile`).
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { capOutcome, FILE_LIMITS, WorkBudget } from '../core/budget.js';
import { joinPemErrors, pemTextStart } from '../core/parse.js';
import { pemBytePartsOneByOne } from '../core/pem.js';
import type { Problem } from '../core/types.js';
import {
  documentClose,
  DOCUMENT_OPEN,
  EMPTY_ITEMS,
  FILE_INDENT,
  FILE_SEPARATOR,
  ITEMS_CLOSE,
  ITEMS_OPEN,
  ITEMS_SEPARATOR,
  fileHead,
  fileTail,
  type SkippedEntry,
} from './json.js';
import { openRegularFile } from './input.js';
import { runTask, type Encoded, type FilesResult, type OutputMode, type PemResult, type SharedText, type Task, type TaskResult } from './pool-task.js';
import { displayName } from './input.js';
import { errorLinesText, fileHeadText, ITEM_NUMBER_HEAD } from './format.js';
import { ansi, plain } from './style.js';
import { terminalSafe, writeChecked } from './terminal.js';
import { visibleText } from '../core/visible-text.js';

/**
 * A file at least this big is read by this thread and, when it is PEM text, cut into parts:
 * 1 MiB, or `PEM_INSPECTOR_BIG_FILE_BYTES` (tests cut small files into many parts with it). The
 * pool's byte threshold and the part size scale with it.
 */
function bigFileBytes(): number {
  const env = Number.parseInt(process.env.PEM_INSPECTOR_BIG_FILE_BYTES ?? '', 10);
  return Number.isFinite(env) && env > 0 ? env : 1024 * 1024;
}
/** Below these totals a pool's start-up costs more than it saves: 2 MiB by default. */
const poolMinBytes = () => 2 * bigFileBytes();
const POOL_MIN_FILES = 64;
/** Parts of about 250 certificates (384 KiB by default): enough work per message, and each part's Items die young. */
const partBytes = () => Math.max(1, Math.floor((3 * bigFileBytes()) / 8));
const YOUNG_GENERATION_MB = 32;

/** Workers to use: `PEM_INSPECTOR_THREADS` (1 turns the pool off), else one per core. */
export function poolThreads(): number {
  const env = Number.parseInt(process.env.PEM_INSPECTOR_THREADS ?? '', 10);
  return Number.isFinite(env) && env > 0 ? env : availableParallelism();
}

function sizeOf(path: string): number {
  try {
    return path === '-' ? 0 : statSync(path).size;
  } catch {
    return 0;
  }
}

/** Whether `paths` are worth a pool of `threads` workers. Standard input stays on the single path. */
export function wantsPool(paths: string[], threads: number): boolean {
  if (threads < 2 || paths.includes('-')) return false;
  if (paths.length >= POOL_MIN_FILES) return true;
  let total = 0;
  for (const p of paths) total += sizeOf(p);
  return total >= poolMinBytes();
}

/**
 * Starts the workers first thing, so that loading their code overlaps this thread reading and
 * cutting the input. A larger young generation than the default lets a task's Items die there
 * instead of being promoted and collected again by the old-generation collector.
 */
function startWorkers(count: number): Worker[] {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'pool-worker.js');
  return Array.from({ length: count }, () => new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }));
}

/**
 * Reads a big file once into shared memory, which the workers decode part by part: this thread
 * neither decodes the text nor copies it into messages, so the workers start parsing sooner.
 * Undefined when the file cannot be read (a worker's read then reports why, as the single path does).
 */
function readShared(path: string): { view: Uint8Array; utf8: boolean } | undefined {
  // Not a regular file, or over the core's limit: a worker's read reports why without reading it.
  const opened = openRegularFile(path);
  if (!opened.ok) return undefined;
  const fd = opened.fd;
  try {
    const size = opened.size;
    const view = new Uint8Array(new SharedArrayBuffer(size));
    let got = 0;
    while (got < size) {
      const n = readSync(fd, view, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    const bytes = got === size ? view : view.subarray(0, got);
    return { view: bytes, utf8: isUtf8(bytes) };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs tasks on the workers and in this thread, each taking the next task when free; `onResult`
 * gets every result once. `pull` gives the next task's index, or -1 when there is none: tasks are
 * made as they are handed out, so the first ones start while a big file is still being cut. A
 * buffer in `spares` (a result already written out) goes along with the next task.
 *
 * This thread takes tasks too, between writing results: one isolate fewer to start and to warm
 * up (its code is loaded here already), and the first part is read while the workers start.
 */
function runPool(workers: Worker[], tasks: Task[], pull: () => number, spares: ArrayBuffer[], out: Output, onResult: (index: number, result: TaskResult) => void): Promise<void> {
  const one = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      // Tasks sent and not yet answered, oldest first (a worker answers in order).
      const inFlight: number[] = [];
      const feed = () => {
        const current = pull();
        if (current === -1) {
          if (inFlight.length === 0) {
            void worker.terminate();
            resolve();
          }
          return;
        }
        inFlight.push(current);
        const spare = spares.pop();
        if (spare) worker.postMessage({ ...tasks[current], spare }, [spare]);
        else worker.postMessage(tasks[current]);
      };
      worker.on('message', (m: { ok: true; result: TaskResult } | { ok: false; error: string }) => {
        if (!m.ok) {
          void worker.terminate();
          reject(new Error(m.error));
          return;
        }
        onResult(inFlight.shift()!, m.result);
        feed();
      });
      worker.on('error', reject);
      // Two tasks in flight: the next one waits in the worker's queue, so the worker never sits
      // idle while this thread (reading a part, writing, or not scheduled on a loaded machine) answers.
      feed();
      feed();
    });
  const here = async () => {
    for (let i = pull(); i !== -1; i = pull()) {
      const spare = spares.pop();
      // Each task with its own work budget, as in a worker.
      onResult(i, await runTask(spare ? { ...tasks[i]!, spare } : tasks[i]!));
      // A turn of the event loop: the workers' answers are taken and given their next tasks.
      await out.writable();
    }
  };
  return Promise.all([here(), ...workers.map(one)]).then(() => {
    if (process.env.PEM_INSPECTOR_TRACE) process.stderr.write(`pem-inspector: ${workers.length + 1} worker threads for ${tasks.length} tasks (this one and ${workers.length} more)\n`);
  });
}

const OUTPUT_CHUNK = 2 << 20;

/**
 * Collects UTF-8 output, safe for a terminal as it comes (see pool-task.ts), and and writes it to stdout in pieces of about two megabytes. A chunk goes
 * back to the free list when stdout says it is written: reusing chunks saves copying the whole
 * output (~40 MB for 10,000 certificates) into fresh memory, which costs page faults too.
 */
class Output {
  private free: Buffer[] = [];
  private buf: Buffer = Buffer.allocUnsafe(OUTPUT_CHUNK);
  private length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }
  text(s: string): void {
    this.room(s.length * 3);
    this.length += this.buf.write(s, this.length, 'utf8');
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  private full = false;
  flush(): void {
    if (this.length === 0) return;
    const chunk = this.buf;
    // stdout may keep the chunk until it is written: it is reused only after the callback.
    this.full = !writeChecked(process.stdout, chunk.subarray(0, this.length), () => {
      if (chunk.length === OUTPUT_CHUNK) this.free.push(chunk);
    });
    this.buf = this.free.pop() ?? Buffer.allocUnsafe(OUTPUT_CHUNK);
    this.length = 0;
  }
  /** After a turn of the event loop (written chunks come back), and once stdout has drained when it asked to wait. */
  writable(): Promise<void> {
    if (!this.full) return new Promise((resolve) => setImmediate(resolve));
    this.full = false;
    return new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

/** What to write when a task's turn comes: a run of whole files, or one part of a big PEM file. */
type Plan = { type: 'files' } | { type: 'pem'; path: string; first: boolean; last: boolean };

/**
 * Runs the tasks one after another in this thread, as the pool's workers would: the path
 * without a pool (one core, small inputs) streams the same way, one item alive at a time.
 */
async function runHere(tasks: Task[], plans: Plan[], pull: () => number, spares: ArrayBuffer[], out: Output, onResult: (index: number, result: TaskResult) => void): Promise<void> {
  let budget = new WorkBudget();
  for (let i = pull(); i !== -1; i = pull()) {
    const spare = spares.pop();
    const plan = plans[i]!;
    // One work budget per file, across its parts, as parseFile has for the whole file.
    if (plan.type === 'pem' && plan.first) budget = new WorkBudget();
    onResult(i, await runTask(spare ? { ...tasks[i]!, spare } : tasks[i]!, budget));
    // A task's awaits are all on settled promises: without a turn of the event loop here,
    // no write's callback would run, and every output chunk would be fresh memory.
    await out.writable();
  }
}

/**
 * The tasks for `paths` in order, each made when it is asked for: runs of small files, and the
 * parts of each big PEM file (read once into shared memory, cut one part at a time).
 */
function* planTasks(paths: string[], passwords: string[], threads: number, now: number, mode: OutputMode): Generator<{ task: Task; plan: Plan }> {
  const pooled = threads >= 2;
  const big = bigFileBytes();
  const small = paths.filter((p) => sizeOf(p) < big).length;
  const batch = pooled ? Math.max(1, Math.min(200, Math.ceil(small / (threads * 8)))) : 64;
  let open: Extract<Task, { type: 'files' }> | undefined;
  for (const path of paths) {
    const shared = sizeOf(path) >= big ? readShared(path) : undefined;
    const start = shared ? pemTextStart(shared.view, shared.utf8) : undefined;
    if (shared && start !== undefined) {
      if (open) yield { task: open, plan: { type: 'files' } };
      open = undefined;
      const decode = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString(shared.utf8 ? 'utf8' : 'latin1');
      let first = true;
      for (const p of pemBytePartsOneByOne(shared.view, start, Math.max(threads * 2, Math.ceil(shared.view.length / partBytes())), decode)) {
        const text: SharedText = { bytes: shared.view.buffer as SharedArrayBuffer, start: p.start, end: p.end, utf8: shared.utf8 };
        yield { task: { type: 'pem', text, firstLine: p.firstLine, passwords, now, mode }, plan: { type: 'pem', path, first, last: p.last } };
        first = false;
      }
      continue;
    }
    if (open && open.paths.length >= batch) {
      yield { task: open, plan: { type: 'files' } };
      open = undefined;
    }
    open ??= { type: 'files', paths: [], passwords, now, mode };
    open.paths.push(path);
  }
  if (open) yield { task: open, plan: { type: 'files' } };
}

/**
 * `inspect PATHS` streamed: with `threads` ≥ 2 over a pool of worker threads, else in this
 * thread. Writes the JSON document or the text report to stdout and returns whether any file
 * had errors. The output is byte for byte what the whole-document path gives
 * (`stringify(filesToJson(reports))`, or `formatFile` of each report joined by blank lines).
 */
export async function inspectStreamed(paths: string[], passwords: string[], threads: number, skipped: SkippedEntry[], mode: OutputMode): Promise<boolean> {
  const now = Date.now();
  const pooled = threads >= 2;
  // This thread reads parts too (runPool), so it starts one worker fewer than `threads`.
  const workers = pooled ? startWorkers(threads - 1) : [];
  const tasks: Task[] = [];
  const plans: Plan[] = [];
  const planned = planTasks(paths, passwords, threads, now, mode);
  let planning = true;
  /** Makes the next task: its index in `tasks`, or -1 when there are no more. */
  const pull = (): number => {
    if (!planning) return -1;
    const next = planned.next();
    if (next.done) {
      planning = false;
      return -1;
    }
    tasks.push(next.value.task);
    plans.push(next.value.plan);
    return tasks.length - 1;
  };

  const out = new Output();
  const st = mode.json ? plain : mode.color ? ansi : plain;
  const results: (TaskResult | undefined)[] = [];
  let turn = 0;
  let filesWritten = 0;
  let failed = false;
  let itemCount = 0;
  let capped = false;
  let partsSoFar: Omit<PemResult, 'type' | 'text'>[] = [];
  /** Text mode: a big file's parts, held until its last one gives the head line's counts. */
  let held: Encoded[] = [];
  const spares: ArrayBuffer[] = [];
  const release = (e: Encoded) => spares.push(e.bytes.buffer as ArrayBuffer);
  const startFile = () => out.text(mode.json ? (filesWritten++ > 0 ? FILE_SEPARATOR : '') + FILE_INDENT : filesWritten++ > 0 ? '\n' : '');

  /** Writes one part's items, numbering them on from `itemCount`; false once the file's item cap is reached. */
  const writeItems = ({ bytes, marks }: Encoded): void => {
    let from = 0;
    for (let k = 0; k < marks.length; k += 2) {
      // The file-level item cap, as parseFile applies it (capOutcome below adds its note).
      if (itemCount >= FILE_LIMITS.items) {
        capped = true;
        break;
      }
      const indexAt = marks[k]!;
      const end = marks[k + 1]!;
      if (mode.json) out.text(itemCount === 0 ? ITEMS_OPEN : ITEMS_SEPARATOR);
      if (indexAt < 0) out.bytes(bytes.subarray(from, end));
      else {
        out.bytes(bytes.subarray(from, indexAt));
        out.text(mode.json ? String(itemCount) : ITEM_NUMBER_HEAD + (itemCount + 1));
        out.bytes(bytes.subarray(indexAt, end));
      }
      itemCount++;
      from = end;
    }
  };

  /** Counts a part's items as writeItems would, for the text head line written before them. */
  const countItems = (parts: Encoded[]): { count: number; capped: boolean } => {
    let count = 0;
    for (const p of parts) count += p.marks.length / 2;
    return count > FILE_LIMITS.items ? { count: FILE_LIMITS.items, capped: true } : { count, capped: false };
  };

  const consume = (plan: Plan, result: TaskResult) => {
    if (plan.type === 'files') {
      const r = result as FilesResult;
      let from = 0;
      r.text.marks.forEach((end, i) => {
        startFile();
        out.bytes(r.text.bytes.subarray(from, end));
        from = end;
        failed ||= r.failed[i]!;
      });
      release(r.text);
      return;
    }
    const r = result as PemResult;
    if (plan.first) {
      startFile();
      if (mode.json) out.text(fileHead(plan.path));
      itemCount = 0;
      capped = false;
      partsSoFar = [];
      held = [];
    }
    // Only the counts and problems are kept: the item text is written (JSON) or held (text).
    partsSoFar.push({ splitProblems: r.splitProblems, blockErrors: r.blockErrors, blocks: r.blocks });
    if (mode.json) {
      writeItems(r.text);
      release(r.text);
    } else held.push(r.text);
    if (!plan.last) return;
    const joined: Problem[] = joinPemErrors(partsSoFar);
    if (!mode.json) capped = countItems(held).capped;
    // capOutcome orders the notes as parseFile does; a sparse stand-in array says "over the item cap".
    const errors = capOutcome({ items: new Array(capped ? FILE_LIMITS.items + 1 : 0), errors: joined }).errors;
    failed ||= errors.length > 0;
    if (mode.json) {
      out.text((itemCount === 0 ? EMPTY_ITEMS : ITEMS_CLOSE) + fileTail(errors));
      return;
    }
    out.text(terminalSafe(fileHeadText(visibleText(displayName(plan.path)), countItems(held).count, errors.length, st)));
    for (const part of held) {
      writeItems(part);
      release(part);
    }
    held = [];
    out.text(terminalSafe(errorLinesText(errors, st)));
  };

  if (mode.json) out.text(DOCUMENT_OPEN);
  const onResult = (index: number, result: TaskResult) => {
    results[index] = result;
    for (; turn < tasks.length && results[turn]; turn++) {
      consume(plans[turn]!, results[turn]!);
      results[turn] = undefined;
    }
  };
  if (pooled) await runPool(workers, tasks, pull, spares, out, onResult);
  else await runHere(tasks, plans, pull, spares, out, onResult);
  if (mode.json) out.text(documentClose(skipped));
  out.flush();
  return failed;
}
