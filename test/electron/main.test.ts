/** The main entry's wiring, against a mocked `electron` (no binary needed). */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { Channel } from '../../electron/channels.js';
import { APP_SCHEME_PRIVILEGES } from '../../electron/protocol.js';

type Listener = (...args: any[]) => unknown;

const m = vi.hoisted(() => {
  const state = {
    lock: true,
    appHandlers: new Map<string, Listener>(),
    ipcHandlers: new Map<string, Listener>(),
    windows: [] as any[],
    ready: undefined as undefined | (() => void),
  };
  const fn = <T extends Listener>(impl?: T) => vi.fn(impl ?? (() => undefined));
  class BrowserWindow {
    options: any;
    webContents = { on: fn(), send: fn() };
    loadURL = fn(async () => undefined);
    constructor(options: any) {
      this.options = options;
      state.windows.push(this);
    }
    once = fn();
    on = fn();
    show = fn();
    focus = fn();
    restore = fn();
    isMinimized = () => false;
    isDestroyed = () => false;
  }
  const electron = {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: fn(() => state.lock),
      quit: fn(),
      enableSandbox: fn(),
      on: fn((event: string, l: Listener) => state.appHandlers.set(event, l)),
      whenReady: () => new Promise<void>((resolve) => (state.ready = resolve)),
      isReady: () => true,
      getPath: fn((_name: string) => path.join(tmpdir(), 'pem-main-test-user-data')),
      addRecentDocument: fn(),
    },
    BrowserWindow,
    dialog: {},
    ipcMain: { handle: fn((channel: string, l: Listener) => state.ipcHandlers.set(channel, l)) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: fn() },
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: false },
    protocol: { registerSchemesAsPrivileged: fn(), handle: fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: fn(),
        setPermissionCheckHandler: fn(),
        webRequest: { onBeforeRequest: fn() },
      },
    },
  };
  return { state, electron };
});

vi.mock('electron', () => m.electron);

const ours = { senderFrame: { url: 'app://pem-inspector/index.html' } };
const argv = process.argv;

let dir: string;
beforeEach(async () => {
  vi.resetModules();
  m.state.lock = true;
  vi.clearAllMocks();
  m.state.appHandlers.clear();
  m.state.ipcHandlers.clear();
  m.state.windows = [];
  dir = await mkdtemp(path.join(tmpdir(), 'pem-main-'));
  await writeFile(path.join(dir, 'cli.pem'), 'CLI');
  await writeFile(path.join(dir, 'later.pem'), 'LATER');
  process.argv = ['/electron', '.', '--enable-logging', path.join(dir, 'cli.pem')];
  Object.defineProperty(process, 'defaultApp', { value: true, configurable: true });
});
afterEach(() => {
  process.argv = argv;
  Object.defineProperty(process, 'defaultApp', { value: undefined, configurable: true });
});

describe('main entry', () => {
  it('quits at once when another instance holds the lock, forwarding its files', async () => {
    m.state.lock = false;
    await import('../../electron/main.js');
    expect(m.electron.app.requestSingleInstanceLock).toHaveBeenCalledWith({ files: [path.join(dir, 'cli.pem')] });
    expect(m.electron.app.quit).toHaveBeenCalledOnce();
    expect(m.electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
  });

  it('hardens everything before the window loads app://, then hands files to the page', async () => {
    await import('../../electron/main.js');
    expect(m.electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(m.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_PRIVILEGES]);
    for (const event of ['second-instance', 'open-file', 'web-contents-created', 'window-all-closed']) expect(m.state.appHandlers.has(event)).toBe(true);

    // macOS may deliver an open-file before 'ready': it must wait, not be lost.
    const prevent = vi.fn();
    m.state.appHandlers.get('open-file')?.({ preventDefault: prevent }, path.join(dir, 'later.pem'));
    expect(prevent).toHaveBeenCalledOnce();

    m.state.ready?.();
    await vi.waitFor(() => expect(m.state.windows).toHaveLength(1));
    const s = m.electron.session.defaultSession;
    expect(s.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(s.webRequest.onBeforeRequest).toHaveBeenCalledOnce();
    expect(m.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect([...m.state.ipcHandlers.keys()].sort()).toEqual(
      [Channel.openFiles, Channel.saveFile, Channel.saveFilesToFolder, Channel.systemRoots, Channel.takePendingFiles].sort(),
    );
    expect(m.electron.Menu.setApplicationMenu).toHaveBeenCalledOnce();

    expect(m.state.windows).toHaveLength(1);
    const win = m.state.windows[0];
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(win.loadURL).toHaveBeenCalledWith('app://pem-inspector/index.html');
    expect(win.webContents.send).not.toHaveBeenCalled();

    // The page subscribes: it receives the command-line file and the early open-file.
    // Files read before the page subscribes are handed over on subscription; later ones are pushed.
    const taken = (await m.state.ipcHandlers.get(Channel.takePendingFiles)?.(ours)) as { name: string }[];
    await vi.waitFor(() => {
      const pushed = win.webContents.send.mock.calls.filter((c: unknown[]) => c[0] === Channel.filesOpened).flatMap((c: unknown[]) => c[1] as { name: string }[]);
      expect([...taken, ...pushed].map((f) => f.name).sort()).toEqual(['cli.pem', 'later.pem']);
    });
    win.webContents.send.mockClear();
    await expect(m.state.ipcHandlers.get(Channel.takePendingFiles)?.({ senderFrame: { url: 'https://evil.test/' } })).rejects.toThrow();

    // A second launch's files now go straight to the page.
    m.state.appHandlers.get('second-instance')?.({}, ['/electron', '.', 'ignored'], dir, { files: [path.join(dir, 'later.pem')] });
    await vi.waitFor(() => expect(win.webContents.send).toHaveBeenCalledWith(Channel.filesOpened, [expect.objectContaining({ name: 'later.pem' })]));
  });

  it('persists nothing but the theme choice: no recent documents, settings hold only the theme', async () => {
    const userData = await mkdtemp(path.join(tmpdir(), 'pem-main-user-data-'));
    m.electron.app.getPath.mockImplementation(() => userData);
    onTestFinished(() => void m.electron.app.getPath.mockImplementation(() => path.join(tmpdir(), 'pem-main-test-user-data')));
    await import('../../electron/main.js');
    m.state.ready?.();
    await vi.waitFor(() => expect(m.electron.Menu.setApplicationMenu).toHaveBeenCalled());
    // Files are opened (command line, open-file), then the theme is changed from the menu.
    await m.state.ipcHandlers.get(Channel.takePendingFiles)?.(ours);
    m.state.appHandlers.get('open-file')?.({ preventDefault: vi.fn() }, path.join(dir, 'later.pem'));
    type Item = { label?: string; click?: () => void; submenu?: Item[] };
    const flat = (items: Item[]): Item[] => items.flatMap((i) => [i, ...(i.submenu ? flat(i.submenu) : [])]);
    const menu = m.electron.Menu.setApplicationMenu.mock.calls.at(-1)?.[0] as Item[];
    flat(menu).find((i) => i.label === 'Dark')?.click?.();
    await vi.waitFor(async () => expect(await readdir(userData)).toEqual(['settings.json']));
    expect(JSON.parse(await readFile(path.join(userData, 'settings.json'), 'utf8'))).toEqual({ theme: 'dark' });
    expect(m.electron.app.addRecentDocument).not.toHaveBeenCalled();
  });
});
