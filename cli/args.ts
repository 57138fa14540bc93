/**
 * A small hand-written argument parser: each command declares its options, and anything
 * outside that declaration is a usage error rather than a silently ignored word.
 */

export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose `--help` the hint should point at. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  /** Options that take no value (`--json`). */
  flags?: string[];
  /** Options that take one value (`--at TIME`); given twice is a usage error. */
  single?: string[];
  /** Options that take a value and may repeat (`--password PW`...). */
  multi?: string[];
}

export interface ParsedArgs {
  flags: Set<string>;
  single: Map<string, string>;
  multi: Map<string, string[]>;
  positionals: string[];
  help: boolean;
}

/** Parses `argv` (the words after the command name) against `spec`. */
export function parseArgs(argv: string[], spec: OptionSpec, command: string): ParsedArgs {
  const flags = new Set(spec.flags ?? []);
  const single = new Set(spec.single ?? []);
  const multi = new Set(spec.multi ?? []);
  const out: ParsedArgs = { flags: new Set(), single: new Map(), multi: new Map(), positionals: [], help: false };

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    // `-` alone names standard input, so it is a file, not an option.
    if (word === '-' || !word.startsWith('-')) {
      out.positionals.push(word);
      continue;
    }
    if (word === '-h' || word === '--help') {
      out.help = true;
      continue;
    }
    if (!word.startsWith('--')) throw new UsageError(`unknown option '${word}'`, command);

    const eq = word.indexOf('=');
    const name = eq === -1 ? word.slice(2) : word.slice(2, eq);
    const inline = eq === -1 ? undefined : word.slice(eq + 1);

    if (flags.has(name)) {
      if (inline !== undefined) throw new UsageError(`option '--${name}' takes no value`, command);
      out.flags.add(name);
      continue;
    }
    if (!single.has(name) && !multi.has(name)) throw new UsageError(`unknown option '--${name}'`, command);

    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`option '--${name}' needs a value`, command);
      value = argv[++i]!;
    }
    if (single.has(name)) {
      if (out.single.has(name)) throw new UsageError(`option '--${name}' given more than once`, command);
      out.single.set(name, value);
    } else {
      const list = out.multi.get(name) ?? [];
      list.push(value);
      out.multi.set(name, list);
    }
  }
  return out;
}
