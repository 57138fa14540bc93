/**
 * The window's verification profile switch (toolbar "Chain rules"), over the profile fixtures
 * (test/fixtures/chains/profiles, made by make-profiles.py with python cryptography; see its
 * manifest): a leaf without an authority key identifier is valid under Web PKI rules (the
 * missing AKI is a finding) and invalid under RFC 5280 only. Every verdict of the window
 * follows the one switch: the chain card, the list's trust badge, the Summary's verdict and the
 * filter's words; a chain valid under both stays valid. Each verdict names its profile.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, openFiles, rowOf, settled, uiSuite, ROOT } from './helpers.js';

const available = chromiumAvailable('profile switch UI tests (test/ui/profiles.test.ts)');
const SLOW = { timeout: 180_000 };
const DIR = path.join(ROOT, 'test/fixtures/chains/profiles');

interface Case { name: string; leaf: string; trusted: string[]; untrusted: string[]; webpki: { valid: boolean; codes?: string[]; findings?: string[] }; rfc5280: { valid: boolean; codes?: string[] } }
const cases = (JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { cases: Case[] }).cases;
const byLeaf = (leaf: string) => cases.find((c) => c.leaf === leaf)!;

/** The list's trust badge of a file's first item. */
const badge = (page: Page, file: string) => rowOf(page, file).locator('.badge', { hasText: /chain|trusted/ }).innerText();
/** Files whose rows the filter keeps. */
const kept = (page: Page) => page.locator('[data-testid="item"]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-file')))].sort());

describe.skipIf(!available)('the Chain rules switch', () => {
  const { app } = uiSuite();

  it('turns a chain that differs between the profiles, and every verdict of the window follows it', SLOW, async () => {
    // The manifest says what each profile must answer for these files (the test relies on it).
    expect(byLeaf('leaf-no-aki')).toMatchObject({ trusted: ['root'], untrusted: [], webpki: { valid: true, findings: ['aki_missing'] }, rfc5280: { valid: false, codes: ['profile'] } });
    expect(byLeaf('leaf')).toMatchObject({ webpki: { valid: true }, rfc5280: { valid: true } });
    const { page } = await app();
    await openFiles(page, ['root.pem', 'inter.pem', 'leaf.pem', 'leaf-no-aki.pem'].map((f) => `../chains/profiles/${f}`));
    await settled(page);
    // leaf.pem's chain runs through the intermediate; leaf-no-aki.pem's goes straight to the root.
    const viaInter = page.locator('[data-testid="chain"]', { hasText: 'Profiles Intermediate' });
    const direct = page.locator('[data-testid="chain"]', { hasNotText: 'Profiles Intermediate' });
    expect(await page.getByTestId('profile-switch').inputValue()).toBe('webpki');

    // Web PKI rules: both leaves valid; the missing AKI is a finding, apart from the verdict.
    expect(await badge(page, 'leaf-no-aki.pem')).toBe('chain valid');
    expect(await badge(page, 'leaf.pem')).toBe('chain valid');
    await rowOf(page, 'leaf-no-aki.pem').click();
    const verdict = page.getByTestId('trust-verdict');
    expect(await verdict.getAttribute('data-state')).toBe('valid');
    expect(await page.getByTestId('verdict-profile').innerText()).toMatch(/^Web PKI rules: /);
    const findings = page.getByTestId('verdict-findings');
    await findings.locator('summary').click();
    expect(await findings.innerText()).toContain('has no authority key identifier, which RFC 5280 requires');
    expect(await findings.innerText()).toContain('not part of the verdict');
    // The verdict's own reasons (outside the findings): none.
    expect(await verdict.locator(':scope > .reasons').count()).toBe(0);
    const cards = page.locator('[data-testid="chain"]');
    expect(await cards.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-profile')}:${e.getAttribute('data-status')}`))).toEqual(['webpki:valid', 'webpki:valid']);
    expect(await direct.innerText()).toContain('Checked by Web PKI rules');
    await direct.getByTestId('chain-findings').locator('summary').click();
    expect(await direct.getByTestId('chain-findings').innerText()).toContain('has no authority key identifier');
    await page.getByLabel('Filter items').fill('chain invalid');
    expect(await kept(page)).toEqual([]);
    await page.getByLabel('Filter items').fill('');

    // RFC 5280 only: the same certificates, the other verdict, everywhere at once.
    await page.getByTestId('profile-switch').selectOption({ label: 'RFC 5280 only' });
    await expect.poll(() => badge(page, 'leaf-no-aki.pem')).toBe('chain invalid');
    expect(await badge(page, 'leaf.pem')).toBe('chain valid');
    expect(await verdict.getAttribute('data-state')).toBe('invalid');
    expect(await page.getByTestId('verdict-profile').innerText()).toMatch(/^RFC 5280 only: /);
    expect(await verdict.locator(':scope > .reasons').first().innerText()).toContain('has no authority key identifier, which RFC 5280 requires');
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-profile')))).toEqual(['rfc5280', 'rfc5280']);
    expect(await direct.innerText()).toContain('Checked by RFC 5280 only');
    expect(await direct.getAttribute('data-status')).toBe('invalid');
    expect(await direct.innerText()).toContain('chain invalid: breaks a profile rule');
    expect(await viaInter.getAttribute('data-status')).toBe('valid');
    await page.getByLabel('Filter items').fill('chain invalid');
    expect(await kept(page)).toEqual(['leaf-no-aki.pem']);
    await page.getByLabel('Filter items').fill('');

    // And back.
    await page.getByTestId('profile-switch').selectOption('webpki');
    await expect.poll(() => badge(page, 'leaf-no-aki.pem')).toBe('chain valid');
    expect(await verdict.getAttribute('data-state')).toBe('valid');
  });
});
