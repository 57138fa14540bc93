/** `pem-inspector inspect [--json] [--password PW]... FILE|DIR...` */
import { visibleText } from '../core/visible-text.js';
import { parseArgs, UsageError } from './args.js';
import { displayName, loadFile } from './files.js';
import { formatFile } from './format.js';
import { filesToJson, stringify, type FileReport } from './json.js';
import { canPrompt } from './password.js';
import { inspectJsonPooled, poolThreads, wantsPool } from './pool.js';
import { styleFor } from './style.js';
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
  if (json) {
    const threads = poolThreads();
    // The pool's workers cannot ask for a password: with a person at the terminal, read here.
    if (!canPrompt() && wantsPool(files, threads)) return (await inspectJsonPooled(files, passwords, threads, skipped)) ? 1 : 0;
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
