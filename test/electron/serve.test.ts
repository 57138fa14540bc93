import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as SERVE_CSP, portFromEnv, startServer, type StaticServer } from '../../scripts/serve.mjs';
import { CONTENT_SECURITY_POLICY } from '../../electron/security.js';

/** A raw request, so paths reach the server exactly as written (fetch would normalise them). */
function get(server: StaticServer, rawPath: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: StaticServer;
beforeAll(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'pem-serve-'));
  const root = path.join(base, 'site');
  await mkdir(path.join(root, 'assets', 'sub'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>root</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'export {};');
  await writeFile(path.join(root, 'assets', 'worker.mjs'), 'export {};');
  await writeFile(path.join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(path.join(root, 'assets', 'm.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(path.join(root, 'assets', 'f.woff2'), 'wOF2');
  await writeFile(path.join(root, 'assets', 'sub', 'a.txt'), 'a');
  await writeFile(path.join(base, 'secret.key'), 'SECRET');
  await symlink(path.join(base, 'secret.key'), path.join(root, 'escape.key'));
  server = await startServer({ root, port: 0 });
});
afterAll(() => server?.close());

describe('static server', () => {
  it('uses the same CSP as the desktop window', () => {
    expect(SERVE_CSP).toBe(CONTENT_SECURITY_POLICY);
  });

  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/assets/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/worker.mjs', 'text/javascript; charset=utf-8'],
    ['/assets/app.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/m.wasm', 'application/wasm'],
    ['/assets/f.woff2', 'font/woff2'],
    ['/assets/app.js?v=3', 'text/javascript; charset=utf-8'],
  ])('serves %s as %s with the CSP', async (p, type) => {
    const r = await get(server, p);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['a missing file', '/nope.js'],
    ['a folder (no listing)', '/assets/'],
    ['a folder without slash', '/assets'],
    ['dot-dot traversal', '/../secret.key'],
    ['encoded traversal', '/%2e%2e/secret.key'],
    ['encoded slash traversal', '/assets/..%2f..%2f..%2fsecret.key'],
    ['backslash traversal', '/..%5csecret.key'],
    ['NUL', '/index.html%00.js'],
    ['bad escape', '/%E0%A4%A'],
    ['a symlink leading outside', '/escape.key'],
  ])('refuses %s', async (_name, p) => {
    const r = await get(server, p);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('SECRET');
    expect(r.body).not.toContain('app.js');
  });

  it('answers HEAD without a body and refuses POST', async () => {
    const head = await get(server, '/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await get(server, '/index.html', 'POST')).status).toBe(405);
  });

  it('falls back to a free port when the wanted one is taken', async () => {
    const second = await startServer({ root: tmpdir(), port: server.port });
    try {
      expect(second.port).not.toBe(server.port);
      expect(second.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      await second.close();
    }
  });

  it.each([
    [{ PORT: '8080' }, 8080],
    [{}, 5178],
    [{ PORT: 'abc' }, 5178],
    [{ PORT: '70000' }, 5178],
  ])('port from env %j → %d', (env, want) => {
    expect(portFromEnv(env)).toBe(want);
  });
});
