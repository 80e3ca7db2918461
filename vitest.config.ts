import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests and the 1M-operation replay take a few seconds each on 2 cores.
    testTimeout: 120_000,
    pool: 'forks',
  },
});
