/**
 * Screenshots of the real UI for docs/ (README): the empty state and a loaded set with a
 * certificate selected, in light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, dropFiles, ensureBuilt, launch, openApp, serve, settled, ROOT, type Served } from './helpers.js';

const available = chromiumAvailable('UI screenshots (test/ui/screenshots.test.ts)');
const SET = ['certs/root-ca.crt', 'certs/intermediate-ca.crt', 'certs/server-rsa.crt', 'keys/server-rsa.key', 'csr/server-ec.csr', 'encrypted/pkcs8-aes256-cbc.key', 'certs/expired-server.crt', 'broken/bad-base64.crt'];

describe.skipIf(!available)('screenshots', () => {
  let server: Served;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
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
    const empty = path.join(ROOT, `docs/screenshot-empty${suffix}.png`);
    await page.screenshot({ path: empty });

    await dropFiles(page, SET);
    await settled(page, 7);
    await page.locator('[data-testid="item"][data-file="server-rsa.crt"]').click();
    await page.waitForSelector('[data-testid="chain"]');
    const loaded = path.join(ROOT, `docs/screenshot-loaded${suffix}.png`);
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
