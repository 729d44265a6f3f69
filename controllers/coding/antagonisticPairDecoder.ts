/**
 * Antagonistic-pair decoder (push–pull read-out, as in Braitenberg-style motor pairs and
 * flexor/extensor pools): each output is
 *
 *   y_k = gain_perHz · (r̄_L,k − r̄_R,k),
 *
 * the difference of the mean filtered rates (Hz, rateTrace.ts) of a "left" and a "right"
 * group of `neuronsPerSide` neurons. With m outputs the left groups are neurons [0, m·n) and the
 * right groups [m·n, 2·m·n) (output k: left [k·n, (k+1)·n), right m·n + [k·n, (k+1)·n)). This is
 * either two halves of one population (`layout: 'halves'`, one spike source of 2·m·n neurons)
 * or two populations of m·n neurons each (`layout: 'two-populations'`, left then right).
 */
import type { SpikeOutput } from '../neurons/model.js';
import type { RateTraceState } from './rateTrace.js';
import { createRateTrace, meanRate_Hz, rateTraceAdd, rateTraceDecay, rateTraceStep, resetRateTrace } from './rateTrace.js';
import { requireFinite, requireInteger } from './validate.js';

export type PairLayout = 'halves' | 'two-populations';

export interface AntagonisticPairDecoderParams {
  readonly tau_ms: number;
  readonly neuronsPerSide: number;
  /** Command units per Hz of rate difference (may be negative). */
  readonly gain_perHz: number;
  readonly layout: PairLayout;
}

export interface AntagonisticPairDecoderState {
  readonly outputs: number;
  /** Neurons of one side, m·n. */
  readonly sideSize: number;
  /** Neurons read in total, 2·m·n. */
  readonly size: number;
  readonly trace: RateTraceState;
}

const WHERE = 'antagonistic-pair decoder';

export function createAntagonisticPairDecoder(
  p: AntagonisticPairDecoderParams,
  nOutputs: number,
  dt_ms: number,
): AntagonisticPairDecoderState {
  requireInteger(WHERE, 'nOutputs', nOutputs, 1);
  requireInteger(WHERE, 'neuronsPerSide', p.neuronsPerSide, 1);
  requireFinite(WHERE, 'gain_perHz', p.gain_perHz);
  if (p.layout !== 'halves' && p.layout !== 'two-populations') {
    throw new RangeError(`${WHERE}: layout must be 'halves' or 'two-populations', got ${JSON.stringify(p.layout)}`);
  }
  const sideSize = nOutputs * p.neuronsPerSide;
  return { outputs: nOutputs, sideSize, size: 2 * sideSize, trace: createRateTrace(WHERE, p, 2 * sideSize, dt_ms) };
}

export function resetAntagonisticPairDecoder(_p: AntagonisticPairDecoderParams, s: AntagonisticPairDecoderState): void {
  resetRateTrace(s.trace);
}

/** One step, layout 'halves': one population of 2·m·n neurons. */
export function antagonisticPairDecoderStep(
  _p: AntagonisticPairDecoderParams,
  s: AntagonisticPairDecoderState,
  spikes: SpikeOutput,
): void {
  rateTraceStep(s.trace, spikes);
}

/** One step, layout 'two-populations': left and right populations of m·n neurons each. */
export function antagonisticPairDecoderStepTwo(
  _p: AntagonisticPairDecoderParams,
  s: AntagonisticPairDecoderState,
  left: SpikeOutput,
  right: SpikeOutput,
): void {
  rateTraceDecay(s.trace);
  rateTraceAdd(s.trace, left, 0);
  rateTraceAdd(s.trace, right, s.sideSize);
}

/** Writes gain · (left − right) mean rates per output into out[0 … outputs−1]. */
export function antagonisticPairDecoderRead(
  p: AntagonisticPairDecoderParams,
  s: AntagonisticPairDecoderState,
  out: Float32Array,
): void {
  const n = p.neuronsPerSide;
  for (let k = 0; k < s.outputs; k++) {
    out[k] = p.gain_perHz * (meanRate_Hz(s.trace, k * n, n) - meanRate_Hz(s.trace, s.sideSize + k * n, n));
  }
}
