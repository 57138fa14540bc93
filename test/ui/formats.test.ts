/**
 * The window's part of the new formats, in Chromium on the web build: each new kind dropped
 * (Java keystores, Kubernetes Secrets, lists and kubeconfigs, wrapped text) gives the rows its
 * fixture manifest says (kind, sensitivity, lock, location shown in the row) once the password
 * prompt has taken the store and key passwords one at a time; the prompt says what is still
 * locked; pairs form across containers (a kubeconfig's client certificate and key, a keystore's
 * key and its chain, a JWK and its x5c certificate, a .ppk and the same key's public PEM).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumAvailable, dropFiles, FIXTURES, ROOT, rowOf, settled, uiSuite } from './helpers.js';

const available = chromiumAvailable('new formats UI tests (test/ui/formats.test.ts)');

interface Want { kind: string; sensitivity: string; encrypted?: boolean; location?: string }
interface FormatsManifest { files: Record<string, { passwords?: string[]; unordered?: boolean; items: Want[] }> }
const FORMATS = path.join(ROOT, 'test/fixtures/formats');
const formats = JSON.parse(readFileSync(path.join(FORMATS, 'manifest.json'), 'utf8')) as FormatsManifest;
const UI = path.join(ROOT, 'test/fixtures/uiconvert');
const ui = JSON.parse(readFileSync(path.join(UI, 'manifest.json'), 'utf8')) as { passphrase: string; ec: { ppk: string; encryptedPpk: string; publicPem: string }; jwk: { file: string } };
const formatsRel = (p: string) => path.relative(FIXTURES, path.join(FORMATS, 'files', p));
const uiRel = (p: string) => path.relative(FIXTURES, path.join(UI, 'files', p));

/** One of each new kind, with unique base names (data-file identifies a file by its name). */
const SET = ['jks/store.jks', 'jks/store.jceks', 'jks/truststore.jks', 'jks/keytool.p12', 'kubernetes/tls-secret.yaml', 'kubernetes/list.json', 'kubernetes/multi.yaml', 'kubernetes/kubeconfig.yaml', 'kubeadm/admin.conf', 'wrapped/client.utf16be.key', 'wrapped/server-chain.pem.b64'];

async function rowsOf(page: Page, file: string): Promise<Want[]> {
  return page.locator(`[data-testid="item"][data-file="${file}"]`).evaluateAll((els) =>
    els.map((e) => ({ kind: e.getAttribute('data-kind')!, sensitivity: e.getAttribute('data-sensitivity')!, encrypted: e.getAttribute('data-encrypted') === 'true', location: e.getAttribute('data-location') ?? undefined, shown: e.querySelector('[data-testid="item-location"]')?.textContent ?? undefined })),
  ).then((rows) => rows.map(({ shown, ...r }) => ({ ...r, location: shown === r.location ? r.location : `${r.location} (row shows ${shown})` })));
}

const key = (w: Want) => JSON.stringify([w.kind, w.sensitivity, w.encrypted ?? false, w.location ?? null]);

/** Gives the prompt each password in turn, waiting for every try to finish. */
async function givePasswords(page: Page, file: string, passwords: string[]): Promise<void> {
  await rowOf(page, file).click();
  for (const pw of passwords) {
    const input = page.getByTestId('password-input');
    if ((await input.count()) === 0) break;
    await input.fill(pw);
    await input.press('Enter');
    await page.waitForFunction(() => !document.querySelector('[data-testid="password-input"][disabled]'));
  }
}

describe.skipIf(!available)('the new formats in the window', { timeout: 240_000 }, () => {
  const { app } = uiSuite();

  it('drops each new kind and shows the rows the manifest says, locations included, after the passwords are given one at a time', async () => {
    const { page } = await app();
    await dropFiles(page, SET.map(formatsRel));
    await settled(page);
    for (const rel of SET) {
      const want = formats.files[rel]!;
      const file = path.basename(rel);
      if (want.passwords) await givePasswords(page, file, want.passwords);
      await page.waitForSelector('[data-testid="status"][data-busy="false"]');
      const got = (await rowsOf(page, file)).map((r) => ({ ...r, encrypted: r.encrypted }));
      const expected = want.items.map((w) => ({ kind: w.kind, sensitivity: w.sensitivity, encrypted: w.encrypted ?? false, location: w.location }));
      if (want.unordered) expect({ file: rel, rows: got.map(key).sort() }).toEqual({ file: rel, rows: expected.map(key).sort() });
      else expect({ file: rel, rows: got }).toEqual({ file: rel, rows: expected });
    }
    // Relations across containers: the kubeconfig's client certificate and key, the keystore's key and its chain.
    await settled(page);
    expect(await page.locator('[data-testid="pair"][data-public-file="kubeconfig.yaml"][data-private-file="kubeconfig.yaml"]').count()).toBe(1);
    expect(await page.locator('[data-testid="pair"][data-public-file="admin.conf"][data-private-file="admin.conf"]').count()).toBe(1);
    expect(await page.locator('[data-testid="pair"][data-public-file="store.jks"][data-private-file="store.jks"]').count()).toBeGreaterThanOrEqual(1);
  });

  it('takes a keystore’s store and key passwords one at a time and says what is still locked', async () => {
    const { page } = await app();
    await dropFiles(page, [formatsRel('jks/store.jks')]);
    await settled(page, 4);
    const key = page.locator('[data-testid="item"][data-file="store.jks"][data-kind="private-key"]');
    expect(await key.getAttribute('data-encrypted')).toBe('true');
    await rowOf(page, 'store.jks').click();
    const state = page.getByTestId('lock-state');
    expect(await state.textContent()).toContain('Integrity not checked yet');
    expect(await page.getByTestId('still-locked').textContent()).toContain('alias "server" (private key entry)');

    const input = page.getByTestId('password-input');
    await input.fill('not the password');
    await input.press('Enter');
    await page.getByTestId('password-error').waitFor();
    expect(await page.getByTestId('password-error').textContent()).toContain('opens nothing more');

    await input.fill('storepass1');
    await input.press('Enter');
    await expect.poll(() => state.textContent()).toContain('Integrity checked with the store password');
    expect(await page.getByTestId('still-locked').textContent()).toContain('alias "server" (private key entry)');
    expect(await key.getAttribute('data-encrypted')).toBe('true');
    // The focus stays in the prompt for the next password.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('password-input');

    await input.fill('keypass1');
    await input.press('Enter');
    await expect.poll(() => key.getAttribute('data-encrypted')).toBe('false');
    await expect.poll(() => page.getByTestId('password-prompt').count()).toBe(0);
    await settled(page, 4);
    expect(await page.locator('[data-testid="pair"][data-public-file="store.jks"][data-private-file="store.jks"]').count()).toBeGreaterThanOrEqual(1);
  });

  it('a JCEKS secret key’s ASN.1 tab shows what its fingerprint is of — never the key, never a DER error', async () => {
    const { page } = await app();
    await dropFiles(page, [formatsRel('jks/store.jceks')]);
    await settled(page);
    const secrets = page.locator('[data-testid="item"][data-file="store.jceks"][data-kind="secret-key"]');
    expect(await secrets.count()).toBeGreaterThan(0);
    await secrets.first().click();
    await page.getByRole('tab', { name: 'ASN.1' }).click();
    const panel = page.locator('#tabpanel');
    await panel.getByText('no ASN.1 structure to show').waitFor();
    const described = JSON.parse((await panel.locator('pre.described').textContent())!) as Record<string, unknown>;
    expect(described.keystore).toBe('jceks');
    expect(described.sealedSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await panel.locator('.sev-error').count()).toBe(0);
  });

  it('pairs a .ppk with the same key’s public PEM, and unlocks an encrypted .ppk through the prompt', async () => {
    const { page } = await app();
    await dropFiles(page, [uiRel(ui.ec.ppk), uiRel(ui.ec.publicPem), uiRel(ui.ec.encryptedPpk)]);
    await settled(page, 3);
    expect(await page.locator(`[data-testid="pair"][data-public-file="${ui.ec.publicPem}"][data-private-file="${ui.ec.ppk}"]`).count()).toBe(1);
    const locked = page.locator(`[data-testid="item"][data-file="${ui.ec.encryptedPpk}"]`);
    expect(await locked.getAttribute('data-encrypted')).toBe('true');
    await givePasswords(page, ui.ec.encryptedPpk, [ui.passphrase]);
    await expect.poll(() => locked.getAttribute('data-encrypted')).toBe('false');
    await settled(page, 3);
    expect(await page.locator(`[data-testid="pair"][data-public-file="${ui.ec.publicPem}"][data-private-file="${ui.ec.encryptedPpk}"]`).count()).toBe(1);
  });

  it('pairs a JWK private key with its x5c certificate', async () => {
    const { page } = await app();
    await dropFiles(page, [uiRel(ui.jwk.file)]);
    await settled(page);
    const rows = await rowsOf(page, ui.jwk.file);
    expect(rows.map((r) => r.kind).sort()).toEqual(['certificate', 'private-key']);
    expect(await page.locator(`[data-testid="pair"][data-public-file="${ui.jwk.file}"][data-private-file="${ui.jwk.file}"]`).count()).toBe(1);
  });


  it('names the new kinds in the empty state and the drop overlay', async () => {
    const { page } = await app();
    const empty = await page.getByRole('region', { name: 'Getting started' }).textContent();
    for (const word of ['Java keystores', 'Kubernetes Secrets', 'kubeconfigs', 'JWK', 'PuTTY']) expect(empty).toContain(word);
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'x.pem'));
      document.body.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
    });
    const overlay = page.locator('.overlay');
    await overlay.waitFor();
    const text = await overlay.textContent();
    for (const word of ['Java keystores', 'Kubernetes Secrets', 'kubeconfigs', 'JWK', 'PuTTY']) expect(text).toContain(word);
  });
});
