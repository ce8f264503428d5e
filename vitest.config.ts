import { defineConfig } from 'vitest/config';

// Two projects so that only the browser tests pay for the renderer build: vitest runs a project's
// globalSetup only when at least one of its files is selected, so `npx vitest run tests/unit/x.test.ts`
// never builds the renderer, while `npm test` (and any e2e file) builds it once before the e2e files start.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], globalSetup: ['tests/global-setup.ts'] },
      },
    ],
  },
});
