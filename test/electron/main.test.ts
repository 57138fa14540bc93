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
      commandLine: { hasSwitch: fn((_s: string) => false), removeSwitch: fn() },
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
    dialog: {
      showOpenDialog: fn(async (_win: unknown, _options: unknown) => ({ canceled: true, filePaths: [] as string[] })),
    },
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
  m.electron.app.isPackaged = false;
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

  it('packaged: no DevTools in the window, the menu or the session, and no debugger from the command line', async () => {
    m.electron.app.isPackaged = true;
    m.electron.app.commandLine.hasSwitch.mockImplementation((name: string) => name === 'remote-debugging-port' || name === 'remote-debugging-pipe');
    onTestFinished(() => void m.electron.app.commandLine.hasSwitch.mockImplementation(() => false));
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    onTestFinished(() => stderr.mockRestore());
    await import('../../electron/main.js');
    // Removed before 'ready', when Chromium starts its DevTools server from the command line.
    expect(m.electron.app.commandLine.removeSwitch.mock.calls.map((c: unknown[]) => c[0])).toEqual(['remote-debugging-port', 'remote-debugging-pipe']);
    expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/ignoring --remote-debugging-port, --remote-debugging-pipe/));
    m.state.ready?.();
    await vi.waitFor(() => expect(m.state.windows).toHaveLength(1));
    expect(m.state.windows[0].options.webPreferences.devTools).toBe(false);
    type Item = { role?: string; submenu?: Item[] };
    const flat = (items: Item[]): Item[] => items.flatMap((i) => [i, ...(i.submenu ? flat(i.submenu) : [])]);
    expect(flat(m.electron.Menu.setApplicationMenu.mock.calls.at(-1)?.[0] as Item[]).map((i) => i.role)).not.toContain('toggleDevTools');
    const before = m.electron.session.defaultSession.webRequest.onBeforeRequest.mock.calls[0]?.[0] as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
    let answer: { cancel: boolean } | undefined;
    before({ url: 'devtools://devtools/bundled/devtools_app.html' }, (r) => (answer = r));
    expect(answer).toEqual({ cancel: true });
  });

  it('development: DevTools available, command line untouched', async () => {
    await import('../../electron/main.js');
    expect(m.electron.app.commandLine.removeSwitch).not.toHaveBeenCalled();
    m.state.ready?.();
    await vi.waitFor(() => expect(m.state.windows).toHaveLength(1));
    expect(m.state.windows[0].options.webPreferences.devTools).toBe(true);
  });

  it('the Open dialog filters for every kind the app reads, and an OS-opened keystore arrives whole', async () => {
    const jks = path.resolve(__dirname, '..', 'fixtures', 'desktop', 'out', 'keystore.jks');
    await import('../../electron/main.js');
    m.state.ready?.();
    await vi.waitFor(() => expect(m.state.ipcHandlers.has(Channel.openFiles)).toBe(true));
    m.electron.dialog.showOpenDialog.mockImplementationOnce(async () => ({ canceled: false, filePaths: [jks] }));
    const opened = (await m.state.ipcHandlers.get(Channel.openFiles)?.(ours)) as { name: string; bytes: Uint8Array }[];
    const options = m.electron.dialog.showOpenDialog.mock.calls[0]?.[1] as { filters: { name: string; extensions: string[] }[] };
    expect(options.filters[0]?.extensions).toEqual(expect.arrayContaining(['jks', 'jceks', 'keystore', 'truststore', 'ppk', 'jwk', 'jwks', 'kubeconfig']));
    expect(options.filters.at(-1)).toEqual({ name: 'All files', extensions: ['*'] });
    expect(opened.map((f) => f.name)).toEqual(['keystore.jks']);
    expect(Buffer.from(opened[0]!.bytes).equals(await readFile(jks))).toBe(true);

    // macOS Finder: a double-clicked .ppk arrives through open-file.
    const win = m.state.windows[0];
    await m.state.ipcHandlers.get(Channel.takePendingFiles)?.(ours);
    m.state.appHandlers.get('open-file')?.({ preventDefault: vi.fn() }, path.resolve(__dirname, '..', 'fixtures', 'desktop', 'out', 'ec-v3.ppk'));
    await vi.waitFor(() => expect(win.webContents.send).toHaveBeenCalledWith(Channel.filesOpened, [expect.objectContaining({ name: 'ec-v3.ppk' })]));
  });
});
