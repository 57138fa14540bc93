/**
 * Issue 11, "the desktop app saves private keys world-readable": the real save path end to end.
 * The window's save functions (renderer/src/lib/io.ts, what the Generate and Export dialogs
 * call) talk to the real preload bridge, whose IPC goes (structured-cloned, as Electron does)
 * to the handlers the real main entry registers, which write with main's own effects into a
 * temporary folder. Only Electron's native parts (dialogs, windows) are mocked. The modes on
 * disk are asserted, whatever the renderer claimed.
 */
import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { utf8Encode } from '../../core/bytes.js';
import type { DesktopApi } from '../../core/desktop-api.js';
import { generateKeyPair, generateTestPki } from '../../core/generate/index.js';
import { parseFile } from '../../core/parse.js';
import type { Item } from '../../core/types.js';
import { saveFile, saveFiles } from '../../renderer/src/lib/io.js';
import { exportName, itemPem, toPem } from '../../renderer/src/lib/pem.js';

type Listener = (...args: any[]) => unknown;

const m = vi.hoisted(() => {
  const state = {
    folder: '',
    conflictAnswer: 1, // the message box's buttons: 0 Keep Both, 1 Replace, 2 Cancel
    ipcHandlers: new Map<string, Listener>(),
    exposed: new Map<string, unknown>(),
    invoked: [] as { channel: string; args: unknown[] }[],
  };
  const noop = () => undefined;
  class BrowserWindow {
    webContents = { on: noop, send: noop };
    loadURL = async () => undefined;
    once = noop;
    on = noop;
    show = noop;
    focus = noop;
    restore = noop;
    isMinimized = () => false;
    isDestroyed = () => false;
  }
  const electron = {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: () => true,
      quit: noop,
      enableSandbox: noop,
      on: noop,
      whenReady: () => Promise.resolve(),
      isReady: () => true,
      getPath: () => state.folder,
      commandLine: { hasSwitch: () => false },
    },
    BrowserWindow,
    dialog: {
      showSaveDialog: async (_win: unknown, options: { defaultPath: string }) => ({ canceled: false, filePath: path.join(state.folder, path.basename(options.defaultPath)) }),
      showOpenDialog: async () => ({ canceled: false, filePaths: [state.folder] }),
      showMessageBox: async () => ({ response: state.conflictAnswer }),
    },
    ipcMain: { handle: (channel: string, l: Listener) => state.ipcHandlers.set(channel, l) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: noop },
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: false },
    protocol: { registerSchemesAsPrivileged: noop, handle: noop },
    session: { defaultSession: { setPermissionRequestHandler: noop, setPermissionCheckHandler: noop, webRequest: { onBeforeRequest: noop } } },
    // The preload's side: invoke crosses to main's handler as Electron's IPC would.
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => state.exposed.set(key, api) },
    ipcRenderer: {
      on: noop,
      removeListener: noop,
      invoke: async (channel: string, ...args: unknown[]) => {
        const cloned = structuredClone(args);
        state.invoked.push({ channel, args: cloned });
        const handler = state.ipcHandlers.get(channel);
        if (!handler) throw new Error(`no handler for ${channel}`);
        return handler({ senderFrame: { url: 'app://pem-inspector/index.html' } }, ...cloned);
      },
    },
  };
  return { state, electron };
});

vi.mock('electron', () => m.electron);

const argv = process.argv;
const umask = process.umask();
const mode = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;
const PUBLIC_MODE = 0o644 & ~umask;

beforeAll(async () => {
  m.state.folder = await mkdtemp(path.join(tmpdir(), 'pem-save-modes-'));
  process.argv = ['/electron', '.'];
  Object.defineProperty(process, 'defaultApp', { value: true, configurable: true });
  await import('../../electron/main.js');
  await vi.waitFor(() => expect(m.state.ipcHandlers.size).toBeGreaterThan(0));
  await import('../../electron/preload.js');
  vi.stubGlobal('window', { pemInspector: m.state.exposed.get('pemInspector') as DesktopApi });
});
afterAll(() => {
  process.argv = argv;
  vi.unstubAllGlobals();
});
beforeEach(async () => {
  m.state.folder = await mkdtemp(path.join(tmpdir(), 'pem-save-modes-'));
  m.state.invoked = [];
  m.state.conflictAnswer = 1;
});

/** What crossed the bridge in the last save: each file's name and claimed sensitivity. */
const claimed = () => (m.state.invoked.at(-1)?.args[0] as { name: string; sensitive: boolean }[] | { name: string; sensitive: boolean });

describe.runIf(process.platform !== 'win32')('saved files on disk', () => {
  it('Generate → Save all (test CA): every key 0600, every certificate readable', async () => {
    // What the Generate dialog's Worker call returns for the "Test CA" preset, saved as the dialog does.
    const { files } = await generateTestPki({ algorithm: 'ec', hosts: ['localhost'] });
    expect(await saveFiles(files)).toBe(`Saved ${files.length} files`);
    const written = (await readdir(m.state.folder)).sort();
    expect(written).toEqual(files.map((f) => f.name).sort());
    for (const f of files) {
      expect({ name: f.name, mode: await mode(path.join(m.state.folder, f.name)) }).toEqual({ name: f.name, mode: f.sensitivity === 'private' ? 0o600 : PUBLIC_MODE });
    }
    expect(files.filter((f) => f.sensitivity === 'private').map((f) => f.name).sort()).toEqual(['ca.key', 'client.key', 'intermediate.key', 'server.key']);
  });

  it('Generate → Save all, with the old dialog call that passed no sensitivity: main still writes keys 0600', async () => {
    const { files } = await generateKeyPair({ algorithm: 'ed25519', password: 'pw', name: 'keypair' });
    await saveFiles(files.map((f) => ({ name: f.name, bytes: f.bytes })));
    expect((claimed() as { sensitive: boolean }[]).every((r) => r.sensitive === false)).toBe(true);
    expect(await mode(path.join(m.state.folder, 'keypair.key'))).toBe(0o600);
    expect(await mode(path.join(m.state.folder, 'keypair.pub.pem'))).toBe(PUBLIC_MODE);
    expect(await mode(path.join(m.state.folder, 'keypair.pub'))).toBe(PUBLIC_MODE);
  });

  it('Generate → Save all → Replace over old world-readable files: the new key is 0600, not the old mode', async () => {
    const { files } = await generateKeyPair({ algorithm: 'ec', name: 'keypair' });
    for (const f of files) {
      await writeFile(path.join(m.state.folder, f.name), 'OLD');
      await chmod(path.join(m.state.folder, f.name), 0o666);
    }
    m.state.conflictAnswer = 1;
    await saveFiles(files);
    expect(await mode(path.join(m.state.folder, 'keypair.key'))).toBe(0o600);
    expect(new Uint8Array(await readFile(path.join(m.state.folder, 'keypair.key')))).toEqual(files[0]!.bytes);
    expect(await mode(path.join(m.state.folder, 'keypair.pub.pem'))).toBe(PUBLIC_MODE);
  });

  describe('Export', () => {
    const fixture = (p: string) => readFile(path.join(__dirname, '..', 'fixtures', 'files', p));
    async function item(p: string, passwords: string[] = []): Promise<{ name: string; item: Item }> {
      const name = path.basename(p);
      const result = await parseFile({ name, bytes: new Uint8Array(await fixture(p)), passwords });
      expect(result.items.length).toBeGreaterThan(0);
      return { name, item: result.items.find((i) => i.kind === 'private-key') ?? result.items[0]! };
    }

    // Each row is one of the Export dialog's choices, made with the functions it uses.
    it.each([
      { choice: 'private key as PEM', file: 'keys/server-ec.key', make: (n: string, i: Item) => ({ name: exportName(n, i, 'key'), bytes: utf8Encode(itemPem(i)!) }), secret: true },
      { choice: 'private key as DER', file: 'keys/server-ec.key', make: (n: string, i: Item) => ({ name: exportName(n, i, 'der'), bytes: i.der }), secret: true },
      { choice: 'RSA private key (PKCS#1 file) as DER', file: 'keys/rsa-2048.pkcs1.pem', make: (n: string, i: Item) => ({ name: exportName(n, i, 'der'), bytes: i.der }), secret: true },
      { choice: 'encrypted private key as PEM', file: 'encrypted/pkcs8-aes256-cbc.key', make: (n: string, i: Item) => ({ name: exportName(n, i, 'pem'), bytes: utf8Encode(itemPem(i)!) }), secret: true },
      { choice: 'locked PKCS#12 as DER', file: 'pkcs12/server-rsa.p12', make: (n: string, i: Item) => ({ name: exportName(n, i, 'der'), bytes: i.der }), secret: true },
      { choice: 'OpenSSH private key as PEM', file: 'ssh/id_ed25519', make: (n: string, i: Item) => ({ name: exportName(n, i, 'pem'), bytes: utf8Encode(itemPem(i)!) }), secret: true },
      { choice: 'certificate as PEM', file: 'certs/server-ec.crt', make: (n: string, i: Item) => ({ name: exportName(n, i, 'crt'), bytes: utf8Encode(itemPem(i)!) }), secret: false },
      { choice: 'certificate as DER', file: 'certs/server-ec.crt', make: (n: string, i: Item) => ({ name: exportName(n, i, 'der'), bytes: i.der }), secret: false },
      {
        choice: 'public half of a private key',
        file: 'keys/server-ec.key',
        make: (n: string, i: Item) => ({ name: exportName(n, i, 'pub.pem'), bytes: utf8Encode(toPem('PUBLIC KEY', (i as Extract<Item, { kind: 'private-key' }>).publicKey!.spki)) }),
        secret: false,
      },
    ])('$choice, saved without a sensitivity flag → owner-only: $secret', async ({ file, make, secret }) => {
      const { name, item: it } = await item(file);
      const made = make(name, it);
      const msg = await saveFile(made);
      const target = path.join(m.state.folder, made.name);
      expect(msg).toBe(`Saved ${target}`);
      expect((claimed() as { sensitive: boolean }).sensitive).toBe(false);
      expect(await mode(target)).toBe(secret ? 0o600 : PUBLIC_MODE);
    });

    it('private key with the dialog\'s sensitivity passed along: the flag crosses the bridge and the file is 0600', async () => {
      const { name, item: it } = await item('keys/ed25519.key');
      await saveFile({ name: exportName(name, it, 'key'), bytes: utf8Encode(itemPem(it)!), sensitive: it.sensitivity === 'private' });
      expect(claimed()).toMatchObject({ name: 'ed25519.key', sensitive: true });
      expect(await mode(path.join(m.state.folder, 'ed25519.key'))).toBe(0o600);
    });

    it('a name from a hostile file becomes a safe one before it crosses the bridge', async () => {
      const { item: it } = await item('certs/server-ec.crt');
      const msg = await saveFile({ name: exportName('.bash_profile\u202E.crt', it, 'crt'), bytes: utf8Encode(itemPem(it)!) });
      expect(msg).toMatch(/^Saved /);
      expect(await readdir(m.state.folder)).toEqual(['bash_profile_.crt']);
    });
  });

  it('a refused request comes back as a sentence, and nothing is written', async () => {
    const api = m.state.exposed.get('pemInspector') as DesktopApi;
    await expect(api.saveFilesToFolder([{ name: 'authorized_keys', bytes: utf8Encode('ssh-ed25519 AAAA') }])).rejects.toThrow(/extension the app writes/);
    expect(await readdir(m.state.folder)).toEqual([]);
  });
});
