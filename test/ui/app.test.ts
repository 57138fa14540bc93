/**
 * The web build in Chromium: real fixture files opened and dropped, rows checked against the
 * fixture manifest, pairs, chains, details, unlocking, export, keyboard and the no-network rule.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../cli/helpers.js';
import { appWorker, chromiumAvailable, dropFiles, NOTHING_STORED, openFiles, settled, storedTraces, uiSuite, ROOT, downloadedFile } from './helpers.js';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/manifest.json'), 'utf8')) as Manifest;
const PASSWORD = manifest.password;
const base = (p: string) => path.basename(p);

const available = chromiumAvailable('UI tests (test/ui/app.test.ts)');

// Browser tests share two cores with the rest of the suite: a generous timeout, not a performance bound.
describe.skipIf(!available)('web UI in Chromium', { timeout: 120_000 }, () => {
  // Every page opened by these tests must stay on the local server and meet no CSP error.
  const { app } = uiSuite();

  it('shows the empty state, idle and with nothing loaded', async () => {
    const { page } = await app();
    const status = page.getByTestId('status');
    expect(await status.getAttribute('data-busy')).toBe('false');
    expect(await status.getAttribute('data-items')).toBe('0');
    await expect.poll(() => page.textContent('body')).toContain('Nothing leaves this machine');
    expect(await page.getByTestId('item').count()).toBe(0);
  });

  it('starts its Worker and the file readers while idle, before anything is dropped', async () => {
    const { page } = await app();
    const worker = await appWorker(page);
    // The readers' chunk (core/parse.ts) is fetched by the Worker itself, with nothing loaded yet.
    const fetched = () => worker.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop() ?? ''));
    await expect.poll(async () => (await fetched()).some((n) => /^parse-[\w-]+\.js$/.test(n)), { timeout: 60_000 }).toBe(true);
    expect(await page.getByTestId('status').getAttribute('data-items')).toBe('0');
  });

  it('opens every fixture file through the Open input with the rows the manifest expects', async () => {
    const { page } = await app();
    // Base names must be unique for data-file to identify a file.
    const counts = new Map<string, number>();
    for (const f of manifest.files) counts.set(base(f.path), (counts.get(base(f.path)) ?? 0) + 1);
    const files = manifest.files.filter((f) => counts.get(base(f.path)) === 1);
    expect(files.length).toBeGreaterThan(40);
    await openFiles(page, files.map((f) => f.path));
    const total = files.reduce((n, f) => n + f.items.length, 0);
    await settled(page, total);
    const rows = await page.getByTestId('item').evaluateAll((els) =>
      els.map((e) => ({ file: e.getAttribute('data-file'), kind: e.getAttribute('data-kind'), sensitivity: e.getAttribute('data-sensitivity'), encrypted: e.getAttribute('data-encrypted') })),
    );
    const errorFiles = new Set(await page.getByTestId('file-error').evaluateAll((els) => els.map((e) => e.getAttribute('data-file'))));
    expect(rows.length).toBe(total);
    for (const f of files) {
      const got = rows.filter((r) => r.file === base(f.path)).map(({ kind, sensitivity, encrypted }) => ({ kind, sensitivity, encrypted }));
      const want = f.items.map((i) => ({ kind: i.kind, sensitivity: i.sensitivity, encrypted: String(i.encrypted) }));
      expect({ file: f.path, rows: got }).toEqual({ file: f.path, rows: want });
      if (f.error) expect({ file: f.path, error: errorFiles.has(base(f.path)) }).toEqual({ file: f.path, error: true });
    }
    expect(await page.getByTestId('status').getAttribute('data-items')).toBe(String(rows.length));
  });

  it('finds the pair and a valid chain among dropped files, and does not duplicate a second drop', async () => {
    const { page } = await app();
    const set = ['certs/root-ca.crt', 'certs/intermediate-ca.crt', 'certs/server-rsa.crt', 'keys/server-rsa.key'];
    await dropFiles(page, set);
    await settled(page, 4);
    const pair = page.locator('[data-testid="pair"][data-public-file="server-rsa.crt"][data-private-file="server-rsa.key"]');
    expect(await pair.count()).toBe(1);
    expect(await page.locator('[data-testid="chain"][data-status="valid"]').count()).toBeGreaterThanOrEqual(1);

    await dropFiles(page, ['certs/server-rsa.crt', 'certs/server-ec.crt']);
    await settled(page, 5);
    expect(await page.locator('[data-testid="item"][data-file="server-rsa.crt"]').count()).toBe(1);

    // Without trusting the root, the same chain is not valid and says why.
    await page.locator('[data-testid="item"][data-file="root-ca.crt"]').click();
    await page.getByLabel('Trust this root in this window').uncheck();
    await page.waitForSelector('[data-testid="chain"][data-status="invalid"]');
    expect(await page.locator('[data-testid="chain"][data-status="valid"]').count()).toBe(0);
  });

  it('proves a key pair step by step', async () => {
    const { page } = await app();
    await dropFiles(page, ['certs/server-rsa.crt', 'keys/server-rsa.key']);
    await settled(page, 2);
    await page.getByTestId('pair').getByRole('button', { name: 'Prove' }).click();
    const pair = page.getByTestId('pair');
    await expect.poll(() => pair.textContent()).toContain('Proven: these are two halves of one key pair.');
    const text = (await pair.textContent()) ?? '';
    expect(text).toContain('Signed it with the private key');
    expect(text).toContain('Decrypted it with the private key');
  });

  it('shows a selected certificate in detail', async () => {
    const { page } = await app();
    await openFiles(page, ['certs/server-rsa.crt', 'keys/server-rsa.key']);
    await settled(page, 2);
    await page.locator('[data-testid="item"][data-file="server-rsa.crt"]').click();
    const detail = page.getByTestId('detail');
    expect(await detail.textContent()).toContain('A certificate for “www.example.test”');
    expect(await detail.textContent()).toContain('A CA’s signature vouches');
    await page.getByRole('tab', { name: 'Details' }).click();
    expect(await detail.textContent()).toContain('Fingerprints');
    expect(await detail.textContent()).toMatch(/SHA-256[\s\S]*([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    await page.getByRole('tab', { name: 'ASN.1' }).click();
    await page.waitForSelector('[role="tree"] [role="treeitem"]');
    expect(await page.locator('.hex .hi').count()).toBeGreaterThan(100);
    await page.getByRole('tab', { name: 'PEM' }).click();
    expect(await detail.textContent()).toContain('-----BEGIN CERTIFICATE-----');

    await page.locator('[data-testid="item"][data-file="server-rsa.key"]').click();
    await page.getByRole('tab', { name: 'Summary' }).click();
    expect(await detail.textContent()).toMatch(/Private key\s· secret/);
    expect(await detail.textContent()).toContain('Whoever holds a private key can impersonate its owner');
  });

  it('unlocks an encrypted key: a wrong password keeps the prompt, the right one opens it', async () => {
    const { page, logs } = await app();
    const file = 'encrypted/pkcs8-aes256-cbc.key';
    await openFiles(page, [file]);
    await settled(page, 1);
    const row = page.locator(`[data-testid="item"][data-file="${base(file)}"]`);
    expect(await row.getAttribute('data-encrypted')).toBe('true');
    await row.click();
    const input = page.getByTestId('password-input');
    await input.fill('not-the-password');
    await input.press('Enter');
    await expect.poll(() => page.textContent('body')).toContain('That password does not open this file');
    expect(await page.getByTestId('password-input').count()).toBe(1);
    expect(await row.getAttribute('data-encrypted')).toBe('true');

    await page.getByTestId('password-input').fill(PASSWORD);
    await page.getByTestId('password-input').press('Enter');
    await page.waitForSelector(`[data-testid="item"][data-file="${base(file)}"][data-encrypted="false"]`);
    expect(await page.getByTestId('password-input').count()).toBe(0);
    // Nothing unlocked is persisted: no storage of any kind holds anything (a theme choice at most),
    // and neither the password nor the key reached the console.
    const stored = await storedTraces(page);
    expect(stored).toMatchObject(NOTHING_STORED);
    expect([null, 'light', 'dark', 'system']).toContain(stored.theme);
    expect(logs.join('\n')).not.toContain(PASSWORD);
  });

  it('exports the selected certificate as a download', async () => {
    const { page } = await app();
    await openFiles(page, ['certs/server-ec.crt']);
    await settled(page, 1);
    await page.locator('[data-testid="item"][data-file="server-ec.crt"]').click();
    await page.getByRole('button', { name: 'Export / Convert…' }).click();
    await page.locator('[data-choice="pem"] input').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('convert-save').click()]);
    expect(download.suggestedFilename()).toBe('server-ec.crt');
    const saved = await downloadedFile(download);
    expect(readFileSync(saved, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
  });

  it('filters rows and supports arrow keys and Delete in the list', async () => {
    const { page } = await app();
    await openFiles(page, ['certs/server-ec.crt', 'keys/server-ec.key', 'certs/root-ca.crt']);
    await settled(page, 3);
    await page.getByLabel('Filter items').fill('private');
    expect(await page.getByTestId('item').count()).toBe(1);
    await page.getByLabel('Filter items').fill('');
    expect(await page.getByTestId('item').count()).toBe(3);

    await page.locator('[data-testid="item"][data-file="server-ec.crt"]').click();
    await page.getByRole('listbox').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[data-testid="item"][aria-selected="true"]').getAttribute('data-file')).toBe('server-ec.key');
    await page.keyboard.press('Delete');
    // Delete asks first; the question's main button has the focus, so Enter confirms.
    await page.getByRole('alertdialog', { name: 'Remove this file?' }).waitFor();
    await page.keyboard.press('Enter');
    await settled(page, 2);
    expect(await page.locator('[data-testid="item"][data-file="server-ec.key"]').count()).toBe(0);
  });

  it('shows file-error with the sentence for broken files, next to good ones', async () => {
    const { page } = await app();
    const broken = manifest.files.filter((f) => f.error).slice(0, 4);
    expect(broken.length).toBeGreaterThan(0);
    await dropFiles(page, [...broken.map((f) => f.path), 'certs/server-ec.crt']);
    await settled(page, 1);
    for (const f of broken) {
      const err = page.locator(`[data-testid="file-error"][data-file="${base(f.path)}"]`);
      expect(await err.count()).toBe(1);
      expect(((await err.textContent()) ?? '').trim().length).toBeGreaterThan(10);
    }
  });

  it('shows the drop overlay while dragging, reads pasted PEM text and loads the samples', async () => {
    const { page } = await app();
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'x.pem'));
      document.body.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
    });
    await page.getByText('Drop to inspect — nothing leaves this computer').waitFor();
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'x.pem'));
      document.body.dispatchEvent(new DragEvent('dragleave', { bubbles: true, cancelable: true, dataTransfer: dt }));
    });
    await page.getByText('Drop to inspect — nothing leaves this computer').waitFor({ state: 'detached' });

    const pem = readFileSync(path.join(ROOT, 'test/fixtures/files/certs/server-ec.crt'), 'utf8');
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      document.body.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt }));
    }, pem);
    await settled(page, 1);
    expect(await page.locator('[data-testid="item"][data-file="pasted-1.pem"][data-kind="certificate"]').count()).toBe(1);

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('button', { name: 'Clear everything' }).click();
    await settled(page, 0);
    await page.getByRole('button', { name: 'Load samples' }).click();
    await page.waitForSelector('[data-testid="item"]');
    await settled(page);
    expect(Number(await page.getByTestId('status').getAttribute('data-items'))).toBeGreaterThanOrEqual(4);
    expect(await page.locator('[data-testid="item"][data-kind="private-key"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="chain"][data-status="valid"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('pair').count()).toBeGreaterThan(0);
  });

  it('generates a key pair into the workspace and saves all files', async () => {
    const { page } = await app();
    await page.getByRole('button', { name: 'Generate…' }).click();
    await page.getByRole('radio', { name: /Key pair/ }).check();
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.waitForSelector('[data-testid="item"][data-file="keypair.key"][data-kind="private-key"][data-sensitivity="private"]');
    await settled(page);
    expect(await page.locator('[data-testid="pair"][data-private-file="keypair.key"]').count()).toBeGreaterThan(0);
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await page.getByRole('button', { name: /^Save all/ }).click();
    await expect.poll(() => downloads.slice().sort()).toEqual(['keypair.key', 'keypair.pub', 'keypair.pub.pem']);
  });

  it('keeps a list of more than 500 items scrollable without rendering every row', async () => {
    const { page } = await app();
    const pem = readFileSync(path.join(ROOT, 'test/fixtures/files/certs/server-ec.crt'), 'utf8');
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text.repeat(600)], 'many.pem'));
      document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    }, pem);
    await settled(page, 600);
    const rendered = await page.getByTestId('item').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(200);
    await page.getByRole('listbox').focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('[data-testid="item"][aria-selected="true"]').count()).toBe(1);
    expect(await page.getByTestId('detail').textContent()).toContain('item 600 of 600');
  });
});
