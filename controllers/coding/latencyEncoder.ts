/**
 * Latency (time-to-first-spike) encoder: time is cut into encoding windows of `window_ms`;
 * in each window every value's neuron fires once, at latency
 *
 *   t = window · (1 − u),   u = clip((x − low) / (high − low), 0, 1),
 *
 * so larger values fire earlier (Thorpe, Delorme & Van Rullen 2001; Gollisch & Meister 2008).
 * On the step grid: the window holds W = window/dt steps (window must be a whole number of
 * steps), the value is latched at the window's first step, and the neuron fires at step
 * k = round(W · (1 − u)) of the window (k·dt = t exactly whenever t is a multiple of dt,
 * otherwise within dt/2). u = 0 gives k = W, which is outside the window: the minimum value
 * is silence (as is NaN, "no reading"). Step `n` of the encoder (from reset) is step
 * `n mod W` of window `⌊n / W⌋`; a spike at window step k has time (window start + k·dt).
 *
 * One neuron per value. Deterministic: the random source is not used.
 */
import type { SpikeOutput } from '../neurons/model.js';
import { emitSpike } from '../neurons/model.js';
import { normalizedInput } from './inputRange.js';
import { requireInteger, requireInterval, requirePositive } from './validate.js';

export interface LatencyEncoderParams {
  /** Value that never fires (latency = window). */
  readonly low: number;
  /** Value that fires at the window's first step (latency 0). */
  readonly high: number;
  /** Encoding window length; a whole number of SNN steps. */
  readonly window_ms: number;
}

export interface LatencyEncoderState {
  readonly nInputs: number;
  readonly size: number;
  /** Steps per window, W (derived at creation). */
  readonly windowSteps: number;
  /** Step within the current window, 0 … W−1. */
  stepInWindow: number;
  /** Firing step within the current window per value; −1 for none. */
  readonly fireStep: Int32Array;
}

const WHERE = 'latency encoder';

/** Window step (0 … W, W meaning "no spike") at which value `x` fires; −1 for NaN. */
export function latencyStep(p: LatencyEncoderParams, x: number, windowSteps: number): number {
  const u = normalizedInput(x, p.low, p.high);
  return u === u ? Math.round(windowSteps * (1 - u)) : -1;
}

/** Ideal latency in ms of value `x` (NaN for NaN): window · (1 − u). */
export function latency_ms(p: LatencyEncoderParams, x: number): number {
  return p.window_ms * (1 - normalizedInput(x, p.low, p.high));
}

/** Steps per window; throws unless window_ms is a whole number of steps of dt_ms. */
export function latencyWindowSteps(window_ms: number, dt_ms: number): number {
  const w = Math.round(window_ms / dt_ms);
  if (w < 1 || Math.abs(w * dt_ms - window_ms) > 1e-9 * window_ms) {
    throw new RangeError(
      `${WHERE}: window_ms must be a whole number (≥ 1) of steps of dt_ms = ${dt_ms}, got window_ms = ${window_ms}`,
    );
  }
  return w;
}

export function createLatencyEncoder(p: LatencyEncoderParams, nInputs: number, dt_ms: number): LatencyEncoderState {
  requirePositive(WHERE, 'dt_ms', dt_ms);
  requireInteger(WHERE, 'nInputs', nInputs, 1);
  requireInterval(WHERE, p.low, p.high);
  requirePositive(WHERE, 'window_ms', p.window_ms);
  const s: LatencyEncoderState = {
    nInputs,
    size: nInputs,
    windowSteps: latencyWindowSteps(p.window_ms, dt_ms),
    stepInWindow: 0,
    fireStep: new Int32Array(nInputs),
  };
  resetLatencyEncoder(p, s);
  return s;
}

export function resetLatencyEncoder(_p: LatencyEncoderParams, s: LatencyEncoderState): void {
  s.stepInWindow = 0;
  s.fireStep.fill(-1);
}

export function latencyEncoderStep(
  p: LatencyEncoderParams,
  s: LatencyEncoderState,
  values: ArrayLike<number>,
  out: SpikeOutput,
): void {
  const { fireStep, windowSteps } = s;
  const k = s.stepInWindow;
  if (k === 0) {
    for (let i = 0; i < s.nInputs; i++) fireStep[i] = latencyStep(p, values[i], windowSteps);
  }
  for (let i = 0; i < s.nInputs; i++) {
    if (fireStep[i] === k) emitSpike(out, i);
  }
  s.stepInWindow = k + 1 === windowSteps ? 0 : k + 1;
}
