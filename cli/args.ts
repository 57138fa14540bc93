/**
 * A small hand-written argument parser: each command declares its options, and anything
 * outside that declaration is a usage error rather than a silently ignored word.
 *
 * Passwords on the command line show in `ps` and in shell history, so every option that carries
 * one (`--password`, and any `--…-password` such as `--new-password`) also comes in two other
 * spellings, here for every command at once: `--password-file FILE` (the file's content, one
 * trailing line break dropped) and `--password-env VAR` (an environment variable). They are read
 * while parsing and land in the same list, in command-line order, as `--password PW` would: a
 * command declares `password` and gets all three. A missing file or variable is a usage error.
 */
import { closeSync, openSync, readSync } from 'node:fs';

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

/** Options that carry a secret, and so also take `--NAME-file FILE` and `--NAME-env VAR`. */
export const isSecretOption = (name: string): boolean => name === 'password' || name.endsWith('-password');

/** A password file holds one password: more than this is the wrong file. */
const MAX_PASSWORD_FILE_BYTES = 64 * 1024;

/**
 * The password in `path`: its text with one trailing line break (LF or CR LF) dropped. Read with
 * a bound, so `/dev/zero` ends; a pipe (`--password-file <(pass show x)`) works.
 */
export function readPasswordFile(path: string, option: string, command: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'cannot be read: permission denied' : `cannot be read (${code ?? String(e)})`;
    throw new UsageError(`${option} ${path} ${why}`, command);
  }
  try {
    const buf = Buffer.alloc(MAX_PASSWORD_FILE_BYTES + 1);
    let got = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, got, buf.length - got, null);
      } catch (e) {
        const code = (e as { code?: string }).code;
        throw new UsageError(`${option} ${path} cannot be read (${code === 'EISDIR' ? 'it is a folder' : (code ?? String(e))})`, command);
      }
      if (n === 0) break;
      got += n;
      if (got > MAX_PASSWORD_FILE_BYTES) throw new UsageError(`${option} ${path} is larger than ${MAX_PASSWORD_FILE_BYTES / 1024} KiB: a password file holds one password`, command);
    }
    const text = buf.subarray(0, got).toString('utf8');
    return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  } finally {
    closeSync(fd);
  }
}

/** Parses `argv` (the words after the command name) against `spec`. */
export function parseArgs(argv: string[], spec: OptionSpec, command: string, env: Record<string, string | undefined> = process.env): ParsedArgs {
  const flags = new Set(spec.flags ?? []);
  const single = new Set(spec.single ?? []);
  const multi = new Set(spec.multi ?? []);
  // `--password-file` and `--password-env` stand for `--password`, and so on for every secret option.
  const spelledAs = new Map<string, { option: string; from: 'file' | 'env' }>();
  for (const name of [...single, ...multi].filter(isSecretOption)) {
    spelledAs.set(`${name}-file`, { option: name, from: 'file' });
    spelledAs.set(`${name}-env`, { option: name, from: 'env' });
  }
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
    const alias = spelledAs.get(name);
    if (!alias && !single.has(name) && !multi.has(name)) throw new UsageError(`unknown option '--${name}'`, command);

    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`option '--${name}' needs a value`, command);
      value = argv[++i]!;
    }
    let key = name;
    if (alias) {
      key = alias.option;
      if (alias.from === 'file') value = readPasswordFile(value, `--${name}`, command);
      else {
        const fromEnv = env[value];
        if (fromEnv === undefined) throw new UsageError(`--${name} ${value}: no such environment variable is set`, command);
        value = fromEnv;
      }
    }
    if (single.has(key)) {
      const spellings = isSecretOption(key) ? ` (as --${key}, --${key}-file or --${key}-env)` : '';
      if (out.single.has(key)) throw new UsageError(`option '--${key}' given more than once${spellings}`, command);
      out.single.set(key, value);
    } else {
      const list = out.multi.get(key) ?? [];
      list.push(value);
      out.multi.set(key, list);
    }
  }
  return out;
}
