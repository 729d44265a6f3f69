/**
 * Add a plasticity rule: soft-bounded Hebbian potentiation, registered under the kind
 * 'examples/hebb' and named by a projection of a network spec — here a YAML one, so the rule's
 * fields are checked like any built-in rule's (a misspelt field is a located error).
 *
 * Each synapse keeps a presynaptic trace x (jumps by 1 when a spike arrives, decays with tau_ms);
 * when the postsynaptic neuron fires, w ← w + eta · x · (wMax − w). Weights only grow, and never
 * past wMax. The rule is written against the plasticity contract only (PlasticityRule's hooks:
 * `deliverSegment` on arrivals, `onPostSpikes`, `reset`), like the library's triplet STDP.
 *
 *   npx tsx examples/plasticity-rule.ts
 */
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { buildNetwork, findProjection, registerPlasticityRule, runSteps, validateNetworkSpec, parseSpecText } from 'spikeloop';
import type { PlasticityRule, PlasticityRuleDefinition, Projection, SpikeOutput } from 'spikeloop';

export interface HebbParams {
  readonly eta: number;
  readonly tau_ms: number;
  readonly wMin: number;
  readonly wMax: number;
}
export const HEBB_DEFAULTS: HebbParams = { eta: 0.05, tau_ms: 20, wMin: 0, wMax: 2000 };
export type HebbSpec = { readonly kind: 'examples/hebb' } & Partial<HebbParams>;

export interface HebbState {
  readonly kind: 'examples/hebb';
  readonly rule: PlasticityRule<HebbState>;
  readonly params: HebbParams;
  /** Trace right after the synapse's last arrival, and that arrival's step. */
  readonly x: Float64Array;
  readonly lastArrival: Int32Array;
  /** −dt/τ: the trace's exponent per step of age. */
  readonly k: number;
}

const hebbRule: PlasticityRule<HebbState> = {
  // A spike reaches synapses [s0, s1): bump their traces and deliver their weights.
  deliverSegment(st, proj: Projection, s0, s1, t, acc) {
    for (let s = s0; s < s1; s++) {
      st.x[s] = st.x[s]! * Math.exp((t - st.lastArrival[s]!) * st.k) + 1;
      st.lastArrival[s] = t;
      acc[proj.postOf[s]!]! += proj.weight[s]!;
    }
  },
  // Post neurons fired: potentiate each incoming synapse by its (decayed) trace.
  onPostSpikes(st, proj: Projection, spikes: SpikeOutput, t) {
    const { eta, wMax } = st.params;
    for (let q = 0; q < spikes.count; q++) {
      const j = spikes.list[q]!;
      for (let c = proj.colStart[j]!; c < proj.colStart[j + 1]!; c++) {
        const s = proj.colSyn[c]!;
        const x = st.x[s]! * Math.exp((t - st.lastArrival[s]!) * st.k);
        proj.weight[s] = Math.min(wMax, proj.weight[s]! + eta * x * (wMax - proj.weight[s]!));
      }
    }
  },
  reset(st) {
    st.x.fill(0);
    st.lastArrival.fill(0);
  },
};

export const HEBB_RULE: PlasticityRuleDefinition<HebbSpec, HebbState> = {
  kind: 'examples/hebb',
  summary: 'soft-bounded Hebbian potentiation on post spikes, gated by a presynaptic trace',
  needsModulator: false,
  lazy: false,
  fields: { eta: z.number().min(0).optional(), tau_ms: z.number().positive().optional(), wMin: z.number().optional(), wMax: z.number().optional() },
  create(spec, ctx) {
    const { kind: _kind, ...fields } = spec;
    const params: HebbParams = { ...HEBB_DEFAULTS, ...fields };
    if (!(params.wMin < params.wMax)) throw new RangeError(`${ctx.where}: expected wMin < wMax, got ${params.wMin} ≥ ${params.wMax}`);
    return { kind: 'examples/hebb', rule: hebbRule, params, x: new Float64Array(ctx.syn.nSyn), lastArrival: new Int32Array(ctx.syn.nSyn), k: -ctx.dt_ms / params.tau_ms };
  },
};

/** Two inputs onto one population: 'active' fires, 'silent' never does; both plastic. */
export const NETWORK_YAML = `
dt_ms: 1
populations:
  - { name: active, size: 20, source: { kind: poisson, rate_Hz: 40 } }
  - { name: silent, size: 20, source: { kind: poisson, rate_Hz: 0 } }
  - { name: out, size: 5, neuron: { kind: lif } }
projections:
  - { name: from_active, pre: active, post: out, connectivity: { kind: all-to-all }, weight: 500, plasticity: { kind: examples/hebb, eta: 0.001, wMax: 1500 } }
  - { name: from_silent, pre: silent, post: out, connectivity: { kind: all-to-all }, weight: 500, plasticity: { kind: examples/hebb } }
`;

export interface PlasticityRuleResult {
  readonly initialWeight: number;
  /** Mean weight per projection after the run. */
  readonly meanWeight: { readonly fromActive: number; readonly fromSilent: number };
  readonly maxWeight: number;
}

const mean = (a: Float32Array) => a.reduce((x, y) => x + y, 0) / a.length;

export function main(duration_ms = 2000, seed = 1): PlasticityRuleResult {
  registerPlasticityRule(HEBB_RULE);
  // YAML text → checked NetworkSpec (the registered rule's fields are part of the schema now).
  const spec = validateNetworkSpec(parseSpecText(NETWORK_YAML, 'hebb.yaml', 'yaml'), 'hebb.yaml', NETWORK_YAML);
  const net = buildNetwork(spec, { seed });
  runSteps(net, Math.round(duration_ms / net.dt_ms));
  const active = findProjection(net, 'from_active').syn.weight;
  const silent = findProjection(net, 'from_silent').syn.weight;
  return { initialWeight: 500, meanWeight: { fromActive: mean(active), fromSilent: mean(silent) }, maxWeight: Math.max(...active, ...silent) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = main();
  console.log(`mean weight from the active input: ${r.initialWeight} → ${r.meanWeight.fromActive.toFixed(1)}`);
  console.log(`mean weight from the silent input: ${r.initialWeight} → ${r.meanWeight.fromSilent.toFixed(1)} (no presynaptic spikes, no change)`);
}
