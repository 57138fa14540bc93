import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, contentType, createAppProtocolHandler, resolveAppPath } from '../../electron/protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/security.js';

const root = path.resolve('/srv/renderer');

describe('app:// path confinement', () => {
  it.each([
    { url: 'app://pem-inspector/', want: 'index.html' },
    { url: 'app://pem-inspector/index.html', want: 'index.html' },
    { url: 'app://pem-inspector/assets/app-1.js?v=1#x', want: 'assets/app-1.js' },
    { url: 'app://pem-inspector/a%20b.css', want: 'a b.css' },
    // The URL parser itself drops leading dot segments (also percent-encoded ones).
    { url: 'app://pem-inspector/../../etc/passwd', want: 'etc/passwd' },
    { url: 'app://pem-inspector/%2e%2e/%2e%2e/etc/passwd', want: 'etc/passwd' },
    { url: 'app://pem-inspector/assets/%2e%2e%2f%2e%2e%2fsecret', want: undefined },
    { url: 'app://pem-inspector/..%5c..%5csecret', want: undefined },
    { url: 'app://pem-inspector/x%00.js', want: undefined },
    { url: 'app://pem-inspector/%E0%A4%A', want: undefined },
    { url: 'app://other-host/index.html', want: undefined },
    { url: 'https://pem-inspector/index.html', want: undefined },
    { url: 'file:///etc/passwd', want: undefined },
  ])('$url → $want', ({ url, want }) => {
    const got = resolveAppPath(root, url);
    expect(got).toBe(want === undefined ? undefined : path.join(root, want));
  });

  it('never resolves outside the root whatever the URL', () => {
    for (const url of ['app://pem-inspector/../x', 'app://pem-inspector/a/../../x', 'app://pem-inspector//etc/passwd', 'app://pem-inspector/%2F%2Fetc/passwd']) {
      const got = resolveAppPath(root, url);
      if (got !== undefined) expect(got.startsWith(root + path.sep)).toBe(true);
    }
  });
});

describe('content types', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['worker.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['m.wasm', 'application/wasm'],
    ['f.woff2', 'font/woff2'],
    ['x.unknown', 'application/octet-stream'],
  ])('%s → %s', (file, want) => expect(contentType(file)).toBe(want));
});

describe('protocol handler', () => {
  async function site(): Promise<{ dir: string; handle: (url: string, method?: string) => Promise<Response> }> {
    const base = await mkdtemp(path.join(tmpdir(), 'pem-proto-'));
    const dir = path.join(base, 'renderer');
    await mkdir(path.join(dir, 'assets'), { recursive: true });
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(path.join(dir, 'assets', 'worker.js'), 'self.onmessage = () => {};');
    await writeFile(path.join(base, 'secret.key'), 'SECRET');
    await symlink(path.join(base, 'secret.key'), path.join(dir, 'link.key'));
    const handler = createAppProtocolHandler(dir);
    return { dir, handle: (url, method = 'GET') => handler(new Request(url, { method })) };
  }

  it('serves files with their type and the CSP on every response', async () => {
    const { handle } = await site();
    const page = await handle('app://pem-inspector/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>t</title>');
    const worker = await handle('app://pem-inspector/assets/worker.js');
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const missing = await handle('app://pem-inspector/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    'app://pem-inspector/%2e%2e/secret.key',
    'app://pem-inspector/link.key',
    'app://pem-inspector/assets',
    'app://elsewhere/index.html',
  ])('refuses %s', async (url) => {
    const { handle } = await site();
    const r = await handle(url);
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain('SECRET');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const { handle } = await site();
    expect((await handle('app://pem-inspector/index.html', 'POST')).status).toBe(405);
    expect((await handle('app://pem-inspector/index.html', 'HEAD')).status).toBe(200);
  });

  it('registers a standard, secure scheme with fetch support (needed for module Workers)', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, allowServiceWorkers: false });
  });
});
