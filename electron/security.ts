/**
 * The main process's security policy (Electron's checklist): one origin, a strict CSP, no
 * navigation, no new windows, no permissions, no network, and IPC only from our own page.
 * Pure functions over structural types, so tests need no Electron binary.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'pem-inspector';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Kept byte-for-byte equal to the copy in scripts/serve.mjs (a test checks), so the browser
 * build is held to the same rules as the desktop window.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "worker-src 'self' blob:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** True for URLs served by our own protocol handler, and nothing else. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

export interface SenderFrameLike {
  readonly url: string;
}

/** IPC is accepted only from a live frame that shows our app (not an iframe of anything else). */
export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  return frame != null && typeof frame.url === 'string' && isAppUrl(frame.url);
}

/** Whether DevTools exist at all: only in development, never in a packaged app. */
export interface DevToolsPolicy {
  devTools: boolean;
}

/**
 * Requests the session lets through: our own scheme, DevTools' internals (in development),
 * and in-memory `data:`/`blob:` URLs (workers and images made by the page itself). Everything
 * else would be network or disk access the page has no business doing.
 */
export function isAllowedRequest(url: string, { devTools }: DevToolsPolicy = { devTools: true }): boolean {
  const scheme = url.slice(0, Math.max(0, url.indexOf(':'))).toLowerCase();
  if (scheme === APP_SCHEME) return isAppUrl(url);
  return (devTools && scheme === 'devtools') || scheme === 'data' || scheme === 'blob';
}

/**
 * Chromium switches that hand the app to a debugger from outside: the DevTools protocol over
 * a port or a pipe (a packaged app's window would be scriptable by anything that can launch
 * it), and DevTools opened at start. Node's --inspect is a fuse (electron-builder.yml).
 */
export const DEBUG_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe', 'remote-debugging-address', 'remote-allow-origins', 'auto-open-devtools-for-tabs'] as const;

export interface CommandLineLike {
  hasSwitch(name: string): boolean;
  removeSwitch(name: string): void;
}

/** Removes the debugging switches (before 'ready', when Chromium reads them); returns those that were given. */
export function removeDebugSwitches(commandLine: CommandLineLike): string[] {
  const given = DEBUG_SWITCHES.filter((name) => commandLine.hasSwitch(name));
  for (const name of given) commandLine.removeSwitch(name);
  return given;
}

/**
 * The page reads the clipboard itself when the menu sends "paste", and copies PEM/fingerprints;
 * those two permissions are granted to our own origin and every other request is refused.
 */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-read', 'clipboard-sanitized-write']);

export function isPermissionGranted(permission: string, requestingUrl: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

interface PreventableEvent {
  preventDefault(): void;
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: PreventableEvent, ...rest: unknown[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Our page is a single document: any navigation (a dropped file, a link, a redirect) would
 * replace it with something that is not ours, so every one is refused, as are new windows and
 * <webview>s.
 */
export function denyNavigation(contents: WebContentsLike): void {
  const prevent = (event: PreventableEvent): void => event.preventDefault();
  contents.on('will-navigate', prevent);
  contents.on('will-redirect', prevent);
  contents.on('will-attach-webview', prevent);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean): void;
  webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
  };
}

export function hardenSession(session: SessionLike, policy: DevToolsPolicy = { devTools: true }): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl ?? ''));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, policy) });
  });
}
