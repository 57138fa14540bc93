import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // UI tests share one Chromium and one static server; keep files in parallel but bounded.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
