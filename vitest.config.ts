import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Timeouts catch hangs, not slowness: ten times (or more) what a test or a setup takes on a
    // quiet machine, so that a busy one does not fail (test/wall-clock.ts). The slowest tests
    // and setups (building, starting Chromium, generating keys with OpenSSL) take tens of seconds.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    // UI tests share one Chromium and one static server; keep files in parallel but bounded.
    maxWorkers: 2,
    // One Chromium for the run's UI test files (started only when UI tests run).
    globalSetup: ['test/ui/browser-setup.ts'],
    reporters: ['default'],
  },
});
