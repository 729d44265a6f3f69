/**
 * Pair-based STDP applied directly to weights (see stdpParams.ts for the rule).
 * Pre side (in delivery, at arrival): depression by the post trace, then the pre trace update.
 * Post side (after the neurons spiked): potentiation of every synapse onto a spiking neuron by
 * its pre trace, then the post trace update. Arrivals are processed before post spikes of the
 * same step, so a coincident pair counts as Δt = 0 (potentiation).
 */
import type { Projection } from '../network/projection.js';
import type { SpikeOutput } from '../neurons/model.js';
import type { PlasticityRule, PlasticityRuleDefinition } from './plasticityRule.js';
import type { StdpParams } from './stdpParams.js';
import { STDP_DEFAULTS, STDP_FIELDS, validateStdpParams } from './stdpParams.js';
import type { StdpTraces } from './stdpTraces.js';
import { createStdpTraces, decayPostTraces, PRE_DECAY_STEPS, registerPostSpike, resetStdpTraces } from './stdpTraces.js';

export interface StdpState {
  readonly kind: 'stdp';
  readonly rule: PlasticityRule<StdpState>;
  readonly params: StdpParams;
  readonly traces: StdpTraces;
}

/** `{kind: 'stdp', …}` in a projection's `plasticity`; unset fields take STDP_DEFAULTS. */
export type StdpSpec = { readonly kind: 'stdp' } & Partial<StdpParams>;

export function createStdpState(p: StdpParams, proj: Projection, dt_ms: number): StdpState {
  return { kind: 'stdp', rule: stdpRule, params: p, traces: createStdpTraces(p, proj.nSyn, proj.nPost, dt_ms) };
}

export function resetStdpState(st: StdpState): void {
  resetStdpTraces(st.traces);
}

/**
 * Delivers the spike that reaches synapses [s0, s1) in step t: depression by the post trace,
 * pre-trace update, then the (updated) weight is added to the target's input `acc`.
 * Written as one flat loop: helper calls returning doubles would box them when not inlined.
 */
export function stdpDeliverSegment(st: StdpState, proj: Projection, s0: number, s1: number, t: number, acc: Float64Array): void {
  const p = st.params;
  const { xPre, lastArrival, yPost, nearest, preExponentPerStep: kPre, preDecay } = st.traces;
  const { postOf, weight } = proj;
  const { aMinus, wMin, wMax } = p;
  const mult = p.weightDependence === 'multiplicative';
  const invSpan = 1 / (wMax - wMin);
  for (let s = s0; s < s1; s++) {
    const j = postOf[s];
    const y = yPost[j];
    let w = weight[s];
    if (y !== 0) {
      w -= aMinus * (mult ? (w - wMin) * invSpan : 1) * y;
      w = w < wMin ? wMin : w > wMax ? wMax : w;
      weight[s] = w;
    }
    const x = xPre[s];
    const age = t - lastArrival[s];
    xPre[s] = nearest || x === 0 ? 1 : x * (age < PRE_DECAY_STEPS ? preDecay[age] : Math.exp(age * kPre)) + 1;
    lastArrival[s] = t;
    acc[j] += w;
  }
}

/** Post neurons spiked in step t: potentiate their incoming synapses by their pre traces. */
export function stdpOnPostSpikes(st: StdpState, proj: Projection, spikes: SpikeOutput, t: number): void {
  const p = st.params;
  const { xPre, lastArrival, preExponentPerStep: kPre, preDecay } = st.traces;
  const { colStart, colSyn, weight } = proj;
  const { aPlus, wMin, wMax } = p;
  const mult = p.weightDependence === 'multiplicative';
  const invSpan = 1 / (wMax - wMin);
  for (let k = 0; k < spikes.count; k++) {
    const j = spikes.list[k];
    for (let c = colStart[j]; c < colStart[j + 1]; c++) {
      const s = colSyn[c];
      const x0 = xPre[s];
      if (x0 !== 0) {
        const age = t - lastArrival[s];
      const x = x0 * (age < PRE_DECAY_STEPS ? preDecay[age] : Math.exp(age * kPre));
        let w = weight[s];
        w += aPlus * (mult ? (wMax - w) * invSpan : 1) * x;
        weight[s] = w < wMin ? wMin : w > wMax ? wMax : w;
      }
    }
    registerPostSpike(st.traces, j);
  }
}

export function stdpEndStep(st: StdpState): void {
  decayPostTraces(st.traces);
}

export const stdpRule: PlasticityRule<StdpState> = {
  deliverSegment: stdpDeliverSegment,
  onPostSpikes: stdpOnPostSpikes,
  endStep: stdpEndStep,
  reset: resetStdpState,
};

export const STDP_RULE: PlasticityRuleDefinition<StdpSpec, StdpState> = {
  kind: 'stdp',
  summary: 'pair-based STDP on the weights (Song, Miller & Abbott 2000)',
  needsModulator: false,
  lazy: false,
  fields: STDP_FIELDS,
  create(spec, ctx) {
    const { kind: _k, ...rest } = spec;
    const p: StdpParams = { ...STDP_DEFAULTS, ...rest };
    validateStdpParams(p, ctx.where);
    return createStdpState(p, ctx.syn, ctx.dt_ms);
  },
};
