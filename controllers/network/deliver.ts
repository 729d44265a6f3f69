/**
 * Event-driven delivery: at step t, every spike a pre neuron emitted d steps ago reaches the
 * synapses of delay d — exactly one CSR segment per (spike, delay) — and adds its weight to
 * the post population's input accumulator. Pre-side plasticity runs on the same walk.
 * Returns the number of synaptic events (synaptic operations, zero weights included) and adds
 * the events through non-zero weights (NeuroBench's effective operations) and, on a plastic
 * projection, the synapses the rule touched to `sc`.
 */
import type { SynapticCounters } from '../metrics/synapticCounters.js';
import { deliverSegments } from './deliverSegments.js';
import type { NetworkProjection } from './network.js';
import type { Population } from './population.js';
import { historySlot } from './spikeHistory.js';

export function deliverArrivals(np: NetworkProjection, pre: Population, post: Population, t: number, sc: SynapticCounters): number {
  const kernel = np.deliverKernel;
  if (kernel != null) return kernel(t, sc);
  const p = np.syn;
  const h = pre.history;
  const acc = p.target === 'exc' ? post.input.exc : post.input.inh;
  let ops = 0;
  for (let k = 0; k < p.nDelays; k++) {
    const slot = historySlot(h, t - (p.dMin + k));
    if (slot < 0) continue;
    ops += deliverSegments(np, h.lists, slot * h.size, h.counts[slot]!, k, t, acc, sc);
  }
  if (np.plasticity !== null) sc.plasticUpdates += ops;
  return ops;
}
