/** `pem-inspector inspect [--json] [--password PW]... FILE...` */
import { parseArgs, UsageError } from './args.js';
import { displayName, loadFile } from './files.js';
import { formatFile } from './format.js';
import { filesToJson, stringify, type FileReport } from './json.js';
import { inspectJsonPooled, poolThreads, wantsPool } from './pool.js';
import { canPrompt } from './password.js';
import { styleFor } from './style.js';
import { HELP } from './usage.js';

export async function inspectCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], multi: ['password'] }, 'inspect');
  if (args.help) {
    process.stdout.write(HELP.inspect);
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError('no FILE given', 'inspect');
  if (args.positionals.filter((p) => p === '-').length > 1) throw new UsageError("standard input ('-') can be read only once", 'inspect');

  const passwords = args.multi.get('password') ?? [];
  if (args.flags.has('json')) {
    const threads = poolThreads();
    // The pool's workers cannot ask for a password: with a person at the terminal, read here.
    if (!canPrompt() && wantsPool(args.positionals, threads)) return (await inspectJsonPooled(args.positionals, passwords, threads)) ? 1 : 0;
  }
  const reports: FileReport[] = [];
  for (const path of args.positionals) {
    const loaded = await loadFile(path, passwords);
    reports.push(
      loaded.ok
        ? { path, items: loaded.result.items, errors: loaded.result.errors }
        : { path, items: [], errors: [{ code: loaded.code, message: loaded.message }] },
    );
  }

  if (args.flags.has('json')) {
    process.stdout.write(stringify(filesToJson(reports)));
  } else {
    const st = styleFor(process.stdout);
    const now = new Date();
    process.stdout.write(reports.map((r) => formatFile({ ...r, path: displayName(r.path) }, now, st)).join('\n'));
  }
  return reports.some((r) => r.errors.length > 0) ? 1 : 0;
}
