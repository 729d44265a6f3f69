/**
 * Counters the network step keeps beside `NetworkCounters` (monitors/counters.ts) for
 * NeuroBench-style cost metrics (Yik et al., "NeuroBench", arXiv:2304.04640):
 *  - `effectiveOps`: synaptic events delivered through a synapse whose weight is not 0 — NeuroBench's
 *    effective accumulates (Eff_ACs: binary activations × non-zero weights). `NetworkCounters.synOps`
 *    counts every existing synapse, zero weights included;
 *  - `plasticUpdates`: plastic synapses touched by the learning rule — one per pre-synaptic event
 *    arriving at a plastic synapse (depression side) and one per synapse onto a neuron that spiked
 *    (potentiation side), the unit Loihi's "energy per synaptic update" prices.
 * Integers since the last reset; a few adds per step (no per-synapse work beyond a compare).
 */
export interface SynapticCounters {
  effectiveOps: number;
  plasticUpdates: number;
}

export function createSynapticCounters(): SynapticCounters {
  return { effectiveOps: 0, plasticUpdates: 0 };
}

export function resetSynapticCounters(c: SynapticCounters): void {
  c.effectiveOps = 0;
  c.plasticUpdates = 0;
}
