/**
 * NIR current-based leaky integrate-and-fire neuron (`CubaLIF` node of neuromorphs/NIR),
 * dimensionless:
 *
 *   τ_syn dI/dt = −I + w_in·S,   τ_mem dv/dt = (v_leak − v) + r·I,
 *   z = [v > v_threshold],   v ← v_reset after a spike
 *
 * Forward Euler with the input held over the step, in the order of the NIR project's reference
 * implementation (paper/03_rnn/extras/debug_CubaLIF/nir_reference_impl.py) and Norse: the
 * membrane sees the synaptic current of the previous step,
 *   I[t] = I[t−1] + (dt/τ_syn)·(−I[t−1] + w_in·S[t])
 *   v[t] = v[t−1] + (dt/τ_mem)·((v_leak − v[t−1]) + r·I[t−1]),   then threshold and reset.
 * S[t] is this step's arriving events (inhibitory ones subtracted) plus `ext`. The membrane
 * and the current start at 0 (NIR's reference state). No refractory period.
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from './model.js';
import { emitSpike } from './model.js';
import { eulerFactor, takeInput } from './nirEuler.js';
import { requireFiniteFields, requirePositive, requireSizeAndStep } from './paramChecks.js';

export interface NirCubaLifParams {
  readonly tauSyn_ms: number;
  readonly tauMem_ms: number;
  readonly r: number;
  readonly vLeak: number;
  readonly vThreshold: number;
  readonly vReset: number;
  /** Input weight (elementwise, NIR `w_in`). */
  readonly wIn: number;
}

export const NIR_CUBA_LIF_DEFAULTS: NirCubaLifParams = { tauSyn_ms: 5, tauMem_ms: 10, r: 1, vLeak: 0, vThreshold: 1, vReset: 0, wIn: 1 };

export function validateNirCubaLifParams(p: NirCubaLifParams): void {
  requireFiniteFields('nir-cuba-lif', p);
  requirePositive('nir-cuba-lif', 'tauSyn_ms', p.tauSyn_ms);
  requirePositive('nir-cuba-lif', 'tauMem_ms', p.tauMem_ms);
}

export interface NirCubaLifState {
  readonly n: number;
  readonly aSyn: number;
  readonly aMem: number;
  readonly v: Float64Array;
  readonly i: Float64Array;
}

export function createNirCubaLifState(p: NirCubaLifParams, n: number, dt_ms: number): NirCubaLifState {
  validateNirCubaLifParams(p);
  requireSizeAndStep('nir-cuba-lif', n, dt_ms);
  const s: NirCubaLifState = {
    n,
    aSyn: eulerFactor('nir-cuba-lif', 'tauSyn_ms', p.tauSyn_ms, dt_ms),
    aMem: eulerFactor('nir-cuba-lif', 'tauMem_ms', p.tauMem_ms, dt_ms),
    v: new Float64Array(n),
    i: new Float64Array(n),
  };
  resetNirCubaLifState(p, s);
  return s;
}

export function resetNirCubaLifState(_p: NirCubaLifParams, s: NirCubaLifState): void {
  s.v.fill(0);
  s.i.fill(0);
}

export function nirCubaLifStep(p: NirCubaLifParams, s: NirCubaLifState, input: PopulationInput, out: SpikeOutput): void {
  const { aSyn, aMem, v, i: cur } = s;
  const { r, vLeak, vThreshold, vReset, wIn } = p;
  for (let i = 0; i < s.n; i++) {
    const x = takeInput(input, i);
    const iLast = cur[i];
    cur[i] = iLast + aSyn * (-iLast + wIn * x);
    v[i] = v[i] + aMem * (vLeak - v[i] + r * iLast);
    if (v[i] > vThreshold) {
      v[i] = vReset;
      emitSpike(out, i);
    }
  }
}

export const nirCubaLifModel: NeuronModel<NirCubaLifParams, NirCubaLifState> = {
  kind: 'nir-cuba-lif',
  create: createNirCubaLifState,
  reset: resetNirCubaLifState,
  step: nirCubaLifStep,
  variables: (s) => ({ v: s.v, i: s.i }),
};
