/**
 * Export / Convert in Chromium on the web build: each choice downloads a file that the real
 * consumers accept (OpenSSL for PFX, PKCS#8 and PEM bundles, ssh-keygen for OpenSSH keys,
 * puttygen for .ppk, python's cryptography for JWK), with the key and certificates the
 * fixtures were made from; a new password must be typed twice alike, a key in the clear must
 * be confirmed; a choice that does not apply is disabled with the writer's reason; the window
 * hands secret output to the save path as secret and zeroes its copy afterwards.
 */
import { describe, expect, it } from 'vitest';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { blockSha256, fixture as convertFixture, JWK_CHECK, ok, okAsync, opensslSpkiSha256Async, pemBlocks, SETS, sshPublic, tempDir, toolAsync, type FixtureSet } from '../core/write-helpers.js';
import { chromiumAvailable, dropFiles, FIXTURES, rowOf, settled, uiSuite } from './helpers.js';

const available = chromiumAvailable('Export / Convert UI tests (test/ui/convert.test.ts)');
const NEW = 'Correct horse 9 battery';

/** The convert fixtures' files, as paths the shared drop helper takes (relative to test/fixtures/files). */
const rel = (set: FixtureSet | string, name: string) => path.relative(FIXTURES, convertFixture(set, name));

async function load(page: Page, set: FixtureSet): Promise<void> {
  await dropFiles(page, [rel('ca', 'root.crt'), rel('ca', 'inter.crt'), rel(set, 'leaf.crt'), rel(set, 'leaf.key')]);
  await settled(page, 4);
  await page.locator('[data-testid="pair"][data-public-file="leaf.crt"][data-private-file="leaf.key"]').waitFor();
}

async function openDialog(page: Page, file: string): Promise<void> {
  await rowOf(page, file).click();
  await page.getByRole('button', { name: 'Export / Convert…' }).click();
  await page.locator('[data-choice][data-state="ok"]').first().waitFor();
  // Each choice is checked in the Worker on its own; a busy machine finishes them at different times.
  await page.waitForFunction(() => document.querySelectorAll('[data-choice][data-state="checking"]').length === 0, undefined, { timeout: 60_000 });
}

let saves = 0;

/** Chooses, fills what the choice asks for, saves, and returns the downloaded file's path and text. */
async function make(page: Page, dir: string, choice: string, opts: { password?: string; clear?: boolean } = {}): Promise<{ file: string; name: string; bytes: Buffer }> {
  await page.locator(`[data-choice="${choice}"] input`).check();
  if (opts.clear && (await page.getByTestId('mode-none').count())) await page.getByTestId('mode-none').check();
  if (opts.password !== undefined) {
    await page.getByTestId('new-password').fill(opts.password);
    await page.getByTestId('confirm-password').fill(opts.password);
  }
  if (opts.clear) await page.getByTestId('clear-ok').check();
  const save = page.getByTestId('convert-save');
  expect(await save.isEnabled()).toBe(true);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), save.click()]);
  const name = download.suggestedFilename();
  // Two saves may suggest the same name (a key's and its certificate's JWK are both leaf.jwk).
  const file = path.join(dir, `${++saves}-${choice}-${name}`);
  await download.saveAs(file);
  chmodSync(file, 0o600);
  // The dialog closed on its own after the save.
  await page.getByRole('dialog', { name: 'Export / Convert' }).waitFor({ state: 'detached' });
  return { file, name, bytes: readFileSync(file) };
}

const both = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;
const sshLine = (text: string) => text.trim().split(' ').slice(0, 2).join(' ');

/**
 * The real tools' checks of the downloads, started as each file arrives and run while the
 * window makes the next one (OpenSSL's key derivations take seconds); `all()` awaits them.
 */
function checks() {
  const running: Promise<unknown>[] = [];
  return {
    start(check: () => Promise<void>): void {
      const p = check();
      // Awaited in all(); a failure before then is not an unhandled rejection.
      p.catch(() => undefined);
      running.push(p);
    },
    all: () => Promise.all(running),
  };
}

describe.skipIf(!available)('Export / Convert in Chromium, checked by the real tools', { timeout: 300_000 }, () => {
  const { app } = uiSuite();
  const sets = SETS.filter((s) => ['rsa', 'p256', 'ed25519'].includes(s.algorithm));
  /**
   * One window per key set, its files loaded once, for that set's download tests (each choice
   * is made through the dialog and judged by the tools in each test, as on a fresh window).
   */
  const windows = new Map<string, Promise<Page>>();
  const loaded = (set: FixtureSet): Promise<Page> => {
    if (!windows.has(set.algorithm)) {
      windows.set(
        set.algorithm,
        app().then(async ({ page }) => {
          await load(page, set);
          return page;
        }),
      );
    }
    return windows.get(set.algorithm)!.then(async (page) => {
      // A test that failed half-way may have left its dialog open.
      const dialog = page.getByRole('dialog', { name: 'Export / Convert' });
      if (await dialog.count()) {
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      }
      return page;
    });
  };

  it.each(sets)('$algorithm: every choice for a key with its certificate and chain downloads what the tools accept', async (set) => {
    const page = await loaded(set);
    const dir = tempDir('pem-ui-convert-');
    const root = convertFixture('ca', 'root.crt');
    const reference = sshPublic(convertFixture(set, 'leaf.openssh'));
    const tools = checks();

    await openDialog(page, 'leaf.key');
    const pfx = await make(page, dir, 'pfx', { password: NEW });
    expect(pfx.name).toBe('leaf.pfx');
    tools.start(async () => {
      const info = both(await toolAsync('openssl', ['pkcs12', '-info', '-noout', '-in', pfx.file, '-passin', `pass:${NEW}`]));
      expect(info).toMatch(/MAC: sha256/);
      expect(info.match(/PBES2, PBKDF2, AES-256-CBC/g)?.length).toBe(2);
    });
    tools.start(async () => {
      const opened = await okAsync('openssl', ['pkcs12', '-in', pfx.file, '-nodes', '-passin', `pass:${NEW}`]);
      expect(pemBlocks(opened).filter((b) => b.label === 'CERTIFICATE').map((b) => blockSha256(b.text))).toEqual(set.chainSha256);
      expect(await opensslSpkiSha256Async(pemBlocks(opened).find((b) => b.label === 'PRIVATE KEY')!.text)).toBe(set.spkiSha256);
    });
    tools.start(async () => expect((await toolAsync('openssl', ['pkcs12', '-info', '-noout', '-in', pfx.file, '-passin', 'pass:wrong'])).status).not.toBe(0));

    await openDialog(page, 'leaf.key');
    const legacy = await make(page, dir, 'pfx-legacy', { password: NEW });
    tools.start(async () => {
      const legacyInfo = both(await toolAsync('openssl', ['pkcs12', '-info', '-noout', '-in', legacy.file, '-passin', `pass:${NEW}`]));
      expect(legacyInfo).toMatch(/MAC: sha1/);
      expect(legacyInfo.match(/pbeWithSHA1And3-KeyTripleDES-CBC/g)?.length).toBe(2);
    });
    tools.start(async () => expect(await opensslSpkiSha256Async(await okAsync('openssl', ['pkcs12', '-in', legacy.file, '-nodes', '-nocerts', '-passin', `pass:${NEW}`]))).toBe(set.spkiSha256));

    await openDialog(page, 'leaf.key');
    const clear = await make(page, dir, 'key-clear', { clear: true });
    expect(pemBlocks(clear.bytes.toString()).map((b) => b.label)).toEqual(['PRIVATE KEY']);
    tools.start(async () => expect(await opensslSpkiSha256Async(clear.bytes.toString())).toBe(set.spkiSha256));

    await openDialog(page, 'leaf.key');
    const protectedKey = await make(page, dir, 'key-new', { password: NEW });
    expect(pemBlocks(protectedKey.bytes.toString()).map((b) => b.label)).toEqual(['ENCRYPTED PRIVATE KEY']);
    tools.start(async () => expect(await opensslSpkiSha256Async(protectedKey.bytes.toString(), NEW)).toBe(set.spkiSha256));
    tools.start(async () => expect((await toolAsync('openssl', ['pkey', '-in', protectedKey.file, '-noout', '-passin', 'pass:wrong'])).status).not.toBe(0));
    tools.start(async () => expect((await toolAsync('openssl', ['pkey', '-in', protectedKey.file, '-noout', '-passin', 'pass:'])).status).not.toBe(0));

    await openDialog(page, 'leaf.key');
    const haproxy = await make(page, dir, 'haproxy', { clear: true });
    const blocks = pemBlocks(haproxy.bytes.toString());
    // Leaf, intermediate, key: the root the window trusts is not what a server sends.
    expect(blocks.map((b) => b.label)).toEqual(['CERTIFICATE', 'CERTIFICATE', 'PRIVATE KEY']);
    expect(blocks.slice(0, 2).map((b) => blockSha256(b.text))).toEqual(set.chainSha256.slice(0, 2));
    tools.start(async () => expect(await opensslSpkiSha256Async(blocks[2]!.text)).toBe(set.spkiSha256));

    await openDialog(page, 'leaf.key');
    const ssh = await make(page, dir, 'openssh', { password: NEW });
    tools.start(async () => expect(sshLine(await okAsync('ssh-keygen', ['-y', '-P', NEW, '-f', ssh.file]))).toBe(reference));
    tools.start(async () => expect((await toolAsync('ssh-keygen', ['-y', '-P', 'wrong', '-f', ssh.file])).status).not.toBe(0));

    await openDialog(page, 'leaf.crt');
    const chain = await make(page, dir, 'fullchain');
    expect(chain.name).toBe('fullchain.pem');
    expect(pemBlocks(chain.bytes.toString()).map((b) => blockSha256(b.text))).toEqual(set.chainSha256.slice(0, 2));
    tools.start(async () => expect(await okAsync('openssl', ['verify', '-CAfile', root, '-untrusted', chain.file, chain.file])).toMatch(/: OK$/m));

    await openDialog(page, 'leaf.crt');
    const line = await make(page, dir, 'openssh');
    expect(line.name).toBe('leaf.pub');
    expect(sshLine(line.bytes.toString())).toBe(reference);
    await tools.all();
  });

  for (const set of sets) it(`${set.algorithm}: PuTTY key (.ppk) with a new passphrase: puttygen finds the same public key`, async () => {
    const page = await loaded(set);
    const dir = tempDir('pem-ui-convert-');
    await openDialog(page, 'leaf.key');
    const ppk = await make(page, dir, 'ppk', { password: NEW });
    expect(ppk.name).toBe('leaf.ppk');
    const pass = path.join(dir, 'ppk-pass');
    writeFileSync(pass, NEW, { mode: 0o600 });
    expect(sshLine(ok('puttygen', [ppk.file, '--old-passphrase', pass, '-O', 'public-openssh']))).toBe(sshPublic(convertFixture(set, 'leaf.openssh')));
  });

  for (const set of sets) it(`${set.algorithm}: JWK of the key (confirmed clear) and of the certificate: python cryptography gets the same keys`, async () => {
    const page = await loaded(set);
    const dir = tempDir('pem-ui-convert-');
    await openDialog(page, 'leaf.key');
    const priv = await make(page, dir, 'jwk', { clear: true });
    await openDialog(page, 'leaf.crt');
    const pub = await make(page, dir, 'jwk');
    expect(ok('python3', ['-c', JWK_CHECK, priv.file, pub.file, convertFixture(set, 'leaf.key')])).toMatch(/^same private key; same public key/);
  });


  it('a new password must be typed twice alike, and a key in the clear must be confirmed, before Save works', async () => {
    const { page } = await app();
    await load(page, SETS.find((s) => s.algorithm === 'p256')!);
    await openDialog(page, 'leaf.key');
    const save = page.getByTestId('convert-save');
    const blocked = page.getByTestId('convert-blocked');

    await page.locator('[data-choice="key-new"] input').check();
    expect(await save.isDisabled()).toBe(true);
    await page.getByTestId('new-password').fill(NEW);
    await page.getByTestId('confirm-password').fill(`${NEW}!`);
    await page.getByTestId('password-mismatch').waitFor();
    expect(await save.isDisabled()).toBe(true);
    expect(await blocked.textContent()).toContain('must match');
    await page.getByTestId('confirm-password').fill(NEW);
    expect(await page.getByTestId('password-mismatch').count()).toBe(0);
    expect(await save.isEnabled()).toBe(true);

    await page.locator('[data-choice="key-clear"] input').check();
    await page.getByTestId('clear-warning').waitFor();
    expect(await save.isDisabled()).toBe(true);
    expect(await blocked.textContent()).toContain('without a password');
    await page.getByTestId('clear-ok').check();
    expect(await save.isEnabled()).toBe(true);

    // Choosing "no password" for an OpenSSH key brings the same warning and the same lock.
    await page.locator('[data-choice="openssh"] input').check();
    expect(await page.getByTestId('clear-warning').count()).toBe(0);
    await page.getByTestId('mode-none').check();
    await page.getByTestId('clear-warning').waitFor();
    expect(await save.isDisabled()).toBe(true);
  });

  it('hints at a new password’s strength as it is typed', async () => {
    const { page } = await app();
    await load(page, SETS.find((s) => s.algorithm === 'p256')!);
    await openDialog(page, 'leaf.key');
    await page.locator('[data-choice="key-new"] input').check();
    const hint = page.getByTestId('password-strength');
    for (const [typed, level] of [['password1', 'weak'], ['x7#Kq2!v', 'fair'], ['four unrelated words here', 'strong']] as const) {
      await page.getByTestId('new-password').fill(typed);
      await expect.poll(() => hint.getAttribute('data-level')).toBe(level);
    }
  });

  it('lists choices that do not apply as disabled, with the writer’s reason', async () => {
    const { page } = await app();
    await dropFiles(page, [rel('ca', 'root.crt'), rel('ca', 'inter.crt'), rel(SETS[0]!, 'leaf.crt')]);
    await settled(page, 3);
    await openDialog(page, 'leaf.crt');
    const reason = (id: string) => page.locator(`[data-choice="${id}"] [data-testid="choice-reason"]`).textContent();
    for (const id of ['pfx', 'pfx-legacy', 'key-clear', 'key-new', 'ppk']) {
      expect(await page.locator(`[data-choice="${id}"]`).getAttribute('data-state')).toBe('no');
      expect(await page.locator(`[data-choice="${id}"] input`).isDisabled()).toBe(true);
    }
    expect(await reason('pfx')).toMatch(/needs a private key/);
    expect(await reason('key-new')).toMatch(/needs a private key/);
    for (const id of ['fullchain', 'openssh', 'pem', 'der']) expect(await page.locator(`[data-choice="${id}"]`).getAttribute('data-state')).toBe('ok');
  });

  it('Make a PFX on a key pair card opens on that choice; Escape gives the focus back to it', async () => {
    const { page } = await app();
    await load(page, SETS[0]!);
    const button = page.getByRole('button', { name: 'Make a PFX: leaf.key with leaf.crt' });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Export / Convert' }).waitFor();
    await page.locator('[data-choice][data-state="ok"]').first().waitFor();
    // The focus starts on the chosen choice, which is the PFX.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('pfx');
    expect(await page.locator('[data-choice="pfx"] input').isChecked()).toBe(true);
    expect(await page.getByTestId('convert-for').textContent()).toMatch(/leaf\.key.*its certificate is in leaf\.crt; 2 issuers loaded/);
    // Arrow keys move among the choices; Tab reaches the form.
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('pfx-legacy');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('convert-name');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Export / Convert' }).waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Make a PFX: leaf.key with leaf.crt');
  });

  it('hands secret output to the desktop save path as secret, and zeroes the window’s copy after saving', async () => {
    const { page } = await app();
    // A stand-in for the Electron bridge that records what the window asks main to write.
    await page.evaluate(() => {
      const saved: { name: string; sensitive: boolean; copy: number[]; bytes: Uint8Array }[] = [];
      (window as unknown as Record<string, unknown>).__saved = saved;
      (window as unknown as Record<string, unknown>).pemInspector = {
        saveFile: async (r: { name: string; bytes: Uint8Array; sensitive: boolean }) => {
          saved.push({ name: r.name, sensitive: r.sensitive, copy: Array.from(r.bytes), bytes: r.bytes });
          return `/saved/${r.name}`;
        },
      };
    });
    await load(page, SETS[0]!);
    await openDialog(page, 'leaf.key');
    await page.locator('[data-choice="pfx"] input').check();
    await page.getByTestId('new-password').fill(NEW);
    await page.getByTestId('confirm-password').fill(NEW);
    await page.getByTestId('convert-save').click();
    await page.getByRole('dialog', { name: 'Export / Convert' }).waitFor({ state: 'detached' });
    const saved = await page.evaluate(() => (window as unknown as { __saved: { name: string; sensitive: boolean; copy: number[]; bytes: Uint8Array }[] }).__saved.map((s) => ({ name: s.name, sensitive: s.sensitive, size: s.copy.length, nonZero: s.copy.some((b) => b !== 0), zeroedNow: s.bytes.every((b) => b === 0) })));
    expect(saved).toEqual([{ name: 'leaf.pfx', sensitive: true, size: saved[0]!.size, nonZero: true, zeroedNow: true }]);
    expect(saved[0]!.size).toBeGreaterThan(1000);
    await expect.poll(() => page.getByTestId('status').textContent()).toContain('Saved /saved/leaf.pfx');
  });
});
