/**
 * The one window's options, as a pure function so the security settings can be asserted
 * without starting Electron.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowSettings {
  preloadPath: string;
  platform: NodeJS.Platform;
  /** Paint the background in the theme's colour so a dark desktop gets no white flash. */
  darkBackground: boolean;
  /** `app.isPackaged`: a packaged app has no DevTools at all. */
  isPackaged: boolean;
  iconPath?: string;
}

export function windowOptions(settings: WindowSettings): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'PEM Inspector',
    backgroundColor: settings.darkBackground ? '#1e1e1e' : '#ffffff',
    // Shown on 'ready-to-show' so the user never sees an empty frame.
    show: false,
    ...(settings.iconPath !== undefined && settings.platform === 'linux' ? { icon: settings.iconPath } : {}),
    webPreferences: {
      preload: settings.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Packaged, DevTools cannot open (menu, shortcut or API): they would show and change
      // unlocked keys and run code in the page.
      devTools: !settings.isPackaged,
    },
  };
}
