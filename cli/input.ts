/**
 * Reading the bytes of one named input, bounded: a regular file up to the core's 50 MiB limit,
 * or standard input (`-`) up to the same limit, and nothing else. A device (`/dev/zero`,
 * `/dev/urandom`) could be endless and a FIFO could block forever, so they are refused before
 * a byte is read; standard input is read only to the limit plus one byte, then reading stops.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { MAX_FILE_BYTES } from '../core/parse.js';

/** Codes the CLI adds to the core's ErrorCode list: failures that happen before parsing. */
export type ReadFailureCode = 'unreadable' | 'too_large' | 'not_regular_file';

export type ReadFailure = { ok: false; code: ReadFailureCode; message: string };
export type ReadResult = { ok: true; bytes: Uint8Array } | ReadFailure;

const MIB = MAX_FILE_BYTES / 1024 / 1024;
const LIMIT_TEXT = `the ${MIB} MiB limit (certificate and key files are far smaller)`;

export function displayName(path: string): string {
  return path === '-' ? '(stdin)' : path;
}

/** What a file that is not a regular file is, in words, or undefined for a regular file or folder. */
export function specialKind(st: Stats): string | undefined {
  if (st.isFile() || st.isDirectory()) return undefined;
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(path: string, what: string): ReadFailure {
  return {
    ok: false,
    code: 'not_regular_file',
    message: `${path} is ${what}, not a regular file: it is not read, since it could be endless or wait forever (to read it on purpose: pem-inspector inspect - < ${path}).`,
  };
}

function describeFsError(path: string, e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  const name = displayName(path);
  switch (code) {
    case 'ENOENT':
      return `${name} does not exist.`;
    case 'EACCES':
    case 'EPERM':
      return `${name} cannot be read: permission denied.`;
    case 'EISDIR':
      return `${name} is a directory, not a file.`;
    case 'ELOOP':
      return `${name} cannot be read: too many levels of symbolic links (a link loop).`;
    default:
      return `${name} cannot be read: ${e instanceof Error ? e.message : String(e)}.`;
  }
}

/**
 * Opens `path` when it is a regular file within the limit: checked by name first (so a device
 * is never even opened), then by the open descriptor (so a file swapped for a FIFO in between is
 * caught; O_NONBLOCK keeps that open from waiting for a writer). The caller closes `fd`.
 */
export function openRegularFile(path: string): { ok: true; fd: number; size: number } | ReadFailure {
  let fd: number | undefined;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { ok: false, code: 'unreadable', message: `${path} is a directory, not a file.` };
    const what = specialKind(st);
    if (what) return notRegular(path, what);
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const fst = fstatSync(fd);
    const now = specialKind(fst) ?? (fst.isDirectory() ? 'a directory' : undefined);
    if (now) return notRegular(path, now);
    if (fst.size > MAX_FILE_BYTES) {
      // The core's limit: a bigger file is refused before it is read into memory at all.
      return { ok: false, code: 'too_large', message: `${path} is ${fst.size.toLocaleString('en-US')} bytes, larger than ${LIMIT_TEXT}.` };
    }
    const opened = { ok: true as const, fd, size: fst.size };
    fd = undefined;
    return opened;
  } catch (e) {
    return { ok: false, code: 'unreadable', message: describeFsError(path, e) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Reads `fd` to its end, but never more than MAX_FILE_BYTES + 1 bytes: one byte more than the
 * limit says "too large" without reading the rest. Returns undefined when that byte was there.
 */
function readBounded(fd: number, sizeHint: number): Uint8Array | undefined {
  let buf = Buffer.allocUnsafe(Math.min(Math.max(sizeHint + 1, 64 * 1024), MAX_FILE_BYTES + 1));
  let got = 0;
  for (;;) {
    if (got === buf.length) {
      if (buf.length > MAX_FILE_BYTES) return undefined;
      const grown = Buffer.allocUnsafe(Math.min(buf.length * 2, MAX_FILE_BYTES + 1));
      buf.copy(grown, 0, 0, got);
      buf = grown;
    }
    let n: number;
    try {
      n = readSync(fd, buf, got, buf.length - got, null);
    } catch (e) {
      // A non-blocking standard input (inherited that way) has no data yet: wait for it.
      if ((e as { code?: string }).code === 'EAGAIN') {
        sleep(5);
        continue;
      }
      throw e;
    }
    if (n === 0) break;
    got += n;
  }
  if (got > MAX_FILE_BYTES) return undefined;
  return new Uint8Array(buf.buffer, buf.byteOffset, got);
}

/** The bytes of `path` (`-` is standard input), or why they were not read. */
export function readInput(path: string): ReadResult {
  if (path === '-') {
    try {
      const bytes = readBounded(0, 0);
      if (!bytes) return { ok: false, code: 'too_large', message: `Standard input holds more than ${MIB} MiB, ${LIMIT_TEXT}: reading stopped there.` };
      return { ok: true, bytes };
    } catch (e) {
      return { ok: false, code: 'unreadable', message: describeFsError(path, e) };
    }
  }
  const opened = openRegularFile(path);
  if (!opened.ok) return opened;
  try {
    const bytes = readBounded(opened.fd, opened.size);
    // The file grew past the limit after it was opened.
    if (!bytes) return { ok: false, code: 'too_large', message: `${path} is larger than ${LIMIT_TEXT}.` };
    return { ok: true, bytes };
  } catch (e) {
    return { ok: false, code: 'unreadable', message: describeFsError(path, e) };
  } finally {
    closeSync(opened.fd);
  }
}
