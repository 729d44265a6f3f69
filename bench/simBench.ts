import type { BenchSuite } from './suite.js';

// Placeholder until the sim benchmark lands (being written now); fails loudly, never reports figures.
export const simBench: BenchSuite = {
  name: 'sim',
  description: 'not implemented yet',
  run: async () => {
    throw new Error('sim benchmark not implemented yet');
  },
};
