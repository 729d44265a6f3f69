/**
 * Event-driven delivery: at step t, every spike a pre neuron emitted d steps ago reaches the
 * synapses of delay d — exactly one CSR segment per (spike, delay) — and adds its weight to
 * the post population's input accumulator. Pre-side plasticity runs on the same walk.
 * Returns the number of synaptic events (synaptic operations).
 */
import { rstdpDeliverSegment } from '../plasticity/rstdp.js';
import { stdpDeliverSegment } from '../plasticity/stdp.js';
import type { NetworkProjection } from './network.js';
import type { Population } from './population.js';
import { historySlot } from './spikeHistory.js';

export function deliverArrivals(np: NetworkProjection, pre: Population, post: Population, t: number): number {
  const p = np.syn;
  const h = pre.history;
  const acc = p.target === 'exc' ? post.input.exc : post.input.inh;
  const { segStart, postOf, weight, nDelays } = p;
  const pl = np.plasticity;
  let ops = 0;
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
        for (let s = s0; s < s1; s++) acc[postOf[s]] += weight[s];
      } else if (pl.kind === 'stdp') {
        stdpDeliverSegment(pl, p, s0, s1, t, acc);
      } else {
        rstdpDeliverSegment(pl, p, s0, s1, t, acc);
      }
    }
  }
  return ops;
}
