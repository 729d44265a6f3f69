/**
 * The contract every plasticity rule implements, like `NeuronModel` for neurons: the network
 * step (network/networkStep.ts, network/deliver.ts) calls these hooks and never asks which rule
 * it runs. A rule is one file exporting a `PlasticityRuleDefinition` (its spec fields, defaults,
 * validation and state) plus one line in the registry (registry.ts).
 *
 * Where the hooks run in step t (the network's one schedule, networkStep.ts):
 *   1. arrivals   — `deliverSegment`: a spike reaches synapses [s0, s1); the rule updates what it
 *                   keeps per synapse and MUST add each synapse's (updated) weight to
 *                   acc[postOf[s]] (it owns the delivery walk, so the weight is read once);
 *   4. plasticity — `onPostSpikes` for this step's post spikes, then `endStep` (trace decay,
 *                   eligibility integration, homeostatic scaling), rule by rule in the
 *                   projection's order; then the network's modulators decay.
 * Lazy rules (R-STDP) keep weights behind and bring them up to date in `flush` (one synapse) /
 * `flushAll`; anything that reads or rewrites weights calls those first (`settleProjection`,
 * `flushSynapse`).
 *
 * Hooks are methods (bivariant parameters), so a `PlasticityRule<RstdpState>` is a
 * `PlasticityRule` for the network, which only ever hands a rule its own state.
 */
import type { z } from 'zod';
import type { Projection } from '../network/projection.js';
import type { SpikeOutput } from '../neurons/model.js';
import type { ModulatorState } from './modulator.js';

/** Weight bounds every rule declares: the weights it writes stay within [wMin, wMax]. */
export interface RuleBounds {
  readonly wMin: number;
  readonly wMax: number;
}

/** A rule's per-projection state; `rule` holds its hooks, `params` its resolved parameters. */
export interface PlasticityRuleState {
  readonly kind: string;
  readonly rule: PlasticityRule;
  readonly params: RuleBounds;
}

/** What a rule sees of its projection: the synapses and every rule that acts on them. */
export interface PlasticProjection {
  readonly syn: Projection;
  readonly rules: readonly PlasticityRuleState[];
}

export interface PlasticityRule<S extends PlasticityRuleState = PlasticityRuleState> {
  /** A spike reaches synapses [s0, s1) in step t: update, then add each weight to acc[postOf[s]]. */
  deliverSegment?(st: S, proj: Projection, s0: number, s1: number, t: number, acc: Float64Array): void;
  /** The post neurons in `spikes` fired in step t. */
  onPostSpikes?(st: S, proj: Projection, spikes: SpikeOutput, t: number): void;
  /** End of step t (after every rule's `onPostSpikes`). `np` gives access to the other rules. */
  endStep?(st: S, np: PlasticProjection, post: SpikeOutput, t: number): void;
  /** Lazy rules: bring synapse s's weight up to date. */
  flush?(st: S, proj: Projection, s: number): void;
  /** Lazy rules: bring every weight up to date (before weights are read or saved). */
  flushAll?(st: S, proj: Projection): void;
  /** Clears traces and eligibility; weights stay. */
  reset(st: S): void;
}

/** What a definition gets to build its state on one projection. */
export interface RuleContext {
  readonly syn: Projection;
  readonly dt_ms: number;
  /** The network's modulators by name. */
  readonly modulators: ReadonlyMap<string, ModulatorState>;
  /** Where the spec sits, for error messages (`projections[2].plasticity`). */
  readonly where: string;
}

/**
 * A rule as the registry knows it. `Spec` is the JSON/YAML form (`{kind, …fields}`, every field
 * optional unless the rule needs it); `fields` is its zod shape, from which the network schema is
 * built, so a new rule's fields are validated with located errors without touching the schema.
 */
export interface PlasticityRuleDefinition<Spec extends { readonly kind: string } = { readonly kind: string }, S extends PlasticityRuleState = PlasticityRuleState> {
  readonly kind: Spec['kind'];
  /** One line for listings and docs. */
  readonly summary: string;
  /** True if the rule changes weights only through a modulator (three-factor rules). */
  readonly needsModulator: boolean;
  /** True if weights lag behind until `flush` (the conformance test compares it with brute force). */
  readonly lazy: boolean;
  readonly fields: z.core.$ZodLooseShape;
  /** Resolves defaults, validates (RangeError naming `ctx.where`), builds the state. */
  create(spec: Spec, ctx: RuleContext): S;
}

/** Brings synapse s up to date under every lazy rule of its projection (before rewriting it). */
export function flushSynapse(np: PlasticProjection, s: number): void {
  for (const st of np.rules) st.rule.flush?.(st, np.syn, s);
}

/** Brings every weight of the projection up to date (before reading or saving weights). */
export function settleProjection(np: PlasticProjection): void {
  for (const st of np.rules) st.rule.flushAll?.(st, np.syn);
}

/** The modulator a three-factor rule names, or a RangeError listing the network's modulators. */
export function modulatorFor(name: string, ctx: RuleContext): ModulatorState {
  const m = ctx.modulators.get(name);
  if (m) return m;
  const names = [...ctx.modulators.keys()];
  throw new RangeError(
    `${ctx.where}.modulator: unknown modulator '${name}'; ${names.length ? `modulators are: ${names.join(', ')}` : 'the network declares no modulators (add one under "modulators")'}`,
  );
}
