/** IPC channel names shared by main and preload: one per bridge function or event. */
export const Channel = {
  openFiles: 'pem:open-files',
  saveFile: 'pem:save-file',
  saveFilesToFolder: 'pem:save-files-to-folder',
  systemRoots: 'pem:system-roots',
  /** Renderer → main: "a listener exists now"; answers with the files that arrived before it. */
  takePendingFiles: 'pem:take-pending-files',
  /** Main → renderer pushes. */
  filesOpened: 'pem:files-opened',
  menuCommand: 'pem:menu-command',
} as const;

/** Limits on what crosses IPC: enough for any real PKI folder, small enough to keep main alive. */
export const MAX_FILES = 1000;
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Opening is refused past this total so a folder of large files cannot exhaust memory. */
export const MAX_TOTAL_BYTES = 512 * 1024 * 1024;
