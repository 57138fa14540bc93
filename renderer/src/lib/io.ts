/** Files in and out: the desktop bridge when present, browser APIs otherwise. */
import type { DesktopApi, SaveRequest } from '../../../core/desktop-api.js';
import { safeSaveName } from '../../../core/save-name.js';
import type { OutputFile } from '../../../core/write/types.js';
import type { ReadRef } from './protocol.js';
import { nextTask } from './tasks.js';

export interface InputFile {
  name: string;
  path?: string;
  /** The bytes, unless only the Worker holds them (`read`). */
  bytes?: Uint8Array;
  /** Size in bytes (of `bytes`, or of what the Worker holds). */
  size?: number;
  /** Hex SHA-256 of the bytes, when whoever read them already has it. */
  sha256?: string;
  /** Where the Worker holds the bytes, when it read them: they never come to this thread. */
  read?: ReadRef;
}

/** Reads files' bytes somewhere other than the window's thread (the Worker: `Workspace.readFiles`). */
export type FileReader = (files: File[]) => Promise<{ readId: number; sizes: number[]; sha256: string[] }>;

/** Files per message to the Worker's reader: each message (cloning its File objects) is a task of its own. */
const READ_CHUNK = 1000;

async function readAll(found: { file: File; path?: string }[], read: FileReader): Promise<InputFile[]> {
  if (found.length === 0) return [];
  // Ten thousand Files in one message, and their names taken in the same task, made one long
  // task of a big drop: they go in chunks, each in a task of its own (not the drop's), the Worker reading the first meanwhile.
  const chunks: { names: string[]; reply: ReturnType<FileReader> }[] = [];
  for (let at = 0; at < found.length; at += READ_CHUNK) {
    await nextTask();
    const part = found.slice(at, at + READ_CHUNK);
    chunks.push({ names: part.map((f) => f.file.name), reply: read(part.map((f) => f.file)) });
  }
  const out: InputFile[] = [];
  for (const { names, reply } of chunks) {
    const r = await reply;
    for (let i = 0; i < names.length; i++) out.push({ name: names[i]!, path: found[out.length]!.path, size: r.sizes[i]!, sha256: r.sha256[i]!, read: { readId: r.readId, index: i } });
  }
  return out;
}

export function desktop(): DesktopApi | undefined {
  return (window as unknown as { pemInspector?: DesktopApi }).pemInspector;
}

export function fromFileList(list: FileList | File[], read: FileReader): Promise<InputFile[]> {
  return readAll(Array.from(list, (file) => ({ file, path: file.webkitRelativePath || undefined })), read);
}

// Minimal shapes of the File and Directory Entries API (not in every lib.dom).
interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?(ok: (f: File) => void, fail: (e: unknown) => void): void;
  createReader?(): { readEntries(ok: (entries: Entry[]) => void, fail: (e: unknown) => void): void };
}

const MAX_FILES = 20_000;

async function walk(entry: Entry, out: { file: File; path: string }[]): Promise<void> {
  if (out.length >= MAX_FILES) return;
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, fail) => entry.file!(ok, fail));
    out.push({ file, path: entry.fullPath.replace(/^\//, '') });
    return;
  }
  if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries returns at most ~100 entries per call: keep reading until it returns none.
    for (;;) {
      const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, out);
    }
  }
}

/**
 * Reads everything dropped, folders recursively. Entries must be taken synchronously inside
 * the drop event (the DataTransfer is emptied afterwards), hence the two phases.
 */
export function takeDrop(dt: DataTransfer, read: FileReader): () => Promise<InputFile[]> {
  const entries: Entry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(dt.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = (item as unknown as { webkitGetAsEntry?: () => Entry | null }).webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  if (entries.length === 0 && loose.length === 0) loose.push(...Array.from(dt.files ?? []));
  return async () => {
    const found: { file: File; path: string }[] = [];
    for (const e of entries) {
      try {
        await walk(e, found);
      } catch {
        // An entry we may not read (permissions): the rest still load.
      }
    }
    return readAll([...found.map(({ file, path }) => ({ file, path: path.includes('/') ? path : undefined })), ...loose.map((file) => ({ file }))], read);
  };
}

/**
 * What the window saves: a writer's output (`OutputFile`: name, bytes, sensitivity; generated
 * files are OutputFiles too) or a plain request. Pass the item's
 * sensitivity along: main also judges the bytes itself and writes private material 0600
 * whatever it is told, but the flag is what the browser build and the dialogs have.
 */
export type Saveable = SaveRequest | OutputFile;

/** The request that crosses the bridge: a name main accepts (core/save-name.ts), the bytes, the sensitivity. */
export function toSaveRequest(file: Saveable): SaveRequest {
  const bytes = file.bytes;
  const sensitive = ('sensitive' in file && file.sensitive === true) || ('sensitivity' in file && file.sensitivity === 'private');
  return { name: safeSaveName(file.name), bytes, sensitive };
}

/** A failed save as a sentence for the status line (Electron prefixes the channel and error class). */
function notSaved(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return `Not saved: ${message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '')}`;
}

function download(file: SaveRequest): void {
  const mime = /\.(pem|crt|key|csr|crl|pub|txt)$/i.test(file.name) ? 'application/x-pem-file' : 'application/octet-stream';
  const url = URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: the browser reads the Blob asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Saves one file; returns a sentence for the status line, or undefined when cancelled. */
export async function saveFile(file: Saveable): Promise<string | undefined> {
  const request = toSaveRequest(file);
  const api = desktop();
  if (api) {
    try {
      const where = await api.saveFile(request);
      return where ? `Saved ${where}` : undefined;
    } catch (e) {
      return notSaved(e);
    }
  }
  download(request);
  return `Downloaded ${request.name}`;
}

/** Saves a set into one folder (desktop) or as downloads; returns a sentence, or undefined when cancelled. */
export async function saveFiles(files: readonly Saveable[]): Promise<string | undefined> {
  const requests = files.map(toSaveRequest);
  const api = desktop();
  if (api) {
    try {
      const written = await api.saveFilesToFolder(requests);
      return written.length ? `Saved ${written.length} files` : undefined;
    } catch (e) {
      return notSaved(e);
    }
  }
  for (const f of requests) download(f);
  return `Downloaded ${requests.length} files`;
}
