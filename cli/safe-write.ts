/**
 * Writing a set of output files all or nothing: `generate`, `convert` and anything later that
 * saves keys. A failure half-way must not leave some keys replaced and others not, and a
 * private key must never exist, even for a moment, with a mode others can read.
 *
 * 1. Check every target first: an existing one without `force` (or a folder in the way) is a
 *    SafeWriteError and nothing is written. A symbolic link at a target is never followed: with
 *    `force` the link itself is replaced.
 * 2. Write each file's bytes to a temporary file beside its target (same folder, so a rename
 *    cannot cross file systems), created exclusively with mode 0600 for private material and
 *    0644 otherwise, and fsync it. Any failure removes every temporary file: nothing changed.
 * 3. Rename each into place (without `force`, link(2) instead, which refuses a target created
 *    meanwhile). The old files are kept under temporary names (hard links, so a target never
 *    goes missing) until every new one is in: should a rename fail, the ones already placed are
 *    put back as they were. Then the folder is fsynced.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputFile } from '../core/write/types.js';

export type SafeWriteCode = 'exists' | 'bad_name' | 'not_a_folder' | 'write_failed';

export class SafeWriteError extends Error {
  constructor(
    readonly code: SafeWriteCode,
    message: string,
    /** The targets concerned (for `exists`: every existing one). */
    readonly paths: string[] = [],
  ) {
    super(message);
    this.name = 'SafeWriteError';
  }
}

/** The mode a file is created with: private material for its owner only. */
export const modeFor = (f: OutputFile): number => (f.sensitivity === 'private' ? 0o600 : 0o644);

/** Room for the temporary name (`.NAME.new-` and 12 hex digits) within the usual 255-byte limit. */
const MAX_NAME_BYTES = 255 - 18;

function checkName(name: string): void {
  // A bare name: where it goes is `dir`'s to say, never the name's.
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) throw new SafeWriteError('bad_name', `'${name}' is not a plain file name.`);
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) throw new SafeWriteError('bad_name', `'${name.slice(0, 40)}…' is longer than ${MAX_NAME_BYTES} bytes.`);
}

function existing(path: string): 'none' | 'file' | 'link' | 'folder' | 'other' {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return 'link';
    if (st.isDirectory()) return 'folder';
    return st.isFile() ? 'file' : 'other';
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return 'none';
    throw new SafeWriteError('write_failed', `${path} cannot be checked (${(e as { code?: string }).code ?? String(e)}); nothing was written.`, [path]);
  }
}

/** A fresh hidden name beside the target; random, and created with O_EXCL, so it can never be a file already there. */
const tempName = (dir: string, name: string, what: string) => join(dir, `.${name}.${what}-${randomBytes(6).toString('hex')}`);

function writeTemp(path: string, file: OutputFile): void {
  const mode = modeFor(file);
  // O_EXCL|O_NOFOLLOW: a fresh file of our own, never through a link; the mode is set at creation.
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), mode);
  try {
    // The umask may have taken bits off 0644; it can never add any to 0600.
    fchmodSync(fd, mode);
    for (let at = 0; at < file.bytes.length; ) at += writeSync(fd, file.bytes, at, file.bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some systems cannot fsync a folder (Windows): the renames are done, only durability is less sure.
  }
}

const tryUnlink = (p: string) => {
  try {
    unlinkSync(p);
  } catch {
    // Already gone.
  }
};

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Writes `files` into `dir` (created when missing) all or nothing; returns the paths written,
 * in order. Throws SafeWriteError: `exists` (a target exists and `force` is off), `not_a_folder`,
 * `bad_name`, `write_failed` (with everything as it was before).
 */
export async function writeOutputFiles(dir: string, files: OutputFile[], opts: { force: boolean }): Promise<string[]> {
  const seen = new Set<string>();
  for (const f of files) {
    checkName(f.name);
    if (seen.has(f.name)) throw new SafeWriteError('bad_name', `'${f.name}' is given twice.`);
    seen.add(f.name);
  }
  try {
    if (!statSync(dir).isDirectory()) throw new SafeWriteError('not_a_folder', `${dir} exists and is not a folder; nothing was written.`, [dir]);
  } catch (e) {
    if (e instanceof SafeWriteError) throw e;
    if ((e as { code?: string }).code !== 'ENOENT') throw new SafeWriteError('write_failed', `${dir} cannot be used (${(e as { code?: string }).code ?? String(e)}); nothing was written.`, [dir]);
  }

  // 1. Every target checked before anything is written.
  const targets = files.map((f) => ({ file: f, path: join(dir, f.name), was: existing(join(dir, f.name)) }));
  const folders = targets.filter((t) => t.was === 'folder' || t.was === 'other').map((t) => t.path);
  if (folders.length) throw new SafeWriteError('write_failed', `${folders[0]} is ${targets.find((t) => t.path === folders[0])!.was === 'folder' ? 'a folder' : 'not a regular file'} and cannot be replaced; nothing was written.`, folders);
  const taken = targets.filter((t) => t.was !== 'none').map((t) => t.path);
  if (taken.length && !opts.force) {
    const list = taken.length === 1 ? taken[0] : `${taken[0]} (and ${taken.length - 1} more)`;
    throw new SafeWriteError('exists', `refusing to overwrite ${list}; nothing was written (use --force to replace)`, taken);
  }

  // 2. Everything written beside its target; any failure leaves the folder as it was.
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new SafeWriteError('write_failed', `${dir} cannot be created (${reason(e)}); nothing was written.`, [dir]);
  }
  // backup: the old file's temporary name; aside: moved there (not linked), so the target is missing until placed.
  const staged: { path: string; temp: string; backup?: string; aside?: boolean; placed: boolean }[] = [];
  try {
    for (const t of targets) {
      const temp = tempName(dir, t.file.name, 'new');
      staged.push({ path: t.path, temp, placed: false });
      writeTemp(temp, t.file);
    }
  } catch (e) {
    for (const s of staged) tryUnlink(s.temp);
    if (created !== undefined) rmSync(created, { recursive: true, force: true });
    throw new SafeWriteError('write_failed', `writing into ${dir} failed (${reason(e)}); nothing was written.`, staged.map((s) => s.path));
  }

  // 3. Into place; the old files are kept aside (a hard link: the target never goes missing)
  //    until every new one is in.
  try {
    for (const s of staged) {
      const was = opts.force ? existing(s.path) : 'none';
      if (was !== 'none') {
        const backup = tempName(dir, s.path.slice(dir.length + 1), 'old');
        let aside = was === 'link';
        if (!aside) {
          try {
            linkSync(s.path, backup);
          } catch {
            // A file system without hard links: move it aside instead.
            aside = true;
          }
        }
        if (aside) renameSync(s.path, backup);
        s.backup = backup;
        s.aside = aside;
      }
      if (opts.force) renameSync(s.temp, s.path);
      else {
        // link(2) refuses a target that appeared since the check: never overwritten without force.
        linkSync(s.temp, s.path);
        unlinkSync(s.temp);
      }
      s.placed = true;
    }
  } catch (e) {
    for (const s of [...staged].reverse()) {
      try {
        // (rename(2) of a second hard link onto the first does nothing: an unplaced link is just removed.)
        if (s.backup && (s.placed || s.aside)) renameSync(s.backup, s.path);
        else if (s.backup) unlinkSync(s.backup);
        else if (s.placed) unlinkSync(s.path);
      } catch {
        // Nothing more can be done here; the error below says the folder may differ.
      }
      tryUnlink(s.temp);
    }
    const exists = (e as { code?: string }).code === 'EEXIST';
    throw new SafeWriteError(exists ? 'exists' : 'write_failed', `putting the files in place in ${dir} failed (${reason(e)}); what was already placed was put back.`, staged.map((s) => s.path));
  }
  for (const s of staged) if (s.backup) tryUnlink(s.backup);
  syncFolder(dir);
  return staged.map((s) => s.path);
}
