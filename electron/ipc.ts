/**
 * IPC handlers as plain functions over injected effects (dialogs, disk), so argument
 * validation and the no-silent-overwrite rule are unit-tested without Electron.
 * Every argument comes from the renderer and is treated as untrusted.
 */
import path from 'node:path';
import type { OpenedFile, SaveRequest } from '../core/desktop-api.js';
import { saveNameProblem } from '../core/save-name.js';
import { visibleText } from '../core/visible-text.js';
import { Channel, MAX_FILE_BYTES, MAX_FILES } from './channels.js';
import { isTrustedSender, type SenderFrameLike } from './security.js';
import { isPrivateFile } from './sniff.js';

/** A malformed IPC call: a bug or a compromised renderer, never the user's input. */
export class IpcArgumentError extends Error {
  override name = 'IpcArgumentError';
}

export interface IpcEffects {
  /** Native Open dialog; resolves to the chosen paths ([] when cancelled). */
  chooseFiles(): Promise<string[]>;
  /** Native Save dialog for one file; undefined when cancelled. The OS asks before replacing. */
  chooseSavePath(suggestedName: string): Promise<string | undefined>;
  /** Native folder chooser; undefined when cancelled. */
  chooseFolder(): Promise<string | undefined>;
  /** Asks what to do when names are taken in the chosen folder. */
  askOnConflict(folder: string, taken: string[]): Promise<'keep-both' | 'replace' | 'cancel'>;
  readPaths(paths: string[]): Promise<OpenedFile[]>;
  /**
   * Writes without following a symlink at `file` (electron/write.ts). Without `replace` it must
   * fail with EEXIST when the name is taken; with it, the old file is replaced by a new one with
   * exactly `mode` (never keeping the old file's looser mode).
   */
  writeFile(file: string, bytes: Uint8Array, options: { replace: boolean; mode: number }): Promise<void>;
  /** Whether the name is taken by anything, a symlink included (lstat, not stat). */
  exists(file: string): Promise<boolean>;
  systemRoots(): string[];
  takePendingFiles(): OpenedFile[];
}

/**
 * Why `name` may not be saved under, or undefined when it may: only the names and extensions
 * the app writes (core/save-name.ts). Re-exported here because this is where main enforces it.
 */
export { saveNameProblem };

function isUint8Array(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';
}

export function parseSaveRequest(value: unknown): SaveRequest {
  if (typeof value !== 'object' || value === null) throw new IpcArgumentError('a save request must be an object');
  const { name, bytes, sensitive } = value as Record<string, unknown>;
  if (typeof name !== 'string') throw new IpcArgumentError('the file name must be a string');
  const problem = saveNameProblem(name);
  if (problem !== undefined) throw new IpcArgumentError(`cannot save "${visibleText(name.slice(0, 80))}": ${problem}`);
  if (!isUint8Array(bytes)) throw new IpcArgumentError('the file contents must be a Uint8Array');
  if (bytes.length > MAX_FILE_BYTES) throw new IpcArgumentError(`"${name}" is larger than ${MAX_FILE_BYTES} bytes`);
  if (sensitive !== undefined && typeof sensitive !== 'boolean') throw new IpcArgumentError('"sensitive" must be a boolean');
  return { name, bytes, sensitive: sensitive === true };
}

export function parseSaveRequests(value: unknown): SaveRequest[] {
  if (!Array.isArray(value)) throw new IpcArgumentError('the files to save must be an array');
  if (value.length === 0) throw new IpcArgumentError('there are no files to save');
  if (value.length > MAX_FILES) throw new IpcArgumentError(`at most ${MAX_FILES} files can be saved at once`);
  return value.map(parseSaveRequest);
}

/** Main decides: private material (by the renderer's word, the name or the bytes) is owner-only. */
export const modeFor = (file: SaveRequest): number => (isPrivateFile(file) ? 0o600 : 0o644);

/** `server.crt` → `server (2).crt`; the suffix goes before the first dot so `a.pub.pem` stays a `.pub.pem`. */
export function suffixedName(name: string, n: number): string {
  const dot = name.indexOf('.', 1);
  return dot === -1 ? `${name} (${n})` : `${name.slice(0, dot)} (${n})${name.slice(dot)}`;
}

function isExists(e: unknown): boolean {
  return e instanceof Error && 'code' in e && e.code === 'EEXIST';
}

export async function openFiles(fx: IpcEffects): Promise<OpenedFile[]> {
  const paths = await fx.chooseFiles();
  return paths.length === 0 ? [] : fx.readPaths(paths.slice(0, MAX_FILES));
}

export async function saveFile(fx: IpcEffects, arg: unknown): Promise<string | undefined> {
  const file = parseSaveRequest(arg);
  const target = await fx.chooseSavePath(file.name);
  if (target === undefined) return undefined;
  // The Save dialog asked before replacing an existing file.
  await fx.writeFile(target, file.bytes, { replace: true, mode: modeFor(file) });
  return target;
}

/**
 * Writes every file into a folder the user picks. Existing files are never replaced silently:
 * if any name is taken the user chooses Keep both (numeric suffixes), Replace, or Cancel.
 * Names repeated within one request always get suffixes. Writes use exclusive create, so a file
 * that appears meanwhile is not clobbered either.
 */
export async function saveFilesToFolder(fx: IpcEffects, arg: unknown): Promise<string[]> {
  const files = parseSaveRequests(arg);
  const folder = await fx.chooseFolder();
  if (folder === undefined) return [];

  const taken: string[] = [];
  for (const name of new Set(files.map((f) => f.name))) {
    if (await fx.exists(path.join(folder, name))) taken.push(name);
  }
  let replace = false;
  if (taken.length > 0) {
    const answer = await fx.askOnConflict(folder, taken);
    if (answer === 'cancel') return [];
    replace = answer === 'replace';
  }

  const written: string[] = [];
  const used = new Set<string>();
  for (const file of files) {
    const mayReplace = replace && taken.includes(file.name) && !used.has(file.name);
    for (let n = 1; ; n++) {
      const name = n === 1 ? file.name : suffixedName(file.name, n);
      if (used.has(name)) continue;
      const target = path.join(folder, name);
      try {
        await fx.writeFile(target, file.bytes, { replace: mayReplace && n === 1, mode: modeFor(file) });
      } catch (e) {
        if (isExists(e) && n < MAX_FILES) continue;
        throw e;
      }
      used.add(name);
      written.push(target);
      break;
    }
  }
  return written;
}

export interface IpcEventLike {
  readonly senderFrame: SenderFrameLike | null;
}

/** Wraps a handler so it runs only for messages from our own page. */
export function guarded<A extends unknown[], R>(handler: (...args: A) => Promise<R> | R) {
  return async (event: IpcEventLike, ...args: A): Promise<R> => {
    if (!isTrustedSender(event.senderFrame)) throw new Error('IPC refused: the sender is not the PEM Inspector page');
    return handler(...args);
  };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

export function registerIpc(ipcMain: IpcMainLike, fx: IpcEffects): void {
  ipcMain.handle(Channel.openFiles, guarded(() => openFiles(fx)));
  ipcMain.handle(Channel.saveFile, guarded((arg: unknown) => saveFile(fx, arg)));
  ipcMain.handle(Channel.saveFilesToFolder, guarded((arg: unknown) => saveFilesToFolder(fx, arg)));
  ipcMain.handle(Channel.systemRoots, guarded(() => fx.systemRoots()));
  ipcMain.handle(Channel.takePendingFiles, guarded(() => fx.takePendingFiles()));
}
