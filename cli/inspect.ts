/** `pem-inspector inspect [--json] [--password PW]... FILE|DIR...` */
import { visibleText } from '../core/visible-text.js';
import { parseArgs, UsageError } from './args.js';
import { displayName, loadFile } from './files.js';
import { formatFile } from './format.js';
import { filesToJson, stringify, type FileReport } from './json.js';
import { canPrompt } from './password.js';
import { inspectStreamed, poolThreads, wantsPool } from './pool.js';
import type { OutputMode } from './pool-task.js';
import { ansi, styleFor } from './style.js';
import { HELP } from './usage.js';
import { expandPaths, type Skipped } from './walk.js';

export async function inspectCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], multi: ['password'] }, 'inspect');
  if (args.help) {
    process.stdout.write(HELP.inspect);
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError('no FILE given', 'inspect');
  if (args.positionals.filter((p) => p === '-').length > 1) throw new UsageError("standard input ('-') can be read only once", 'inspect');

  const { files, skipped } = expandPaths(args.positionals);
  const passwords = args.multi.get('password') ?? [];
  const json = args.flags.has('json');
  if (!json) tellSkipped(skipped, files.length);
  // Streamed (pool.ts): each item rendered as it is read and dropped, over a pool of worker
  // threads when the input is big and there is more than one core. Asking for a password at
  // the terminal is for the whole-document path below: questions never interleave with output.
  // No file at all is that path's too: its empty document is `"files": []` on one line.
  if (!canPrompt() && files.length > 0) {
    const threads = poolThreads();
    const mode: OutputMode = json ? { json: true } : { json: false, color: styleFor(process.stdout) === ansi };
    return (await inspectStreamed(files, passwords, wantsPool(files, threads) ? threads : 1, skipped, mode)) ? 1 : 0;
  }
  const reports: FileReport[] = [];
  for (const path of files) {
    const loaded = await loadFile(path, passwords);
    reports.push(
      loaded.ok
        ? { path, items: loaded.result.items, errors: loaded.result.errors }
        : { path, items: [], errors: [{ code: loaded.code, message: loaded.message }] },
    );
  }

  if (json) {
    process.stdout.write(stringify(filesToJson(reports, skipped)));
  } else {
    const st = styleFor(process.stdout);
    const now = new Date();
    process.stdout.write(reports.map((r) => formatFile({ ...r, path: displayName(r.path) }, now, st)).join('\n'));
  }
  return reports.some((r) => r.errors.length > 0) ? 1 : 0;
}

/** What a folder held that is not read, on stderr (the JSON lists it as `skipped`). */
function tellSkipped(skipped: Skipped[], read: number): void {
  for (const s of skipped) process.stderr.write(`pem-inspector inspect: skipped ${visibleText(s.message)}\n`);
  if (read === 0) process.stderr.write('pem-inspector inspect: no files to read.\n');
}
