import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { MenuCommand } from '../../core/desktop-api.js';
import { menuTemplate, type MenuContext } from '../../electron/menu.js';

function build(over: Partial<MenuContext> = {}) {
  const send = vi.fn<(c: MenuCommand) => void>();
  const setTheme = vi.fn();
  const template = menuTemplate({ platform: 'linux', isPackaged: true, theme: 'system', send, setTheme, ...over });
  return { template, send, setTheme };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

const byLabel = (items: MenuItemConstructorOptions[], label: string) => flatten(items).find((i) => i.label === label);
const click = (item: MenuItemConstructorOptions | undefined): void => (item?.click as (() => void) | undefined)?.();

describe('menu', () => {
  it.each([
    { label: 'Open…', accelerator: 'CmdOrCtrl+O', command: 'open' },
    { label: 'Paste PEM Text', accelerator: 'CmdOrCtrl+Shift+V', command: 'paste' },
    { label: 'Generate…', accelerator: 'CmdOrCtrl+G', command: 'generate' },
    { label: 'Export…', accelerator: 'CmdOrCtrl+E', command: 'export' },
    { label: 'Close File', accelerator: 'CmdOrCtrl+W', command: 'close-file' },
    { label: 'Clear All', accelerator: 'CmdOrCtrl+Shift+Backspace', command: 'clear' },
  ])('$label ($accelerator) sends "$command"', ({ label, accelerator, command }) => {
    const { template, send } = build();
    const item = byLabel(template, label);
    expect(item?.accelerator).toBe(accelerator);
    click(item);
    expect(send).toHaveBeenCalledExactlyOnceWith(command);
  });

  it('accelerators are unique', () => {
    const accelerators = flatten(build().template).flatMap((i) => (i.accelerator ? [i.accelerator] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('has the standard Edit roles and zoom roles', () => {
    const roles = flatten(build().template).map((i) => i.role);
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'close'] as const) expect(roles).toContain(role);
  });

  it.each([
    { label: 'Follow System', source: 'system' },
    { label: 'Light', source: 'light' },
    { label: 'Dark', source: 'dark' },
  ] as const)('theme $label sets the native theme and tells the page', ({ label, source }) => {
    const { template, send, setTheme } = build();
    const item = byLabel(template, label);
    expect(item?.type).toBe('radio');
    click(item);
    expect(setTheme).toHaveBeenCalledExactlyOnceWith(source);
    expect(send).toHaveBeenCalledExactlyOnceWith(`theme-${source}`);
  });

  it('checks the current theme only', () => {
    const { template } = build({ theme: 'dark' });
    expect(byLabel(template, 'Dark')?.checked).toBe(true);
    expect(byLabel(template, 'Light')?.checked).toBe(false);
    expect(byLabel(template, 'Follow System')?.checked).toBe(false);
  });

  it('offers DevTools only when not packaged', () => {
    const roles = (isPackaged: boolean) => flatten(build({ isPackaged }).template).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it.each(['linux', 'darwin', 'win32'] as const)('packaged on %s: no menu item or shortcut opens DevTools or reloads the page', (platform) => {
    const items = flatten(build({ isPackaged: true, platform }).template);
    for (const role of ['toggleDevTools', 'reload', 'forceReload', 'viewMenu', 'appMenu'] as const) expect(items.map((i) => i.role)).not.toContain(role);
    // Chromium's and Electron's default DevTools shortcuts exist only through a menu item.
    const accelerators = items.flatMap((i) => (typeof i.accelerator === 'string' ? [i.accelerator.replace(/\s/g, '').toLowerCase()] : []));
    for (const shortcut of ['f12', 'cmdorctrl+shift+i', 'ctrl+shift+i', 'alt+cmdorctrl+i', 'alt+command+i', 'cmd+alt+i', 'ctrl+shift+j', 'cmdorctrl+r', 'f5']) {
      expect(accelerators).not.toContain(shortcut);
    }
  });

  it('puts Quit in the app menu on macOS and in File elsewhere', () => {
    const mac = build({ platform: 'darwin' }).template;
    expect(mac[0]?.label).toBe('PEM Inspector');
    expect(flatten(mac).filter((i) => i.role === 'quit')).toHaveLength(1);
    const linux = build().template;
    expect(linux[0]?.label).toBe('&File');
    expect(flatten(linux).filter((i) => i.role === 'quit')).toHaveLength(1);
  });
});
