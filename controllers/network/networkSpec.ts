/**
 * A network as data: populations, projections, plasticity, modulators and inputs. The same
 * objects come from the TypeScript API or from a JSON/YAML file (validated by
 * `networkSchema.ts`); `buildNetwork` turns a spec into runnable state.
 */
import type { NeuronSpec } from './neuronsFromSpec.js';
import type { RefractoryConvention } from '../neurons/refractoryConvention.js';
import type { ModulatorParams } from '../plasticity/modulator.js';
import type { PlasticitySpec } from '../plasticity/registry.js';
import type { SynapticScalingParams } from '../plasticity/synapticScaling.js';
import type { Connectivity } from './connectivity.js';
import type { Distribution } from './distribution.js';
import type { InputSourceSpec } from './inputSource.js';
import type { SynapseTarget } from './projection.js';

export interface NeuronPopulationSpec {
  readonly name: string;
  readonly size: number;
  readonly neuron: NeuronSpec;
  /** Initial values of state variables by name (e.g. `v_mV`), drawn per neuron at each reset. */
  readonly init?: Readonly<Record<string, Distribution>>;
}

export interface SourcePopulationSpec {
  readonly name: string;
  readonly size: number;
  readonly source: InputSourceSpec;
}

export type PopulationSpec = NeuronPopulationSpec | SourcePopulationSpec;

export interface ProjectionSpec {
  /** Defaults to `<pre>-><post>`; must be unique. */
  readonly name?: string;
  readonly pre: string;
  readonly post: string;
  /** Which input of the post model the events drive. @default 'exc' */
  readonly target?: SynapseTarget;
  readonly connectivity: Connectivity;
  /** Initial weight per synapse in the post model's input unit (pA for LIF, nS for COBA, …). */
  readonly weight: Distribution;
  /** Explicit per-pair weights (only with `connectivity.kind: 'list'`; overrides `weight`). */
  readonly weights?: readonly number[];
  /**
   * Delay per synapse in ms, rounded to whole steps (at most MAX_DELAY_STEPS). A spike emitted in
   * step s with delay d ≥ 1 steps jumps the target's synaptic variable at the end of step s + d,
   * as Brian2 with delay d·dt; delay 0 jumps it at the end of step s itself, right after the
   * post population's update (Brian2's default delay), so either way it acts on the update of
   * step s + d + 1. Delay 0 needs a post model with jump variables (lif, coba-lif, adaptive-lif).
   * @default one step (dt)
   */
  readonly delay_ms?: Distribution;
  /**
   * Explicit per-pair delays in ms (only with `connectivity.kind: 'list'`, one per pair;
   * overrides `delay_ms`), same rounding and rules as `delay_ms`.
   */
  readonly delays_ms?: readonly number[];
  readonly plasticity?: PlasticitySpec;
  readonly homeostasis?: Partial<SynapticScalingParams> & { readonly kind: 'synaptic-scaling'; readonly targetRate_Hz: number };
  /**
   * Where an imported projection came from, so that an export can write it back in its original
   * form (the NIR importer sets it for paths through convolutions and pooling, whose synapses
   * are an expansion). The engine ignores it; the exporter checks it against the weights.
   */
  readonly origin?: ProjectionOrigin;
}

export interface ProjectionOrigin {
  /** The format that wrote `nodes` ('nir': controllers/nir/projectionOrigin.ts). */
  readonly format: string;
  /** The nodes between pre and post, in path order, as that format's importer records them. */
  readonly nodes: readonly Readonly<Record<string, unknown>>[];
  /** Shapes of the pre and post populations in that format (e.g. [C, H, W]), when not flat. */
  readonly preShape?: readonly number[];
  readonly postShape?: readonly number[];
}

export type ModulatorSpec = Partial<ModulatorParams> & { readonly name: string };

export interface NetworkSpec {
  /** SNN time step in ms. @default 1 */
  readonly dt_ms?: number;
  /**
   * How refractory periods are counted on the time grid (refractoryConvention.ts): 'spikeloop'
   * = 'nest' (shortest interspike interval t_ref + dt) or 'brian2' (t_ref). @default 'spikeloop'
   */
  readonly refractory?: RefractoryConvention;
  readonly populations: readonly PopulationSpec[];
  readonly projections?: readonly ProjectionSpec[];
  readonly modulators?: readonly ModulatorSpec[];
}

/** Longest allowed delay, in steps (ring-buffer length bound). */
export const MAX_DELAY_STEPS = 10_000;
