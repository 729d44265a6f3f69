/**
 * A projection: sparse synapses from one population to another, stored twice over the same
 * synapse ids —
 *  - by pre neuron and delay (CSR with delay segments): synapses of pre neuron i with delay
 *    dMin + k are ids [segStart[i·nDelays + k], segStart[i·nDelays + k + 1]). Delivery walks
 *    exactly the synapses whose events arrive now, so it costs one add per synaptic event.
 *  - by post neuron (CSC): colSyn[colStart[j] … colStart[j+1]) lists the synapse ids onto j,
 *    for post-spike plasticity and homeostasis.
 * Plasticity rules see only this uniform pre/post view; they never branch on connectivity.
 *
 * Delays are integer steps ≥ 0: with d ≥ 1 a spike emitted in step t is delivered at the start
 * of step t + d (deliver.ts) and jumps the target's synaptic variable at the end of that step's
 * update; with d = 0 it jumps it at the end of step t itself (deliverWithinStep.ts). Either way it
 * acts on the update of step t + d + 1 — Brian2's timing for a delay of d·dt.
 */
import type { Rng } from '../../loop/rng.js';
import type { PairList } from './connectivity.js';

export type SynapseTarget = 'exc' | 'inh';

/** Which populations a projection joins and which input of the post model it drives. */
export interface ProjectionEnds {
  readonly name: string;
  readonly preIndex: number;
  readonly postIndex: number;
  readonly nPre: number;
  readonly nPost: number;
  readonly target: SynapseTarget;
}

export interface Projection extends ProjectionEnds {
  readonly nSyn: number;
  /** Smallest and largest delay in steps. */
  readonly dMin: number;
  readonly dMax: number;
  readonly nDelays: number;
  readonly segStart: Int32Array;
  readonly preOf: Int32Array;
  readonly postOf: Int32Array;
  readonly delayOf: Int32Array;
  /** Weight per synapse, in the post model's input unit (pA, nS, …). Mutable by plasticity. */
  readonly weight: Float32Array;
  readonly colStart: Int32Array;
  readonly colSyn: Int32Array;
}

export interface ProjectionBuild extends ProjectionEnds {
  readonly pairs: PairList;
  /** Weight and delay (steps) for the k-th pair. */
  readonly weightAt: (k: number, rng: Rng) => number;
  readonly delayAt: (k: number, rng: Rng) => number;
}

/** Builds the CSR/CSC arrays. Synapse ids are ordered by (pre, delay, post). */
export function buildProjection(b: ProjectionBuild, rng: Rng): Projection {
  const m = b.pairs.pre.length;
  const w0 = new Float32Array(m);
  const d0 = new Int32Array(m);
  let dMin = Infinity;
  let dMax = -Infinity;
  for (let k = 0; k < m; k++) {
    w0[k] = b.weightAt(k, rng);
    const d = b.delayAt(k, rng);
    d0[k] = d;
    if (d < dMin) dMin = d;
    if (d > dMax) dMax = d;
  }
  if (m === 0) dMin = dMax = 1;
  const nDelays = dMax - dMin + 1;
  // Counting sort by (pre, delay); stable, so posts keep generator order within a segment.
  const nSeg = b.nPre * nDelays;
  const segStart = new Int32Array(nSeg + 1);
  for (let k = 0; k < m; k++) segStart[b.pairs.pre[k]! * nDelays + (d0[k] - dMin) + 1]++;
  for (let s = 0; s < nSeg; s++) segStart[s + 1] += segStart[s];
  const fill = segStart.slice(0, nSeg);
  const preOf = new Int32Array(m);
  const postOf = new Int32Array(m);
  const delayOf = new Int32Array(m);
  const weight = new Float32Array(m);
  for (let k = 0; k < m; k++) {
    const i = b.pairs.pre[k]!;
    const id = fill[i * nDelays + (d0[k] - dMin)]++;
    preOf[id] = i;
    postOf[id] = b.pairs.post[k]!;
    delayOf[id] = d0[k];
    weight[id] = w0[k];
  }
  const colStart = new Int32Array(b.nPost + 1);
  for (let s = 0; s < m; s++) colStart[postOf[s] + 1]++;
  for (let j = 0; j < b.nPost; j++) colStart[j + 1] += colStart[j];
  const colFill = colStart.slice(0, b.nPost);
  const colSyn = new Int32Array(m);
  for (let s = 0; s < m; s++) colSyn[colFill[postOf[s]]++] = s;
  return {
    name: b.name,
    preIndex: b.preIndex,
    postIndex: b.postIndex,
    nPre: b.nPre,
    nPost: b.nPost,
    target: b.target,
    nSyn: m,
    dMin,
    dMax,
    nDelays,
    segStart,
    preOf,
    postOf,
    delayOf,
    weight,
    colStart,
    colSyn,
  };
}

/** Bytes held by the projection's arrays (for footprint metrics). */
export function projectionBytes(p: Projection): number {
  return (
    p.segStart.byteLength +
    p.preOf.byteLength +
    p.postOf.byteLength +
    p.delayOf.byteLength +
    p.weight.byteLength +
    p.colStart.byteLength +
    p.colSyn.byteLength
  );
}
