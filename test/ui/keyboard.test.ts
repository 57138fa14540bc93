/**
 * The window by keyboard and screen reader: one Tab stop for the list, arrow keys that move the
 * focus with the selection, Delete and Clear that ask, focus given back after dialogs and
 * unlocks, Generate opening on its first field, a real ARIA tree for ASN.1, a reachable hex
 * pane, accessible names that carry the file (and folder), tab names without glued counts,
 * and the unlock announced.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumAvailable, dropFiles, openFiles, openInFolders, rowOf, settled, uiSuite, ROOT } from './helpers.js';

const available = chromiumAvailable('keyboard UI tests (test/ui/keyboard.test.ts)');
const { password: PASSWORD } = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/manifest.json'), 'utf8')) as { password: string };
const SET = ['certs/root-ca.crt', 'certs/intermediate-ca.crt', 'certs/server-rsa.crt', 'keys/server-rsa.key', 'csr/server-ec.csr', 'certs/expired-server.crt', 'broken/bad-base64.crt'];

/** What has the focus: role, accessible-ish name and whether it is inside the list. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', role: '', name: '', inList: false, id: '' };
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role') ?? '',
      name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 80),
      inList: !!el.closest('[role="listbox"]'),
      id: el.id,
    };
  });

/** Browser tests share two cores with the rest of the suite: generous, not a performance bound. */
const SLOW = { timeout: 120_000 };

describe.skipIf(!available)('keyboard and screen readers', () => {
  const { app } = uiSuite();

  it('takes one Tab stop for the whole list, and arrow keys move focus and selection together', SLOW, async () => {
    const { page } = await app();
    await dropFiles(page, SET);
    await settled(page);
    await page.getByLabel('Filter items').focus();
    // Tab from the filter box to the first tab of the detail pane, noting every stop on the way.
    const stops: Awaited<ReturnType<typeof focused>>[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      stops.push(f);
      if (f.role === 'tab') break;
    }
    expect(stops.at(-1)?.role).toBe('tab');
    const inList = stops.filter((s) => s.inList);
    expect(inList.length).toBe(1);
    expect(inList[0]!.role).toBe('option');
    // Everything between the filter and the detail pane: a few toolbar and list controls, no more.
    expect(stops.length).toBeLessThan(12);

    // Arrow keys: the focus follows the selection, through an unreadable file's entry too.
    await rowOf(page, 'root-ca.crt').click();
    await page.keyboard.press('ArrowDown');
    let f = await focused(page);
    expect(f.role).toBe('option');
    expect(await page.locator('[role="option"][aria-selected="true"]').getAttribute('data-file')).toBe('intermediate-ca.crt');
    expect(f.id).toBe(await page.locator('[role="option"][aria-selected="true"]').getAttribute('id'));
    await page.keyboard.press('End');
    f = await focused(page);
    expect(await page.locator(`#${f.id}`).getAttribute('data-testid')).toBe('file-error');
    expect(await page.getByTestId('detail').textContent()).toContain('could not be read');
    await page.keyboard.press('Home');
    expect(await page.locator('[role="option"][aria-selected="true"]').getAttribute('data-file')).toBe('root-ca.crt');
    // Enter shows the details: the focus goes to the item's title.
    await page.keyboard.press('Enter');
    expect((await focused(page)).tag).toBe('h1');
  });

  it('asks before Delete and Clear; Escape keeps everything and gives the focus back', SLOW, async () => {
    const { page } = await app();
    await dropFiles(page, SET.slice(0, 4));
    await settled(page, 4);
    await rowOf(page, 'server-rsa.key').click();
    await page.keyboard.press('Delete');
    const ask = page.getByRole('alertdialog', { name: 'Remove this file?' });
    await ask.waitFor();
    expect(await ask.textContent()).toContain('server-rsa.key');
    expect((await focused(page)).name).toBe('Remove');
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    expect(await page.getByTestId('item').count()).toBe(4);
    expect((await focused(page)).inList).toBe(true);

    await page.keyboard.press('Delete');
    await ask.waitFor();
    await page.keyboard.press('Enter');
    await settled(page, 3);
    expect(await page.locator('[data-testid="item"][data-file="server-rsa.key"]').count()).toBe(0);
    // The focus stays in the list, on the row now selected.
    await expect.poll(async () => (await focused(page)).inList).toBe(true);
    await expect.poll(() => page.getByTestId('announcer').textContent()).toContain('Removed server-rsa.key');

    const clear = page.getByRole('button', { name: 'Clear' });
    await clear.click();
    await page.getByRole('alertdialog', { name: 'Clear everything?' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('item').count()).toBe(3);
    expect((await focused(page)).name).toBe('Clear');
    await clear.click();
    await page.getByRole('button', { name: 'Clear everything' }).click();
    await settled(page, 0);
    expect(await page.getByTestId('item').count()).toBe(0);
  });

  it('opens Generate on its first field and gives the focus back to the opener on close', SLOW, async () => {
    const { page } = await app();
    const generate = page.getByRole('button', { name: 'Generate…' });
    await generate.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Generate keys and certificates' }).waitFor();
    const f = await focused(page);
    expect(f.tag).toBe('input');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('radio');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page)).name).toBe('Generate…');

    await openFiles(page, ['certs/server-ec.crt']);
    await settled(page, 1);
    await rowOf(page, 'server-ec.crt').click();
    await page.getByRole('button', { name: 'Export / Convert…' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Export / Convert' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page)).name).toBe('Export / Convert…');
  });

  it('walks the ASN.1 tree with arrow keys and reaches the hex pane', SLOW, async () => {
    const { page } = await app();
    await openFiles(page, ['certs/server-ec.crt']);
    await settled(page, 1);
    await rowOf(page, 'server-ec.crt').click();
    await page.getByRole('tab', { name: 'ASN.1' }).click();
    const tree = page.getByRole('tree', { name: /ASN\.1 structure/ });
    await tree.getByRole('treeitem').first().waitFor();
    // One Tab stop in the tree: the selected node (the root at first).
    const items = tree.getByRole('treeitem');
    expect(await items.evaluateAll((els) => els.filter((e) => e.getAttribute('tabindex') === '0').length)).toBe(1);
    await items.first().focus();
    expect(await items.first().getAttribute('aria-level')).toBe('1');
    expect(await items.first().getAttribute('aria-expanded')).toBe('true');
    const idOf = async () => (await focused(page)).id;
    const attr = (id: string, name: string) => page.evaluate(([i, n]) => document.getElementById(i!)!.getAttribute(n!), [id, name]);
    await page.keyboard.press('ArrowDown');
    let f = await focused(page);
    expect(f.role).toBe('treeitem');
    expect(await attr(f.id, 'aria-level')).toBe('2');
    // Left on an open node closes it; Right opens it again; Left on a closed node goes to its parent.
    const tbs = await idOf();
    expect(await attr(tbs, 'aria-expanded')).toBe('true');
    const before = await items.count();
    await page.keyboard.press('ArrowLeft');
    expect(await attr(tbs, 'aria-expanded')).toBe('false');
    expect(await items.count()).toBeLessThan(before);
    await page.keyboard.press('ArrowRight');
    expect(await attr(tbs, 'aria-expanded')).toBe('true');
    expect(await items.count()).toBe(before);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    f = await focused(page);
    expect(await attr(f.id, 'aria-level')).toBe('1');
    // The selection drives the hex highlight; Tab goes on to the hex pane, a focusable region.
    expect(await page.locator('.hex .hi').count()).toBeGreaterThan(100);
    await page.keyboard.press('Tab');
    f = await focused(page);
    expect(f.role).toBe('region');
    expect(f.name).toContain('Hex view');
  });

  it('names rows by file and folder, tells same-named files apart, and names tabs without glued counts', SLOW, async () => {
    const { page } = await app();
    await openInFolders(page, [
      { rel: 'keys/server-rsa.key', path: 'site-a/tls/server.key' },
      { rel: 'keys/server-ec.key', path: 'site-b/server.key' },
      { rel: 'keys/server-ec.key', path: 'site-c/old/server.key' },
    ]);
    await settled(page, 3);
    const labels = await page.getByTestId('item').evaluateAll((els) => els.map((e) => ({ label: e.getAttribute('aria-label'), title: e.getAttribute('title') })));
    expect(labels).toEqual([
      { label: 'server.key in site-a/tls: private key, secret, RSA 2048', title: 'site-a/tls/server.key' },
      { label: 'server.key in site-b: private key, secret, EC P-256', title: 'site-b/server.key' },
      { label: 'server.key in site-c/old: private key, secret, EC P-256', title: 'site-c/old/server.key' },
    ]);
    await page.getByTestId('item').nth(2).click();
    expect(await page.getByTestId('detail').locator('header').textContent()).toMatch(/from server\.key in site-c\/old/);

    await openFiles(page, ['certs/expired-server.crt']);
    await settled(page, 4);
    await rowOf(page, 'expired-server.crt').click();
    const findings = page.getByRole('tab', { name: /^Findings/ });
    expect(await findings.evaluate((el) => el.textContent)).toMatch(/^\s*Findings\s*\(?\d/);
    // The name a screen reader reads: "Findings (1)", never "Findings1".
    const name = await page.evaluate(() => {
      const tab = Array.from(document.querySelectorAll('[role="tab"]')).find((t) => t.textContent?.includes('Findings'))!;
      return (tab as HTMLElement).innerText.replace(/\s+/g, ' ');
    });
    expect(name).not.toMatch(/Findings\d/);
    expect(await findings.getAttribute('aria-selected')).toBe('false');
  });

  it('announces an unlock and gives the focus back to the list', SLOW, async () => {
    const { page } = await app();
    await openFiles(page, ['encrypted/pkcs8-aes256-cbc.key']);
    await settled(page, 1);
    await rowOf(page, 'pkcs8-aes256-cbc.key').click();
    const input = page.getByTestId('password-input');
    await input.fill(PASSWORD);
    await input.press('Enter');
    await page.waitForSelector('[data-testid="item"][data-encrypted="false"]');
    await expect.poll(() => page.getByTestId('announcer').textContent()).toContain('Unlocked pkcs8-aes256-cbc.key');
    await expect.poll(async () => (await focused(page)).inList).toBe(true);
    expect(await page.getByTestId('announcer').getAttribute('aria-live')).toBe('polite');
  });
});
