import { describe, expect, it } from 'vitest';
import { windowOptions } from '../../electron/window.js';

describe('window options', () => {
  const options = windowOptions({ preloadPath: '/app/dist/electron/preload.cjs', platform: 'linux', darkBackground: false, isPackaged: true });
  const prefs = options.webPreferences ?? {};

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
    ['devTools', false],
  ] as const)('webPreferences.%s is %s', (key, want) => {
    expect(prefs[key]).toBe(want);
  });

  it('uses the given preload and stays hidden until ready to show', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    expect(options.show).toBe(false);
    expect(options.title).toBe('PEM Inspector');
  });

  it('paints the background in the theme colour', () => {
    const dark = windowOptions({ preloadPath: 'p', platform: 'linux', darkBackground: true, isPackaged: true });
    expect(dark.backgroundColor).not.toBe(options.backgroundColor);
  });

  it('sets a window icon only on Linux (other systems take it from the bundle)', () => {
    expect(windowOptions({ preloadPath: 'p', platform: 'linux', darkBackground: false, isPackaged: true, iconPath: '/i.png' }).icon).toBe('/i.png');
    expect(windowOptions({ preloadPath: 'p', platform: 'darwin', darkBackground: false, isPackaged: true, iconPath: '/i.png' }).icon).toBeUndefined();
  });

  it('has DevTools only when not packaged', () => {
    expect(windowOptions({ preloadPath: 'p', platform: 'linux', darkBackground: false, isPackaged: false }).webPreferences?.devTools).toBe(true);
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(windowOptions({ preloadPath: 'p', platform, darkBackground: false, isPackaged: true }).webPreferences?.devTools).toBe(false);
    }
  });
});
