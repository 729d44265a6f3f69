/**
 * The contract every neuron model implements, and the two buffers that connect a model to the
 * rest of the network: the input accumulators projections write into, and the spike output.
 *
 * Units follow NEST: mV, ms, pA, pF, nS (so nS·mV = pA and pA/pF = mV/ms). Izhikevich models
 * use the paper's dimensionless current.
 */
import type { BernoulliSampler } from './bernoulliSpikes.js';
import type { NeuronCreateOptions } from './refractoryConvention.js';

/**
 * Input to one population for one step. Projections add arriving events into `exc`/`inh`;
 * the model's step consumes them and zeroes them. `ext` is a persistent external input
 * (bias current, encoder drive) that the step reads but never clears.
 * What a unit of input means is model-specific and documented on each model: a current jump
 * in pA for current-based LIF, a conductance jump in nS for conductance-based LIF, a current
 * in the paper's units for Izhikevich.
 */
export interface PopulationInput {
  readonly exc: Float64Array;
  readonly inh: Float64Array;
  readonly ext: Float64Array;
}

/** Spikes of one population in the current step: flags per neuron and a dense list of indices. */
export interface SpikeOutput {
  readonly flags: Uint8Array;
  readonly list: Int32Array;
  count: number;
  /** How bernoulliSpikes draws into this buffer on the wasm engine (bernoulliSpikes.ts); null or absent: in JS. */
  readonly sampler?: BernoulliSampler | null;
}

export function createPopulationInput(n: number): PopulationInput {
  return { exc: new Float64Array(n), inh: new Float64Array(n), ext: new Float64Array(n) };
}

export function createSpikeOutput(n: number): SpikeOutput {
  return { flags: new Uint8Array(n), list: new Int32Array(n), count: 0, sampler: null };
}

/** Marks neuron `i` as spiking in this step. */
export function emitSpike(out: SpikeOutput, i: number): void {
  out.flags[i] = 1;
  out.list[out.count++] = i;
}

/** Clears last step's spikes (cost proportional to the spike count, not the population). */
export function clearSpikes(out: SpikeOutput): void {
  const { flags, list } = out;
  for (let k = 0; k < out.count; k++) flags[list[k]] = 0;
  out.count = 0;
}

/** Random source a model may use for its initial state (never inside `step`). */
export interface UniformSource {
  uniform(): number;
  normal(): number;
}

/**
 * A neuron model: pure functions over (params, state). `create` derives whatever step
 * coefficients depend on (params, dt) once, so `step` does arithmetic only and allocates nothing.
 * `step` must consume (and zero) `input.exc`/`input.inh`, clear nothing else, and emit spikes
 * through `emitSpike` (the caller clears the previous step's spikes first).
 */
export interface NeuronModel<P, S> {
  readonly kind: string;
  /** `opts.refractory` picks how t_ref is counted (refractoryConvention.ts); models without refractoriness ignore it. */
  create(p: P, n: number, dt_ms: number, opts?: NeuronCreateOptions): S;
  /** Resting state (membranes at rest, not refractory, zero synaptic state). */
  reset(p: P, s: S): void;
  step(p: P, s: S, input: PopulationInput, out: SpikeOutput): void;
  /** Named state variables a probe may record, with units, e.g. `{ v_mV: s.v }`. */
  variables(s: S): Readonly<Record<string, Float64Array>>;
  /**
   * The state variables (names in `variables`) that an event on `input.exc` / `input.inh` jumps:
   * `step` adds the accumulators to them at its end, after the membrane update. Declaring them
   * lets a projection with delay 0 add its weights there directly, right after the post
   * population's update in the emitting step (Brian2's delay 0: the jump acts on the next
   * update). Models without them (input acting as a current within the step) refuse delay 0.
   */
  readonly jumpVariables?: { readonly exc: string; readonly inh: string };
}
