/**
 * Files handed to the app by the command line, the OS (file associations, `open-file`) or a
 * second launch. Main reads bytes only; parsing happens in the renderer's Worker.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OpenedFile } from '../core/desktop-api.js';
import { MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES } from './channels.js';

/**
 * What the Open dialog's "Certificates and keys" filter shows: every extension the app is
 * associated with (electron-builder.yml; a test keeps the two in step), and names such files
 * also go by that are too generic to claim: OpenSSH `.pub`, Kubernetes manifests (`.yaml`,
 * `.yml`), kubeadm's `admin.conf` and friends, JWKS saved as `.json`. Files given on the
 * command line or by the OS are read whatever their name: the content decides.
 */
export const OPEN_EXTENSIONS: readonly string[] = [
  ...['pem', 'crt', 'cer', 'key', 'der', 'csr', 'crl', 'p7b', 'p7c', 'p12', 'pfx'],
  ...['jks', 'jceks', 'keystore', 'truststore', 'ppk', 'jwk', 'jwks', 'kubeconfig'],
  ...['pub', 'json', 'yaml', 'yml', 'conf'],
];

export interface ArgvContext {
  /** `process.defaultApp`: true when run as `electron APP_PATH ...`, so argv[1] is the app. */
  defaultApp: boolean;
  /** Relative paths are resolved against this (the launching shell's directory). */
  cwd: string;
}

/**
 * The file operands of an Electron command line. Skips the executable (and the app path in
 * development), every `-`/`--` switch (Chromium and Electron add their own, also to the argv a
 * second instance forwards; macOS adds `-psn_…`), and takes everything after a bare `--`
 * literally.
 */
export function fileArgs(argv: readonly string[], context: ArgvContext): string[] {
  const operands: string[] = [];
  let literal = false;
  for (const arg of argv.slice(context.defaultApp ? 2 : 1)) {
    if (!literal && arg === '--') {
      literal = true;
      continue;
    }
    if (arg === '' || (!literal && arg.startsWith('-'))) continue;
    operands.push(path.resolve(context.cwd, fileUrlToPath(arg)));
  }
  return operands;
}

function fileUrlToPath(arg: string): string {
  if (!arg.startsWith('file://')) return arg;
  try {
    return decodeURIComponent(new URL(arg).pathname);
  } catch {
    return arg;
  }
}

export interface ReadLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxFiles: MAX_FILES, maxFileBytes: MAX_FILE_BYTES, maxTotalBytes: MAX_TOTAL_BYTES, maxDepth: 16 };

const mib = (n: number): string => `${Math.round(n / (1024 * 1024))} MiB`;

/**
 * Reads the named files, and folders recursively (skipping hidden entries inside folders, and
 * each real directory only once, so symlink loops end). Never throws: a file that cannot be
 * read is returned with `error` set and empty bytes, so the UI can show it as a broken file.
 */
export async function readPaths(paths: readonly string[], limits: ReadLimits = DEFAULT_LIMITS): Promise<OpenedFile[]> {
  const out: OpenedFile[] = [];
  const seenDirs = new Set<string>();
  let total = 0;
  let truncated = false;

  const failed = (file: string, code: NonNullable<OpenedFile['error']>['code'], message: string): OpenedFile => ({
    name: path.basename(file),
    path: file,
    bytes: new Uint8Array(0),
    error: { code, message },
  });

  async function visit(file: string, depth: number, explicit: boolean): Promise<void> {
    if (out.length >= limits.maxFiles) {
      truncated = true;
      return;
    }
    let info;
    try {
      info = await stat(file);
    } catch (e) {
      // A dangling symlink inside a folder is noise; one the user named is worth reporting.
      if (explicit) out.push(failed(file, 'unreadable', `Could not be read (${errorCode(e)}).`));
      return;
    }
    if (info.isDirectory()) {
      if (depth >= limits.maxDepth) return;
      const real = await realpath(file).catch(() => file);
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      let names: string[];
      try {
        names = (await readdir(file)).filter((n) => !n.startsWith('.')).sort();
      } catch (e) {
        out.push(failed(file, 'unreadable', `The folder could not be read (${errorCode(e)}).`));
        return;
      }
      for (const name of names) await visit(path.join(file, name), depth + 1, false);
      return;
    }
    if (!info.isFile()) {
      if (explicit) out.push(failed(file, 'unreadable', 'Not a regular file.'));
      return;
    }
    if (info.size > limits.maxFileBytes) {
      out.push(failed(file, 'too_large', `The file is ${mib(info.size)}; files over ${mib(limits.maxFileBytes)} are not opened.`));
      return;
    }
    if (total + info.size > limits.maxTotalBytes) {
      out.push(failed(file, 'limit_exceeded', `Not opened: together the files exceed ${mib(limits.maxTotalBytes)}.`));
      return;
    }
    try {
      const bytes = await readFile(file);
      // A plain Uint8Array (not a Buffer view of Node's shared pool) crosses IPC compactly.
      out.push({ name: path.basename(file), path: file, bytes: new Uint8Array(bytes) });
      total += bytes.length;
    } catch (e) {
      out.push(failed(file, 'unreadable', `Could not be read (${errorCode(e)}).`));
    }
  }

  for (const file of paths) await visit(file, 0, true);
  if (truncated) {
    out.push({
      name: `(more than ${limits.maxFiles} files)`,
      bytes: new Uint8Array(0),
      error: { code: 'limit_exceeded', message: `Only the first ${limits.maxFiles} files were opened.` },
    });
  }
  return out;
}

function errorCode(e: unknown): string {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : 'unknown error';
}
