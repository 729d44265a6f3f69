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
  /**
   * e^{age·(−dt/τ₊)} for ages 0 … PRE_DECAY_STEPS−1, each computed as `Math.exp(age * k)` exactly
   * as the fallback does, so a lookup is bit-identical to the call it replaces. Delivery takes
   * one per arriving spike; the exp call was ~28 % of a controller's SNN time (issue 14).
   */
  readonly preDecay: Float64Array;
  readonly nearest: boolean;
  /**
   * The post-trace decay on the wasm engine (wasmBackend.ts: the same multiplications, two per
   * SIMD lane pair), set for large post populations; null: decayPostTraces' JS loop.
   */
  decayKernel: (() => void) | null;
}

/** Pre-trace ages (steps) served by the lookup table; older ones call Math.exp. */
export const PRE_DECAY_STEPS = 1024;

/** e^{age·k} for ages 0 … n−1 (see StdpTraces.preDecay). */
export function decayTable(k: number, n: number = PRE_DECAY_STEPS): Float64Array {
  const t = new Float64Array(n);
  for (let age = 0; age < n; age++) t[age] = Math.exp(age * k);
  return t;
}

export function createStdpTraces(p: StdpParams, nSyn: number, nPost: number, dt_ms: number): StdpTraces {
  const k = -dt_ms / p.tauPlus_ms;
  return {
    xPre: new Float64Array(nSyn),
    lastArrival: new Int32Array(nSyn),
    yPost: new Float64Array(nPost),
    decayMinus: Math.exp(-dt_ms / p.tauMinus_ms),
    preExponentPerStep: k,
    preDecay: decayTable(k),
    nearest: p.pairing === 'nearest',
    decayKernel: null,
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
  const age = t - tr.lastArrival[s];
  return x === 0 ? 0 : x * (age < PRE_DECAY_STEPS ? tr.preDecay[age] : Math.exp(age * tr.preExponentPerStep));
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
  const kernel = tr.decayKernel;
  if (kernel !== null) return kernel();
  const y = tr.yPost;
  const k = tr.decayMinus;
  for (let j = 0; j < y.length; j++) y[j] *= k;
}
