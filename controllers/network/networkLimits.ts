/**
 * Resource limits (loop/limits.ts) applied to a network spec before anything is allocated:
 * populations, neurons (sources included: a Poisson source of 1e9 units would allocate 8 GB
 * outside the JavaScript heap), synapses each projection's connectivity will make, and spike
 * history slots. Errors are RangeErrors starting with the spec path, located by
 * loadNetworkSpec's buildNetworkFrom like other build errors.
 */
import { checkLimit } from '../../loop/limits.js';
import type { Connectivity } from './connectivity.js';
import type { NetworkSpec } from './networkSpec.js';

/** Checks population count and total neurons of `spec`, naming the population that crosses the limit. */
export function checkPopulationLimits(spec: NetworkSpec): void {
  checkLimit('populations', spec.populations.length, 'populations', 'the network has');
  let total = 0;
  spec.populations.forEach((ps, k) => {
    const size = Number.isFinite(ps.size) && ps.size > 0 ? ps.size : 0;
    total += size;
    checkLimit('neurons', total, `populations[${k}].size`, size === total ? 'this population has' : 'with this population, the network has');
  });
}

/** Most synapses a connectivity can make between `nPre` and `nPost` neurons (before any is made). */
export function synapseBound(c: Connectivity, nPre: number, nPost: number): number {
  switch (c.kind) {
    case 'all-to-all':
      return nPre * nPost;
    case 'one-to-one':
      return Math.min(nPre, nPost);
    case 'fixed-probability':
      // The count is binomial; 6 standard deviations above the mean is never exceeded in practice.
      return Math.min(nPre * nPost, c.p * nPre * nPost + 6 * Math.sqrt(c.p * (1 - c.p) * nPre * nPost));
    case 'fixed-in-degree':
      return c.k * nPost;
    case 'fixed-out-degree':
      return c.k * nPre;
    case 'list':
      return c.pairs.length;
  }
}

/** Running synapse total of a network: `add` throws before a projection that would cross the limit is built. */
export function synapseBudget(): (c: Connectivity, nPre: number, nPost: number, where: string) => void {
  let total = 0;
  return (c, nPre, nPost, where) => {
    const n = synapseBound(c, nPre, nPost);
    total += n;
    checkLimit('synapses', total, `${where}.connectivity`, n === total ? `${c.kind} between ${nPre} and ${nPost} neurons makes up to` : `with this projection (${c.kind}, ${nPre} × ${nPost}), the network has up to`);
  };
}

/** Checks a population's spike history (size × steps of its longest outgoing delay) before allocating it. */
export function checkHistoryLimit(size: number, length: number, where: string): void {
  checkLimit('synapses', size * length, where, `its spike history (size ${size} × ${length} steps for its longest delay) needs`, 'slots (counted against the synapse limit)');
}
