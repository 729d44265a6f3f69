/**
 * Izhikevich (2003) simple spiking neuron, "Simple model of spiking neurons", IEEE Trans. Neural
 * Networks 14:1569–1572.
 *
 *   v' = 0.04v² + 5v + 140 − u + I,   u' = a(bv − u)        (v in mV, t in ms)
 *   v ≥ v_peak (30 mV)  ⇒  spike, v ← c, u ← u + d
 *
 * Integration follows the paper's code: v takes two forward-Euler half-steps (dt/2 each, 0.5 ms
 * at the paper's 1 ms) with the same u and I, then u takes one dt step using the new v. The
 * paper's loop detects v ≥ 30 at the start of the next step and resets there; here the check and
 * reset happen at the end of the same step, which is the same dynamics with the spike labelled
 * one step earlier (at the step in which v crossed, not the one after).
 *
 * Input current I = ext + exc − inh, in the paper's dimensionless units, for this step only:
 * synaptic events add to I for one step (as in Izhikevich's spnet/daspnet code, where the summed
 * weights of the neurons that fired are added to I for that 1 ms step). A smaller dt therefore
 * delivers proportionally less charge per event; `ext` is a constant current (the paper's
 * thalamic/DC input).
 *
 * Parameters keep the paper's letters a, b, c, d, the names every reference uses: a (1/ms) is
 * the recovery rate, b (dimensionless) the sensitivity of u to v, c (mV) the reset potential,
 * d (same units as u) the spike-triggered increment of u. Initial state: v = v_init (−65 mV in
 * the paper's code), u = b·v.
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from './model.js';
import { emitSpike } from './model.js';
import { requireBelow, requireFiniteFields, requireSizeAndStep } from './paramChecks.js';

export interface IzhikevichParams {
  /** Time scale of the recovery variable u (1/ms). */
  readonly a: number;
  /** Sensitivity of u to subthreshold v (dimensionless). */
  readonly b: number;
  /** After-spike reset of v (mV). */
  readonly c: number;
  /** After-spike increment of u. */
  readonly d: number;
  /** Spike cut-off: v ≥ vPeak_mV is a spike. */
  readonly vPeak_mV: number;
  /** v at reset of the state; u starts at b·vInit_mV. */
  readonly vInit_mV: number;
}

/** The named cell classes of Izhikevich (2003), Fig. 2, as (a, b, c, d). */
export const IZHIKEVICH_PRESET_NAMES = ['RS', 'IB', 'CH', 'FS', 'LTS', 'TC', 'RZ'] as const;
export type IzhikevichPresetName = (typeof IZHIKEVICH_PRESET_NAMES)[number];

const PAPER = { vPeak_mV: 30, vInit_mV: -65 } as const;

/**
 * Izhikevich (2003) Fig. 2: RS regular spiking, IB intrinsically bursting, CH chattering, FS fast
 * spiking, LTS low-threshold spiking, TC thalamo-cortical, RZ resonator.
 */
export const IZHIKEVICH_PRESETS: { readonly [K in IzhikevichPresetName]: IzhikevichParams } = {
  RS: { a: 0.02, b: 0.2, c: -65, d: 8, ...PAPER },
  IB: { a: 0.02, b: 0.2, c: -55, d: 4, ...PAPER },
  CH: { a: 0.02, b: 0.2, c: -50, d: 2, ...PAPER },
  FS: { a: 0.1, b: 0.2, c: -65, d: 2, ...PAPER },
  LTS: { a: 0.02, b: 0.25, c: -65, d: 2, ...PAPER },
  TC: { a: 0.02, b: 0.25, c: -65, d: 0.05, ...PAPER },
  RZ: { a: 0.1, b: 0.26, c: -65, d: 2, ...PAPER },
};

/** Regular spiking, the paper's excitatory cortical cell. */
export const IZHIKEVICH_DEFAULTS: IzhikevichParams = IZHIKEVICH_PRESETS.RS;

/** Throws a RangeError naming the first invalid parameter. */
export function validateIzhikevichParams(p: IzhikevichParams): void {
  const m = 'izhikevich';
  requireFiniteFields(m, p);
  requireBelow(m, 'c', p.c, 'vPeak_mV', p.vPeak_mV);
  requireBelow(m, 'vInit_mV', p.vInit_mV, 'vPeak_mV', p.vPeak_mV);
}

/** Step coefficients derived from (params, dt). */
export interface IzhikevichCoefficients {
  readonly halfDt: number; // ms, the v half-step
  readonly aDt: number; // a·dt, the u step
}

export function izhikevichCoefficients(p: IzhikevichParams, dt_ms: number): IzhikevichCoefficients {
  return { halfDt: dt_ms / 2, aDt: p.a * dt_ms };
}

export interface IzhikevichState {
  readonly n: number;
  readonly coef: IzhikevichCoefficients;
  readonly v_mV: Float64Array;
  readonly u: Float64Array;
}

export function createIzhikevichState(p: IzhikevichParams, n: number, dt_ms: number): IzhikevichState {
  validateIzhikevichParams(p);
  requireSizeAndStep('izhikevich', n, dt_ms);
  const s: IzhikevichState = {
    n,
    coef: izhikevichCoefficients(p, dt_ms),
    v_mV: new Float64Array(n),
    u: new Float64Array(n),
  };
  resetIzhikevichState(p, s);
  return s;
}

export function resetIzhikevichState(p: IzhikevichParams, s: IzhikevichState): void {
  s.v_mV.fill(p.vInit_mV);
  s.u.fill(p.b * p.vInit_mV);
}

export function izhikevichStep(
  p: IzhikevichParams,
  s: IzhikevichState,
  input: PopulationInput,
  out: SpikeOutput,
): void {
  const { halfDt, aDt } = s.coef;
  const { v_mV: v, u } = s;
  const { exc, inh, ext } = input;
  const { b, c, d, vPeak_mV: vPeak } = p;
  for (let i = 0; i < s.n; i++) {
    const I = ext[i] + exc[i] - inh[i];
    exc[i] = 0;
    inh[i] = 0;
    let vi = v[i];
    let ui = u[i];
    vi += halfDt * (0.04 * vi * vi + 5 * vi + 140 - ui + I);
    vi += halfDt * (0.04 * vi * vi + 5 * vi + 140 - ui + I);
    ui += aDt * (b * vi - ui);
    if (vi >= vPeak) {
      vi = c;
      ui += d;
      emitSpike(out, i);
    }
    v[i] = vi;
    u[i] = ui;
  }
}

export const izhikevichModel: NeuronModel<IzhikevichParams, IzhikevichState> = {
  kind: 'izhikevich',
  create: createIzhikevichState,
  reset: resetIzhikevichState,
  step: izhikevichStep,
  variables: (s) => ({ v_mV: s.v_mV, u: s.u }),
};
