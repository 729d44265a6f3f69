import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Physics and learning tests are CPU-bound; two cores, so two workers.
    maxWorkers: 2,
    testTimeout: 120_000,
  },
});
