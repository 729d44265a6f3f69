import type { BenchSuite } from './suite.js';

// Placeholder until the distal-reward benchmark lands (being written now); fails loudly, never reports figures.
export const distalRewardBench: BenchSuite = {
  name: 'distal',
  description: 'not implemented yet',
  run: async () => {
    throw new Error('distal benchmark not implemented yet');
  },
};
