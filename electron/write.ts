/**
 * Writing saved files without following links and without inheriting a looser mode.
 *
 * - A new file is created exclusively with O_NOFOLLOW: an existing name, a symlink (even a
 *   dangling one, which would otherwise create its target) or a file appearing meanwhile is
 *   EEXIST, never written through.
 * - A replaced file is written to a fresh temporary file in the same folder (exclusive, no
 *   links, its final mode from the start) and renamed over the old name. rename() replaces
 *   the directory entry: a symlink there is replaced, its target untouched; the old file's
 *   mode, owner and links are not inherited, and a failure half-way leaves the old file whole.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

// O_NOFOLLOW does not exist on Windows (where creating a symlink needs privileges anyway).
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;

export interface WriteOptions {
  /** Replace an existing file of that name (the user said so); otherwise fail with EEXIST. */
  replace: boolean;
  /** 0o600 for private material, 0o644 otherwise (less whatever the umask takes away). */
  mode: number;
}

async function createWith(file: string, bytes: Uint8Array, mode: number): Promise<void> {
  const handle = await open(file, CREATE_NEW, mode);
  let ok = false;
  try {
    // The umask can only take bits away; chmod makes the intended mode exact for a private file.
    if (mode === 0o600 && process.platform !== 'win32') await handle.chmod(mode);
    await handle.writeFile(bytes);
    await handle.sync();
    ok = true;
  } finally {
    await handle.close();
    if (!ok) await unlink(file).catch(() => undefined);
  }
}

/** A name for the temporary file, hidden and unlikely to collide (creation is exclusive anyway). */
export function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes `bytes` to `file` as described above. Rejects with the file system's error (EEXIST, EISDIR, EACCES…). */
export async function writeFileSafely(file: string, bytes: Uint8Array, { replace, mode }: WriteOptions): Promise<void> {
  if (!replace) {
    await createWith(file, bytes, mode);
    return;
  }
  const old = await lstat(file).catch(() => undefined);
  if (old?.isDirectory()) throw Object.assign(new Error(`EISDIR: "${file}" is a folder`), { code: 'EISDIR' });
  const temp = temporaryName(file);
  await createWith(temp, bytes, mode);
  try {
    await rename(temp, file);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

/** Whether anything (a file, a folder, a symlink, even a dangling one) has this name. */
export async function nameTaken(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined)) !== undefined;
}
