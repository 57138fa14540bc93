/**
 * Entry of the `pem-inspector` command. Every failure ends here as one line on stderr and an
 * exit status: usage errors exit 2 with a hint, and an unexpected exception (a bug, never bad
 * input) is reported without a stack trace.
 */
import { readFileSync } from 'node:fs';
import { useNativeDigests } from './digest.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { UsageError } from './args.js';
import { COMMANDS, HELP, MAIN_HELP, type Command } from './usage.js';
import { guardOutput } from './terminal.js';
import { visibleText } from '../core/visible-text.js';

// Loaded on demand: `inspect` then never loads pkijs and the generators (a tenth of a second at start-up).
const handlers: Record<Command, (argv: string[]) => Promise<number>> = {
  inspect: async (argv) => (await import('./inspect.js')).inspectCommand(argv),
  match: async (argv) => (await import('./match.js')).matchCommand(argv),
  verify: async (argv) => (await import('./verify.js')).verifyCommand(argv),
  convert: async (argv) => (await import('./convert.js')).convertCommand(argv),
  generate: async (argv) => (await import('./generate.js')).generateCommand(argv),
  handshake: async (argv) => (await import('./handshake.js')).handshakeCommand(argv),
};

/** The built file lives at dist/cli/, two levels below package.json. */
function version(): string {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    const pkg = JSON.parse(readFileSync(join(here, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(MAIN_HELP);
    return 2;
  }
  if (first === '--help' || first === '-h') {
    process.stdout.write(MAIN_HELP);
    return 0;
  }
  if (first === '--version' || first === '-V') {
    process.stdout.write(`pem-inspector ${version()}\n`);
    return 0;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) process.stdout.write(MAIN_HELP);
    else if ((COMMANDS as readonly string[]).includes(topic)) process.stdout.write(HELP[topic as Command]);
    else throw new UsageError(`unknown command '${topic}'`);
    return 0;
  }
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`);
  }
  return handlers[first as Command](rest);
}

function internalError(e: unknown): void {
  process.stderr.write(`pem-inspector: internal error: ${visibleText(e instanceof Error ? e.message : String(e))}\n`);
  process.exitCode = 2;
}

async function run(): Promise<void> {
  process.on('uncaughtException', (e) => {
    internalError(e);
    process.exit(2);
  });
  // A closed pipe (`| head`) is the reader's choice, not an error worth a message.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    internalError(e);
    process.exit(2);
  });
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      const help = e.command ? `pem-inspector ${e.command} --help` : 'pem-inspector --help';
      // Usage errors quote the words given, which may be file names from a hostile folder.
      process.stderr.write(`pem-inspector${e.command ? ' ' + e.command : ''}: ${visibleText(e.message)}\n(see '${help}')\n`);
      process.exitCode = 2;
    } else {
      internalError(e);
    }
  }
}

useNativeDigests();
// Before any command runs: nothing written to the terminal can act on it (terminal.ts).
guardOutput();
await run();
