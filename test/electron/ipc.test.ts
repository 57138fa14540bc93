import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { OpenedFile } from '../../core/desktop-api.js';
import { Channel, MAX_FILE_BYTES, MAX_FILES } from '../../electron/channels.js';
import {
  guarded,
  IpcArgumentError,
  openFiles,
  parseSaveRequest,
  parseSaveRequests,
  registerIpc,
  saveFile,
  saveFilesToFolder,
  suffixedName,
  type IpcEffects,
  type IpcEventLike,
} from '../../electron/ipc.js';
import { nameTaken, writeFileSafely } from '../../electron/write.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | Buffer): string => new TextDecoder().decode(b);

/** Effects over a real temporary folder; dialogs answer from the given script. */
function effects(folder: string | undefined, over: Partial<IpcEffects> = {}): IpcEffects {
  return {
    chooseFiles: async () => [],
    chooseSavePath: async (name) => (folder === undefined ? undefined : path.join(folder, name)),
    chooseFolder: async () => folder,
    askOnConflict: async () => 'cancel',
    readPaths: async () => [],
    // The writer and the check main itself uses.
    writeFile: writeFileSafely,
    exists: nameTaken,
    systemRoots: () => ['-----BEGIN CERTIFICATE-----'],
    takePendingFiles: () => [],
    ...over,
  };
}

const tempDir = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'pem-ipc-'));

describe('argument validation', () => {
  it.each([
    { name: 'not an object', arg: 'server.crt' },
    { name: 'null', arg: null },
    { name: 'name not a string', arg: { name: 42, bytes: bytes('x') } },
    { name: 'traversal in name', arg: { name: '../../.bashrc', bytes: bytes('x') } },
    { name: 'bytes as a string', arg: { name: 'a.pem', bytes: 'x' } },
    { name: 'bytes as an array', arg: { name: 'a.pem', bytes: [1, 2, 3] } },
    { name: 'bytes as an ArrayBuffer', arg: { name: 'a.pem', bytes: new ArrayBuffer(3) } },
    { name: 'bytes as another typed array', arg: { name: 'a.pem', bytes: new Uint16Array(3) } },
    { name: 'sensitive not a boolean', arg: { name: 'a.key', bytes: bytes('x'), sensitive: 'yes' } },
  ])('rejects a save request with $name', ({ arg }) => {
    expect(() => parseSaveRequest(arg)).toThrow(IpcArgumentError);
  });

  it('rejects a file over the size limit and accepts one at it', () => {
    expect(() => parseSaveRequest({ name: 'big.der', bytes: new Uint8Array(MAX_FILE_BYTES + 1) })).toThrow(/larger than/);
    expect(parseSaveRequest({ name: 'big.der', bytes: new Uint8Array(MAX_FILE_BYTES) }).bytes.length).toBe(MAX_FILE_BYTES);
  });

  it('keeps only the known fields', () => {
    expect(parseSaveRequest({ name: 'a.key', bytes: bytes('k'), sensitive: true, path: '/etc/x' })).toEqual({ name: 'a.key', bytes: bytes('k'), sensitive: true });
  });

  it.each([
    { name: 'not an array', arg: { name: 'a.pem', bytes: bytes('x') } },
    { name: 'an empty list', arg: [] },
    { name: `more than ${MAX_FILES} files`, arg: Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ name: `f${i}.pem`, bytes: bytes('x') })) },
    { name: 'one bad name among good ones', arg: [{ name: 'ok.pem', bytes: bytes('x') }, { name: 'sub/evil.pem', bytes: bytes('x') }] },
  ])('rejects a folder save with $name', ({ arg }) => {
    expect(() => parseSaveRequests(arg)).toThrow(IpcArgumentError);
  });

  it(`accepts exactly ${MAX_FILES} files`, () => {
    expect(parseSaveRequests(Array.from({ length: MAX_FILES }, (_, i) => ({ name: `f${i}.pem`, bytes: bytes('x') })))).toHaveLength(MAX_FILES);
  });

  it('validates before showing any dialog', async () => {
    const chooseFolder = vi.fn(async () => '/tmp');
    const chooseSavePath = vi.fn(async () => '/tmp/x');
    await expect(saveFilesToFolder(effects('/tmp', { chooseFolder }), [{ name: '../x', bytes: bytes('x') }])).rejects.toThrow(IpcArgumentError);
    await expect(saveFile(effects('/tmp', { chooseSavePath }), { name: 'a/b', bytes: bytes('x') })).rejects.toThrow(IpcArgumentError);
    expect(chooseFolder).not.toHaveBeenCalled();
    expect(chooseSavePath).not.toHaveBeenCalled();
  });
});

describe('suffixed names', () => {
  it.each([
    { name: 'server.crt', n: 2, want: 'server (2).crt' },
    { name: 'keypair.pub.pem', n: 3, want: 'keypair (3).pub.pem' },
    { name: 'README', n: 2, want: 'README (2)' },
    { name: '.env', n: 2, want: '.env (2)' },
  ])('$name #$n → $want', ({ name, n, want }) => {
    expect(suffixedName(name, n)).toBe(want);
  });
});

describe('saving', () => {
  it('saves one file where the dialog says, private material with mode 0600', async () => {
    const dir = await tempDir();
    const saved = await saveFile(effects(dir), { name: 'server.key', bytes: bytes('KEY'), sensitive: true });
    expect(saved).toBe(path.join(dir, 'server.key'));
    expect(text(await readFile(path.join(dir, 'server.key')))).toBe('KEY');
    if (process.platform !== 'win32') expect((await stat(path.join(dir, 'server.key'))).mode & 0o777).toBe(0o600);
  });

  it('returns undefined and writes nothing when the save dialog is cancelled', async () => {
    const writeFile = vi.fn();
    expect(await saveFile(effects(undefined, { writeFile }), { name: 'a.pem', bytes: bytes('x') })).toBeUndefined();
    expect(writeFile).not.toHaveBeenCalled();
  });

  it('writes a set into an empty folder under the given names without asking', async () => {
    const dir = await tempDir();
    const askOnConflict = vi.fn(async () => 'cancel' as const);
    const written = await saveFilesToFolder(effects(dir, { askOnConflict }), [
      { name: 'ca.crt', bytes: bytes('CA') },
      { name: 'ca.key', bytes: bytes('CAKEY'), sensitive: true },
    ]);
    expect(written).toEqual([path.join(dir, 'ca.crt'), path.join(dir, 'ca.key')]);
    expect(askOnConflict).not.toHaveBeenCalled();
    expect((await readdir(dir)).sort()).toEqual(['ca.crt', 'ca.key']);
  });

  it('asks when names are taken, and Cancel writes nothing', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'server.crt'), 'OLD');
    const askOnConflict = vi.fn(async () => 'cancel' as const);
    const written = await saveFilesToFolder(effects(dir, { askOnConflict }), [{ name: 'server.crt', bytes: bytes('NEW') }, { name: 'server.key', bytes: bytes('K') }]);
    expect(written).toEqual([]);
    expect(askOnConflict).toHaveBeenCalledWith(dir, ['server.crt']);
    expect(await readdir(dir)).toEqual(['server.crt']);
    expect(text(await readFile(path.join(dir, 'server.crt')))).toBe('OLD');
  });

  it('Keep Both adds a numeric suffix and leaves the old file alone', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'server.crt'), 'OLD');
    await writeFile(path.join(dir, 'server (2).crt'), 'OLDER');
    const written = await saveFilesToFolder(effects(dir, { askOnConflict: async () => 'keep-both' }), [{ name: 'server.crt', bytes: bytes('NEW') }]);
    expect(written).toEqual([path.join(dir, 'server (3).crt')]);
    expect(text(await readFile(path.join(dir, 'server.crt')))).toBe('OLD');
    expect(text(await readFile(path.join(dir, 'server (2).crt')))).toBe('OLDER');
    expect(text(await readFile(path.join(dir, 'server (3).crt')))).toBe('NEW');
  });

  it('Replace overwrites only the names that were taken', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'server.crt'), 'OLD');
    const written = await saveFilesToFolder(effects(dir, { askOnConflict: async () => 'replace' }), [{ name: 'server.crt', bytes: bytes('NEW') }, { name: 'server.key', bytes: bytes('K') }]);
    expect(written).toEqual([path.join(dir, 'server.crt'), path.join(dir, 'server.key')]);
    expect(text(await readFile(path.join(dir, 'server.crt')))).toBe('NEW');
  });

  it('never overwrites a file that appears after the check', async () => {
    const dir = await tempDir();
    // The folder looks empty to the check, but the file exists by the time of writing.
    await writeFile(path.join(dir, 'late.pem'), 'RACE');
    const written = await saveFilesToFolder(effects(dir, { exists: async () => false }), [{ name: 'late.pem', bytes: bytes('NEW') }]);
    expect(written).toEqual([path.join(dir, 'late (2).pem')]);
    expect(text(await readFile(path.join(dir, 'late.pem')))).toBe('RACE');
  });

  it('gives repeated names within one request their own suffixes', async () => {
    const dir = await tempDir();
    const written = await saveFilesToFolder(effects(dir), [{ name: 'a.pem', bytes: bytes('1') }, { name: 'a.pem', bytes: bytes('2') }]);
    expect(written.map((p) => path.basename(p))).toEqual(['a.pem', 'a (2).pem']);
    expect(text(await readFile(path.join(dir, 'a (2).pem')))).toBe('2');
  });

  it('returns [] when the folder dialog is cancelled', async () => {
    expect(await saveFilesToFolder(effects(undefined), [{ name: 'a.pem', bytes: bytes('1') }])).toEqual([]);
  });
});

describe('opening', () => {
  it('reads what the dialog chose, and nothing when it is cancelled', async () => {
    const file: OpenedFile = { name: 'a.pem', path: '/x/a.pem', bytes: bytes('A') };
    const readPaths = vi.fn(async () => [file]);
    expect(await openFiles(effects('/x', { chooseFiles: async () => ['/x/a.pem'], readPaths }))).toEqual([file]);
    expect(await openFiles(effects('/x', { chooseFiles: async () => [], readPaths }))).toEqual([]);
    expect(readPaths).toHaveBeenCalledOnce();
  });
});

describe('sender validation', () => {
  const ours: IpcEventLike = { senderFrame: { url: 'app://pem-inspector/index.html' } };

  it.each([
    { name: 'a remote page', event: { senderFrame: { url: 'https://evil.test/' } } },
    { name: 'a file:// page', event: { senderFrame: { url: 'file:///tmp/x.html' } } },
    { name: 'a destroyed frame', event: { senderFrame: null } },
  ])('refuses $name and never runs the handler', async ({ event }) => {
    const handler = vi.fn(async () => 'ran');
    await expect(guarded(handler)(event)).rejects.toThrow(/refused/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('runs the handler for our page, passing the arguments', async () => {
    const handler = vi.fn(async (a: unknown) => a);
    expect(await guarded(handler)(ours, 7)).toBe(7);
  });

  it('registers every channel, each guarded', async () => {
    const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
    registerIpc({ handle: (channel, listener) => handlers.set(channel, listener) }, effects('/tmp'));
    expect([...handlers.keys()].sort()).toEqual(
      [Channel.openFiles, Channel.saveFile, Channel.saveFilesToFolder, Channel.systemRoots, Channel.takePendingFiles].sort(),
    );
    for (const [, handler] of handlers) await expect(handler({ senderFrame: { url: 'https://evil.test/' } })).rejects.toThrow(/refused/);
    expect(await handlers.get(Channel.systemRoots)?.(ours)).toEqual(['-----BEGIN CERTIFICATE-----']);
  });
});
