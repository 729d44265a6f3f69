/**
 * NIR leaky integrator (`LI` node of neuromorphs/NIR), dimensionless and non-spiking:
 *
 *   τ dv/dt = (v_leak − v) + r·I
 *
 * Forward Euler with the input held over the step (as nirLif.ts, without threshold):
 * v[t] = v[t−1] + (dt/τ)·((v_leak − v[t−1]) + r·I[t]). Its state `v` is the read-out of graphs
 * that end in a leaky integrator (a NIR `Output` fed by it). Starts at 0 (NIR's reference state).
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from './model.js';
import { eulerFactor, takeInput } from './nirEuler.js';
import { requireFiniteFields, requirePositive, requireSizeAndStep } from './paramChecks.js';

export interface NirLiParams {
  readonly tau_ms: number;
  readonly r: number;
  readonly vLeak: number;
}

export const NIR_LI_DEFAULTS: NirLiParams = { tau_ms: 10, r: 1, vLeak: 0 };

export function validateNirLiParams(p: NirLiParams): void {
  requireFiniteFields('nir-li', p);
  requirePositive('nir-li', 'tau_ms', p.tau_ms);
}

export interface NirLiState {
  readonly n: number;
  readonly a: number;
  readonly v: Float64Array;
}

export function createNirLiState(p: NirLiParams, n: number, dt_ms: number): NirLiState {
  validateNirLiParams(p);
  requireSizeAndStep('nir-li', n, dt_ms);
  const s: NirLiState = { n, a: eulerFactor('nir-li', 'tau_ms', p.tau_ms, dt_ms), v: new Float64Array(n) };
  resetNirLiState(p, s);
  return s;
}

export function resetNirLiState(_p: NirLiParams, s: NirLiState): void {
  s.v.fill(0);
}

export function nirLiStep(p: NirLiParams, s: NirLiState, input: PopulationInput, _out: SpikeOutput): void {
  const { a, v } = s;
  const { r, vLeak } = p;
  for (let i = 0; i < s.n; i++) {
    const x = takeInput(input, i);
    v[i] = v[i] + a * (vLeak - v[i] + r * x);
  }
}

export const nirLiModel: NeuronModel<NirLiParams, NirLiState> = {
  kind: 'nir-li',
  create: createNirLiState,
  reset: resetNirLiState,
  step: nirLiStep,
  variables: (s) => ({ v: s.v }),
};
