/**
 * The application menu as data. Commands go to the renderer (which owns the state); the menu
 * only knows accelerators and the native theme.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../core/desktop-api.js';

export type ThemeSource = 'system' | 'light' | 'dark';

export interface MenuContext {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  theme: ThemeSource;
  send(command: MenuCommand): void;
  /** Sets `nativeTheme.themeSource` (and remembers the choice). */
  setTheme(theme: ThemeSource): void;
}

export function menuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const command = (label: string, cmd: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator !== undefined ? { accelerator } : {}),
    click: () => ctx.send(cmd),
  });
  const theme = (label: string, source: ThemeSource): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: ctx.theme === source,
    click: () => {
      ctx.setTheme(source);
      ctx.send(`theme-${source}`);
    },
  });

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'PEM Inspector',
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push(
    {
      label: '&File',
      submenu: [
        command('Open…', 'open', 'CmdOrCtrl+O'),
        command('Paste PEM Text', 'paste', 'CmdOrCtrl+Shift+V'),
        { type: 'separator' },
        command('Generate…', 'generate', 'CmdOrCtrl+G'),
        command('Export…', 'export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        command('Close File', 'close-file', 'CmdOrCtrl+W'),
        command('Clear All', 'clear', 'CmdOrCtrl+Shift+Backspace'),
        { type: 'separator' },
        { role: 'close', label: 'Close Window', accelerator: 'CmdOrCtrl+Shift+W' },
        ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', accelerator: 'Ctrl+Q' } as const]),
      ],
    },
    {
      label: '&Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { label: 'Theme', submenu: [theme('Follow System', 'system'), theme('Light', 'light'), theme('Dark', 'dark')] },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(ctx.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
      ],
    },
  );
  if (mac) template.push({ role: 'windowMenu' });
  return template;
}
