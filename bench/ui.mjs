// Chromium measurements of the web build (dist/renderer) driven by playwright-core: time from a
// drop to all rows listed, the longest main-thread task meanwhile, memory, and selection time.
// Each case is measured two ways, in a new browser each run: warm (the page loads, the files are
// built in it, then the drop: the Worker has had that idle time) and cold (the files exist
// before the app's own script runs, and the drop comes as soon as the page has loaded, as
// issue 17 asks). Both time the drop event → all rows listed, status not busy.
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

/**
 * In-page probes, installed at document start on every measured page: the long-task log and
 * `__dropAndWatch(dt, n)`, which drops `dt` on the window and resolves once all `n` items are
 * counted and the status is no longer busy.
 */
function probes() {
  const w = window;
  w.__longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  w.__dropAndWatch = (dt, n) =>
    new Promise((resolve) => {
      const t0 = performance.now();
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
          // Every task that ended after the drop began: the drop's own task included.
          const longest = w.__longtasks.filter((t) => t.start + t.duration > t0).reduce((m, t) => Math.max(m, t.duration), 0);
          resolve({ listedMs: listedAt - t0, settledMs: done - t0, longestTaskMs: longest, rows: document.querySelectorAll('[data-testid="item"]').length, dropAtMs: t0 });
        } else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
}

async function freshPage(context, url) {
  const page = await context.newPage();
  await page.addInitScript(probes);
  await page.goto(url);
  await page.waitForSelector('[data-testid="status"]');
  return page;
}

/** The files as one base64 string and their names and sizes (what the page rebuilds as File objects). */
function packFiles(files) {
  const bufs = files.map((f) => readFileSync(f));
  return { b64: Buffer.concat(bufs).toString('base64'), names: files.map((f) => path.basename(f)), sizes: bufs.map((b) => b.length) };
}

/**
 * Cold: a new page whose files are made before the app's script runs (an init script at
 * document start), dropped as soon as the page has loaded (the load event, the app mounted).
 * Resolves with the drop's figures and how long after navigation the drop came.
 */
export async function coldDrop(context, url, files, expectItems) {
  const page = await context.newPage();
  await page.addInitScript(probes);
  await page.addInitScript(
    ({ data, n }) => {
      if (!location.protocol.startsWith('http')) return;
      const w = window;
      const bin = atob(data.b64);
      const all = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) all[i] = bin.charCodeAt(i);
      let at = 0;
      const dt = new DataTransfer();
      for (let i = 0; i < data.names.length; i++) dt.items.add(new File([all.subarray(at, (at += data.sizes[i]))], data.names[i]));
      w.__cold = new Promise((resolve) => {
        const go = () => {
          const s0 = document.querySelector('[data-testid="status"]');
          if (!s0) return requestAnimationFrame(go);
          w.__dropAndWatch(dt, n).then(resolve);
        };
        // The drop is a task of its own (as a user's is), right after the load event's.
        addEventListener('load', () => setTimeout(go, 0), { once: true });
      });
    },
    { data: packFiles(files), n: expectItems },
  );
  await page.goto(url);
  const t = await page.evaluate(() => window.__cold);
  return { page, t };
}

/**
 * Puts the files into the page and a DataTransfer holding them (not part of the drop's time,
 * but reported as `dataTransferMs`: before 2026-12-02 it was timed with the drop, which cost
 * the 10,000-file case about half a second), then, in a task of its own, drops them and waits
 * for every row.
 */
async function dropAndWait(page, files, expectItems) {
  const dataTransferMs = await page.evaluate((list) => {
    const t = performance.now();
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name));
    }
    window.__dt = dt;
    return performance.now() - t;
  }, files.map((f) => ({ name: path.basename(f), b64: readFileSync(f).toString('base64') })));
  const t = await page.evaluate((n) => {
    const dt = window.__dt;
    window.__dt = undefined;
    return window.__dropAndWatch(dt, n);
  }, expectItems);
  return { ...t, dataTransferMs };
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

/** Memory and (for cases with `details`) selection and scrolling, after a drop has settled. */
async function after(context, page, profile, c, t) {
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
  return sample;
}

/** One run in a new browser: `cold` drops as soon as the page has loaded, warm after building the files in it. */
async function oneRun(url, c, cold) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'pem-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS, headless: true, viewport: { width: 1440, height: 900 } });
  try {
    if (cold) {
      const { page, t } = await coldDrop(context, url, c.files, c.items);
      return await after(context, page, profile, c, t);
    }
    const page = await freshPage(context, url);
    return await after(context, page, profile, c, await dropAndWait(page, c.files, c.items));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Each case `runs` times warm and `runs` times cold, interleaved (warm, cold, warm, …) so that
 * both see the same machine. `dist` is the web build to serve (default root/dist/renderer).
 * Returns `{ warm, cold }`, each case name → samples.
 */
export async function uiBench({ root, runs, cases, dist = path.join(root, 'dist/renderer'), modes = ['warm', 'cold'] }) {
  const { startServer } = await import(pathToFileURL(path.join(root, 'scripts/serve.mjs')).href);
  const server = await startServer({ root: dist, port: 0, host: '127.0.0.1' });
  const results = { warm: {}, cold: {} };
  try {
    for (const c of cases) {
      for (const m of modes) results[m][c.name] = [];
      for (let r = 0; r < runs; r++) {
        for (const m of modes) results[m][c.name].push(await oneRun(server.url, c, m === 'cold'));
      }
    }
  } finally {
    await server.close();
  }
  return results;
}
