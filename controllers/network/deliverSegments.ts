/**
 * The walk deliverArrivals and deliverWithinStep share: the CSR segment of delay index k of each
 * of the `n` pre spikes `pre[base … base + n)` adds its weights to `acc` in CSR order — or, on a
 * projection with a delivery rule, the rule delivers it. Returns the synaptic events (zero weights
 * included) and adds those through non-zero weights to `sc.effectiveOps`.
 */
import type { SynapticCounters } from '../metrics/synapticCounters.js';
import type { NetworkProjection } from './network.js';

export function deliverSegments(
  np: NetworkProjection,
  pre: Int32Array,
  base: number,
  n: number,
  k: number,
  t: number,
  acc: Float64Array | Float32Array,
  sc: SynapticCounters,
): number {
  const p = np.syn;
  const { segStart, postOf, weight, nDelays } = p;
  const pl = np.deliveryRule;
  let ops = 0;
  let zeros = 0;
  for (let q = 0; q < n; q++) {
    const seg = pre[base + q]! * nDelays + k;
    const s0 = segStart[seg]!;
    const s1 = segStart[seg + 1]!;
    ops += s1 - s0;
    if (pl === null) {
      for (let s = s0; s < s1; s++) {
        const w = weight[s]!;
        acc[postOf[s]!] += w;
        if (w === 0) zeros++;
      }
    } else {
      pl.rule.deliverSegment!(pl, p, s0, s1, t, acc as Float64Array);
      // The rule wrote back the (flushed) weight it delivered; the segment is still in cache.
      for (let s = s0; s < s1; s++) if (weight[s] === 0) zeros++;
    }
  }
  sc.effectiveOps += ops - zeros;
  return ops;
}
