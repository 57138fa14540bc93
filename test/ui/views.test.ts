/**
 * What the window says and how it finds things, in Chromium: date badges apart from trust
 * badges, the selected certificate's chain verdict in its Summary (and the same word in its
 * row), what an item relates to with the order fix one click away, the filter over shown
 * fields, the list's views (hierarchy, sorted, expiring), and Copy as text.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chromiumAvailable, dropFiles, fixture, rowOf, settled, uiSuite, downloadedFile } from './helpers.js';

const available = chromiumAvailable('UI views tests (test/ui/views.test.ts)');
const SET = ['certs/root-ca.crt', 'certs/intermediate-ca.crt', 'certs/server-rsa.crt', 'keys/server-rsa.key', 'keys/server-ec.key', 'certs/expired-server.crt', 'certs/expired-self-signed.crt', 'csr/server-ec.csr'];
const subjectOf = (pem: string) => execFileSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'RFC2253'], { input: pem, encoding: 'utf8' }).trim();

/** Browser tests share two cores with the rest of the suite: generous, not a performance bound. */
const SLOW = { timeout: 120_000 };

describe.skipIf(!available)('what the window says, and finding things in it', () => {
  const suite = uiSuite();

  it('keeps dates apart from trust, and shows the selected certificate’s verdict with its reasons', SLOW, async () => {
    const { page } = await suite.app();
    await dropFiles(page, SET);
    await settled(page, 8);
    const badges = async (file: string) => (await rowOf(page, file).locator('.badge').allTextContents()).map((t) => t.trim());
    expect(await badges('server-rsa.crt')).toEqual(['Certificate', 'in date', 'chain valid']);
    expect(await badges('root-ca.crt')).toEqual(['Certificate', 'in date', 'trusted root']);
    const expired = await badges('expired-server.crt');
    expect(expired[1]).toMatch(/^expired \d+ (days|months|years) ago$/);
    expect(expired[2]).toBe('chain invalid');
    // A self-signed leaf: its dates may be anything, its chain is never "valid".
    expect((await badges('expired-self-signed.crt'))[2]).toBe('chain invalid');

    await rowOf(page, 'server-rsa.crt').click();
    const verdict = page.getByTestId('trust-verdict');
    expect(await verdict.getAttribute('data-state')).toBe('valid');
    // Seen as arrows; heard as "issued by" (visually hidden words between the names).
    expect((await verdict.innerText()).replace(/\s+/g, ' ')).toMatch(/www\.example\.test → (, issued by )?PEM Inspector Test Intermediate CA → (, issued by )?PEM Inspector Test Root CA \(trusted root\)/);
    // It follows the selection: the expired leaf says why its chain is invalid, in the window's date format.
    await rowOf(page, 'expired-server.crt').click();
    expect(await verdict.getAttribute('data-state')).toBe('invalid');
    expect(await verdict.innerText()).toMatch(/expired on \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    expect(await page.getByTestId('detail').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}|day\(s\)|--trusted|--untrusted/);

    // Untrusting the root turns every chain through it invalid, in the rows and the Summary alike.
    await rowOf(page, 'root-ca.crt').click();
    await page.getByLabel('Trust this root in this window').uncheck();
    await expect.poll(() => badges('server-rsa.crt')).toEqual(['Certificate', 'in date', 'chain invalid']);
    await rowOf(page, 'server-rsa.crt').click();
    expect(await verdict.getAttribute('data-state')).toBe('invalid');
    expect(await verdict.innerText()).toMatch(/is not trusted/);
  });

  it('says what an item relates to, and fixes a bundle’s order in one click', SLOW, async () => {
    const { page } = await suite.app();
    await dropFiles(page, [...SET, 'variants/fullchain-out-of-order.pem']);
    await settled(page);
    const summary = () => page.getByTestId('detail').innerText().then((t) => t.replace(/\s+/g, ' '));
    await rowOf(page, 'server-rsa.crt').click();
    expect(await summary()).toMatch(/Its private key: server-rsa\.key proven/);
    await rowOf(page, 'server-rsa.key').click();
    expect(await summary()).toMatch(/Its public half: server-rsa\.crt \(certificate www\.example\.test\) proven/);
    await rowOf(page, 'server-ec.key').click();
    expect(await summary()).toMatch(/Its public half: server-ec\.csr/);
    await rowOf(page, 'root-ca.crt').click();
    expect(await summary()).toContain('No private key for it is loaded.');

    await rowOf(page, 'fullchain-out-of-order.pem').click();
    const text = await summary();
    expect(text).toMatch(/Item 1 of this bundle is not the leaf \(item \d is\): the order is wrong\./);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('detail').getByRole('button', { name: 'Save in the right order' }).click()]);
    expect(download.suggestedFilename()).toBe('fullchain.pem');
    const saved = readFileSync(await downloadedFile(download), 'utf8');
    const blocks = saved.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g)!;
    const original = readFileSync(fixture('variants/fullchain-out-of-order.pem'), 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!;
    expect(blocks.length).toBe(original.length);
    // Leaf first, then each issuer: OpenSSL reads the saved file's subjects in that order.
    const subjects = blocks.map(subjectOf);
    expect(subjects[0]).toContain('CN=www.example.test');
    const issuers = blocks.map((b) => execFileSync('openssl', ['x509', '-noout', '-issuer', '-nameopt', 'RFC2253'], { input: b, encoding: 'utf8' }).trim().replace(/^issuer=/, ''));
    for (let i = 0; i + 1 < blocks.length; i++) expect(subjects[i + 1]!.replace(/^subject=/, '')).toBe(issuers[i]);
  });

  it('filters on shown fields, sorts, shows the hierarchy and the expiring view', SLOW, async () => {
    const { page } = await suite.app();
    await dropFiles(page, SET);
    await settled(page, 8);
    const files = () => page.getByTestId('item').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')!));
    const filter = page.getByLabel('Filter items');
    const fingerprint = execFileSync('openssl', ['x509', '-in', fixture('certs/intermediate-ca.crt'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).trim().split('=')[1]!;
    for (const [q, want] of [
      ['192.0.2.10', ['server-rsa.crt']],
      ['*.api.example.test', ['server-rsa.crt']],
      [fingerprint, ['intermediate-ca.crt']],
      [fingerprint.replace(/:/g, ''), ['intermediate-ca.crt']],
      ['secret', ['server-rsa.key', 'server-ec.key']],
      ['trusted root', ['root-ca.crt']],
    ] as const) {
      await filter.fill(q);
      await expect.poll(files).toEqual(want);
    }
    await filter.fill('');

    const order = page.getByLabel('Order of the list');
    await order.selectOption({ label: 'Hierarchy' });
    const tree = await page.getByTestId('item').evaluateAll((els) => els.map((e) => ({ file: e.getAttribute('data-file'), indent: parseInt((e as HTMLElement).style.paddingLeft, 10), label: e.getAttribute('aria-label') })));
    const at = (f: string) => tree.find((t) => t.file === f)!;
    expect(at('root-ca.crt').indent).toBeLessThan(at('intermediate-ca.crt').indent);
    expect(at('intermediate-ca.crt').indent).toBeLessThan(at('server-rsa.crt').indent);
    expect(tree.findIndex((t) => t.file === 'root-ca.crt')).toBeLessThan(tree.findIndex((t) => t.file === 'server-rsa.crt'));
    // The certificate's key pair is marked.
    expect(at('server-rsa.crt').label).toContain('its private key is server-rsa.key');
    expect(at('intermediate-ca.crt').label).not.toContain('its private key');

    await order.selectOption({ label: 'By expiry' });
    expect((await files())[0]).toMatch(/^expired-/);
    await order.selectOption({ label: 'By file' });
    await page.getByRole('checkbox', { name: 'Expiring within' }).check();
    await page.getByLabel('Days ahead for the expiring view').fill('0');
    await expect.poll(async () => (await files()).sort()).toEqual(['expired-self-signed.crt', 'expired-server.crt']);
    await page.getByLabel('Days ahead for the expiring view').fill('36500');
    await expect.poll(async () => (await files()).length).toBe(5);
  });

  it('copies a certificate as readable text', SLOW, async () => {
    const { page } = await suite.app();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.url()).origin });
    await dropFiles(page, ['certs/server-rsa.crt']);
    await settled(page, 1);
    await rowOf(page, 'server-rsa.crt').click();
    await page.getByRole('button', { name: 'Copy as text' }).click();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toMatch(/^Certificate\n  File: +server-rsa\.crt\n  Subject: +CN=www\.example\.test/);
    const fp = execFileSync('openssl', ['x509', '-in', fixture('certs/server-rsa.crt'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).trim().split('=')[1]!;
    expect(text).toContain(fp);
    expect(text).toContain('DNS:*.api.example.test');
    expect(text).not.toContain('-----BEGIN');
  });
});
