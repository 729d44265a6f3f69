/**
 * Exponentially filtered firing rate, one trace per neuron, the primitive under every decoder:
 *
 *   r ← r · e^{−dt/τ}            every step (exact decay of τ dr/dt = −r over one step)
 *   r ← r + (1 − e^{−dt/τ}) / dt  for each spike in the step   (in 1/ms, reported in Hz)
 *
 * The jump (1 − e^{−dt/τ})/dt tends to the continuous kernel's 1/τ as dt → 0, and makes the
 * sampled kernel sum to exactly 1 spike (Σ_k jump·e^{−k dt/τ}·dt = 1). Consequence: for a
 * regular train with period M steps (f = 1/(M·dt)), the steady-state trace is
 * r_k = jump·e^{−k dt/τ} / (1 − e^{−M dt/τ}) k steps after a spike, whose mean over a period
 * is jump / (M (1 − e^{−dt/τ})) = 1/(M·dt) = f exactly, with no O(dt/τ) sampling bias. For
 * a Poisson train of rate λ the mean trace is λ. Reads happen after the step's spikes are added.
 */
import type { SpikeOutput } from '../neurons/model.js';
import { requireInteger, requirePositive } from './validate.js';

export interface RateTraceParams {
  /** Filter time constant τ. */
  readonly tau_ms: number;
}

export interface RateTraceState {
  readonly n: number;
  /** e^{−dt/τ}. */
  readonly decay: number;
  /** Jump per spike in Hz: 1000 · (1 − e^{−dt/τ}) / dt_ms. */
  readonly jump_Hz: number;
  readonly rate_Hz: Float64Array;
}

export function createRateTrace(where: string, p: RateTraceParams, n: number, dt_ms: number): RateTraceState {
  requirePositive(where, 'dt_ms', dt_ms);
  requirePositive(where, 'tau_ms', p.tau_ms);
  requireInteger(where, 'neurons', n, 1);
  const oneMinusDecay = -Math.expm1(-dt_ms / p.tau_ms);
  return { n, decay: 1 - oneMinusDecay, jump_Hz: (1000 * oneMinusDecay) / dt_ms, rate_Hz: new Float64Array(n) };
}

export function resetRateTrace(s: RateTraceState): void {
  s.rate_Hz.fill(0);
}

/** Decays every trace by one step. */
export function rateTraceDecay(s: RateTraceState): void {
  const r = s.rate_Hz;
  const a = s.decay;
  for (let i = 0; i < s.n; i++) r[i] *= a;
}

/** Adds this step's spikes of a population whose neuron `i` is trace `offset + i`. */
export function rateTraceAdd(s: RateTraceState, spikes: SpikeOutput, offset: number): void {
  const r = s.rate_Hz;
  const jump = s.jump_Hz;
  const list = spikes.list;
  for (let k = 0; k < spikes.count; k++) r[offset + list[k]] += jump;
}

/** One step for a single population covering all traces: decay, then add the spikes. */
export function rateTraceStep(s: RateTraceState, spikes: SpikeOutput): void {
  rateTraceDecay(s);
  rateTraceAdd(s, spikes, 0);
}

/** Mean rate (Hz) of traces [start, start + count). */
export function meanRate_Hz(s: RateTraceState, start: number, count: number): number {
  const r = s.rate_Hz;
  let sum = 0;
  for (let i = start; i < start + count; i++) sum += r[i];
  return sum / count;
}
