/**
 * NIR integrate-and-fire neuron (`IF` node of neuromorphs/NIR), dimensionless:
 *
 *   dv/dt = r·I,   z = [v > v_threshold],   v ← v_reset after a spike
 *
 * The equation has no time constant, so r carries the time unit: `r_perMs` is NIR's r per
 * millisecond (r per second / 1000 for a file in seconds). Forward Euler with the input held over
 * the step: v[t] = v[t−1] + dt·r·I[t]. Some backends (sinabs, Norse's IAF) add r·I per step
 * instead, i.e. they assume r·dt = 1; a file from them needs r = 1/dt to mean the same here.
 * The membrane starts at 0 (NIR's reference state).
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from './model.js';
import { emitSpike } from './model.js';
import { takeInput } from './nirEuler.js';
import { requireFiniteFields, requireSizeAndStep } from './paramChecks.js';

export interface NirIfParams {
  readonly r_perMs: number;
  readonly vThreshold: number;
  readonly vReset: number;
}

export const NIR_IF_DEFAULTS: NirIfParams = { r_perMs: 1, vThreshold: 1, vReset: 0 };

export function validateNirIfParams(p: NirIfParams): void {
  requireFiniteFields('nir-if', p);
}

export interface NirIfState {
  readonly n: number;
  /** dt·r: membrane change per unit of input. */
  readonly k: number;
  readonly v: Float64Array;
}

export function createNirIfState(p: NirIfParams, n: number, dt_ms: number): NirIfState {
  validateNirIfParams(p);
  requireSizeAndStep('nir-if', n, dt_ms);
  return { n, k: dt_ms * p.r_perMs, v: new Float64Array(n) };
}

export function resetNirIfState(_p: NirIfParams, s: NirIfState): void {
  s.v.fill(0);
}

export function nirIfStep(p: NirIfParams, s: NirIfState, input: PopulationInput, out: SpikeOutput): void {
  const { k, v } = s;
  const { vThreshold, vReset } = p;
  for (let i = 0; i < s.n; i++) {
    v[i] = v[i] + k * takeInput(input, i);
    if (v[i] > vThreshold) {
      v[i] = vReset;
      emitSpike(out, i);
    }
  }
}

export const nirIfModel: NeuronModel<NirIfParams, NirIfState> = {
  kind: 'nir-if',
  create: createNirIfState,
  reset: resetNirIfState,
  step: nirIfStep,
  variables: (s) => ({ v: s.v }),
};
