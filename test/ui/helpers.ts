/**
 * Shared setup for the UI tests: build the web renderer when its sources are newer, serve it
 * with the project's static server (same CSP as the desktop app) and drive Debian's Chromium.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Download, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import './browser-setup.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/files');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Whether the UI tests can run here; without Chromium they fail in CI and skip loudly elsewhere. */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `${suite}: ${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (process.env.CI) throw new Error(`${reason}; UI tests must run in CI.`);
  console.warn(`SKIPPING ${reason}.`);
  return false;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds dist/renderer unless it is newer than renderer/, core/ and samples/. One builder at a time. */
export function ensureBuilt(): void {
  const lock = path.join(ROOT, 'dist/.renderer-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than two minutes is a leftover.
      if (waited > 120_000 || Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    const index = path.join(ROOT, 'dist/renderer/index.html');
    const sources = Math.max(...['renderer', 'core', 'samples'].map((d) => path.join(ROOT, d)).filter(existsSync).map(newestMtime));
    if (existsSync(index) && statSync(index).mtimeMs > sources) return;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), 'renderer'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`renderer build failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

export async function serve(): Promise<Served> {
  const mod = (await import(pathToFileURL(path.join(ROOT, 'scripts/serve.mjs')).href)) as {
    startServer(o: { root: string; port: number; host: string }): Promise<Served>;
  };
  return mod.startServer({ root: path.join(ROOT, 'dist/renderer'), port: 0, host: '127.0.0.1' });
}

/**
 * The run's shared Chromium (test/ui/browser-setup.ts) when there is one, else a Chromium of
 * this file's own. Closing a connected Browser closes the contexts this file opened and leaves
 * the shared one running.
 */
export function launch(): Promise<Browser> {
  const ws = inject('chromiumWsEndpoint');
  if (ws) return chromium.connect(ws);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** A download saved to a file of its own (a connected browser has no local path to give). */
export async function downloadedFile(download: Download): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pem-ui-download-')), download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

export interface Watched {
  page: Page;
  /** Requests to anything but the local server. */
  foreign: string[];
  /** Console errors and page errors (CSP violations show up here). */
  errors: string[];
  /** Every console message of the page and of its Workers, of any level. */
  logs: string[];
}

export async function openApp(browser: Browser, url: string, opts: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<Watched> {
  const context = await browser.newContext({ acceptDownloads: true, colorScheme: opts.colorScheme ?? 'light', viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 } });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const foreign: string[] = [];
  const errors: string[] = [];
  const logs: string[] = [];
  const watchWorker = (w: Worker) => w.on('console', (m) => logs.push(m.text()));
  page.on('worker', watchWorker);
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
  });
  page.on('console', (m) => {
    logs.push(m.text());
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('[data-testid="status"]');
  return { page, foreign, errors, logs };
}

/** The page's parsing Worker (the one the UI starts at load). */
/**
 * One UI test file's setup, registered with vitest: the build, a local server and a connection
 * to the run's Chromium (or one of its own); `app()` opens a watched page. At the end, every page opened must have stayed on
 * the local server and met no console or CSP error.
 */
export function uiSuite(): { app: (opts?: Parameters<typeof openApp>[2]) => Promise<Watched>; browser: () => Browser; url: () => string } {
  let server: Served | undefined;
  let browser: Browser | undefined;
  const opened: Watched[] = [];
  beforeAll(async () => {
    ensureBuilt();
    server = await serve();
    browser = await launch();
  });
  afterAll(async () => {
    const foreign = opened.flatMap((w) => w.foreign);
    const errors = opened.flatMap((w) => w.errors);
    await browser?.close();
    await server?.close();
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
  return {
    app: async (opts) => {
      const w = await openApp(browser!, server!.url, opts);
      opened.push(w);
      return w;
    },
    browser: () => browser!,
    url: () => server!.url,
  };
}

export async function appWorker(page: Page): Promise<Worker> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const w = page.workers()[0];
    if (w) return w;
    await page.waitForTimeout(50);
  }
  throw new Error('the page started no Worker');
}

/**
 * Sends one request of the UI's protocol (renderer/src/lib/protocol.ts) to the parsing Worker
 * the way the window does, from inside the Worker, and returns its reply's value. The reply is
 * taken before it is posted, so the window never sees it.
 */
export async function askWorker<T>(page: Page, request: { type: string } & Record<string, unknown>): Promise<T> {
  const worker = await appWorker(page);
  return worker.evaluate(
    (req) =>
      new Promise<T>((resolve, reject) => {
        const scope = self as unknown as { postMessage(m: unknown): void; onmessage: ((e: { data: unknown }) => void) | null };
        const id = -Math.floor(1 + Math.random() * 1e9);
        const post = scope.postMessage;
        scope.postMessage = function (m: unknown, ...rest: unknown[]) {
          const reply = m as { id: number; ok?: boolean; value?: T; error?: string };
          if (reply.id !== id) return (post as (...a: unknown[]) => void).call(self, m, ...rest);
          if ('partial' in reply) return;
          scope.postMessage = post;
          if (reply.ok) resolve(reply.value as T);
          else reject(new Error(reply.error));
        };
        if (!scope.onmessage) reject(new Error('the Worker has no message handler'));
        else scope.onmessage({ data: { id, request: req } });
      }),
    request,
  );
}

export interface StoredTraces {
  /** localStorage entries other than the theme choice (the one thing the app may persist). */
  local: Record<string, string>;
  /** The theme choice, when one was saved. */
  theme: string | null;
  session: Record<string, string>;
  indexedDB: string[];
  caches: string[];
  cookies: string[];
  serviceWorkers: number;
}

/** Everything the page could have persisted: every kind of storage a web page has. */
export async function storedTraces(page: Page): Promise<StoredTraces> {
  const inPage = await page.evaluate(async () => {
    const entries = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => [k, s.getItem(k) ?? '']));
    const local = entries(localStorage);
    const theme = local['pem-inspector.theme'] ?? null;
    delete local['pem-inspector.theme'];
    return {
      local,
      theme,
      session: entries(sessionStorage),
      indexedDB: (await indexedDB.databases()).map((d) => d.name ?? ''),
      caches: 'caches' in self ? await caches.keys() : [],
      serviceWorkers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
    };
  });
  const cookies = (await page.context().cookies()).map((c) => c.name);
  return { ...inPage, cookies };
}

/** What `storedTraces` must find: nothing but, perhaps, a theme choice. */
export const NOTHING_STORED = { local: {}, session: {}, indexedDB: [], caches: [], cookies: [], serviceWorkers: 0 };

export function fixture(rel: string): string {
  return path.join(FIXTURES, rel);
}

/** Drops files on the window the way a user's drag does: a DataTransfer with Files, built in the page. */
export async function dropFiles(page: Page, rels: string[]): Promise<void> {
  const files = rels.map((rel) => ({ name: path.basename(rel), b64: readFileSync(fixture(rel)).toString('base64') }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name));
    }
    const fire = (type: string) => document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    fire('dragenter');
    fire('dragover');
    fire('drop');
  }, files);
}

export async function openFiles(page: Page, rels: string[]): Promise<void> {
  await page.setInputFiles('[data-testid="open-input"]', rels.map(fixture));
}

/** Waits until the status says reading is over and relations are computed. */
export async function settled(page: Page, items?: number): Promise<void> {
  const sel = items === undefined ? '[data-testid="status"][data-busy="false"]' : `[data-testid="status"][data-busy="false"][data-items="${items}"]`;
  // Generous: on a machine shared with other test runs, reading and relations take a while.
  await page.waitForSelector(sel, { timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="status"]')?.textContent?.includes('checking relations'), undefined, { timeout: 60_000 });
}

/**
 * Opens fixture files as if picked from a folder: each gets the relative path given (the
 * browser's webkitRelativePath), so files of one name from different folders can be told apart.
 */
export async function openInFolders(page: Page, files: { rel: string; path: string }[]): Promise<void> {
  const list = files.map((f) => ({ path: f.path, b64: readFileSync(fixture(f.rel)).toString('base64') }));
  await page.evaluate((items) => {
    const dt = new DataTransfer();
    for (const f of items) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const file = new File([bytes], f.path.slice(f.path.lastIndexOf('/') + 1));
      Object.defineProperty(file, 'webkitRelativePath', { value: f.path });
      dt.items.add(file);
    }
    const input = document.querySelector<HTMLInputElement>('[data-testid="open-input"]')!;
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, list);
}

/** Drops text files made in the test (hostile names, odd contents) the way a user's drag does. */
export async function dropTexts(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name));
    document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, files);
}

/** The row of a file (its first item). */
export const rowOf = (page: Page, file: string) => page.locator(`[data-testid="item"][data-file="${file}"]`).first();
