import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Physics and learning tests are CPU-bound; two cores, so two workers.
    maxWorkers: 2,
    // No timeout a slow, loaded machine can hit: these only catch a hang (CI's own limit is 90 min).
    testTimeout: 20 * 60_000,
    hookTimeout: 20 * 60_000,
  },
});
