/**
 * A runnable network: plain state built from a NetworkSpec. `networkStep` (networkStep.ts)
 * advances it by one dt; the functions here reset it and attach inputs, rewards and monitors.
 */
import type { Rng } from '../../loop/rng.js';
import type { SpikeRecorder } from '../monitors/spikeRecorder.js';
import type { StateProbe } from '../monitors/stateProbe.js';
import type { NetworkCounters } from '../monitors/counters.js';
import type { SynapticCounters } from '../metrics/synapticCounters.js';
import type { ModulatorState } from '../plasticity/modulator.js';
import type { PlasticityRuleState } from '../plasticity/plasticityRule.js';
import type { NetworkSpec } from './networkSpec.js';
import type { Population } from './population.js';
import type { EngineChoice } from './wasmBackend.js';
import type { Projection } from './projection.js';

export interface NetworkProjection {
  readonly syn: Projection;
  /** The learning rule the spec's `plasticity` names (null: none). */
  readonly plasticity: PlasticityRuleState | null;
  /** Homeostasis from the spec's `homeostasis` (null: none). */
  readonly homeostasis: PlasticityRuleState | null;
  /** Every rule acting on this projection, in the order the step runs them: learning, then homeostasis. */
  readonly rules: readonly PlasticityRuleState[];
  /** The rule that owns the pre-side delivery walk (at most one per projection), or null. */
  readonly deliveryRule: PlasticityRuleState | null;
  /**
   * Delivery on the wasm engine (wasmBackend.ts) for a projection without plasticity: does what
   * deliverArrivals does, on the kernel. Absent or null: deliverArrivals walks the arrays in JS.
   */
  deliverKernel?: ((t: number, sc: SynapticCounters) => number) | null;
  /** The same for delay-0 delivery within the step (deliverWithinStep.ts). */
  deliverWithinKernel?: ((t: number, sc: SynapticCounters) => number) | null;
}

export type Monitor = SpikeRecorder | StateProbe;

export interface Network {
  readonly spec: NetworkSpec;
  readonly dt_ms: number;
  /** The engine the network runs on: backend (js or wasm) and state precision (wasmBackend.ts). */
  readonly engine: EngineChoice;
  readonly populations: readonly Population[];
  readonly projections: readonly NetworkProjection[];
  readonly modulators: readonly ModulatorState[];
  readonly monitors: Monitor[];
  readonly counters: NetworkCounters;
  /** Effective synaptic operations and plastic synapse updates since the last reset. */
  readonly synaptic: SynapticCounters;
  /**
   * Called once per step after every population has updated (before plasticity and monitors),
   * e.g. to hold neuron state on a hardware grid (controllers/hardware). null: nothing.
   */
  afterUpdate: ((net: Network) => void) | null;
  /**
   * The arrivals phase of every projection in one wasm call (wasmBackend.ts, when every projection
   * delivers on a kernel): what networkStep's deliverArrivals loop does, same order, same sums.
   * null: the loop.
   */
  deliverAll: ((t: number, sc: SynapticCounters) => number) | null;
  /**
   * The update phase of the populations marked `grouped` in one wasm call (wasmBackend.ts, when two
   * or more populations run on kernels): clears their last spikes and steps them. null: none.
   */
  stepGroup: (() => void) | null;
  /** Random stream per source population (index-aligned with populations; null for neurons). */
  readonly sourceRngs: Array<Rng | null>;
  /** Steps taken since the last reset. */
  step: number;
  /** Seed of the last reset (drives initial state and sources). */
  seed: number;
  /** Seed the network was built with (drives connectivity and initial weights). */
  readonly buildSeed: number;
}
