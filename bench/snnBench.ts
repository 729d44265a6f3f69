import type { BenchSuite } from './suite.js';

// Placeholder until the snn benchmark lands (being written now); fails loudly, never reports figures.
export const snnBench: BenchSuite = {
  name: 'snn',
  description: 'not implemented yet',
  run: async () => {
    throw new Error('snn benchmark not implemented yet');
  },
};
