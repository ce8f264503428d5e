import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // e2e tests start `serve` and Chromium; keep them from competing for the 2 cores with each other.
    fileParallelism: true,
    pool: 'forks',
  },
});
