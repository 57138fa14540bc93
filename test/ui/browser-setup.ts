/**
 * vitest globalSetup: one Chromium for every UI test file of the run (each file connects to it
 * and opens its own contexts), instead of a browser started and stopped per file. Started only
 * when the run includes a UI test file and Chromium is here; otherwise a file launches its own
 * (or skips or fails, as chromiumAvailable() decides).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumWsEndpoint: string;
  }
}

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Whether the command line's file filters (none: every file) select a UI test file. */
function runsUiTests(root: string, filters: string[]): boolean {
  if (!filters.length) return true;
  const ui = readdirSync(path.join(root, 'test/ui')).filter((n) => n.endsWith('.test.ts')).map((n) => `test/ui/${n}`);
  return ui.some((f) => filters.some((x) => f.includes(x.replace(/^\.\//, ''))));
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  project.provide('chromiumWsEndpoint', '');
  // The file filters of `vitest run [filter...]` (a guess from argv: a wrong one only costs a
  // Chromium start, here or in each file).
  const filters = process.argv.slice(2).filter((a, i, all) => !a.startsWith('-') && !['run', 'watch', 'related'].includes(a) && !(all[i - 1] ?? '').match(/^--[\w-]+$/));
  if (!existsSync(CHROMIUM) || !runsUiTests(project.config.root, filters)) return undefined;
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  project.provide('chromiumWsEndpoint', server.wsEndpoint());
  return () => server.close();
}
