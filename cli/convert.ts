/**
 * `pem-inspector convert --to FORMAT --out FILE [--force] [--password PW]... [--new-password PW |
 * --no-password] [--legacy] [--name NAME] [--item N] INPUT...`
 *
 * Inputs are read like `inspect` reads them and their items pooled; core/write decides what the
 * format can hold, refuses with a sentence, and reads every output back before it is returned;
 * cli/safe-write puts it in place (all or nothing, 0600 for private material, no symlinks).
 */
import { basename, dirname } from 'node:path';
import type { Item } from '../core/types.js';
import { visibleText } from '../core/visible-text.js';
import { OUTPUT_FORMATS, WriteError, writerFor, type OutputFormat, type WriteOptions } from '../core/write/index.js';
import { parseArgs, UsageError } from './args.js';
import { displayName, loadFile } from './files.js';
import { SafeWriteError, writeOutputFiles } from './safe-write.js';
import { HELP } from './usage.js';

const WORDS: Record<OutputFormat, string> = {
  pkcs12: 'PKCS#12',
  pem: 'PEM',
  der: 'DER',
  pkcs8: 'PKCS#8 key',
  traditional: 'traditional (PKCS#1 / SEC1) key',
  openssh: 'OpenSSH key',
  ppk: 'PuTTY key',
  jwk: 'JWK',
};

/** A refusal that ends `convert` with exit 2 before anything is written: a code and a sentence. */
class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const say = (line: string) => process.stderr.write(`${visibleText(line)}\n`);

export async function convertCommand(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      say(`pem-inspector convert: ${e.message}`);
      process.stderr.write("(see 'pem-inspector convert --help')\n");
      return 2;
    }
    // Like match and verify: `pem-inspector convert: CODE: sentence`.
    if (e instanceof Refusal) {
      say(`pem-inspector convert: ${e.code}: ${e.message}`);
      return e.code === 'write_failed' ? 1 : 2;
    }
    if (e instanceof WriteError) {
      say(`pem-inspector convert: ${e.code}: ${e.message}`);
      return e.code === 'readback' ? 1 : 2;
    }
    say(`pem-inspector convert: conversion failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function options(argv: string[]) {
  const args = parseArgs(argv, { flags: ['force', 'no-password', 'legacy'], single: ['to', 'out', 'new-password', 'name', 'item'], multi: ['password'] }, 'convert');
  if (args.help) return undefined;
  const to = args.single.get('to');
  if (to === undefined) throw new UsageError(`--to FORMAT is required: ${OUTPUT_FORMATS.join(', ')}`, 'convert');
  if (!(OUTPUT_FORMATS as readonly string[]).includes(to)) throw new UsageError(`unknown format '${to}': use ${OUTPUT_FORMATS.join(', ')}`, 'convert');
  const out = args.single.get('out');
  if (out === undefined || out === '') throw new UsageError('--out FILE is required (- for standard output, public material only)', 'convert');
  if (args.positionals.length === 0) throw new UsageError('name at least one input file', 'convert');
  const newPassword = args.single.get('new-password');
  if (newPassword !== undefined && args.flags.has('no-password')) throw new UsageError('give either --new-password or --no-password, not both', 'convert');
  if (newPassword === '') throw new UsageError('--new-password must not be empty (use --no-password to write without one)', 'convert');
  if (args.flags.has('legacy') && to !== 'pkcs12') throw new UsageError('--legacy applies to --to pkcs12 only', 'convert');
  const name = args.single.get('name');
  if (name === '') throw new UsageError('--name must not be empty', 'convert');
  if (name !== undefined && !['pkcs12', 'openssh', 'ppk'].includes(to)) throw new UsageError('--name applies to pkcs12 (friendly name), openssh and ppk (comment) only', 'convert');
  const itemText = args.single.get('item');
  let item: number | undefined;
  if (itemText !== undefined) {
    if (!/^[1-9][0-9]{0,6}$/.test(itemText)) throw new UsageError(`--item needs an item number (1, 2, ...), not '${itemText}'`, 'convert');
    item = Number(itemText) - 1;
  }
  const opts: WriteOptions = { fileName: out === '-' ? 'stdout' : basename(out) };
  if (newPassword !== undefined) opts.password = newPassword;
  if (args.flags.has('no-password')) opts.noPassword = true;
  if (args.flags.has('legacy')) opts.legacy = true;
  if (name !== undefined) opts.name = name;
  if (item !== undefined) opts.item = item;
  return { to: to as OutputFormat, out, inputs: args.positionals, passwords: args.multi.get('password') ?? [], force: args.flags.has('force'), opts };
}

/** Every item of every input, in order, and how a person finds each (`item 3 in server.p12`). */
async function pool(inputs: string[], passwords: string[]): Promise<{ items: Item[]; origins: string[] }> {
  const items: Item[] = [];
  const origins: string[] = [];
  for (const path of inputs) {
    const loaded = await loadFile(path, passwords);
    if (!loaded.ok) throw new Refusal(loaded.code, `${loaded.message} Nothing was written.`);
    const { errors } = loaded.result;
    if (errors.length) {
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
      throw new Refusal(errors[0]!.code, `${displayName(path)} cannot be read whole: ${errors[0]!.message.replace(/\.$/, '')}${more}. Nothing was written.`);
    }
    for (const it of loaded.result.items) {
      items.push(it);
      origins.push(`item ${items.length} in ${displayName(path)}`);
    }
  }
  return { items, origins };
}

function refusalText(code: string, message: string): string {
  if (code === 'password_choice') return 'The output would hold a private key: give --new-password PW to protect it, or --no-password to write it in the clear. Nothing was written.';
  if (code === 'ambiguous') return `${message.replace(/\.$/, '')} (--item N). Nothing was written.`;
  if (code === 'locked') return `${message.replace(/give its password, or leave it out\.$/, 'give its password with --password, or leave it out.')} Nothing was written.`;
  return `${message} Nothing was written.`;
}

async function run(argv: string[]): Promise<number> {
  const o = options(argv);
  if (!o) {
    process.stdout.write(HELP.convert);
    return 0;
  }
  const writer = writerFor(o.to);
  const { items, origins } = await pool(o.inputs, o.passwords);
  const opts: WriteOptions = { ...o.opts, origins };
  const verdict = await writer.accepts(items, opts);
  if (!verdict.ok) throw new Refusal(verdict.code, refusalText(verdict.code, verdict.message));
  if (o.out === '-' && verdict.sensitivity === 'private') {
    throw new Refusal('private_to_stdout', '--out - writes public material only: write a private key to a file (created with mode 0600). Nothing was written.');
  }
  for (const note of verdict.notes) say(`note: ${note}`);
  const files = await writer.write(items, opts);
  if (o.out === '-') {
    for (const f of files) process.stdout.write(f.bytes);
    return 0;
  }
  let written: string[];
  try {
    written = await writeOutputFiles(dirname(o.out), files, { force: o.force });
  } catch (e) {
    // An existing target without --force, a symlink, a folder that cannot be written: all or nothing.
    throw e instanceof SafeWriteError ? new Refusal(e.code, e.message) : new Refusal('write_failed', e instanceof Error ? e.message : String(e));
  }
  files.forEach((f, i) => {
    const protection = f.sensitivity === 'private' ? (opts.password !== undefined ? 'private, password-protected, mode 0600' : 'private, NOT password-protected, mode 0600') : 'public';
    process.stdout.write(`${visibleText(`Wrote ${written[i]} (${WORDS[o.to]}, ${protection})`)}\n`);
  });
  return 0;
}
