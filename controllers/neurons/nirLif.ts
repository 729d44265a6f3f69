/**
 * NIR leaky integrate-and-fire neuron (`LIF` node of neuromorphs/NIR), dimensionless:
 *
 *   τ dv/dt = (v_leak − v) + r·I,   z = [v > v_threshold],   v ← v_reset after a spike
 *
 * Forward Euler with the input held over the step (nirEuler.ts), as Norse's LIFBox and the NIR
 * reference implementation:
 *   v[t] = v[t−1] + (dt/τ)·((v_leak − v[t−1]) + r·I[t]),   then threshold and reset.
 * I[t] is the sum of this step's arriving events (each spike of weight w contributes w) minus
 * inhibitory ones, plus `ext`. The membrane starts at 0, NIR's reference state (the NIR reference
 * implementation and snnTorch start there; a spec's `init` can start it elsewhere). No refractory
 * period (NIR has none).
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from './model.js';
import { emitSpike } from './model.js';
import { eulerFactor, takeInput } from './nirEuler.js';
import { requireFiniteFields, requirePositive, requireSizeAndStep } from './paramChecks.js';

export interface NirLifParams {
  readonly tau_ms: number;
  readonly r: number;
  readonly vLeak: number;
  readonly vThreshold: number;
  readonly vReset: number;
}

/** NIR's LIF with unit resistance, rest and reset at 0, threshold 1. */
export const NIR_LIF_DEFAULTS: NirLifParams = { tau_ms: 10, r: 1, vLeak: 0, vThreshold: 1, vReset: 0 };

export function validateNirLifParams(p: NirLifParams): void {
  requireFiniteFields('nir-lif', p);
  requirePositive('nir-lif', 'tau_ms', p.tau_ms);
}

export interface NirLifState {
  readonly n: number;
  /** dt/τ. */
  readonly a: number;
  readonly v: Float64Array;
}

export function createNirLifState(p: NirLifParams, n: number, dt_ms: number): NirLifState {
  validateNirLifParams(p);
  requireSizeAndStep('nir-lif', n, dt_ms);
  const s: NirLifState = { n, a: eulerFactor('nir-lif', 'tau_ms', p.tau_ms, dt_ms), v: new Float64Array(n) };
  resetNirLifState(p, s);
  return s;
}

export function resetNirLifState(_p: NirLifParams, s: NirLifState): void {
  s.v.fill(0);
}

export function nirLifStep(p: NirLifParams, s: NirLifState, input: PopulationInput, out: SpikeOutput): void {
  const { a, v } = s;
  const { r, vLeak, vThreshold, vReset } = p;
  for (let i = 0; i < s.n; i++) {
    const x = takeInput(input, i);
    v[i] = v[i] + a * (vLeak - v[i] + r * x);
    if (v[i] > vThreshold) {
      v[i] = vReset;
      emitSpike(out, i);
    }
  }
}

export const nirLifModel: NeuronModel<NirLifParams, NirLifState> = {
  kind: 'nir-lif',
  create: createNirLifState,
  reset: resetNirLifState,
  step: nirLifStep,
  variables: (s) => ({ v: s.v }),
};
