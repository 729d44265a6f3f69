/**
 * The traces pair-based STDP reads: a pre trace per synapse, updated when a spike arrives at
 * that synapse (so heterogeneous delays are exact), and a post trace per post neuron, decayed
 * every step. The pre trace is decayed lazily from the synapse's last arrival.
 */
import type { StdpParams } from './stdpParams.js';

export interface StdpTraces {
  /** Pre trace value right after the synapse's last arrival. */
  readonly xPre: Float64Array;
  /** Step of the synapse's last arrival. */
  readonly lastArrival: Int32Array;
  /** Post trace per post neuron at the current step. */
  readonly yPost: Float64Array;
  /** e^{−dt/τ₋}: one step of post-trace decay. */
  readonly decayMinus: number;
  /** −dt/τ₊: exponent per step of pre-trace age. */
  readonly preExponentPerStep: number;
  readonly nearest: boolean;
}

export function createStdpTraces(p: StdpParams, nSyn: number, nPost: number, dt_ms: number): StdpTraces {
  return {
    xPre: new Float64Array(nSyn),
    lastArrival: new Int32Array(nSyn),
    yPost: new Float64Array(nPost),
    decayMinus: Math.exp(-dt_ms / p.tauMinus_ms),
    preExponentPerStep: -dt_ms / p.tauPlus_ms,
    nearest: p.pairing === 'nearest',
  };
}

export function resetStdpTraces(tr: StdpTraces): void {
  tr.xPre.fill(0);
  tr.lastArrival.fill(0);
  tr.yPost.fill(0);
}

/** Pre trace of synapse s at step t (t ≥ its last arrival). */
export function preTraceAt(tr: StdpTraces, s: number, t: number): number {
  const x = tr.xPre[s];
  return x === 0 ? 0 : x * Math.exp((t - tr.lastArrival[s]) * tr.preExponentPerStep);
}

/** Registers an arrival at synapse s in step t. */
export function registerArrival(tr: StdpTraces, s: number, t: number): void {
  tr.xPre[s] = tr.nearest ? 1 : preTraceAt(tr, s, t) + 1;
  tr.lastArrival[s] = t;
}

/** Registers a post spike of neuron j (after this step's potentiation was computed). */
export function registerPostSpike(tr: StdpTraces, j: number): void {
  tr.yPost[j] = tr.nearest ? 1 : tr.yPost[j] + 1;
}

/** End of step: post traces decay by one step. */
export function decayPostTraces(tr: StdpTraces): void {
  const y = tr.yPost;
  const k = tr.decayMinus;
  for (let j = 0; j < y.length; j++) y[j] *= k;
}
