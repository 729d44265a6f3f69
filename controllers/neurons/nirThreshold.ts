/**
 * NIR threshold (`Threshold` node of neuromorphs/NIR): a stateless Heaviside step on the input,
 *
 *   z[t] = [I[t] > threshold],
 *
 * I[t] being this step's arriving events (inhibitory ones subtracted) plus `ext`. With a
 * negative threshold and no input it fires every step: the NIR importer uses one such neuron as
 * the clock that delivers Affine biases as one synaptic event per step.
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from './model.js';
import { emitSpike } from './model.js';
import { takeInput } from './nirEuler.js';
import { requireFiniteFields, requireSizeAndStep } from './paramChecks.js';

export interface NirThresholdParams {
  readonly threshold: number;
}

export const NIR_THRESHOLD_DEFAULTS: NirThresholdParams = { threshold: 0 };

export function validateNirThresholdParams(p: NirThresholdParams): void {
  requireFiniteFields('nir-threshold', p);
}

export interface NirThresholdState {
  readonly n: number;
}

export function createNirThresholdState(p: NirThresholdParams, n: number, dt_ms: number): NirThresholdState {
  validateNirThresholdParams(p);
  requireSizeAndStep('nir-threshold', n, dt_ms);
  return { n };
}

export function nirThresholdStep(p: NirThresholdParams, s: NirThresholdState, input: PopulationInput, out: SpikeOutput): void {
  for (let i = 0; i < s.n; i++) if (takeInput(input, i) > p.threshold) emitSpike(out, i);
}

export const nirThresholdModel: NeuronModel<NirThresholdParams, NirThresholdState> = {
  kind: 'nir-threshold',
  create: createNirThresholdState,
  reset: () => {},
  step: nirThresholdStep,
  variables: () => ({}),
};
