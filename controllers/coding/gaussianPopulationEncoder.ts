/**
 * Gaussian population (receptive-field) encoder: each value is seen by `neuronsPerValue` = N
 * neurons whose preferred values (centres) are spread evenly over [low, high],
 *
 *   c_j = low + j · (high − low) / (N − 1),   j = 0 … N−1,
 *   rate_j(x) = maxRate_Hz · exp(−(x − c_j)² / (2 σ²)),
 *
 * with x clipped to [low, high] and σ = `sigma` in input units (Pouget, Dayan & Zemel 2000;
 * Bohte, Kok & La Poutré 2002 for receptive-field coding of inputs to SNNs). Spikes are drawn
 * either as a Bernoulli process (`spiking: 'poisson'`, probability rate·dt per step) or
 * deterministically (`spiking: 'regular'`: a phase accumulator per neuron gains rate·dt per
 * step and the neuron spikes each time it crosses 1, so the count over T steps is
 * ⌊Σ rate·dt⌋ — regular spiking at the tuned rate). NaN values give no drive: no spikes,
 * phases frozen (see inputRange.ts).
 *
 * Neuron layout is value-major: neuron `i·N + j` has centre c_j for value `i`.
 * In Poisson mode one draw is taken per neuron per step whatever the value.
 */
import type { SpikeOutput } from '../neurons/model.js';
import { emitSpike } from '../neurons/model.js';
import { bernoulliSpikes } from '../neurons/bernoulliSpikes.js';
import type { Rng } from '../../loop/rng.js';
import { clipInput, evenCentre } from './inputRange.js';
import { requireAtMostOneSpikePerStep, requireInteger, requireInterval, requirePositive } from './validate.js';

/** How the tuned rate becomes spikes. */
export type RateSpiking = 'poisson' | 'regular';

export interface GaussianPopulationEncoderParams {
  readonly low: number;
  readonly high: number;
  /** Neurons per value, N ≥ 2 (centres at both ends of the range). */
  readonly neuronsPerValue: number;
  /** Tuning width σ, in input units (> 0). A common choice is the centre spacing (high−low)/(N−1). */
  readonly sigma: number;
  /** Rate of a neuron whose centre equals the value. */
  readonly maxRate_Hz: number;
  readonly spiking: RateSpiking;
}

export interface GaussianPopulationEncoderState {
  readonly nInputs: number;
  readonly size: number;
  /** Spike probability per step at a centre, maxRate·dt. */
  readonly pMax: number;
  /** −1 / (2σ²), derived once. */
  readonly negHalfInvSigma2: number;
  /** Regular mode: phase accumulator per neuron, in [0, 1). */
  readonly phase: Float64Array;
  /**
   * Spike probability per neuron this step, and the clipped value it was computed for (NaN: none
   * yet): a value that did not change since the last step (a control period spans many network
   * steps) reuses its probabilities instead of N exponentials.
   */
  readonly prob: Float64Array;
  readonly probFor: Float64Array;
}

const WHERE = 'gaussian-population encoder';

/** Preferred value of neuron `j` (0 … N−1) of each value's group. */
export function gaussianCentre(p: GaussianPopulationEncoderParams, j: number): number {
  return evenCentre(p.low, p.high, p.neuronsPerValue, j);
}

/** Tuned rate (Hz) of neuron `j` for value `x` (x clipped; 0 for NaN). */
export function gaussianTuningRate_Hz(p: GaussianPopulationEncoderParams, x: number, j: number): number {
  const xc = clipInput(x, p.low, p.high);
  if (xc !== xc) return 0;
  const d = xc - gaussianCentre(p, j);
  return p.maxRate_Hz * Math.exp(-(d * d) / (2 * p.sigma * p.sigma));
}

export function validateGaussianPopulationEncoderParams(p: GaussianPopulationEncoderParams, dt_ms: number): void {
  requireInterval(WHERE, p.low, p.high);
  requireInteger(WHERE, 'neuronsPerValue', p.neuronsPerValue, 2);
  requirePositive(WHERE, 'sigma', p.sigma);
  requirePositive(WHERE, 'maxRate_Hz', p.maxRate_Hz);
  if (p.spiking !== 'poisson' && p.spiking !== 'regular') {
    throw new RangeError(`${WHERE}: spiking must be 'poisson' or 'regular', got ${JSON.stringify(p.spiking)}`);
  }
  requireAtMostOneSpikePerStep(WHERE, p.maxRate_Hz, dt_ms);
}

export function createGaussianPopulationEncoder(
  p: GaussianPopulationEncoderParams,
  nInputs: number,
  dt_ms: number,
): GaussianPopulationEncoderState {
  requirePositive(WHERE, 'dt_ms', dt_ms);
  requireInteger(WHERE, 'nInputs', nInputs, 1);
  validateGaussianPopulationEncoderParams(p, dt_ms);
  const size = nInputs * p.neuronsPerValue;
  return {
    nInputs,
    size,
    pMax: (p.maxRate_Hz * dt_ms) / 1000,
    negHalfInvSigma2: -1 / (2 * p.sigma * p.sigma),
    phase: new Float64Array(size),
    prob: new Float64Array(size),
    probFor: new Float64Array(nInputs).fill(NaN),
  };
}

export function resetGaussianPopulationEncoder(_p: GaussianPopulationEncoderParams, s: GaussianPopulationEncoderState): void {
  s.phase.fill(0);
}

export function gaussianPopulationEncoderStep(
  p: GaussianPopulationEncoderParams,
  s: GaussianPopulationEncoderState,
  values: ArrayLike<number>,
  out: SpikeOutput,
  rng: Rng,
): void {
  const n = p.neuronsPerValue;
  const { low, high } = p;
  const { pMax, negHalfInvSigma2: k, phase, prob, probFor } = s;
  for (let i = 0; i < s.nInputs; i++) {
    const x = clipInput(values[i], low, high);
    if (x === probFor[i]) continue;
    probFor[i] = x;
    const silent = x !== x;
    const base = i * n;
    for (let j = 0; j < n; j++) {
      const d = x - evenCentre(low, high, n, j);
      prob[base + j] = silent ? 0 : pMax * Math.exp(k * d * d);
    }
  }
  // Poisson: one draw per neuron, in neuron order, whatever its probability.
  if (p.spiking === 'poisson') return bernoulliSpikes(rng, prob, s.size, out);
  for (let i = 0; i < s.nInputs; i++) {
    if (probFor[i] !== probFor[i]) continue;
    const base = i * n;
    for (let j = base; j < base + n; j++) {
      let ph = phase[j] + prob[j];
      if (ph >= 1) {
        ph -= 1;
        emitSpike(out, j);
      }
      phase[j] = ph;
    }
  }
}
