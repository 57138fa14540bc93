// Chromium measurements of the web build (dist/renderer) driven by playwright-core: time from a
// drop to all rows listed, the longest main-thread task meanwhile, memory, and selection time.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'];

/**
 * Memory of this browser's renderer processes (the page and its Worker live there), in MB:
 * proportional set size, so that pages shared between processes are not counted twice.
 */
function rendererPssMb(profileDir) {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes(profileDir) || !cmd.includes('--type=renderer')) continue;
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // The process ended while we looked.
    }
  }
  return kb / 1024;
}

async function freshPage(context, url) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window;
    w.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await page.waitForSelector('[data-testid="status"]');
  return page;
}

/** Puts the files into the page (not timed), then drops them and waits for every row. */
async function dropAndWait(page, files, expectItems) {
  await page.evaluate((list) => {
    window.__files = list.map((f) => {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return new File([bytes], f.name);
    });
  }, files.map((f) => ({ name: path.basename(f), b64: readFileSync(f).toString('base64') })));
  return page.evaluate(
    (n) =>
      new Promise((resolve) => {
        const t0 = performance.now();
        const dt = new DataTransfer();
        for (const f of window.__files) dt.items.add(f);
        window.__files = undefined;
        const fire = (type) => document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
        fire('dragenter');
        fire('dragover');
        fire('drop');
        let listedAt;
        const check = () => {
          const s = document.querySelector('[data-testid="status"]');
          const items = Number(s?.getAttribute('data-items'));
          if (listedAt === undefined && items === n) listedAt = performance.now();
          if (items === n && s?.getAttribute('data-busy') === 'false') {
            const done = performance.now();
            const longest = window.__longtasks.filter((t) => t.start >= t0).reduce((m, t) => Math.max(m, t.duration), 0);
            resolve({ listedMs: listedAt - t0, settledMs: done - t0, longestTaskMs: longest, rows: document.querySelectorAll('[data-testid="item"]').length });
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    expectItems,
  );
}

/** Selects row `index` of the bundle and waits until the detail pane shows it. */
async function selectTime(page, index, total) {
  return page.evaluate(
    ({ index, total }) =>
      new Promise((resolve) => {
        const rows = [...document.querySelectorAll('[data-testid="item"]')];
        const row = rows[Math.min(index, rows.length - 1)];
        const want = `(item ${Number(row.id.split('-').pop()) + 1} of ${total})`;
        const t0 = performance.now();
        row.click();
        const check = () => {
          const from = document.querySelector('[data-testid="detail"] .from')?.textContent ?? '';
          if (from.includes(want)) resolve(performance.now() - t0);
          else requestAnimationFrame(check);
        };
        check();
      }),
    { index, total },
  );
}

async function scrollJank(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const el = document.querySelector('nav.files .scroll');
        if (!el) return resolve(undefined);
        let last = performance.now();
        let worst = 0;
        let frames = 0;
        const step = () => {
          const now = performance.now();
          worst = Math.max(worst, now - last);
          last = now;
          el.scrollTop += 400;
          if (++frames < 120) requestAnimationFrame(step);
          else resolve(worst);
        };
        requestAnimationFrame(step);
      }),
  );
}

export async function uiBench({ root, runs, cases }) {
  const { startServer } = await import(pathToFileURL(path.join(root, 'scripts/serve.mjs')).href);
  const server = await startServer({ root: path.join(root, 'dist/renderer'), port: 0, host: '127.0.0.1' });
  const results = {};
  try {
    for (const c of cases) {
      const samples = [];
      for (let r = 0; r < runs; r++) {
        const profile = mkdtempSync(path.join(os.tmpdir(), 'pem-bench-chromium-'));
        const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS, headless: true, viewport: { width: 1440, height: 900 } });
        try {
          const page = await freshPage(context, server.url);
          const t = await dropAndWait(page, c.files, c.items);
          const cdp = await context.newCDPSession(page);
          await cdp.send('HeapProfiler.collectGarbage');
          await cdp.send('Performance.enable');
          const { metrics } = await cdp.send('Performance.getMetrics');
          const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
          const sample = { ...t, mainHeapMb: heap / 1048576, rendererPssMb: rendererPssMb(profile) };
          if (c.details) {
            const picks = [3, 7, 12];
            const times = [];
            for (const i of picks) times.push(await selectTime(page, i, c.items));
            sample.selectMs = Math.max(...times);
            sample.scrollWorstFrameMs = await scrollJank(page);
          }
          samples.push(sample);
        } finally {
          await context.close();
          rmSync(profile, { recursive: true, force: true });
        }
      }
      results[c.name] = samples;
    }
  } finally {
    await server.close();
  }
  return results;
}
