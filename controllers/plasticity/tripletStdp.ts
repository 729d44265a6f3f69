/**
 * Triplet STDP (Pfister & Gerstner 2006, J Neurosci 26:9673), all-to-all interactions: pair
 * STDP alone cannot reproduce the frequency dependence of plasticity; a second, slower trace on
 * each side adds the triplet terms that do.
 *
 * Traces: r1 (τ+), r2 (τx) per synapse, updated at arrival (pre time = emission + delay, as for
 * STDP); o1 (τ−), o2 (τy) per post neuron. Each jumps by 1 at its spike.
 *   pre arrival at t:   w ← w − o1(t) · (A2− + A3− · r2(t⁻)),   then r1 += 1, r2 += 1
 *   post spike at t:    w ← w + r1(t) · (A2+ + A3+ · o2(t⁻)),   then o1 += 1, o2 += 1
 * (t⁻: the trace before its own jump). Weights are clipped to [wMin, wMax] after each change.
 * Arrivals come before post spikes in a step, so a coincident pair counts as potentiation.
 * Defaults: the paper's visual-cortex, all-to-all, full-model fit (Table 4).
 *
 * It is written against the plasticity contract only (plasticityRule.ts) — this file and one
 * registry entry are the whole rule — which is why it exists: the proof that a rule the network
 * step has never heard of runs through the same hooks as STDP and R-STDP.
 */
import type { Projection } from '../network/projection.js';
import { finite, nonNegative, positive } from '../network/specLeaves.js';
import type { SpikeOutput } from '../neurons/model.js';
import type { PlasticityRule, PlasticityRuleDefinition } from './plasticityRule.js';

export interface TripletStdpParams {
  readonly a2Plus: number;
  readonly a3Plus: number;
  readonly a2Minus: number;
  readonly a3Minus: number;
  readonly tauPlus_ms: number;
  readonly tauX_ms: number;
  readonly tauMinus_ms: number;
  readonly tauY_ms: number;
  readonly wMin: number;
  readonly wMax: number;
}

export const TRIPLET_STDP_DEFAULTS: TripletStdpParams = {
  a2Plus: 5e-10,
  a3Plus: 6.2e-3,
  a2Minus: 7e-3,
  a3Minus: 2.3e-4,
  tauPlus_ms: 16.8,
  tauX_ms: 101,
  tauMinus_ms: 33.7,
  tauY_ms: 125,
  wMin: 0,
  wMax: 1,
};

export type TripletStdpSpec = { readonly kind: 'triplet-stdp' } & Partial<TripletStdpParams>;

export interface TripletStdpState {
  readonly kind: 'triplet-stdp';
  readonly rule: PlasticityRule<TripletStdpState>;
  readonly params: TripletStdpParams;
  /** r1, r2 right after the synapse's last arrival. */
  readonly r1: Float64Array;
  readonly r2: Float64Array;
  readonly lastArrival: Int32Array;
  /** o1, o2 per post neuron at the current step. */
  readonly o1: Float64Array;
  readonly o2: Float64Array;
  /** −dt/τ+ and −dt/τx: exponents per step of pre-trace age. */
  readonly k1: number;
  readonly k2: number;
  /** One step of post-trace decay. */
  readonly decayO1: number;
  readonly decayO2: number;
}

export function validateTripletStdpParams(p: TripletStdpParams, where: string): void {
  for (const k of ['a2Plus', 'a3Plus', 'a2Minus', 'a3Minus'] as const) {
    if (!(Number.isFinite(p[k]) && p[k] >= 0)) throw new RangeError(`${where}.${k}: expected a finite number ≥ 0, got ${p[k]}`);
  }
  for (const k of ['tauPlus_ms', 'tauX_ms', 'tauMinus_ms', 'tauY_ms'] as const) {
    if (!(Number.isFinite(p[k]) && p[k] > 0)) throw new RangeError(`${where}.${k}: expected a time constant > 0 ms, got ${p[k]}`);
  }
  if (!(Number.isFinite(p.wMin) && Number.isFinite(p.wMax) && p.wMin < p.wMax)) {
    throw new RangeError(`${where}: expected finite wMin < wMax, got wMin=${p.wMin}, wMax=${p.wMax}`);
  }
}

export function createTripletStdpState(p: TripletStdpParams, proj: Projection, dt_ms: number): TripletStdpState {
  return {
    kind: 'triplet-stdp',
    rule: tripletStdpRule,
    params: p,
    r1: new Float64Array(proj.nSyn),
    r2: new Float64Array(proj.nSyn),
    lastArrival: new Int32Array(proj.nSyn),
    o1: new Float64Array(proj.nPost),
    o2: new Float64Array(proj.nPost),
    k1: -dt_ms / p.tauPlus_ms,
    k2: -dt_ms / p.tauX_ms,
    decayO1: Math.exp(-dt_ms / p.tauMinus_ms),
    decayO2: Math.exp(-dt_ms / p.tauY_ms),
  };
}

function reset(st: TripletStdpState): void {
  st.r1.fill(0);
  st.r2.fill(0);
  st.lastArrival.fill(0);
  st.o1.fill(0);
  st.o2.fill(0);
}

function deliverSegment(st: TripletStdpState, proj: Projection, s0: number, s1: number, t: number, acc: Float64Array): void {
  const { r1, r2, lastArrival, o1, k1, k2 } = st;
  const { a2Minus, a3Minus, wMin, wMax } = st.params;
  const { postOf, weight } = proj;
  for (let s = s0; s < s1; s++) {
    const j = postOf[s];
    const age = t - lastArrival[s];
    const r2Before = r2[s] === 0 ? 0 : r2[s] * Math.exp(age * k2);
    let w = weight[s];
    const y = o1[j];
    if (y !== 0) {
      w -= y * (a2Minus + a3Minus * r2Before);
      w = w < wMin ? wMin : w > wMax ? wMax : w;
      weight[s] = w;
    }
    r1[s] = (r1[s] === 0 ? 0 : r1[s] * Math.exp(age * k1)) + 1;
    r2[s] = r2Before + 1;
    lastArrival[s] = t;
    acc[j] += w;
  }
}

function onPostSpikes(st: TripletStdpState, proj: Projection, spikes: SpikeOutput, t: number): void {
  const { r1, lastArrival, o1, o2, k1 } = st;
  const { a2Plus, a3Plus, wMin, wMax } = st.params;
  const { colStart, colSyn, weight } = proj;
  for (let q = 0; q < spikes.count; q++) {
    const j = spikes.list[q];
    const gain = a2Plus + a3Plus * o2[j];
    for (let c = colStart[j]; c < colStart[j + 1]; c++) {
      const s = colSyn[c];
      const x0 = r1[s];
      if (x0 === 0) continue;
      const w = weight[s] + x0 * Math.exp((t - lastArrival[s]) * k1) * gain;
      weight[s] = w < wMin ? wMin : w > wMax ? wMax : w;
    }
    o1[j] += 1;
    o2[j] += 1;
  }
}

function endStep(st: TripletStdpState): void {
  const { o1, o2, decayO1, decayO2 } = st;
  for (let j = 0; j < o1.length; j++) {
    o1[j] *= decayO1;
    o2[j] *= decayO2;
  }
}

export const tripletStdpRule: PlasticityRule<TripletStdpState> = { deliverSegment, onPostSpikes, endStep, reset };

export const TRIPLET_STDP_RULE: PlasticityRuleDefinition<TripletStdpSpec, TripletStdpState> = {
  kind: 'triplet-stdp',
  summary: 'triplet STDP, all-to-all (Pfister & Gerstner 2006): pair terms plus slow traces for the frequency dependence',
  needsModulator: false,
  lazy: false,
  fields: {
    a2Plus: nonNegative().optional(),
    a3Plus: nonNegative().optional(),
    a2Minus: nonNegative().optional(),
    a3Minus: nonNegative().optional(),
    tauPlus_ms: positive().optional(),
    tauX_ms: positive().optional(),
    tauMinus_ms: positive().optional(),
    tauY_ms: positive().optional(),
    wMin: finite().optional(),
    wMax: finite().optional(),
  },
  create(spec, ctx) {
    const { kind: _k, ...rest } = spec;
    const p: TripletStdpParams = { ...TRIPLET_STDP_DEFAULTS, ...rest };
    validateTripletStdpParams(p, ctx.where);
    return createTripletStdpState(p, ctx.syn, ctx.dt_ms);
  },
};
