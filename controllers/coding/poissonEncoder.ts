/**
 * Poisson rate encoder: each value drives `neuronsPerValue` independent neurons at a rate
 * linear in the value,
 *
 *   u = clip((x − low) / (high − low), 0, 1),   rate = u · maxRate_Hz,
 *
 * and each neuron spikes in a step with probability rate·dt (an exact Bernoulli draw per
 * neuron per step, i.e. the discrete-time Poisson process of the SNN's grid; requires
 * maxRate·dt ≤ 1). NaN values give no drive (see inputRange.ts).
 *
 * Neuron layout is value-major: neuron `i·neuronsPerValue + j` is copy `j` of value `i`.
 * One uniform draw is taken per neuron per step whatever the value, so the random stream's
 * position never depends on the inputs (two runs with different inputs see the same draws).
 */
import type { SpikeOutput } from '../neurons/model.js';
import { bernoulliSpikes } from '../neurons/bernoulliSpikes.js';
import type { Rng } from '../../loop/rng.js';
import { normalizedInput } from './inputRange.js';
import { requireAtMostOneSpikePerStep, requireInteger, requireInterval, requirePositive } from './validate.js';

export interface PoissonEncoderParams {
  /** Value mapped to rate 0 (input units). */
  readonly low: number;
  /** Value mapped to `maxRate_Hz` (input units). */
  readonly high: number;
  readonly maxRate_Hz: number;
  /** Independent neurons per value (≥ 1). */
  readonly neuronsPerValue: number;
}

export interface PoissonEncoderState {
  readonly nInputs: number;
  /** Neurons: nInputs · neuronsPerValue. */
  readonly size: number;
  /** Spike probability per step at full drive, maxRate·dt (derived at creation). */
  readonly pMax: number;
  /** This step's spike probability per neuron (scratch, filled by the step). */
  readonly prob: Float64Array;
}

const WHERE = 'poisson encoder';

/** Spike probability per step for value `x` (0 for NaN). */
export function poissonSpikeProbability(p: PoissonEncoderParams, x: number, dt_ms: number): number {
  const u = normalizedInput(x, p.low, p.high);
  return u === u ? (u * p.maxRate_Hz * dt_ms) / 1000 : 0;
}

export function validatePoissonEncoderParams(p: PoissonEncoderParams, dt_ms: number): void {
  requireInterval(WHERE, p.low, p.high);
  requirePositive(WHERE, 'maxRate_Hz', p.maxRate_Hz);
  requireInteger(WHERE, 'neuronsPerValue', p.neuronsPerValue, 1);
  requireAtMostOneSpikePerStep(WHERE, p.maxRate_Hz, dt_ms);
}

export function createPoissonEncoder(p: PoissonEncoderParams, nInputs: number, dt_ms: number): PoissonEncoderState {
  requirePositive(WHERE, 'dt_ms', dt_ms);
  requireInteger(WHERE, 'nInputs', nInputs, 1);
  validatePoissonEncoderParams(p, dt_ms);
  const size = nInputs * p.neuronsPerValue;
  return { nInputs, size, pMax: (p.maxRate_Hz * dt_ms) / 1000, prob: new Float64Array(size) };
}

/** The encoder is stateless between steps; present for a uniform encoder shape. */
export function resetPoissonEncoder(_p: PoissonEncoderParams, _s: PoissonEncoderState): void {}

export function poissonEncoderStep(
  p: PoissonEncoderParams,
  s: PoissonEncoderState,
  values: ArrayLike<number>,
  out: SpikeOutput,
  rng: Rng,
): void {
  const k = p.neuronsPerValue;
  const { low, high } = p;
  const { pMax, prob } = s;
  for (let i = 0; i < s.nInputs; i++) {
    const u = normalizedInput(values[i], low, high);
    const q = u === u ? u * pMax : 0;
    for (let j = i * k; j < i * k + k; j++) prob[j] = q;
  }
  bernoulliSpikes(rng, prob, s.size, out);
}
