/**
 * Private material in the web build, in Chromium: Clear forgets unlocked keys in the window
 * and in the parsing Worker (and no password is remembered), nothing reaches storage or the
 * console, copying a secret asks first, and the CSP stops every request the page or its
 * Worker could make.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { HeldCounts } from '../../renderer/src/lib/file-store.js';
import { appWorker, askWorker, chromiumAvailable, fixture, NOTHING_STORED, openApp, openFiles, settled, storedTraces, uiSuite, ROOT } from './helpers.js';

const { password: PASSWORD } = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/manifest.json'), 'utf8')) as { password: string };
const ENCRYPTED_KEY = 'encrypted/pkcs8-aes256-cbc.key';
const PLAIN_KEY = 'keys/server-ec.key';
const CERT = 'certs/server-ec.crt';
const NOTHING_HELD: HeldCounts = { files: 0, items: 0, privateItems: 0, openPrivateItems: 0 };

/** Base64 of the key's PKCS#8 DER, as OpenSSL decrypts it: the secret an unlocked key shows. */
function secretBase64(rel: string): string {
  return execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER', '-in', fixture(rel), '-passin', `pass:${PASSWORD}`]).toString('base64');
}

/** PEM text reduced to its base64, for comparing with `secretBase64`. */
const base64Of = (text: string | null) => (text ?? '').replace(/-----[A-Z ]+-----/g, '').replace(/[^A-Za-z0-9+/=]/g, '');

/** Pieces of a secret long enough to be unique, short enough to be found inside any longer text. */
const pieces = (b64: string) => Array.from({ length: Math.floor(b64.length / 32) }, (_, i) => b64.slice(i * 32, i * 32 + 32));

/**
 * Every string alive in the page's JavaScript heap after a full garbage collection, each as the
 * snapshot keeps it: long strings only by their first kilobyte or so, which is where a PEM's
 * first pieces are. (Typed arrays' bytes are not in snapshots: the store's unit test covers those.)
 */
async function heapText(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const snapshot = JSON.parse(chunks.join('')) as { strings: string[] };
  return snapshot.strings.join('\n');
}

/** Every way a page can send a request, each to `${origin}/<its name>`; as source text, run as it is written. */
const ATTEMPT_NAMES = ['fetch', 'xhr', 'websocket', 'eventsource', 'image', 'script', 'stylesheet', 'import', 'beacon'];
const ATTEMPTS = (origin: string) => `(async () => {
  const origin = ${JSON.stringify(origin)};
  const out = {};
  const attempt = async (name, go) => {
    try {
      await Promise.race([go(origin + '/' + name), new Promise((_, fail) => setTimeout(() => fail(new Error('timeout')), 3000))]);
      out[name] = 'went through';
    } catch (e) {
      out[name] = e instanceof ReferenceError || e instanceof SyntaxError ? 'broken test: ' + e.message : 'blocked';
    }
  };
  const load = (el) => new Promise((ok, fail) => { el.onload = ok; el.onerror = fail; document.head.append(el); });
  await attempt('fetch', (url) => fetch(url, { mode: 'no-cors' }));
  await attempt('xhr', (url) => new Promise((ok, fail) => { const x = new XMLHttpRequest(); x.onload = ok; x.onerror = fail; x.open('GET', url); x.send(); }));
  await attempt('websocket', (url) => new Promise((ok, fail) => { const s = new WebSocket(url.replace('http', 'ws')); s.onopen = ok; s.onerror = fail; }));
  await attempt('eventsource', (url) => new Promise((ok, fail) => { const s = new EventSource(url); s.onopen = ok; s.onerror = () => { s.close(); fail(new Error('error')); }; }));
  await attempt('image', (url) => new Promise((ok, fail) => { const i = new Image(); i.onload = ok; i.onerror = fail; i.src = url; }));
  await attempt('script', (url) => load(Object.assign(document.createElement('script'), { src: url })));
  await attempt('stylesheet', (url) => load(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: url })));
  await attempt('import', (url) => import(url));
  // sendBeacon only says whether it queued the request: the listener tells whether it left.
  navigator.sendBeacon(origin + '/beacon', 'x');
  return out;
})()`;
const WORKER_ATTEMPTS = (origin: string) => `(async () => {
  const origin = ${JSON.stringify(origin)};
  const out = {};
  for (const [name, go] of [['worker-fetch', (url) => fetch(url, { mode: 'no-cors' })], ['worker-import', (url) => import(url)]]) {
    try {
      await go(origin + '/' + name);
      out[name] = 'went through';
    } catch (e) {
      out[name] = e instanceof ReferenceError || e instanceof SyntaxError ? 'broken test: ' + e.message : 'blocked';
    }
  }
  return out;
})()`;

const available = chromiumAvailable('UI privacy tests (test/ui/privacy.test.ts)');

// Browser tests share two cores with the rest of the suite: a generous timeout, not a performance bound.
describe.skipIf(!available)('private material in Chromium', { timeout: 120_000 }, () => {
  const suite = uiSuite();
  const app = () => suite.app();
  const held = (page: Page) => askWorker<HeldCounts>(page, { type: 'held' });
  const row = (page: Page, rel: string) => page.locator(`[data-testid="item"][data-file="${path.basename(rel)}"]`);


  it('Clear forgets an unlocked key in the window and the Worker; added again, it is locked again', { timeout: 120_000 }, async () => {
    const { page, logs } = await app();
    const secret = secretBase64(ENCRYPTED_KEY);
    await openFiles(page, [ENCRYPTED_KEY, CERT, PLAIN_KEY]);
    await settled(page, 3);
    expect(await held(page)).toEqual({ files: 3, items: 3, privateItems: 2, openPrivateItems: 1 });

    await row(page, ENCRYPTED_KEY).click();
    await page.getByTestId('password-input').fill(PASSWORD);
    await page.getByTestId('password-input').press('Enter');
    await page.waitForSelector(`[data-testid="item"][data-file="${path.basename(ENCRYPTED_KEY)}"][data-encrypted="false"][data-sensitivity="private"]`);
    // The unlocked key is on screen, down to its PEM: the very bytes OpenSSL decrypts.
    await page.getByRole('tab', { name: 'PEM' }).click();
    await expect.poll(async () => base64Of(await page.getByTestId('detail').locator('pre').textContent())).toBe(secret);
    expect(await held(page)).toEqual({ files: 3, items: 3, privateItems: 2, openPrivateItems: 2 });

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('button', { name: 'Clear everything' }).click();
    await settled(page, 0);
    expect(await page.getByTestId('item').count()).toBe(0);
    await expect.poll(() => held(page)).toEqual(NOTHING_HELD);
    // Nor does the window keep the key's text or the password anywhere in its heap. Control: text
    // typed into the window and kept in its state is found there.
    const probe = `heap-probe-${Date.now()}`;
    await page.getByLabel('Filter items').fill(probe);
    const heap = await heapText(page);
    expect(heap).toContain(probe);
    expect(heap).not.toContain(PASSWORD);
    expect(pieces(secret).filter((p) => heap.includes(p))).toEqual([]);
    await page.getByLabel('Filter items').fill('');

    // The password was forgotten with everything else: the same file is locked again.
    await openFiles(page, [ENCRYPTED_KEY]);
    await settled(page, 1);
    expect(await row(page, ENCRYPTED_KEY).getAttribute('data-encrypted')).toBe('true');
    await row(page, ENCRYPTED_KEY).click();
    expect(await page.getByTestId('password-input').count()).toBe(1);
    expect(await held(page)).toEqual({ files: 1, items: 1, privateItems: 1, openPrivateItems: 0 });

    // After a session that unlocked a key: nothing stored, nothing logged.
    const stored = await storedTraces(page);
    expect(stored).toMatchObject(NOTHING_STORED);
    expect(stored.theme).toBeNull();
    const logged = logs.join('\n');
    expect(logged).not.toContain(PASSWORD);
    expect(pieces(secret).filter((p) => logged.includes(p))).toEqual([]);
  });

  it('Clear while files are still loading keeps nothing of them, here or in the Worker', async () => {
    const { page } = await app();
    // A thousand PKCS#12 files that open with the empty password (four items each, one a private
    // key), read in four batches. Their key derivations run on WebCrypto, so the Worker takes
    // messages between files. Clear is pressed (and confirmed) from inside the page the moment the
    // first rows show, while most files are still unread.
    const p12 = readFileSync(fixture('pkcs12/server-ec-empty-password.p12')).toString('base64');
    const at = await page.evaluate(
      ({ b64, files }) =>
        new Promise<{ busy: string | undefined; items: number }>((done) => {
          const observer = new MutationObserver(() => {
            if (!document.querySelector('[data-testid="item"]')) return;
            observer.disconnect();
            const status = document.querySelector<HTMLElement>('[data-testid="status"]')!;
            const state = { busy: status.dataset.busy, items: Number(status.dataset.items) };
            const button = (text: string) => Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === text);
            button('Clear')!.click();
            // Clear asks first: confirm as soon as the question shows (a task or two later).
            const confirm = () => {
              const yes = button('Clear everything');
              if (!yes) return void setTimeout(confirm, 0);
              yes.click();
              done(state);
            };
            confirm();
          });
          observer.observe(document.body, { childList: true, subtree: true });
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const dt = new DataTransfer();
          for (let i = 0; i < files; i++) dt.items.add(new File([bytes], `server-${i}.p12`));
          document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
        }),
      { b64: p12, files: 1000 },
    );
    expect(at.busy).toBe('true');
    expect(at.items).toBeGreaterThan(0);
    expect(at.items).toBeLessThan(4000);
    await settled(page, 0);
    // Long enough for any batch still under way to have come back.
    await page.waitForTimeout(500);
    expect(await page.getByTestId('status').getAttribute('data-items')).toBe('0');
    expect(await page.getByTestId('item').count()).toBe(0);
    await expect.poll(() => held(page)).toEqual(NOTHING_HELD);
  });

  it('copying a private key asks first: Cancel leaves the clipboard alone, "Copy secret" copies it', async () => {
    const { page } = await app();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.url()).origin });
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await page.evaluate(() => navigator.clipboard.writeText('what was there before'));
    expect(await clipboard()).toBe('what was there before');
    await openFiles(page, [PLAIN_KEY, CERT]);
    await settled(page, 2);

    await row(page, PLAIN_KEY).click();
    await page.getByRole('tab', { name: 'PEM' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Copy private material?' });
    await page.getByRole('button', { name: 'Copy PEM' }).click();
    await ask.waitFor();
    expect(await ask.textContent()).toContain('This is secret');
    expect(await clipboard()).toBe('what was there before');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(await clipboard()).toBe('what was there before');

    await page.getByRole('button', { name: 'Copy PEM' }).click();
    await ask.getByRole('button', { name: 'Copy secret' }).click();
    await expect.poll(clipboard).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(base64Of(await clipboard())).toBe(secretBase64(PLAIN_KEY));

    // A certificate is public: its PEM is copied at once, without asking.
    await row(page, CERT).click();
    await page.getByRole('tab', { name: 'PEM' }).click();
    await page.getByRole('button', { name: 'Copy PEM' }).click();
    await expect.poll(clipboard).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(await ask.count()).toBe(0);
  });

  it('the CSP stops every request the page or its Worker tries, even to this machine', async () => {
    // A listener on this machine records whatever reaches it, and serves a control page without a CSP.
    const hits: string[] = [];
    const listener = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/control.html') res.setHeader('Content-Type', 'text/html');
      res.end(req.url === '/control.html' ? '<!doctype html><title>control</title>' : '');
    });
    listener.on('upgrade', (req, socket) => {
      hits.push(req.url ?? '');
      socket.destroy();
    });
    await new Promise<void>((ok) => listener.listen(0, '127.0.0.1', ok));
    const origin = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    const context = await suite.browser().newContext();
    try {
      // The same attempts from a page without a CSP all reach the listener: they are real requests.
      const control = await context.newPage();
      await control.goto(`${origin}/control.html`);
      await control.evaluate(ATTEMPTS(origin));
      await expect.poll(() => [...new Set(hits)].filter((h) => h !== '/favicon.ico').sort()).toEqual(['/control.html', ...ATTEMPT_NAMES.map((n) => `/${n}`)].sort());
      hits.length = 0;

      // Not in `opened`: the blocked attempts are reported as CSP errors on purpose.
      const { page } = await openApp(suite.browser(), suite.url());
      const fromPage = (await page.evaluate(ATTEMPTS(origin))) as Record<string, string>;
      const fromWorker = (await (await appWorker(page)).evaluate(WORKER_ATTEMPTS(origin))) as Record<string, string>;
      await page.waitForTimeout(300);
      await page.context().close();
      expect(fromPage).toEqual(Object.fromEntries(ATTEMPT_NAMES.filter((n) => n !== 'beacon').map((n) => [n, 'blocked'])));
      expect(fromWorker).toEqual({ 'worker-fetch': 'blocked', 'worker-import': 'blocked' });
      expect(hits).toEqual([]);
    } finally {
      await context.close();
      await new Promise((ok) => listener.close(ok));
    }
  });
});
