import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  // `import … from 'spikeloop'` (examples, docs) runs the sources, as tsconfig.json's paths do
  // for tsc and tsx; a user's project gets the same names from the package's exports.
  resolve: {
    alias: [
      { find: /^spikeloop$/, replacement: here('./index.ts') },
      { find: /^spikeloop\/(ros2|recording)$/, replacement: here('./bridges/$1/index.ts') },
      { find: /^spikeloop\/(loop|controllers|sim|scenarios|experiments)$/, replacement: here('./$1/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Physics and learning tests are CPU-bound; two cores, so two workers.
    maxWorkers: 2,
    // No timeout a slow, loaded machine can hit: these only catch a hang (CI's own limit is 90 min).
    testTimeout: 20 * 60_000,
    hookTimeout: 20 * 60_000,
    // The NIR reader's wall-time guard against HDF5 looping on a corrupt file (loop/limits.ts,
    // 120 s for users) is not what the suite tests outside the one test that sets its own: on a
    // starved core a worker from TypeScript sources can take minutes to start, so tests (and the
    // CLIs they spawn, which inherit it) get the hang catcher's length instead.
    env: { SPIKELOOP_MAX_READ_SECONDS: '1200' },
  },
});
