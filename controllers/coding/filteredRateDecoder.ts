/**
 * Filtered-rate decoder: each output is the mean exponentially filtered rate (Hz, see
 * rateTrace.ts) of its group of `neuronsPerOutput` consecutive neurons: output k reads neurons
 * [k·n, (k+1)·n). Scaling rates into command units is left to the controller.
 */
import type { SpikeOutput } from '../neurons/model.js';
import type { RateTraceState } from './rateTrace.js';
import { createRateTrace, meanRate_Hz, rateTraceStep, resetRateTrace } from './rateTrace.js';
import { requireInteger } from './validate.js';

export interface FilteredRateDecoderParams {
  readonly tau_ms: number;
  /** Neurons averaged into one output (≥ 1). */
  readonly neuronsPerOutput: number;
}

export interface FilteredRateDecoderState {
  readonly outputs: number;
  readonly size: number;
  readonly trace: RateTraceState;
}

const WHERE = 'filtered-rate decoder';

export function createFilteredRateDecoder(
  p: FilteredRateDecoderParams,
  nOutputs: number,
  dt_ms: number,
): FilteredRateDecoderState {
  requireInteger(WHERE, 'nOutputs', nOutputs, 1);
  requireInteger(WHERE, 'neuronsPerOutput', p.neuronsPerOutput, 1);
  const size = nOutputs * p.neuronsPerOutput;
  return { outputs: nOutputs, size, trace: createRateTrace(WHERE, p, size, dt_ms) };
}

export function resetFilteredRateDecoder(_p: FilteredRateDecoderParams, s: FilteredRateDecoderState): void {
  resetRateTrace(s.trace);
}

export function filteredRateDecoderStep(
  _p: FilteredRateDecoderParams,
  s: FilteredRateDecoderState,
  spikes: SpikeOutput,
): void {
  rateTraceStep(s.trace, spikes);
}

/** Writes each group's mean filtered rate (Hz) into out[0 … outputs−1]. */
export function filteredRateDecoderRead(p: FilteredRateDecoderParams, s: FilteredRateDecoderState, out: Float32Array): void {
  const n = p.neuronsPerOutput;
  for (let k = 0; k < s.outputs; k++) out[k] = meanRate_Hz(s.trace, k * n, n);
}
