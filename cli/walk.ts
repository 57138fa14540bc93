/**
 * `inspect DIR`: the files named on the command line, folders read recursively by the app's
 * rules (electron/files.ts): symbolic links followed, entries whose names start with '.'
 * skipped inside folders, each real folder read once (so a link loop ends), at most 16 levels
 * deep. What is not a regular file (FIFOs, devices, sockets, dangling links) is skipped and
 * said so. Names are sorted by code point, so the order is the same on every machine.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { specialKind } from './input.js';

export const MAX_FOLDER_DEPTH = 16;

export type SkipReason = 'hidden' | 'not_regular_file' | 'link_loop' | 'too_deep' | 'unreadable';

/** Something inside a folder that was not read, and why. */
export interface Skipped {
  path: string;
  reason: SkipReason;
  message: string;
}

export interface Expanded {
  /** What to read, in order: named files as given, folder contents sorted. */
  files: string[];
  skipped: Skipped[];
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Expands folders among `paths` into the files in them. A named path that is not a folder is
 * kept as it is (reading it says what is wrong with it, as for a named device).
 */
export function expandPaths(paths: string[]): Expanded {
  const out: Expanded = { files: [], skipped: [] };
  const seen = new Set<string>();
  const skip = (path: string, reason: SkipReason, message: string) => out.skipped.push({ path, reason, message });

  const visitFolder = (dir: string, depth: number) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      skip(dir, 'unreadable', `${dir} could not be read (${code(e)}).`);
      return;
    }
    if (seen.has(real)) {
      skip(dir, 'link_loop', `${dir} is a folder already read (a symbolic link loop, or a second link to it).`);
      return;
    }
    seen.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort(byCodePoint);
    } catch (e) {
      skip(dir, 'unreadable', `The folder ${dir} could not be read (${code(e)}).`);
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (name.startsWith('.')) {
        skip(path, 'hidden', `${path} is hidden (its name starts with a dot).`);
        continue;
      }
      let st;
      try {
        st = statSync(path);
      } catch (e) {
        const c = code(e);
        skip(path, c === 'ELOOP' ? 'link_loop' : 'unreadable', c === 'ENOENT' ? `${path} is a symbolic link to nothing.` : c === 'ELOOP' ? `${path} is a symbolic link loop.` : `${path} could not be read (${c}).`);
        continue;
      }
      if (st.isDirectory()) {
        if (depth + 1 >= MAX_FOLDER_DEPTH) skip(path, 'too_deep', `${path} is more than ${MAX_FOLDER_DEPTH} folders deep.`);
        else visitFolder(path, depth + 1);
        continue;
      }
      const what = specialKind(st);
      if (what) skip(path, 'not_regular_file', `${path} is ${what}, not a regular file.`);
      else out.files.push(path);
    }
  };

  for (const path of paths) {
    let isFolder = false;
    try {
      isFolder = path !== '-' && statSync(path).isDirectory();
    } catch {
      // Missing or unreadable: reading it says so, as a file error.
    }
    if (isFolder) visitFolder(path, 0);
    else out.files.push(path);
  }
  return out;
}

function code(e: unknown): string {
  return (e as { code?: string } | null)?.code ?? String(e);
}
