import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  denyNavigation,
  DEBUG_SWITCHES,
  hardenSession,
  isAllowedRequest,
  removeDebugSwitches,
  isAppUrl,
  isPermissionGranted,
  isTrustedSender,
  type SessionLike,
  type WebContentsLike,
} from '../../electron/security.js';

const directives = new Map(
  CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [name ?? '', values] as const;
  }),
);

describe('content security policy', () => {
  it.each([
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['connect-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ])('%s is %j', (name, values) => {
    expect(directives.get(name)).toEqual(values);
  });

  it('has exactly those directives and never allows eval or remote hosts', () => {
    expect(directives.size).toBe(11);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});

describe('app URLs and senders', () => {
  it.each([
    { url: APP_ENTRY_URL, want: true },
    { url: 'app://pem-inspector/assets/index-1234.js', want: true },
    { url: 'app://pem-inspector', want: true },
    { url: 'app://other/index.html', want: false },
    { url: 'app://pem-inspector.evil.test/index.html', want: false },
    { url: 'app://user:pw@pem-inspector/', want: false },
    { url: 'https://pem-inspector/index.html', want: false },
    { url: 'file:///index.html', want: false },
    { url: 'devtools://devtools/bundled/inspector.html', want: false },
    { url: 'about:blank', want: false },
    { url: 'not a url', want: false },
    { url: '', want: false },
  ])('isAppUrl($url) = $want', ({ url, want }) => {
    expect(isAppUrl(url)).toBe(want);
  });

  it.each([
    { name: 'our page', frame: { url: 'app://pem-inspector/index.html' }, want: true },
    { name: 'a remote page', frame: { url: 'https://example.com/' }, want: false },
    { name: 'a file page', frame: { url: 'file:///tmp/x.html' }, want: false },
    { name: 'a destroyed frame', frame: null, want: false },
    { name: 'no frame', frame: undefined, want: false },
  ])('sender from $name trusted: $want', ({ frame, want }) => {
    expect(isTrustedSender(frame)).toBe(want);
  });
});

describe('network', () => {
  it.each([
    { url: 'app://pem-inspector/index.html', want: true },
    { url: 'devtools://devtools/bundled/devtools_app.html', want: true },
    { url: 'data:image/png;base64,AAAA', want: true },
    { url: 'blob:app://pem-inspector/1234-5678', want: true },
    { url: 'app://elsewhere/x.js', want: false },
    { url: 'https://example.com/', want: false },
    { url: 'http://127.0.0.1:5178/', want: false },
    { url: 'ws://localhost/', want: false },
    { url: 'file:///etc/passwd', want: false },
    { url: 'ftp://example.com/', want: false },
    { url: 'chrome://gpu', want: false },
  ])('request to $url allowed: $want', ({ url, want }) => {
    expect(isAllowedRequest(url)).toBe(want);
  });

  it('a packaged app (no DevTools) refuses devtools:// too, and still serves its own page', () => {
    expect(isAllowedRequest('devtools://devtools/bundled/devtools_app.html', { devTools: false })).toBe(false);
    expect(isAllowedRequest('app://pem-inspector/index.html', { devTools: false })).toBe(true);
    expect(isAllowedRequest('blob:app://pem-inspector/1234', { devTools: false })).toBe(true);
  });
});

describe('debugging switches', () => {
  it('removes every remote debugging switch given, and nothing else', () => {
    const given = new Set(['remote-debugging-port', 'remote-debugging-pipe', 'lang', 'no-sandbox']);
    const removed: string[] = [];
    const commandLine = { hasSwitch: (s: string) => given.has(s), removeSwitch: (s: string) => (removed.push(s), given.delete(s)) };
    expect(removeDebugSwitches(commandLine)).toEqual(['remote-debugging-port', 'remote-debugging-pipe']);
    expect(removed).toEqual(['remote-debugging-port', 'remote-debugging-pipe']);
    expect([...given].sort()).toEqual(['lang', 'no-sandbox']);
    expect(DEBUG_SWITCHES).toContain('auto-open-devtools-for-tabs');
  });
});

describe('navigation and windows', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents: WebContentsLike = {
      on: (event, listener) => listeners.set(event, listener),
      setWindowOpenHandler: (h) => (openHandler = h),
    };
    return { contents, listeners, open: (url: string) => openHandler?.({ url }) };
  }

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('%s is prevented', (name) => {
    const f = fakeContents();
    denyNavigation(f.contents);
    const event = { preventDefault: vi.fn() };
    const listener = f.listeners.get(name);
    expect(listener).toBeDefined();
    listener?.(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it.each(['https://example.com/', 'app://pem-inspector/index.html', 'file:///etc/passwd'])('window.open(%s) is denied', (url) => {
    const f = fakeContents();
    denyNavigation(f.contents);
    expect(f.open(url)).toEqual({ action: 'deny' });
  });
});

describe('session hardening', () => {
  function fakeSession() {
    const s = {
      request: undefined as Parameters<SessionLike['setPermissionRequestHandler']>[0] | undefined,
      check: undefined as Parameters<SessionLike['setPermissionCheckHandler']>[0] | undefined,
      before: undefined as Parameters<SessionLike['webRequest']['onBeforeRequest']>[0] | undefined,
    };
    const session: SessionLike = {
      setPermissionRequestHandler: (h) => (s.request = h),
      setPermissionCheckHandler: (h) => (s.check = h),
      webRequest: { onBeforeRequest: (l) => (s.before = l) },
    };
    hardenSession(session);
    return s;
  }

  const ask = (permission: string, requestingUrl: string): boolean => {
    const s = fakeSession();
    let granted: boolean | undefined;
    s.request?.({}, permission, (g) => (granted = g), { requestingUrl });
    return granted ?? (() => { throw new Error('callback not called'); })();
  };

  it.each([
    { permission: 'media', url: APP_ENTRY_URL, want: false },
    { permission: 'geolocation', url: APP_ENTRY_URL, want: false },
    { permission: 'notifications', url: APP_ENTRY_URL, want: false },
    { permission: 'openExternal', url: APP_ENTRY_URL, want: false },
    { permission: 'fileSystem', url: APP_ENTRY_URL, want: false },
    { permission: 'clipboard-read', url: APP_ENTRY_URL, want: true },
    { permission: 'clipboard-sanitized-write', url: APP_ENTRY_URL, want: true },
    { permission: 'clipboard-read', url: 'https://example.com/', want: false },
  ])('permission $permission for $url: $want', ({ permission, url, want }) => {
    expect(ask(permission, url)).toBe(want);
    expect(isPermissionGranted(permission, url)).toBe(want);
  });

  it('permission checks follow the same rule', () => {
    const s = fakeSession();
    expect(s.check?.({}, 'clipboard-read', 'app://pem-inspector')).toBe(true);
    expect(s.check?.({}, 'media', 'app://pem-inspector')).toBe(false);
    expect(s.check?.({}, 'clipboard-read', 'https://example.com')).toBe(false);
  });

  it.each([
    { url: 'https://example.com/x.js', cancel: true },
    { url: 'http://localhost:1/', cancel: true },
    { url: 'app://pem-inspector/assets/worker.js', cancel: false },
    { url: 'devtools://devtools/bundled/devtools_app.html', cancel: false },
  ])('onBeforeRequest $url cancel=$cancel', ({ url, cancel }) => {
    const s = fakeSession();
    let answer: { cancel: boolean } | undefined;
    s.before?.({ url }, (r) => (answer = r));
    expect(answer).toEqual({ cancel });
  });
});

describe('session hardening in a packaged app', () => {
  it('cancels devtools:// requests', () => {
    let before: Parameters<SessionLike['webRequest']['onBeforeRequest']>[0] | undefined;
    hardenSession(
      { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, webRequest: { onBeforeRequest: (l) => (before = l) } },
      { devTools: false },
    );
    const answers: boolean[] = [];
    for (const url of ['devtools://devtools/bundled/devtools_app.html', 'app://pem-inspector/index.html']) before?.({ url }, (r) => answers.push(r.cancel));
    expect(answers).toEqual([true, false]);
  });
});
