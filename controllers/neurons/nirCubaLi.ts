/**
 * NIR current-based leaky integrator (`CubaLI` node of neuromorphs/NIR), dimensionless and
 * non-spiking:
 *
 *   τ_syn dI/dt = −I + w_in·S,   τ_mem dv/dt = (v_leak − v) + r·I
 *
 * Forward Euler in the order of nirCubaLif.ts (the membrane sees the previous step's current),
 * without threshold. Its state `v` is a read-out. Starts at v = 0, I = 0 (NIR's reference state).
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from './model.js';
import { eulerFactor, takeInput } from './nirEuler.js';
import { requireFiniteFields, requirePositive, requireSizeAndStep } from './paramChecks.js';

export interface NirCubaLiParams {
  readonly tauSyn_ms: number;
  readonly tauMem_ms: number;
  readonly r: number;
  readonly vLeak: number;
  readonly wIn: number;
}

export const NIR_CUBA_LI_DEFAULTS: NirCubaLiParams = { tauSyn_ms: 5, tauMem_ms: 10, r: 1, vLeak: 0, wIn: 1 };

export function validateNirCubaLiParams(p: NirCubaLiParams): void {
  requireFiniteFields('nir-cuba-li', p);
  requirePositive('nir-cuba-li', 'tauSyn_ms', p.tauSyn_ms);
  requirePositive('nir-cuba-li', 'tauMem_ms', p.tauMem_ms);
}

export interface NirCubaLiState {
  readonly n: number;
  readonly aSyn: number;
  readonly aMem: number;
  readonly v: Float64Array;
  readonly i: Float64Array;
}

export function createNirCubaLiState(p: NirCubaLiParams, n: number, dt_ms: number): NirCubaLiState {
  validateNirCubaLiParams(p);
  requireSizeAndStep('nir-cuba-li', n, dt_ms);
  const s: NirCubaLiState = {
    n,
    aSyn: eulerFactor('nir-cuba-li', 'tauSyn_ms', p.tauSyn_ms, dt_ms),
    aMem: eulerFactor('nir-cuba-li', 'tauMem_ms', p.tauMem_ms, dt_ms),
    v: new Float64Array(n),
    i: new Float64Array(n),
  };
  resetNirCubaLiState(p, s);
  return s;
}

export function resetNirCubaLiState(_p: NirCubaLiParams, s: NirCubaLiState): void {
  s.v.fill(0);
  s.i.fill(0);
}

export function nirCubaLiStep(p: NirCubaLiParams, s: NirCubaLiState, input: PopulationInput, _out: SpikeOutput): void {
  const { aSyn, aMem, v, i: cur } = s;
  const { r, vLeak, wIn } = p;
  for (let i = 0; i < s.n; i++) {
    const x = takeInput(input, i);
    const iLast = cur[i];
    cur[i] = iLast + aSyn * (-iLast + wIn * x);
    v[i] = v[i] + aMem * (vLeak - v[i] + r * iLast);
  }
}

export const nirCubaLiModel: NeuronModel<NirCubaLiParams, NirCubaLiState> = {
  kind: 'nir-cuba-li',
  create: createNirCubaLiState,
  reset: resetNirCubaLiState,
  step: nirCubaLiStep,
  variables: (s) => ({ v: s.v, i: s.i }),
};
