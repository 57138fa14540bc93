/**
 * "Try the handshake" in the window (web build, Chromium), over the handshake fixtures
 * (test/fixtures/handshake, made by make-handshake.sh with OpenSSL): a good pair would connect;
 * a key of another certificate fails at CertificateVerify with the CLI's own sentence; a
 * missing intermediate and an untrusted root give the CLI's fixes, and the chain card's failure
 * sentences appear in the walkthrough; the current step marks the files its values came from;
 * the bytes are the files' bytes; lock and key icons come with words; the verdict is announced;
 * and the whole walkthrough works from the keyboard.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, openFiles, rowOf, settled, uiSuite } from './helpers.js';
import { ensureBuilt as ensureCliBuilt, run } from '../cli/helpers.js';
import { windowWords } from '../../renderer/src/lib/words.js';
import { PATHS } from '../../renderer/src/lib/icons.js';
import { hsFile } from '../core/tls-helpers.js';

const available = chromiumAvailable('handshake walkthrough UI tests (test/ui/handshake.test.ts)');
const SLOW = { timeout: 180_000 };
const FILES = ['root-ca.crt', 'server-p256.fullchain.pem', 'server-p256.key', 'server-p256.crt', 'other-p256.key', 'client-p256.crt', 'client-p256.key'];

async function load(page: Page, names = FILES): Promise<void> {
  await openFiles(page, names.map((n) => `../handshake/files/${n}`));
  await settled(page);
}

/** Opens the walkthrough of a pair from the Relations pane and waits for its verdict. */
async function tryPair(page: Page, cert: string, key: string): Promise<void> {
  await page.getByRole('button', { name: `Try the handshake: ${cert} with ${key}` }).click();
  await verdictDone(page);
}

async function verdictDone(page: Page): Promise<{ code: string; connects: string; text: string }> {
  const v = page.locator('[data-testid="handshake-verdict"]:not([aria-busy="true"])');
  await v.waitFor({ timeout: 60_000 });
  return { code: (await v.getAttribute('data-code'))!, connects: (await v.getAttribute('data-connects'))!, text: await v.innerText() };
}

/** The CLI's walkthrough of the same files, as JSON (its sentences are the reference). */
function cli(cert: string, key: string, trusted: string[]): { verdict: { code: string; message: string; fix?: string }; steps: { id: string; summary: string; details: string[]; fix?: string }[] } {
  ensureCliBuilt();
  const args = ['handshake', '--cert', hsFile(cert), '--key', hsFile(key), ...trusted.flatMap((t) => ['--trusted', hsFile(t)]), '--json'];
  return JSON.parse(run(args).stdout);
}

const step = (page: Page, id: string) => page.locator(`[data-testid="handshake-step"][data-step="${id}"]`);
const highlighted = (page: Page) => page.locator('[data-testid="item"][data-highlighted="true"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-file')}#${e.id.split('-').pop()}`));
/** The text the window shows for a core sentence: the window's words, as the chain card uses them. */
const said = (s: string) => windowWords(s);

describe.skipIf(!available)('Try the handshake', () => {
  const { app } = uiSuite();

  it('says a good pair would connect, with steps on lanes, lock and key in icon and word, and the verdict announced', SLOW, async () => {
    const { page } = await app();
    await load(page);
    await tryPair(page, 'server-p256.fullchain.pem', 'server-p256.key');
    const v = await verdictDone(page);
    expect(v).toMatchObject({ code: 'connects', connects: 'true' });
    expect(v.text).toContain('A client would connect');
    expect(v.text).toContain('would connect to this server as server.handshake.test');
    await expect.poll(() => page.getByTestId('announcer').textContent()).toContain('a client would connect');
    await expect(page.getByTestId('handshake').textContent()).resolves.toContain('An honest simulation of the cryptography, not a TLS connection');
    // The steps are a list of headed items, in the order of the conversation.
    const ids = await page.locator('ol[aria-label="Handshake steps"] > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
    expect(ids.slice(0, 3)).toEqual(['client_hello', 'server_hello', 'key_agreement']);
    expect(ids).toContain('certificate_verify');
    expect(await page.locator('ol[aria-label="Handshake steps"] > li h3').count()).toBe(ids.length);
    // Public-key work: a lock and its word; shared-key work: a key and its word.
    const cv = step(page, 'certificate_verify');
    await expect(cv.locator('.badge', { hasText: 'asymmetric (public-key) work' }).locator('path').getAttribute('d')).resolves.toBe(PATHS.lock);
    const app1 = step(page, 'application_data');
    await expect(app1.locator('.badge', { hasText: 'symmetric (shared-key) work' }).locator('path').getAttribute('d')).resolves.toBe(PATHS.key);
    // Who sends to whom, in words for screen readers.
    await expect(cv.locator('h3').textContent()).resolves.toContain('sent by the server to the client');
    expect(await page.locator('[data-testid="handshake-step"][data-status="failed"]').count()).toBe(0);
    // The open walkthrough follows the window's profile switch.
    expect(v.text).toContain('Chain checked under Web PKI rules');
    await page.getByTestId('profile-switch').selectOption('rfc5280');
    await expect.poll(async () => (await verdictDone(page)).text).toContain('Chain checked under RFC 5280 only');
  });

  it('fails at CertificateVerify with the CLI’s sentence when the key belongs to another certificate', SLOW, async () => {
    const { page } = await app();
    await load(page);
    await tryPair(page, 'server-p256.fullchain.pem', 'server-p256.key');
    await page.getByTestId('handshake-key').selectOption({ label: 'other-p256.key: EC P-256' });
    await expect.poll(async () => (await verdictDone(page)).code).toBe('key_mismatch');
    const ref = cli('server-p256.fullchain.pem', 'other-p256.key', ['root-ca.crt']);
    const cliStep = ref.steps.find((s) => s.id === 'certificate_verify')!;
    expect(ref.verdict.code).toBe('key_mismatch');
    const cv = step(page, 'certificate_verify');
    expect(await cv.getAttribute('data-status')).toBe('failed');
    await expect(cv.innerText()).resolves.toContain(said(cliStep.summary));
    expect((await cv.getByTestId('step-fix').innerText()).trim()).toBe(`Fix: ${said(cliStep.fix!)}`);
    expect(await page.getByTestId('handshake-fix').innerText()).toBe(`Fix: ${said(ref.verdict.fix!)}`);
    // What comes after the failure is not reached, and says so.
    await expect(step(page, 'server_finished').getAttribute('data-status')).resolves.toBe('unreached');
    await expect(step(page, 'server_finished').innerText()).resolves.toContain('not reached');
    await expect.poll(() => page.getByTestId('announcer').textContent()).toContain('a client would not connect');
  });

  it('gives the fixes for a missing intermediate and an untrusted root, and the chain card’s sentences', SLOW, async () => {
    const { page } = await app();
    await load(page, [...FILES, 'expired-p256.fullchain.pem', 'expired-p256.key']);
    // server-p256.crt alone: the server would send no intermediate.
    await tryPair(page, 'server-p256.crt', 'server-p256.key');
    expect((await verdictDone(page)).code).toBe('intermediate_missing');
    let ref = cli('server-p256.crt', 'server-p256.key', ['root-ca.crt']);
    expect(ref.verdict.code).toBe('intermediate_missing');
    expect(await page.getByTestId('handshake-fix').innerText()).toBe(`Fix: ${said(ref.verdict.fix!)}`);
    expect(said(ref.verdict.fix!)).not.toContain('--');
    await page.getByTestId('handshake-close').click();

    // An expired leaf: the walkthrough's chain check says what the chain card says.
    const card = page.locator('[data-testid="chain"]', { hasText: 'expired' }).first();
    await expect.poll(() => card.getAttribute('data-status')).toBe('invalid');
    const cardSentences = (await card.locator('.issue').allInnerTexts()).map((s) => s.trim());
    expect(cardSentences.some((s) => /expired/.test(s))).toBe(true);
    await tryPair(page, 'expired-p256.fullchain.pem', 'expired-p256.key');
    expect((await verdictDone(page)).code).toBe('expired');
    const validation = await step(page, 'certificate_validation').innerText();
    for (const s of cardSentences) expect(validation).toContain(s);
    await page.getByTestId('handshake-close').click();

    // Untrust the root: the walkthrough of the full chain now stops at the client's check,
    // with the fix the CLI gives when the client trusts another root.
    await rowOf(page, 'root-ca.crt').click();
    await page.getByRole('checkbox', { name: /^Trust this root in this window/ }).click();
    await settled(page);
    await tryPair(page, 'server-p256.fullchain.pem', 'server-p256.key');
    expect((await verdictDone(page)).code).toBe('untrusted_root');
    ref = cli('server-p256.fullchain.pem', 'server-p256.key', ['other-root.crt']);
    expect(ref.verdict.code).toBe('untrusted_root');
    const fix = await page.getByTestId('handshake-fix').innerText();
    expect(fix).toBe(`Fix: ${said(ref.verdict.fix!)}`);
    expect(fix).toContain('Trust the root CA CN=Handshake Test Root CA');
    expect(fix).toContain('Trust this root in this window');
    // Trusting it again (the window's trust) turns the same walkthrough around.
    await page.getByTestId('handshake-close').click();
    await rowOf(page, 'root-ca.crt').click();
    await page.getByRole('checkbox', { name: /^Trust this root in this window/ }).click();
    await settled(page);
    await tryPair(page, 'server-p256.fullchain.pem', 'server-p256.key');
    await expect.poll(async () => (await verdictDone(page)).code).toBe('connects');
  });

  it('opens from the Summary, marks the files the current step took its values from, shows their bytes, and links to them', SLOW, async () => {
    const { page } = await app();
    await load(page);
    // The key's Summary offers the walkthrough of each certificate it belongs to.
    await rowOf(page, 'server-p256.key').click();
    const offered = page.getByTestId('detail').getByTestId('try-handshake');
    expect(await offered.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(['Try the handshake: server-p256.fullchain.pem with server-p256.key', 'Try the handshake: server-p256.crt with server-p256.key']);
    await offered.first().click();
    await verdictDone(page);
    expect(await page.getByTestId('handshake').getByRole('heading', { level: 1 }).innerText()).toContain('server-p256.fullchain.pem with server-p256.key');
    expect(await highlighted(page)).toEqual([]);
    await step(page, 'certificate_verify').locator('h3').click();
    expect(await highlighted(page)).toEqual(['server-p256.fullchain.pem#0', 'server-p256.key#0']);
    expect(await rowOf(page, 'server-p256.key').getAttribute('aria-label')).toContain('the handshake step shown uses a value from it');
    await step(page, 'certificate').locator('h3').click();
    expect(await highlighted(page)).toEqual(['server-p256.fullchain.pem#0', 'server-p256.fullchain.pem#1']);
    // Steps of the session's own keys come from no file.
    await step(page, 'key_agreement').locator('h3').click();
    expect(await highlighted(page)).toEqual([]);

    // The bytes on demand: the Certificate step's first value is the leaf's DER, as OpenSSL writes it.
    const cert = step(page, 'certificate');
    expect(await cert.locator('pre.hex').count()).toBe(0);
    await cert.getByText('Show the bytes').click();
    const hex = (await cert.locator('pre.hex').first().innerText()).replace(/\s+/g, '');
    const der = execFileSync('openssl', ['x509', '-in', hsFile('server-p256.crt'), '-outform', 'DER']).toString('hex');
    expect(hex).toBe(der);
    // A value's file is one click away: it selects the item in the list.
    await cert.getByRole('button', { name: /from server-p256\.fullchain\.pem/ }).first().click();
    expect(await page.locator('[role="option"][aria-selected="true"]').getAttribute('data-file')).toBe('server-p256.fullchain.pem');
  });

  it('works from the keyboard: opens on its title, takes a host name, marks the focused step, and gives the focus back on Escape', SLOW, async () => {
    const { page } = await app();
    await load(page);
    const opener = page.getByRole('button', { name: 'Try the handshake: server-p256.fullchain.pem with server-p256.key' });
    await opener.focus();
    await page.keyboard.press('Enter');
    await verdictDone(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('hs-title');
    // Tab to the host name, type another name, Enter runs it again.
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'handshake-host'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('handshake-host');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('wrong.handshake.test');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await verdictDone(page)).code).toBe('wrong_host');
    expect(await page.getByTestId('handshake-fix').innerText()).toContain('server.handshake.test');
    // The link to the failing step moves the focus to its heading, and the list marks its files.
    await page.getByRole('button', { name: /Go to the step that fails/ }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('hs-certificate_validation');
    // Tabbing on reaches the steps' controls; the focused step becomes the current one.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => !!document.activeElement?.closest('[data-step="certificate_verify"]'))) break;
    }
    expect(await step(page, 'certificate_verify').locator('[aria-current="step"]').count()).toBe(1);
    expect(await highlighted(page)).toEqual(['server-p256.fullchain.pem#0', 'server-p256.key#0']);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Try the handshake: server-p256.fullchain.pem with server-p256.key');
    expect(await page.getByTestId('handshake').count()).toBe(0);
    expect(await highlighted(page)).toEqual([]);
  });
});
