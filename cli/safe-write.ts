/**
 * Writing output files safely, all or nothing: every target is checked before anything is
 * written; bytes go to a temporary file in the target's folder (created exclusively, 0600 when
 * private, 0644 otherwise, fsynced) and are then moved into place; a symbolic link at a target
 * is never followed or replaced.
 *
 * NOTE (convert branch): a minimal implementation of the shared signature
 * `writeOutputFiles(dir, files, { force })`; the "cli" engineer's version of this file is the
 * one to keep at merge.
 */
import { closeSync, fchmodSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { OutputFile } from '../core/write/types.js';

export type SafeWriteCode = 'exists' | 'symlink' | 'not_a_file' | 'bad_name' | 'io';

export class SafeWriteError extends Error {
  constructor(
    readonly code: SafeWriteCode,
    message: string,
  ) {
    super(message);
    this.name = 'SafeWriteError';
  }
}

function lstat(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SafeWriteError('io', `${path} cannot be checked: ${(e as Error).message}.`);
  }
}

function checkTarget(path: string, force: boolean): void {
  const st = lstat(path);
  if (!st) return;
  if (st.isSymbolicLink()) throw new SafeWriteError('symlink', `${path} is a symbolic link; nothing was written (remove the link to write there).`);
  if (!st.isFile()) throw new SafeWriteError('not_a_file', `${path} exists and is not a regular file; nothing was written.`);
  if (!force) throw new SafeWriteError('exists', `${path} already exists; nothing was written (use --force to replace it).`);
}

/** Writes `files` into `dir` (created when missing); returns the paths written. */
export async function writeOutputFiles(dir: string, files: OutputFile[], opts: { force: boolean }): Promise<string[]> {
  for (const f of files) {
    if (f.name === '' || f.name === '.' || f.name === '..' || /[/\\\0]/.test(f.name)) throw new SafeWriteError('bad_name', `"${f.name}" is not a plain file name.`);
  }
  const targets = files.map((f) => join(dir, f.name));
  const dirStat = lstat(dir);
  if (dirStat && !dirStat.isDirectory()) throw new SafeWriteError('not_a_file', `${dir} exists and is not a folder; nothing was written.`);
  for (const t of targets) checkTarget(t, opts.force);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new SafeWriteError('io', `${dir} cannot be created: ${(e as Error).message}.`);
  }

  const temps: string[] = [];
  const removeTemps = () => {
    for (const t of temps) {
      try {
        unlinkSync(t);
      } catch {
        // Already gone.
      }
    }
  };
  try {
    files.forEach((f, i) => {
      const temp = join(dir, `.${f.name}.${process.pid}.${Date.now().toString(36)}.${i}.tmp`);
      const mode = f.sensitivity === 'private' ? 0o600 : 0o644;
      // 'wx': O_CREAT | O_EXCL, which never follows a symlink; the mode holds from creation on.
      const fd = openSync(temp, 'wx', mode);
      temps.push(temp);
      try {
        fchmodSync(fd, mode);
        for (let off = 0; off < f.bytes.length; ) off += writeSync(fd, f.bytes, off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    });
    // Checked again just before moving: a target may have appeared meanwhile.
    for (const t of targets) checkTarget(t, opts.force);
  } catch (e) {
    removeTemps();
    if (e instanceof SafeWriteError) throw e;
    throw new SafeWriteError('io', `Writing into ${dir} failed: ${(e as Error).message}; nothing was written.`);
  }
  try {
    targets.forEach((t, i) => {
      const temp = temps[i]!;
      // Without --force a link, not a rename: it fails instead of replacing a file that appeared.
      if (opts.force) renameSync(temp, t);
      else {
        linkSync(temp, t);
        unlinkSync(temp);
      }
    });
  } catch (e) {
    removeTemps();
    throw new SafeWriteError('io', `Moving the new files into ${dir} failed: ${(e as Error).message}.`);
  }
  return targets;
}
