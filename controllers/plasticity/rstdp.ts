/**
 * Three-factor reward-modulated STDP (Izhikevich 2007; Frémaux & Gerstner 2016).
 *
 * STDP events (stdpParams.ts) do not change the weight; they add to a per-synapse eligibility
 * trace e that decays with τ_e. The weight follows the neuromodulator d(t) (modulator.ts):
 *   dw/dt = η · d(t) · e(t),   w clipped to [wMin, wMax].
 *
 * Exact and lazy: decaying every eligibility trace every step would cost O(synapses) per step.
 * Within an epoch that starts at T0 we keep, per projection,
 *   g(t)   = e^{−(t−T0)/τ_e}                         (one number)
 *   acc(t) = ∫_{T0}^{t} d(u) e^{−(u−T0)/τ_e} du      (one number, advanced exactly per step
 *            because d is tonic + a phasic part that decays exponentially within a step)
 * and, per synapse, ê = e/g (eligibility in the epoch frame) and the acc value at its last flush.
 * Then e(t) = ê·g(t), and between two touches of a synapse its weight changes by exactly
 *   ∫ η d e du = η · ê · (acc(now) − acc(last)).
 * A synapse is flushed only when touched (spike arrival, post spike, weight read). When g gets
 * small the epoch is rebased (one O(synapses) pass every ~14 τ_e) to keep float64 precision.
 * Hard bounds are applied at each flush.
 */
import type { Projection } from '../network/projection.js';
import type { SpikeOutput } from '../neurons/model.js';
import { finite, name, positive } from '../network/specLeaves.js';
import type { ModulatorState } from './modulator.js';
import type { PlasticProjection, PlasticityRule, PlasticityRuleDefinition } from './plasticityRule.js';
import { modulatorFor } from './plasticityRule.js';
import type { StdpParams } from './stdpParams.js';
import { clipWeight, STDP_DEFAULTS, STDP_FIELDS, validateStdpParams } from './stdpParams.js';
import type { StdpTraces } from './stdpTraces.js';
import { createStdpTraces, decayPostTraces, PRE_DECAY_STEPS, registerPostSpike, resetStdpTraces } from './stdpTraces.js';

export interface RstdpParams extends StdpParams {
  /** Eligibility time constant τ_e. */
  readonly tauElig_ms: number;
  /** Learning rate η: weight change per ms per unit of modulator and eligibility. */
  readonly eta_per_ms: number;
  /** Name of the modulator (network-level) that gates this projection. */
  readonly modulator: string;
}

/** `{kind: 'rstdp', modulator, …}` in a projection's `plasticity`; unset fields take RSTDP_DEFAULTS. */
export type RstdpSpec = { readonly kind: 'rstdp'; readonly modulator: string } & Partial<Omit<RstdpParams, 'modulator'>>;

export const RSTDP_DEFAULTS: Omit<RstdpParams, 'modulator'> = {
  ...STDP_DEFAULTS,
  tauElig_ms: 1000,
  eta_per_ms: 0.001,
};

export function validateRstdpParams(p: RstdpParams, where: string): void {
  validateStdpParams(p, where);
  if (!(Number.isFinite(p.tauElig_ms) && p.tauElig_ms > 0)) throw new RangeError(`${where}.tauElig_ms: expected > 0, got ${p.tauElig_ms}`);
  if (!Number.isFinite(p.eta_per_ms)) throw new RangeError(`${where}.eta_per_ms: expected a finite number, got ${p.eta_per_ms}`);
}

/** Rebase the epoch when g falls below this (precision of acc differences stays ~1e-10). */
const REBASE_BELOW = 1e-6;

export interface RstdpState {
  readonly kind: 'rstdp';
  readonly rule: PlasticityRule<RstdpState>;
  readonly params: RstdpParams;
  readonly traces: StdpTraces;
  readonly modulator: ModulatorState;
  /** Eligibility in the epoch frame, ê = e / g. */
  readonly eligScaled: Float64Array;
  /** acc at each synapse's last flush. */
  readonly accAtFlush: Float64Array;
  /** One step of eligibility decay, e^{−dt/τ_e}. */
  readonly decayElig: number;
  /** ∫ over one step of e^{−u/τ_e} du, for the tonic level. */
  readonly tonicIntegral: number;
  /** ∫ over one step of e^{−u/τ_e} e^{−u/τ_d} du, for the phasic level. */
  readonly phasicIntegral: number;
  /** [g, acc] of the current epoch. A typed array, because writing doubles into plain object
   *  fields can allocate a heap number per write; this runs every step. */
  readonly epoch: Float64Array;
}

/** Indices of g and acc in `RstdpState.epoch` (the wasm delivery kernel's caller reads them too). */
export const EPOCH_G = 0;
export const EPOCH_ACC = 1;
const G = EPOCH_G;
const ACC = EPOCH_ACC;

export function createRstdpState(p: RstdpParams, proj: Projection, modulator: ModulatorState, dt_ms: number): RstdpState {
  const tauE = p.tauElig_ms;
  const tauD = modulator.params.tau_ms;
  const tauC = (tauE * tauD) / (tauE + tauD);
  return {
    kind: 'rstdp',
    rule: rstdpRule,
    params: p,
    traces: createStdpTraces(p, proj.nSyn, proj.nPost, dt_ms),
    modulator,
    eligScaled: new Float64Array(proj.nSyn),
    accAtFlush: new Float64Array(proj.nSyn),
    decayElig: Math.exp(-dt_ms / tauE),
    tonicIntegral: -tauE * Math.expm1(-dt_ms / tauE),
    phasicIntegral: -tauC * Math.expm1(-dt_ms / tauC),
    epoch: Float64Array.of(1, 0),
  };
}

/** Clears traces and eligibility (weights stay). */
export function resetRstdpState(st: RstdpState): void {
  resetStdpTraces(st.traces);
  st.eligScaled.fill(0);
  st.accAtFlush.fill(0);
  st.epoch[G] = 1;
  st.epoch[ACC] = 0;
}

/** Brings synapse s's weight up to date with the modulated eligibility since its last flush. */
export function rstdpFlush(st: RstdpState, proj: Projection, s: number): void {
  const acc = st.epoch[ACC];
  const da = acc - st.accAtFlush[s];
  if (da !== 0) {
    const e = st.eligScaled[s];
    if (e !== 0) proj.weight[s] = clipWeight(st.params, proj.weight[s] + st.params.eta_per_ms * e * da);
    st.accAtFlush[s] = acc;
  }
}

/** Flushes every synapse (before reading or saving weights). */
export function rstdpFlushAll(st: RstdpState, proj: Projection): void {
  for (let s = 0; s < proj.nSyn; s++) rstdpFlush(st, proj, s);
}

/** Current eligibility of synapse s. */
export function eligibilityOf(st: RstdpState, s: number): number {
  return st.eligScaled[s] * st.epoch[G];
}

/**
 * Delivers the spike that reaches synapses [s0, s1) in step t: flush each synapse, add the
 * depression to its eligibility, update its pre trace, add its weight to the target's input.
 * One flat loop (helpers returning doubles would box them when not inlined).
 */
export function rstdpDeliverSegment(st: RstdpState, proj: Projection, s0: number, s1: number, t: number, acc: Float64Array): void {
  const p = st.params;
  const { xPre, lastArrival, yPost, nearest, preExponentPerStep: kPre, preDecay } = st.traces;
  const { eligScaled, accAtFlush } = st;
  const { postOf, weight } = proj;
  const { aMinus, wMin, wMax } = p;
  const eta = p.eta_per_ms;
  const mult = p.weightDependence === 'multiplicative';
  const invSpan = 1 / (wMax - wMin);
  const a = st.epoch[ACC];
  const invG = 1 / st.epoch[G];
  for (let s = s0; s < s1; s++) {
    let w = weight[s];
    const e = eligScaled[s];
    const da = a - accAtFlush[s];
    if (da !== 0 && e !== 0) {
      w += eta * e * da;
      w = w < wMin ? wMin : w > wMax ? wMax : w;
      weight[s] = w;
    }
    accAtFlush[s] = a;
    const j = postOf[s];
    const y = yPost[j];
    if (y !== 0) eligScaled[s] = e - aMinus * (mult ? (w - wMin) * invSpan : 1) * y * invG;
    const x = xPre[s];
    const age = t - lastArrival[s];
    xPre[s] = nearest || x === 0 ? 1 : x * (age < PRE_DECAY_STEPS ? preDecay[age] : Math.exp(age * kPre)) + 1;
    lastArrival[s] = t;
    acc[j] += w;
  }
}

/** Post neurons spiked in step t: add potentiation to the eligibility of their inputs. */
export function rstdpOnPostSpikes(st: RstdpState, proj: Projection, spikes: SpikeOutput, t: number): void {
  const p = st.params;
  const { xPre, lastArrival, preExponentPerStep: kPre, preDecay } = st.traces;
  const { eligScaled, accAtFlush } = st;
  const { colStart, colSyn, weight } = proj;
  const { aPlus, wMin, wMax } = p;
  const eta = p.eta_per_ms;
  const mult = p.weightDependence === 'multiplicative';
  const invSpan = 1 / (wMax - wMin);
  const a = st.epoch[ACC];
  const invG = 1 / st.epoch[G];
  for (let k = 0; k < spikes.count; k++) {
    const j = spikes.list[k];
    for (let c = colStart[j]; c < colStart[j + 1]; c++) {
      const s = colSyn[c];
      const x0 = xPre[s];
      if (x0 === 0) continue;
      let w = weight[s];
      const e = eligScaled[s];
      const da = a - accAtFlush[s];
      if (da !== 0 && e !== 0) {
        w += eta * e * da;
        w = w < wMin ? wMin : w > wMax ? wMax : w;
        weight[s] = w;
      }
      accAtFlush[s] = a;
      const age = t - lastArrival[s];
      const x = x0 * (age < PRE_DECAY_STEPS ? preDecay[age] : Math.exp(age * kPre));
      eligScaled[s] = e + aPlus * (mult ? (wMax - w) * invSpan : 1) * x * invG;
    }
    registerPostSpike(st.traces, j);
  }
}

/**
 * End of step: integrate d·e^{−(u−T0)/τ_e} over the step exactly (d = tonic + phasic decaying
 * with τ_d; call before the modulator decays), decay post traces, rebase when needed.
 */
export function rstdpEndStep(st: RstdpState, np: PlasticProjection): void {
  const m = st.modulator;
  const ep = st.epoch;
  ep[ACC] += ep[G] * (m.params.tonic * st.tonicIntegral + m.phasic * st.phasicIntegral);
  ep[G] *= st.decayElig;
  decayPostTraces(st.traces);
  if (ep[G] < REBASE_BELOW) rebase(st, np.syn);
}

function rebase(st: RstdpState, proj: Projection): void {
  rstdpFlushAll(st, proj);
  const { eligScaled, accAtFlush } = st;
  const g = st.epoch[G];
  for (let s = 0; s < proj.nSyn; s++) {
    eligScaled[s] *= g;
    accAtFlush[s] = 0;
  }
  st.epoch[G] = 1;
  st.epoch[ACC] = 0;
}

export const rstdpRule: PlasticityRule<RstdpState> = {
  deliverSegment: rstdpDeliverSegment,
  onPostSpikes: rstdpOnPostSpikes,
  endStep: rstdpEndStep,
  flush: rstdpFlush,
  flushAll: rstdpFlushAll,
  reset: resetRstdpState,
};

export const RSTDP_RULE: PlasticityRuleDefinition<RstdpSpec, RstdpState> = {
  kind: 'rstdp',
  summary: 'three-factor reward-modulated STDP: STDP builds eligibility, a modulator turns it into weight change (Izhikevich 2007)',
  needsModulator: true,
  lazy: true,
  fields: { modulator: name(), ...STDP_FIELDS, tauElig_ms: positive().optional(), eta_per_ms: finite().optional() },
  create(spec, ctx) {
    const { kind: _k, ...rest } = spec;
    const p: RstdpParams = { ...RSTDP_DEFAULTS, ...rest };
    validateRstdpParams(p, ctx.where);
    return createRstdpState(p, ctx.syn, modulatorFor(p.modulator, ctx), ctx.dt_ms);
  },
};
