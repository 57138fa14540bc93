import { defineConfig } from 'vitest/config';

/**
 * Test files that replace modules or process-wide state (vi.mock of node:fs, spies on
 * process.stdout/stderr, process.umask, Electron mocks) run each in a fresh child process. The
 * rest share their worker's module cache (`isolate: false`) in worker threads: importing core/
 * once per worker instead of once per file halves their CPU time (23 core files: 43 -> 19 s).
 */
const ISOLATED = ['test/electron/**/*.test.ts', 'test/cli/convert.test.ts', 'test/cli/generate.test.ts', 'test/cli/safe-write.test.ts', 'test/cli/schema.test.ts'];

export default defineConfig({
  test: {
    // Timeouts catch hangs, not slowness: ten times (or more) what a test or a setup takes on a
    // quiet machine, so that a busy one does not fail (test/wall-clock.ts). The slowest tests
    // and setups (building, starting Chromium, generating keys with OpenSSL) take tens of seconds.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    // Two cores: two test files at a time, across both projects.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      // One Chromium for the run's UI test files (started only when UI tests run; a global setup
      // at the root would run once per project).
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, pool: 'threads', isolate: false, globalSetup: ['test/ui/browser-setup.ts'] } },
      { extends: true, test: { name: 'isolated', include: ISOLATED, pool: 'forks', isolate: true } },
    ],
  },
});
