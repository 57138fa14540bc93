/**
 * Screenshots of the real UI: the empty state and a loaded set with a certificate selected, in
 * light and dark. They go to test-results/screenshots/ so a test run leaves the tree clean;
 * `UPDATE_SCREENSHOTS=1 npx vitest run test/ui/screenshots.test.ts` refreshes the ones in docs/
 * that the README shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, dropFiles, ensureBuilt, launch, openApp, serve, settled, ROOT, type Served } from './helpers.js';

const OUT = path.join(ROOT, process.env.UPDATE_SCREENSHOTS ? 'docs' : 'test-results/screenshots');
const available = chromiumAvailable('UI screenshots (test/ui/screenshots.test.ts)');
const SET = ['certs/root-ca.crt', 'certs/intermediate-ca.crt', 'certs/server-rsa.crt', 'keys/server-rsa.key', 'csr/server-ec.csr', 'encrypted/pkcs8-aes256-cbc.key', 'certs/expired-server.crt', 'broken/bad-base64.crt'];

describe.skipIf(!available)('screenshots', () => {
  let server: Served;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(OUT, { recursive: true });
    server = await serve();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(['light', 'dark'] as const)('captures the %s theme', async (scheme) => {
    const { page, foreign, errors } = await openApp(browser, server.url, { colorScheme: scheme, width: 1440, height: 900 });
    const suffix = scheme === 'dark' ? '-dark' : '';
    const empty = path.join(OUT, `screenshot-empty${suffix}.png`);
    await page.screenshot({ path: empty });

    await dropFiles(page, SET);
    await settled(page, 7);
    await page.locator('[data-testid="item"][data-file="server-rsa.crt"]').click();
    await page.waitForSelector('[data-testid="chain"]');
    const loaded = path.join(OUT, `screenshot-loaded${suffix}.png`);
    await page.screenshot({ path: loaded });

    for (const file of [empty, loaded]) expect(statSync(file).size).toBeGreaterThan(20_000);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // The theme really changed: dark backgrounds have low channel values.
    const [r] = bg.match(/\d+/g)!.map(Number);
    expect(scheme === 'dark' ? r! < 60 : r! > 200).toBe(true);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
