import { build } from 'esbuild';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DesktopApi, OpenedFile } from '../../core/desktop-api.js';
import { Channel } from '../../electron/channels.js';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    invoke: vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => []),
    emit(channel: string, ...args: unknown[]) {
      for (const l of listeners.get(channel) ?? []) l({}, ...args);
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
      const set = electron.listeners.get(channel) ?? new Set();
      set.add(l);
      electron.listeners.set(channel, set);
    },
    removeListener: (channel: string, l: (event: unknown, ...args: unknown[]) => void) => electron.listeners.get(channel)?.delete(l),
  },
}));

// Compile-time list of the bridge's members: adding one to DesktopApi fails type-checking here.
const DESKTOP_API_KEYS: Record<keyof DesktopApi, true> = {
  openFiles: true,
  saveFile: true,
  saveFilesToFolder: true,
  onOpenFiles: true,
  onMenuCommand: true,
  getSystemRoots: true,
  platform: true,
};

let api: DesktopApi;
beforeAll(async () => {
  await import('../../electron/preload.js');
  api = electron.exposed.get('pemInspector') as DesktopApi;
});

const file = (name: string): OpenedFile => ({ name, bytes: new Uint8Array([1]) });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('preload bridge', () => {
  it('exposes exactly the DesktopApi, as window.pemInspector, and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['pemInspector']);
    expect(Object.keys(api).sort()).toEqual(Object.keys(DESKTOP_API_KEYS).sort());
    expect(api.platform).toBe(process.platform);
  });

  it('never hands out ipcRenderer or a generic send', () => {
    for (const value of Object.values(api)) expect(typeof value === 'function' || typeof value === 'string').toBe(true);
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it.each([
    { name: 'openFiles', call: (a: DesktopApi) => a.openFiles(), channel: Channel.openFiles, args: [] },
    { name: 'getSystemRoots', call: (a: DesktopApi) => a.getSystemRoots(), channel: Channel.systemRoots, args: [] },
    {
      name: 'saveFile (extra fields dropped)',
      call: (a: DesktopApi) => a.saveFile({ name: 'a.key', bytes: new Uint8Array([1]), sensitive: true, extra: 1 } as never),
      channel: Channel.saveFile,
      args: [{ name: 'a.key', bytes: new Uint8Array([1]), sensitive: true }],
    },
    {
      name: 'saveFilesToFolder',
      call: (a: DesktopApi) => a.saveFilesToFolder([{ name: 'a.pem', bytes: new Uint8Array([2]) }]),
      channel: Channel.saveFilesToFolder,
      args: [[{ name: 'a.pem', bytes: new Uint8Array([2]), sensitive: false }]],
    },
  ])('$name invokes its own channel', async ({ call, channel, args }) => {
    electron.invoke.mockClear();
    await call(api);
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith(channel, ...args);
  });

  it('delivers files pending in main to the first listener, then pushed ones', async () => {
    electron.invoke.mockClear();
    electron.invoke.mockImplementationOnce(async () => [file('argv.pem')]);
    const got: string[] = [];
    const off = api.onOpenFiles((files) => got.push(...files.map((f) => f.name)));
    await tick();
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith(Channel.takePendingFiles);
    electron.emit(Channel.filesOpened, [file('second-instance.pem')]);
    expect(got).toEqual(['argv.pem', 'second-instance.pem']);
    off();
    // Pushed while nobody listens: kept for the next listener, not lost.
    electron.emit(Channel.filesOpened, [file('while-away.pem')]);
    const later: string[] = [];
    api.onOpenFiles((files) => later.push(...files.map((f) => f.name)));
    await tick();
    expect(later).toEqual(['while-away.pem']);
    expect(electron.invoke).toHaveBeenCalledOnce();
  });

  it('forwards menu commands until unsubscribed', () => {
    const got: string[] = [];
    const off = api.onMenuCommand((c) => got.push(c));
    electron.emit(Channel.menuCommand, 'open');
    off();
    electron.emit(Channel.menuCommand, 'paste');
    expect(got).toEqual(['open']);
  });
});

describe('preload bundle', () => {
  it('requires nothing but electron (a sandboxed preload cannot)', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'pem-preload-')), 'preload.cjs');
    await build({ entryPoints: [path.resolve('electron/preload.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', external: ['electron'], logLevel: 'silent' });
    const requires = [...(await readFile(out, 'utf8')).matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
  });
});
