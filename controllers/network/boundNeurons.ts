/**
 * The generic population shell's view of a neuron model: the model's pure functions closed over
 * its params and state, so a population can run whichever model it was given without knowing
 * its parameter or state types (Norse's `module/snn.py` idea).
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from '../neurons/model.js';
import type { NeuronCreateOptions } from '../neurons/refractoryConvention.js';

/** A state variable: float64, or float32 in a network built with precision 'f32' (wasmBackend.ts). */
export type StateArray = Float64Array | Float32Array;

export interface BoundNeurons {
  readonly kind: string;
  step(input: PopulationInput, out: SpikeOutput): void;
  reset(): void;
  /** Named state arrays (with units in the names) for probes and initialisation. */
  readonly variables: Readonly<Record<string, StateArray>>;
  /** The model, its resolved params and its state, for engines that run the step elsewhere (wasmBackend.ts). */
  readonly model: NeuronModel<unknown, unknown>;
  readonly params: unknown;
  readonly state: unknown;
}

export function bindNeurons<P, S>(model: NeuronModel<P, S>, params: P, n: number, dt_ms: number, opts?: NeuronCreateOptions): BoundNeurons {
  const state = model.create(params, n, dt_ms, opts);
  return {
    kind: model.kind,
    step: (input, out) => model.step(params, state, input, out),
    reset: () => model.reset(params, state),
    variables: model.variables(state),
    model: model as NeuronModel<unknown, unknown>,
    params,
    state,
  };
}
