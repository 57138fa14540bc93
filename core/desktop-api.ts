/**
 * The desktop bridge the Electron preload exposes as `window.pemInspector` (types only).
 * One function per IPC message. The renderer also runs as a plain web page, where this
 * object is absent and browser file APIs stand in.
 */

export interface OpenedFile {
  name: string;
  /** Absolute path, when the file came from disk (desktop only). */
  path?: string;
  bytes: Uint8Array;
  /** Set (with empty `bytes`) when main did not read the file: show it as a file error. */
  error?: OpenedFileError;
}

/** Why the main process did not read a file; `too_large`/`limit_exceeded` match core's ErrorCode. */
export interface OpenedFileError {
  code: 'too_large' | 'limit_exceeded' | 'unreadable';
  message: string;
}

export interface SaveRequest {
  /** A bare name main accepts (core/save-name.ts: the names and extensions the app writes). */
  name: string;
  bytes: Uint8Array;
  /**
   * Private material: written readable by the owner only (mode 0600 where the OS has modes).
   * It can only add privacy: main also judges the name and the bytes, and writes anything that
   * looks private 0600 whatever this says.
   */
  sensitive?: boolean;
}

export type MenuCommand =
  | 'open'
  | 'paste'
  | 'generate'
  | 'export'
  | 'clear'
  | 'close-file'
  | 'theme-system'
  | 'theme-light'
  | 'theme-dark';

export interface DesktopApi {
  /** Shows the native Open dialog (multi-select) and returns the chosen files' bytes. */
  openFiles(): Promise<OpenedFile[]>;
  /** Shows a Save dialog with a suggested name; returns where it was saved, or undefined if cancelled. */
  saveFile(file: SaveRequest): Promise<string | undefined>;
  /** Asks for a folder and writes the files into it (never overwriting silently); returns the paths written. */
  saveFilesToFolder(files: SaveRequest[]): Promise<string[]>;
  /** Files given on the command line or by the OS (file associations, second instance). */
  onOpenFiles(listener: (files: OpenedFile[]) => void): () => void;
  /** Menu commands (Open…, Paste, Generate…, Export…, Clear, theme). */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** The system trust roots (PEM), read by the main process. */
  getSystemRoots(): Promise<string[]>;
  readonly platform: string;
}
