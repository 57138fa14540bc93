/**
 * axe-core, WCAG 2.1 A and AA, in every state of the window and in both themes: empty, each tab
 * of each kind of item, an unreadable file, the password prompt (also after a wrong password),
 * every dialog, every list view, the proof steps, the handshake walkthrough (a step marked in the
 * list, its bytes shown) and the Chain rules switch, and the Relations drawer of a narrow window.
 * Not one critical, serious or moderate violation is allowed anywhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeColourRules, axeRuleCount, axeViolations, type Violation } from './axe.js';
import { chromiumAvailable, dropFiles, ROOT, rowOf, settled, uiSuite } from './helpers.js';

const available = chromiumAvailable('axe-core UI tests (test/ui/a11y.test.ts)');
const SET = ['certs/root-ca.crt', 'certs/intermediate-ca.crt', 'certs/server-rsa.crt', 'keys/server-rsa.key', 'csr/server-ec.csr', 'encrypted/pkcs8-aes256-cbc.key', 'certs/expired-server.crt', 'broken/bad-base64.crt', 'variants/fullchain-out-of-order.pem', 'crl/intermediate-ca.crl.pem', 'ssh/id_ed25519.pub', '../formats/files/jks/store.jks'];
const TABS = ['Summary', 'Details', 'Findings', 'PEM', 'ASN.1'];

/** Every finite animation and transition has ended, then two frames were drawn (was a fixed 150 ms). */
async function drawn(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)));
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

/** The page's DOM and every element's box: what axe's rules other than the colour ones look at. */
const domAndLayout = (page: Page) =>
  page.evaluate(() => {
    const boxes = Array.from(document.querySelectorAll('*'), (e) => {
      const r = e.getBoundingClientRect();
      return `${r.x},${r.y},${r.width},${r.height}`;
    });
    return `${document.documentElement.outerHTML}\n${boxes.join(' ')}`;
  });

/**
 * Runs axe in each state reached by `step`, collecting every violation by state name. With
 * `dark` the page is in the light theme and each state is checked in the dark one too: the
 * theme is CSS colours only (app.css's light-dark(); see the test below), so after switching
 * the DOM and every box must be unchanged - then the structural rules' light verdict holds
 * for dark as well - and the colour rules run again in dark.
 */
function recorder(page: Page, dark?: { colourRules: string[] }) {
  const found: Record<string, Violation[] | string> = {};
  return {
    found,
    async check(state: string): Promise<void> {
      // Let transitions and Svelte's updates settle: axe measures colours as rendered.
      await drawn(page);
      const v = await axeViolations(page);
      if (v.length) found[state] = v;
      if (!dark) return;
      const light = await domAndLayout(page);
      await page.emulateMedia({ colorScheme: 'dark' });
      await drawn(page);
      if ((await domAndLayout(page)) !== light) found[`${state}, dark theme`] = 'the DOM or the layout differs from the light theme\'s';
      const d = await axeViolations(page, dark.colourRules);
      if (d.length) found[`${state}, dark theme`] = d;
      await page.emulateMedia({ colorScheme: 'light' });
      await drawn(page);
    },
  };
}

/** Tabs looked at per item: every tab of a certificate, the ones that differ by kind elsewhere. */
const TOUR: [string, string[]][] = [
  ['server-rsa.crt', TABS],
  ['server-rsa.key', ['Summary', 'PEM', 'ASN.1']],
  ['server-ec.csr', ['Summary', 'Details']],
  ['fullchain-out-of-order.pem', ['Summary', 'Findings']],
  ['id_ed25519.pub', ['Summary']],
];

async function everyState(page: Page, check: (state: string) => Promise<void>, width: number, full: boolean): Promise<void> {
  await check('empty');
  await dropFiles(page, SET);
  await settled(page);
  for (const [file, tabs] of full ? TOUR : TOUR.slice(0, 1)) {
    await rowOf(page, file).click();
    for (const tab of full ? tabs : ['Summary']) {
      await page.getByRole('tab', { name: tab }).click();
      if (tab === 'ASN.1') await page.waitForSelector('[role="treeitem"]');
      await check(`${file} / ${tab}`);
    }
    await page.getByRole('tab', { name: 'Summary' }).click();
  }
  if (full) await states(page, check);
  if (width < 1200) await page.getByRole('button', { name: 'Relations' }).click();
  await page.locator('[data-testid="pair"]').first().getByRole('button', { name: /^Prove/ }).click();
  await page.getByText('Proven: these are two halves of one key pair.').waitFor();
  await check(width < 1200 ? 'Relations drawer with proof steps' : 'Relations with proof steps');
  await handshakeStates(page, check);
  if (width < 1200) await page.keyboard.press('Escape');
  await rowOf(page, 'server-rsa.crt').click();
  await page.getByRole('button', { name: 'Generate…' }).click();
  await page.getByText('Advanced').click();
  await check('Generate dialog');
  await page.keyboard.press('Escape');
}

/** The walkthrough of the first pair (server-rsa.crt alone: it fails for want of its intermediate), then the other profile. */
async function handshakeStates(page: Page, check: (state: string) => Promise<void>): Promise<void> {
  await page.locator('[data-testid="pair"]').first().getByTestId('try-handshake').click();
  const verdict = page.locator('[data-testid="handshake-verdict"]:not([aria-busy="true"])');
  await verdict.waitFor({ timeout: 60_000 });
  const cv = page.locator('[data-step="certificate"]');
  await cv.locator('h3').click();
  await cv.getByText('Show the bytes').click();
  await page.locator('[data-testid="item"][data-highlighted="true"]').first().waitFor();
  await check('handshake walkthrough with a step marked and its bytes shown');
  await page.getByTestId('profile-switch').selectOption('rfc5280');
  await expect.poll(() => verdict.innerText()).toContain('RFC 5280 only');
  await check('handshake walkthrough under RFC 5280 only');
  await page.getByTestId('handshake-close').click();
  await page.getByTestId('trust-verdict').waitFor();
  await check('Summary verdict under RFC 5280 only');
  await page.getByTestId('profile-switch').selectOption('webpki');
}

async function states(page: Page, check: (state: string) => Promise<void>): Promise<void> {
  await page.locator('[data-testid="item"][data-kind="crl"]').first().click();
  await check('CRL / Summary');
  await rowOf(page, 'root-ca.crt').click();
  await check('root CA with its trust switch');
  await page.locator('[data-testid="file-error"]').first().click();
  await check('unreadable file');

  await rowOf(page, 'pkcs8-aes256-cbc.key').click();
  await check('password prompt');
  await page.getByTestId('password-input').fill('not the password');
  await page.getByTestId('password-input').press('Enter');
  await page.getByTestId('password-error').waitFor();
  await check('password prompt after a wrong password');

  for (const view of ['Hierarchy', 'By name', 'By kind', 'By expiry']) {
    await page.getByLabel('Order of the list').selectOption({ label: view });
    await check(`list view: ${view}`);
  }
  await page.getByLabel('Order of the list').selectOption({ label: 'By file' });
  await page.getByLabel('Filter items').fill('no such thing anywhere');
  await check('filter matching nothing');
  await page.getByLabel('Filter items').fill('');
  await page.getByRole('checkbox', { name: 'Expiring within' }).check();
  await check('expiring view');
  await page.getByRole('checkbox', { name: 'Expiring within' }).uncheck();

  // A keystore's prompt: store and key passwords, what is still locked, before and after the store password.
  await rowOf(page, 'store.jks').click();
  await check('keystore password prompt');
  await page.getByTestId('password-input').fill('storepass1');
  await page.getByTestId('password-input').press('Enter');
  await page.getByText('Integrity checked with the store password').waitFor();
  await check('keystore password prompt, key entry still locked');

  await convertStates(page, check);
  await rowOf(page, 'server-rsa.crt').click();
  await page.getByRole('button', { name: 'Export / Convert…' }).click();
  await page.locator('[data-choice][data-state="ok"]').first().waitFor();
  await check('Export / Convert dialog for a certificate, with disabled choices');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Clear' }).click();
  await check('Clear question');
  await page.keyboard.press('Escape');
  await rowOf(page, 'server-rsa.crt').focus();
  await page.keyboard.press('Delete');
  await check('Remove question');
  await page.keyboard.press('Escape');
}

/** The Export / Convert dialog for a key with its certificate: each choice, the password fields (mismatched), the clear-text warnings. */
async function convertStates(page: Page, check: (state: string) => Promise<void>): Promise<void> {
  await rowOf(page, 'server-rsa.key').click();
  await page.getByRole('button', { name: 'Export / Convert…' }).click();
  await page.locator('[data-choice][data-state="ok"]').first().waitFor();
  await check('Export / Convert dialog');
  const ids = await page.locator('[data-choice][data-state="ok"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-choice')!));
  expect(ids.length).toBeGreaterThan(8);
  for (const id of ids) {
    await page.locator(`[data-choice="${id}"] input`).check();
    await check(`Export / Convert: ${id}`);
  }
  await page.locator('[data-choice="key-new"] input').check();
  await page.getByTestId('new-password').fill('abc');
  await page.getByTestId('confirm-password').fill('abd');
  await page.getByTestId('password-mismatch').waitFor();
  await check('Export / Convert: weak password, mismatched confirmation');
  await page.locator('[data-choice="openssh"] input').check();
  await page.getByTestId('mode-none').check();
  await page.getByTestId('clear-warning').waitFor();
  await page.getByTestId('clear-ok').check();
  await check('Export / Convert: OpenSSH key without a password, confirmed');
  await page.keyboard.press('Escape');
}

describe.skipIf(!available)('axe-core: WCAG 2.1 A/AA in every state', () => {
  const { app } = uiSuite();

  it('finds a violation planted in the page (the check can fail)', async () => {
    const { page } = await app();
    expect(await axeRuleCount(page)).toBeGreaterThan(50);
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'faint text';
      p.style.color = '#cccccc';
      p.style.background = '#ffffff';
      document.body.append(p);
      const b = document.createElement('button');
      document.body.append(b);
    });
    const ids = (await axeViolations(page)).map((v) => v.id).sort();
    expect(ids).toEqual(['button-name', 'color-contrast']);
  });

  it('themes differ in colours only: the colour scheme picks between colours and nothing else', () => {
    // app.css's light-dark() colours as the build writes them (lightningcss): a
    // prefers-color-scheme query that only flips the --lightningcss-light/-dark switches, used
    // only as var(--lightningcss-light,COLOUR)var(--lightningcss-dark,COLOUR). No script asks.
    const assets = path.join(ROOT, 'dist/renderer/assets');
    const read = (ext: string) => readdirSync(assets).filter((f) => f.endsWith(ext)).map((f) => readFileSync(path.join(assets, f), 'utf8'));
    const css = read('.css').join('\n');
    expect(read('.js').filter((t) => t.includes('prefers-color-scheme'))).toEqual([]);
    const queries = [...css.matchAll(/@media[^{]*prefers-color-scheme[^{]*\{((?:[^{}]*\{[^{}]*\})*)\}/g)];
    expect(queries.length).toBe(css.split('prefers-color-scheme').length - 1);
    for (const q of queries) {
      const declarations = [...q[1]!.matchAll(/\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(';')).map((d) => d.trim()).filter(Boolean);
      for (const d of declarations) expect(d).toMatch(/^--lightningcss-(light|dark):\s*(initial)?$/);
    }
    const uses = [...css.matchAll(/var\(--lightningcss-(?:light|dark),([^)]*)\)/g)].map((m) => m[1]!);
    expect(uses.length + (css.match(/light-dark\(/g)?.length ?? 0)).toBeGreaterThan(20);
    for (const colour of uses) expect(colour).toMatch(/^#[0-9a-f]{3,8}$/i);
    // Every other mention of the switches sets one: nothing but colours hangs on them.
    const rest = css.replace(/var\(--lightningcss-(?:light|dark),[^)]*\)/g, '').replace(/--lightningcss-(?:light|dark):\s*(?:initial)?\s*(?=[;}])/g, '');
    expect(rest).not.toContain('lightningcss');
  });

  // Every state in both themes at a desktop size: each state is reached once, checked with every
  // rule in the light theme and, the DOM and layout unchanged, with the colour rules in the dark
  // one. The narrow sizes, with the Relations drawer, for what their layout changes (with every
  // rule in each theme).
  it('has no violations in any state, light and dark themes, 1400×900', { timeout: 300_000 }, async () => {
    const { page } = await app({ colorScheme: 'light', width: 1400, height: 900 });
    const colourRules = await axeColourRules(page);
    expect(colourRules).toEqual(expect.arrayContaining(['color-contrast', 'link-in-text-block']));
    const { found, check } = recorder(page, { colourRules });
    await everyState(page, check, 1400, true);
    expect(found).toEqual({});
  });
  for (const [scheme, width, height] of [['light', 1024, 768], ['dark', 800, 600]] as const) {
    it(`has no violations in its narrow layout, ${scheme} theme, ${width}×${height}`, { timeout: 300_000 }, async () => {
      const { page } = await app({ colorScheme: scheme, width, height });
      const { found, check } = recorder(page);
      await everyState(page, check, width, false);
      expect(found).toEqual({});
    });
  }
});
