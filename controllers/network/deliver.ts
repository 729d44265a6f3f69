/**
 * Event-driven delivery: at step t, every spike a pre neuron emitted d steps ago reaches the
 * synapses of delay d — exactly one CSR segment per (spike, delay) — and adds its weight to
 * the post population's input accumulator. Pre-side plasticity runs on the same walk.
 * Returns the number of synaptic events (synaptic operations, zero weights included) and adds
 * the events through non-zero weights (NeuroBench's effective operations) and, on a plastic
 * projection, the synapses the rule touched to `sc`.
 */
import type { SynapticCounters } from '../metrics/synapticCounters.js';
import type { NetworkProjection } from './network.js';
import type { Population } from './population.js';
import { historySlot } from './spikeHistory.js';

export function deliverArrivals(np: NetworkProjection, pre: Population, post: Population, t: number, sc: SynapticCounters): number {
  const kernel = np.deliverKernel;
  if (kernel != null) return kernel(t, sc);
  const p = np.syn;
  const h = pre.history;
  const acc = p.target === 'exc' ? post.input.exc : post.input.inh;
  const { segStart, postOf, weight, nDelays } = p;
  const pl = np.deliveryRule;
  let ops = 0;
  let zeros = 0;
  for (let k = 0; k < nDelays; k++) {
    const slot = historySlot(h, t - (p.dMin + k));
    if (slot < 0) continue;
    const n = h.counts[slot];
    const base = slot * h.size;
    for (let q = 0; q < n; q++) {
      const seg = h.lists[base + q] * nDelays + k;
      const s0 = segStart[seg];
      const s1 = segStart[seg + 1];
      ops += s1 - s0;
      if (pl === null) {
        for (let s = s0; s < s1; s++) {
          const w = weight[s];
          acc[postOf[s]] += w;
          if (w === 0) zeros++;
        }
      } else {
        pl.rule.deliverSegment!(pl, p, s0, s1, t, acc);
        // The rule wrote back the (flushed) weight it delivered; the segment is still in cache.
        for (let s = s0; s < s1; s++) if (weight[s] === 0) zeros++;
      }
    }
  }
  sc.effectiveOps += ops - zeros;
  if (np.plasticity !== null) sc.plasticUpdates += ops;
  return ops;
}
