/**
 * The sandboxed preload: exposes `window.pemInspector` (core/desktop-api.ts), one function per
 * IPC message, and never ipcRenderer itself. Bundled to CommonJS requiring only `electron`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopApi, MenuCommand, OpenedFile, SaveRequest } from '../core/desktop-api.js';
import { Channel } from './channels.js';

type FilesListener = (files: OpenedFile[]) => void;

const fileListeners = new Set<FilesListener>();
// Files pushed while no listener is subscribed (e.g. between a component's unmount and remount).
let undelivered: OpenedFile[] = [];
let announced = false;

function deliver(files: OpenedFile[]): void {
  if (files.length === 0) return;
  if (fileListeners.size === 0) {
    undelivered.push(...files);
    return;
  }
  for (const listener of [...fileListeners]) listener(files);
}

ipcRenderer.on(Channel.filesOpened, (_event, files: OpenedFile[]) => deliver(files));

// Only the fields main expects cross the bridge, whatever object the page passes.
const saveRequest = (file: SaveRequest): SaveRequest => ({ name: file.name, bytes: file.bytes, sensitive: file.sensitive === true });

const api: DesktopApi = {
  openFiles: () => ipcRenderer.invoke(Channel.openFiles),
  saveFile: (file) => ipcRenderer.invoke(Channel.saveFile, saveRequest(file)),
  saveFilesToFolder: (files) => ipcRenderer.invoke(Channel.saveFilesToFolder, Array.isArray(files) ? files.map(saveRequest) : files),
  onOpenFiles(listener) {
    fileListeners.add(listener);
    if (undelivered.length > 0) {
      const files = undelivered;
      undelivered = [];
      queueMicrotask(() => deliver(files));
    }
    if (!announced) {
      // Main holds command-line and OS-opened files until the page can take them.
      announced = true;
      void ipcRenderer.invoke(Channel.takePendingFiles).then((files: OpenedFile[]) => deliver(files));
    }
    return () => {
      fileListeners.delete(listener);
    };
  },
  onMenuCommand(listener) {
    const forward = (_event: unknown, command: MenuCommand): void => listener(command);
    ipcRenderer.on(Channel.menuCommand, forward);
    return () => {
      ipcRenderer.removeListener(Channel.menuCommand, forward);
    };
  },
  getSystemRoots: () => ipcRenderer.invoke(Channel.systemRoots),
  platform: process.platform,
};

contextBridge.exposeInMainWorld('pemInspector', api);
