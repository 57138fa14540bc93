/**
 * Hostile text in files cannot act on the window: a right-to-left override in a subject, a
 * zero-width space inside a name, a soft hyphen in a dNSName, terminal escapes in an OpenSSH
 * comment and a bidi override in a file name are all shown visibly (`<U+202E>`, `\x1b`), marked,
 * and isolated, so the app's own sentences keep their order. The files are made in the test:
 * the certificate by OpenSSL, the key line from a fixture with its comment replaced.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumAvailable, dropTexts, fixture, settled, uiSuite, ROOT } from './helpers.js';

const available = chromiumAvailable('hostile text UI tests (test/ui/hostile-text.test.ts)');
const RLO = '\u202e';
const ZWSP = '\u200b';
const SHY = '\u00ad';
/** Characters that must never reach the screen raw: controls, bidi controls, invisibles. */
const RAW = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

function hostileCertificate(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pem-hostile-'));
  try {
    const subject = `/CN=evil${RLO}gpj.exe/O=pay${ZWSP}pal`;
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-days', '30', '-utf8', '-subj', subject, '-addext', `subjectAltName=DNS:www.pay${SHY}pal.com`], { stdio: 'pipe' });
    return readFileSync(path.join(dir, 'c.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether, on screen, `first` comes before `second` in reading order (left to right, top to bottom). */
function inOrder(page: Page, selector: string, first: string, second: string): Promise<boolean> {
  return page.evaluate(
    ([sel, a, b]) => {
      const root = document.querySelector(sel!)!;
      const rectOf = (word: string) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const at = n.textContent!.indexOf(word);
          if (at < 0) continue;
          const r = document.createRange();
          r.setStart(n, at);
          r.setEnd(n, at + word.length);
          return r.getBoundingClientRect();
        }
        throw new Error(`"${word}" not found`);
      };
      const x = rectOf(a!);
      const y = rectOf(b!);
      return y.top > x.bottom - 2 || (Math.abs(y.top - x.top) < 4 && y.left > x.left);
    },
    [selector, first, second],
  );
}

/** Browser tests share two cores with the rest of the suite: generous, not a performance bound. */
const SLOW = { timeout: 120_000 };

describe.skipIf(!available)('hostile text in the window', () => {
  const { app } = uiSuite();

  it('shows controls and invisible characters visibly, isolated, and keeps the sentences in order', SLOW, async () => {
    const { page } = await app({ width: 1400, height: 900 });
    const ssh = readFileSync(fixture('ssh/id_ed25519.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
    await dropTexts(page, [
      { name: `invoice${RLO}txt.crt`, text: hostileCertificate() },
      { name: 'id_hostile.pub', text: `${ssh} ${RLO}root@host\u001b]0;pwned\u0007\n` },
    ]);
    await settled(page, 2);

    // Nothing raw anywhere people (or screen readers) read: text, tooltips, accessible names.
    const raw = await page.evaluate((re) => {
      const bad = new RegExp(re, 'u');
      const found: string[] = [];
      if (bad.test(document.body.innerText)) found.push('text');
      for (const el of Array.from(document.querySelectorAll('[title], [aria-label]'))) {
        for (const attr of ['title', 'aria-label']) {
          const v = el.getAttribute(attr);
          if (v && bad.test(v)) found.push(`${attr} of ${el.tagName}`);
        }
      }
      return found;
    }, RAW.source);
    expect(raw).toEqual([]);

    const cert = page.locator('[data-testid="item"][data-kind="certificate"]');
    await cert.click();
    const detail = page.getByTestId('detail');
    const text = (await detail.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('evil<U+202E>gpj.exe');
    expect(text).toContain('pay<U+200B>pal');
    expect(text).toContain('from invoice<U+202E>txt.crt');
    // The soft hyphen in the dNSName is shown, not swallowed.
    expect(text).toMatch(/www\.pay\S*<U\+00AD>pal\.com/);
    // Marked as such: a warning style and a tooltip naming the characters.
    const marked = detail.locator('bdi.hidden', { hasText: 'evil<U+202E>gpj.exe' }).first();
    expect(await marked.getAttribute('title')).toContain('<U+202E>');
    // The app's sentence around the subject reads in order, before and after it.
    // (OpenSSL's req -x509 makes a CA: the sentence is the root CA one.)
    expect(await inOrder(page, '[data-testid="detail"] .what', 'A root CA', 'signed')).toBe(true);
    expect(await inOrder(page, '[data-testid="detail"] .what', 'signed', 'trusted')).toBe(true);
    // Control: the same sentence with the raw override and no isolation is reordered on screen.
    await page.evaluate((rlo) => {
      const p = document.createElement('p');
      p.className = 'control-sentence';
      p.textContent = `A root CA certificate for “evil${rlo}gpj.exe”: it signed itself, so it is trusted only where someone chose to trust it.`;
      document.querySelector('[data-testid="detail"] .panel')!.prepend(p);
    }, RLO);
    expect(await inOrder(page, '.control-sentence', 'signed', 'trusted')).toBe(false);
    await page.evaluate(() => document.querySelector('.control-sentence')?.remove());

    const key = page.locator('[data-testid="item"][data-file="id_hostile.pub"]');
    await key.click();
    const keyText = (await detail.innerText()).replace(/\s+/g, ' ');
    // The title escape is harmless either way: shown as \x1b, or dropped by the reader.
    expect(keyText).toMatch(/<U\+202E>root@host(\\x1b)?\]0;pwned/);
    const shots = path.join(ROOT, 'test-results/screenshots');
    mkdirSync(shots, { recursive: true });
    await cert.click();
    await page.screenshot({ path: path.join(shots, 'hostile-text.png') });
  });
});
