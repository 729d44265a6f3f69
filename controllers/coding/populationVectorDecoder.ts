/**
 * Population-vector decoder (Georgopoulos, Schwartz & Kettner 1986), the read-out matching
 * the Gaussian population encoder: output k is decoded from neurons [k·N, (k+1)·N) whose
 * preferred values are spread evenly over [low, high] (c_j = low + j·(high − low)/(N − 1)),
 *
 *   x̂ = Σ_j r_j c_j / Σ_j r_j,
 *
 * with r_j the exponentially filtered rates (rateTrace.ts). When the group's mean rate is
 * ≤ `silentBelow_Hz` (0: only an exactly silent group) the output is `silentValue`.
 * The estimate is a centre of mass, so it is always inside [low, high] and is pulled
 * towards the middle near the ends of the range, where tuning curves are cut off.
 */
import type { SpikeOutput } from '../neurons/model.js';
import type { RateTraceState } from './rateTrace.js';
import { createRateTrace, rateTraceStep, resetRateTrace } from './rateTrace.js';
import { evenCentre } from './inputRange.js';
import { requireFinite, requireInteger, requireInterval, requireNonNegative } from './validate.js';

export interface PopulationVectorDecoderParams {
  readonly tau_ms: number;
  readonly low: number;
  readonly high: number;
  /** Neurons per output, N ≥ 2. */
  readonly neuronsPerValue: number;
  /** Output when the group is silent. */
  readonly silentValue: number;
  /** A group whose mean rate is at or below this is silent. */
  readonly silentBelow_Hz: number;
}

export interface PopulationVectorDecoderState {
  readonly outputs: number;
  readonly size: number;
  readonly trace: RateTraceState;
}

const WHERE = 'population-vector decoder';

export function createPopulationVectorDecoder(
  p: PopulationVectorDecoderParams,
  nOutputs: number,
  dt_ms: number,
): PopulationVectorDecoderState {
  requireInteger(WHERE, 'nOutputs', nOutputs, 1);
  requireInterval(WHERE, p.low, p.high);
  requireInteger(WHERE, 'neuronsPerValue', p.neuronsPerValue, 2);
  requireFinite(WHERE, 'silentValue', p.silentValue);
  requireNonNegative(WHERE, 'silentBelow_Hz', p.silentBelow_Hz);
  const size = nOutputs * p.neuronsPerValue;
  return { outputs: nOutputs, size, trace: createRateTrace(WHERE, p, size, dt_ms) };
}

/** Preferred value of neuron `j` (0 … N−1) of each output's group. */
export function populationVectorCentre(p: PopulationVectorDecoderParams, j: number): number {
  return evenCentre(p.low, p.high, p.neuronsPerValue, j);
}

export function resetPopulationVectorDecoder(_p: PopulationVectorDecoderParams, s: PopulationVectorDecoderState): void {
  resetRateTrace(s.trace);
}

export function populationVectorDecoderStep(
  _p: PopulationVectorDecoderParams,
  s: PopulationVectorDecoderState,
  spikes: SpikeOutput,
): void {
  rateTraceStep(s.trace, spikes);
}

/** Writes the decoded value of each group into out[0 … outputs−1]. */
export function populationVectorDecoderRead(
  p: PopulationVectorDecoderParams,
  s: PopulationVectorDecoderState,
  out: Float32Array,
): void {
  const n = p.neuronsPerValue;
  const r = s.trace.rate_Hz;
  for (let k = 0; k < s.outputs; k++) {
    let sum = 0;
    let weighted = 0;
    for (let j = 0; j < n; j++) {
      const rj = r[k * n + j];
      sum += rj;
      weighted += rj * evenCentre(p.low, p.high, n, j);
    }
    out[k] = sum > 0 && sum / n > p.silentBelow_Hz ? weighted / sum : p.silentValue;
  }
}
