/**
 * axe-core (WCAG 2.1 A and AA rules) run inside the page under test. The engine is evaluated
 * through the DevTools protocol, which the page's CSP does not govern: the app's own policy
 * stays as strict as users get it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** What the project promises: no violation at these levels, in any state. */
const COUNTED = new Set(['critical', 'serious', 'moderate']);

export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * The page's violations of impact moderate or worse, each with (up to five of) its elements:
 * every WCAG 2.1 A/AA rule, or only `rules` (ids among them).
 */
export async function axeViolations(page: Page, rules?: string[]): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const runOnly = rules ? { type: 'rule', values: rules } : { type: 'tag', values: TAGS };
  const result = await page.evaluate(
    (only) =>
      (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe.run(document, {
        runOnly: only,
        resultTypes: ['violations'],
      }),
    runOnly,
  );
  return result.violations
    .filter((v) => COUNTED.has(v.impact ?? ''))
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`) }));
}

/** How many rules axe ran (a control: an engine that ran nothing would find nothing). */
export async function axeRuleCount(page: Page): Promise<number> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate((tags) => (window as unknown as { axe: { getRules(t: string[]): unknown[] } }).axe.getRules(tags).length, TAGS);
}

/**
 * The WCAG 2.1 A/AA rules whose verdict depends on colours: axe's own `cat.color` category
 * (color-contrast, link-in-text-block). Every other rule looks at the DOM, names, roles and
 * layout only.
 */
export async function axeColourRules(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (tags) => (window as unknown as { axe: { getRules(t: string[]): { ruleId: string; tags: string[] }[] } }).axe.getRules(tags).filter((r) => r.tags.includes('cat.color')).map((r) => r.ruleId),
    TAGS,
  );
}
