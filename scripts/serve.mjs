#!/usr/bin/env node
// A tiny static server for the web build: `node scripts/serve.mjs [ROOT]` (default dist/renderer),
// port from PORT or 5178 (a free port if that one is taken), bound to 127.0.0.1 only. Sends the
// desktop app's CSP on every response, lists no directories and refuses paths outside ROOT.
// Also imported by tests: `startServer({ root, port, host }) → { url, port, close }`.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Must equal CONTENT_SECURITY_POLICY in electron/security.ts (test/electron/serve.test.ts checks).
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

export const DEFAULT_PORT = 5178;

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.pem': 'text/plain; charset=utf-8',
  '.crt': 'application/x-x509-ca-cert',
  '.der': 'application/x-x509-ca-cert',
  '.key': 'application/octet-stream',
};

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const isInside = (base, file) => {
  const rel = path.relative(base, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

/** The file under `root` that a request path names, or undefined when it is not one. */
export function resolveRequestPath(root, urlPath) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(urlPath, 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const base = path.resolve(root);
  const file = path.resolve(base, pathname.replace(/^\/+/, '') || 'index.html');
  return isInside(base, file) ? file : undefined;
}

const HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

async function locate(root, urlPath) {
  let file = resolveRequestPath(root, urlPath);
  if (file === undefined) return undefined;
  const realRoot = await realpath(root);
  let info = await stat(file).catch(() => undefined);
  // A folder is served by its index.html, never by a listing.
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return undefined;
  const real = await realpath(file).catch(() => undefined);
  return real !== undefined && isInside(realRoot, real) ? { file: real, size: info.size } : undefined;
}

function handler(root) {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    locate(root, req.url ?? '/').then(
      (found) => {
        if (found === undefined) {
          res.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
          return;
        }
        res.writeHead(200, { ...HEADERS, 'Content-Type': contentType(found.file), 'Content-Length': found.size });
        if (req.method === 'HEAD') res.end();
        else createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
      },
      () => res.writeHead(500, HEADERS).end(),
    );
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (e) => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Starts serving `root`; if `port` is taken, takes any free port instead. */
export async function startServer({ root, port = DEFAULT_PORT, host = '127.0.0.1' } = {}) {
  if (!root) throw new Error('startServer needs a root folder');
  const server = http.createServer(handler(path.resolve(root)));
  let actual;
  try {
    actual = await listen(server, port, host);
  } catch (e) {
    if (e?.code !== 'EADDRINUSE' || port === 0) throw e;
    actual = await listen(server, 0, host);
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actual}/`,
    port: actual,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function portFromEnv(env = process.env) {
  const n = Number(env.PORT);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : DEFAULT_PORT;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const projectRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const root = path.resolve(process.argv[2] ?? path.join(projectRoot, 'dist', 'renderer'));
  const { url } = await startServer({ root, port: portFromEnv() });
  console.log(`Serving ${path.relative(process.cwd(), root) || '.'} at ${url} (Ctrl+C stops)`);
}
