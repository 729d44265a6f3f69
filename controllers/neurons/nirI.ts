/**
 * NIR integrator (`I` node of neuromorphs/NIR), dimensionless and non-spiking:
 *
 *   dv/dt = r·I
 *
 * As for nirIf.ts, `r_perMs` is NIR's r per millisecond. Forward Euler with the input held over
 * the step: v[t] = v[t−1] + dt·r·I[t]. It never spikes; its state `v` is read by probes (a NIR
 * `Output` fed by it). Starts at 0.
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from './model.js';
import { takeInput } from './nirEuler.js';
import { requireFiniteFields, requireSizeAndStep } from './paramChecks.js';

export interface NirIParams {
  readonly r_perMs: number;
}

export const NIR_I_DEFAULTS: NirIParams = { r_perMs: 1 };

export function validateNirIParams(p: NirIParams): void {
  requireFiniteFields('nir-i', p);
}

export interface NirIState {
  readonly n: number;
  readonly k: number;
  readonly v: Float64Array;
}

export function createNirIState(p: NirIParams, n: number, dt_ms: number): NirIState {
  validateNirIParams(p);
  requireSizeAndStep('nir-i', n, dt_ms);
  return { n, k: dt_ms * p.r_perMs, v: new Float64Array(n) };
}

export function resetNirIState(_p: NirIParams, s: NirIState): void {
  s.v.fill(0);
}

export function nirIStep(_p: NirIParams, s: NirIState, input: PopulationInput, _out: SpikeOutput): void {
  const { k, v } = s;
  for (let i = 0; i < s.n; i++) v[i] = v[i] + k * takeInput(input, i);
}

export const nirIModel: NeuronModel<NirIParams, NirIState> = {
  kind: 'nir-i',
  create: createNirIState,
  reset: resetNirIState,
  step: nirIStep,
  variables: (s) => ({ v: s.v }),
};
