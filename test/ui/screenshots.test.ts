/**
 * The window at 800×600, 1024×768, 1400×900 and 1920×1080, light and dark: nothing wider than
 * the window, every toolbar command on screen, no badge cut, Relations reachable (a column when
 * wide, a drawer behind its toggle when narrow). Screenshots go to test-results/screenshots/ so
 * a test run leaves the tree clean; `UPDATE_SCREENSHOTS=1 npx vitest run test/ui/screenshots.test.ts`
 * refreshes the ones in docs/ that the README shows (and docs/screenshot-handshake.png).
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumAvailable, dropFiles, openFiles, rowOf, settled, uiSuite, ROOT } from './helpers.js';

const OUT = path.join(ROOT, process.env.UPDATE_SCREENSHOTS ? 'docs' : 'test-results/screenshots');
/** Extra views (the narrow drawer) are looked at, not published. */
const EXTRA = path.join(ROOT, 'test-results/screenshots');
const available = chromiumAvailable('UI screenshots (test/ui/screenshots.test.ts)');
const SET = ['certs/root-ca.crt', 'certs/intermediate-ca.crt', 'certs/server-rsa.crt', 'keys/server-rsa.key', 'csr/server-ec.csr', 'encrypted/pkcs8-aes256-cbc.key', 'certs/expired-server.crt', 'broken/bad-base64.crt'];
const SIZES = [[800, 600], [1024, 768], [1400, 900], [1920, 1080]] as const;

/** What does not fit: overflow of the page, controls off screen, badges whose text is cut. */
function unfit(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const W = window.innerWidth;
    const H = window.innerHeight;
    if (document.documentElement.scrollWidth > W) out.push(`page is ${document.documentElement.scrollWidth}px wide in a ${W}px window`);
    for (const b of Array.from(document.querySelectorAll<HTMLElement>('header.toolbar button, header.toolbar input[type="search"]'))) {
      const r = b.getBoundingClientRect();
      if (r.left < 0 || r.right > W || r.top < 0 || r.bottom > H) out.push(`toolbar control "${b.textContent?.trim() || b.getAttribute('aria-label')}" is off screen`);
      if (b.scrollWidth > b.clientWidth + 1) out.push(`toolbar control "${b.textContent?.trim()}" is cut`);
    }
    for (const badge of Array.from(document.querySelectorAll<HTMLElement>('.badge'))) {
      const r = badge.getBoundingClientRect();
      if (!r.width) continue;
      // A badge moved to a hidden line of its row is not shown at all, which is not "cut".
      const clip = badge.closest('.sub, .row, .title, .panel, .scroll')?.getBoundingClientRect();
      if (clip && (r.top >= clip.bottom || r.bottom <= clip.top)) continue;
      if (badge.scrollWidth > badge.clientWidth + 1) out.push(`badge "${badge.textContent?.trim()}" is cut inside`);
      if (clip && r.right > clip.right + 1) out.push(`badge "${badge.textContent?.trim()}" runs past its box`);
    }
    return out;
  });
}

describe.skipIf(!available)('screenshots at four sizes and two themes', () => {
  const { app } = uiSuite();

  it.each(['light', 'dark'] as const)('captures the empty window, %s', async (scheme) => {
    mkdirSync(OUT, { recursive: true });
    const { page } = await app({ colorScheme: scheme, width: 1400, height: 900 });
    const file = path.join(OUT, `screenshot-empty${scheme === 'dark' ? '-dark' : ''}.png`);
    await page.screenshot({ path: file });
    expect(statSync(file).size).toBeGreaterThan(20_000);
    expect(await unfit(page)).toEqual([]);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // The theme really changed: dark backgrounds have low channel values.
    const [r] = bg.match(/\d+/g)!.map(Number);
    expect(scheme === 'dark' ? r! < 60 : r! > 200).toBe(true);
  });

  // Each size's window is opened once and checked in both themes: light, then switched to dark
  // (the theme is colours only, test/ui/a11y.test.ts) and every check made and screenshot taken again.
  it.each(SIZES)('fits %i×%i, light and dark', { timeout: 90_000 }, async (width, height) => {
    mkdirSync(OUT, { recursive: true });
    const { page } = await app({ colorScheme: 'light', width, height });
    await dropFiles(page, SET);
    await settled(page, 7);
    await rowOf(page, 'server-rsa.crt').click();
    await page.getByTestId('trust-verdict').waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      if (scheme === 'dark') {
        await page.emulateMedia({ colorScheme: 'dark' });
        // The theme really changed (as for the empty window), and its colours are drawn.
        await expect.poll(async () => Number((await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).match(/\d+/)![0])).toBeLessThan(60);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      }
      const relations = page.locator('#relations');
      if (width >= 1200) {
        // Wide: Relations is a column beside the detail pane.
        expect(await relations.isVisible()).toBe(true);
      } else {
        // Narrow: behind its toggle, as a drawer that fits the window.
        expect(await relations.count()).toBe(0);
        await page.getByRole('button', { name: 'Relations' }).click();
        const box = (await relations.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        await page.locator('[data-testid="chain"]').first().waitFor();
        mkdirSync(EXTRA, { recursive: true });
        await page.screenshot({ path: path.join(EXTRA, `screenshot-${width}-relations${scheme === 'dark' ? '-dark' : ''}.png`) });
        expect(await unfit(page)).toEqual([]);
        await page.keyboard.press('Escape');
        await relations.waitFor({ state: 'detached' });
      }
      expect(await unfit(page)).toEqual([]);
      // The long names are reachable: the full path in the row's tooltip, the subject wrapping in the detail pane.
      expect(await rowOf(page, 'server-rsa.crt').getAttribute('title')).toBe('server-rsa.crt\nSubject: CN=www.example.test, O=Example Corp, C=US');
      expect(await page.getByTestId('detail').locator('h1').evaluate((h) => h.scrollWidth <= h.clientWidth + 1)).toBe(true);
      const file = path.join(OUT, `screenshot-${width}${scheme === 'dark' ? '-dark' : ''}.png`);
      await page.screenshot({ path: file });
      expect(statSync(file).size).toBeGreaterThan(20_000);
    }
  });

  it.each([[1400, 900], [800, 600]] as const)('captures Try the handshake at %i×%i', { timeout: 120_000 }, async (width, height) => {
    mkdirSync(OUT, { recursive: true });
    const { page } = await app({ colorScheme: 'light', width, height });
    await openFiles(page, ['root-ca.crt', 'server-p256.fullchain.pem', 'server-p256.key'].map((n) => `../handshake/files/${n}`));
    await settled(page);
    await rowOf(page, 'server-p256.key').click();
    await page.getByRole('button', { name: 'Try the handshake: server-p256.fullchain.pem with server-p256.key' }).first().click();
    await page.locator('[data-testid="handshake-verdict"][data-connects="true"]:not([aria-busy="true"])').waitFor({ timeout: 60_000 });
    expect(await unfit(page)).toEqual([]);
    const file = path.join(width === 1400 ? OUT : EXTRA, `screenshot-handshake${width === 1400 ? '' : `-${width}`}.png`);
    mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    expect(statSync(file).size).toBeGreaterThan(20_000);
  });
});
