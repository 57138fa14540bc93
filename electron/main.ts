/**
 * Electron entry (bundled to dist/electron/main.cjs). Wires the pure modules to Electron:
 * policy in security.ts, window options in window.ts, IPC in ipc.ts, files in files.ts.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session } from 'electron';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MenuCommand, OpenedFile } from '../core/desktop-api.js';
import { Channel, MAX_FILES } from './channels.js';
import { fileArgs, OPEN_EXTENSIONS, readPaths } from './files.js';
import { registerIpc, type IpcEffects } from './ipc.js';
import { menuTemplate, type ThemeSource } from './menu.js';
import { APP_ENTRY_URL, APP_SCHEME, denyNavigation, hardenSession, removeDebugSwitches } from './security.js';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol.js';
import { systemRoots } from './trust.js';
import { windowOptions } from './window.js';
import { nameTaken, writeFileSafely } from './write.js';

// Tests may point an unpackaged app at another build; a packaged app only loads its own.
const rendererRoot = (!app.isPackaged && process.env.PEM_INSPECTOR_RENDERER_DIR) || path.join(__dirname, '..', 'renderer');
const settingsFile = (): string => path.join(app.getPath('userData'), 'settings.json');

let win: BrowserWindow | undefined;
let rendererListening = false;
let pending: OpenedFile[] = [];
let theme: ThemeSource = 'system';

function deliverFiles(files: OpenedFile[]): void {
  if (files.length === 0) return;
  if (win !== undefined && !win.isDestroyed() && rendererListening) {
    win.webContents.send(Channel.filesOpened, files);
    if (win.isMinimized()) win.restore();
    win.focus();
  } else {
    pending = [...pending, ...files].slice(0, MAX_FILES);
  }
}

function openPaths(paths: string[]): void {
  if (paths.length > 0) void readPaths(paths).then(deliverFiles);
}

function sendCommand(command: MenuCommand): void {
  if (win !== undefined && !win.isDestroyed()) win.webContents.send(Channel.menuCommand, command);
}

async function loadTheme(): Promise<void> {
  try {
    const saved: unknown = JSON.parse(await readFile(settingsFile(), 'utf8'));
    const value = (saved as { theme?: unknown }).theme;
    if (value === 'light' || value === 'dark' || value === 'system') theme = value;
  } catch {
    // No settings yet (or unreadable): follow the system.
  }
  nativeTheme.themeSource = theme;
}

function setTheme(source: ThemeSource): void {
  theme = source;
  nativeTheme.themeSource = source;
  void mkdir(path.dirname(settingsFile()), { recursive: true })
    .then(() => writeFile(settingsFile(), JSON.stringify({ theme: source })))
    .catch(() => undefined);
}

function effects(): IpcEffects {
  const parent = (): BrowserWindow => {
    if (win === undefined || win.isDestroyed()) throw new Error('no window');
    return win;
  };
  return {
    async chooseFiles() {
      const r = await dialog.showOpenDialog(parent(), {
        title: 'Open Certificates and Keys',
        properties: ['openFile', 'multiSelections', ...(process.platform === 'darwin' ? (['openDirectory'] as const) : [])],
        filters: [{ name: 'Certificates and keys', extensions: [...OPEN_EXTENSIONS] }, { name: 'All files', extensions: ['*'] }],
      });
      return r.canceled ? [] : r.filePaths;
    },
    async chooseSavePath(name) {
      const r = await dialog.showSaveDialog(parent(), {
        defaultPath: path.join(app.getPath('documents'), name),
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      return r.canceled || !r.filePath ? undefined : r.filePath;
    },
    async chooseFolder() {
      const r = await dialog.showOpenDialog(parent(), {
        title: 'Choose a Folder to Save Into',
        buttonLabel: 'Save Here',
        properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
      });
      return r.canceled ? undefined : r.filePaths[0];
    },
    async askOnConflict(folder, taken) {
      const { response } = await dialog.showMessageBox(parent(), {
        type: 'question',
        buttons: ['Keep Both', 'Replace', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        message: `${taken.length === 1 ? 'A file' : `${taken.length} files`} with the same name already exist${taken.length === 1 ? 's' : ''} in “${path.basename(folder)}”.`,
        detail: `${taken.slice(0, 20).join('\n')}\n\nKeep Both saves the new files with a number added to their names.`,
      });
      return response === 0 ? 'keep-both' : response === 1 ? 'replace' : 'cancel';
    },
    readPaths,
    writeFile: writeFileSafely,
    exists: nameTaken,
    systemRoots,
    takePendingFiles() {
      rendererListening = true;
      const files = pending;
      pending = [];
      return files;
    },
  };
}

function createWindow(): void {
  const icon = path.join(__dirname, '..', '..', 'build', 'icon.png');
  win = new BrowserWindow(
    windowOptions({
      preloadPath: path.join(__dirname, 'preload.cjs'),
      platform: process.platform,
      darkBackground: nativeTheme.shouldUseDarkColors,
      isPackaged: app.isPackaged,
      ...(existsSync(icon) ? { iconPath: icon } : {}),
    }),
  );
  const current = win;
  current.once('ready-to-show', () => current.show());
  // A reload starts a new page that has not subscribed yet; files wait for it.
  current.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) rendererListening = false;
  });
  current.webContents.on('render-process-gone', () => (rendererListening = false));
  current.on('closed', () => {
    if (win === current) win = undefined;
    rendererListening = false;
  });
  void current.loadURL(APP_ENTRY_URL);
}

// A packaged app takes no debugger from its command line (Node's --inspect is off by fuse).
if (app.isPackaged) {
  const removed = removeDebugSwitches(app.commandLine);
  if (removed.length > 0) console.error(`PEM Inspector: ignoring ${removed.map((s) => `--${s}`).join(', ')} (no debugging in the packaged app).`);
}

const initialFiles = fileArgs(process.argv, { defaultApp: process.defaultApp === true, cwd: process.cwd() });

if (!app.requestSingleInstanceLock({ files: initialFiles })) {
  app.quit();
} else {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  app.on('second-instance', (_event, argv, workingDirectory, data) => {
    const forwarded = (data as { files?: unknown } | null)?.files;
    const files = Array.isArray(forwarded) && forwarded.every((f) => typeof f === 'string')
      ? (forwarded as string[])
      : fileArgs(argv, { defaultApp: process.defaultApp === true, cwd: workingDirectory });
    if (win === undefined) createWindow();
    else if (files.length === 0) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    openPaths(files);
  });
  // macOS delivers Finder/Dock opens as events, possibly before 'ready'; they queue in `pending`.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openPaths([file]);
  });
  app.on('web-contents-created', (_event, contents) => denyNavigation(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (win === undefined && app.isReady()) createWindow();
  });

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, { devTools: !app.isPackaged });
    protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot));
    await loadTheme();
    registerIpc(ipcMain, effects());
    const buildMenu = (): void =>
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(menuTemplate({ platform: process.platform, isPackaged: app.isPackaged, theme, send: sendCommand, setTheme })),
      );
    buildMenu();
    createWindow();
    openPaths(initialFiles);
  });
}
