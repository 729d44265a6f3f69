/**
 * Leaky integrate-and-fire neuron, conductance-based, with exponentially decaying excitatory and
 * inhibitory conductances and an absolute refractory period: the neuron of the COBA benchmark
 * (Vogels & Abbott 2005; Brette et al. 2007, Benchmark 1; NEST `iaf_cond_exp`).
 *
 *   C dv/dt     = g_L(E_L − v) + g_e(E_e − v) + g_i(E_i − v) + I_ext
 *   τ_e dg_e/dt = −g_e,   τ_i dg_i/dt = −g_i
 *   v ≥ V_th  ⇒  spike, v ← V_reset, held for t_ref (conductances keep decaying)
 *
 * Integration: exponential Euler with the conductances frozen over the step, which is exact for
 * frozen g: with g_tot = g_L + g_e + g_i and x = dt·g_tot/C,
 *   v(t+dt) = v + (dt/C)·φ(x)·I_tot(v),   φ(x) = (1 − e^{−x})/x,
 * I_tot the total membrane current at the step start. The frozen value is each conductance at
 * the middle of the step, g·e^{−dt/2τ}, which makes the step second-order accurate in dt for
 * decaying conductances at the cost of one multiplication (freezing the step-start value, as
 * Brian2's `exponential_euler` does, is first order).
 * φ is evaluated by its Taylor series for x ≤ 0.5 (the relevant range: x ≈ 0.13 in the COBA
 * benchmark), so the hot loop calls no Math.exp; see {@link decayPhi}.
 *
 * Arriving events (input.exc / input.inh, conductance jumps in nS, both positive) are added to
 * g_e / g_i after the membrane update, so they act from the next step, as in lif.ts. `ext` is a
 * constant current in pA. Spikes are on the time grid: the first step whose end-of-step
 * v ≥ V_th.
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from './model.js';
import { emitSpike } from './model.js';
import type { NeuronCreateOptions, RefractoryConvention } from './refractoryConvention.js';
import { refractorySteps, requireBelow, requireFiniteFields, requireNonNegative, requirePositive, requireSizeAndStep } from './paramChecks.js';

export interface CobaLifParams {
  readonly cMem_pF: number;
  readonly gLeak_nS: number;
  readonly eLeak_mV: number;
  readonly vThresh_mV: number;
  readonly vReset_mV: number;
  readonly tRef_ms: number;
  /** Reversal potential of the excitatory conductance. */
  readonly eExc_mV: number;
  /** Reversal potential of the inhibitory conductance. */
  readonly eInh_mV: number;
  readonly tauSynExc_ms: number;
  readonly tauSynInh_ms: number;
}

/** The COBA benchmark neuron (Brette et al. 2007, Benchmark 1): τ_m = C/g_L = 20 ms. */
export const COBA_LIF_DEFAULTS: CobaLifParams = {
  cMem_pF: 200,
  gLeak_nS: 10,
  eLeak_mV: -60,
  vThresh_mV: -50,
  vReset_mV: -60,
  tRef_ms: 5,
  eExc_mV: 0,
  eInh_mV: -80,
  tauSynExc_ms: 5,
  tauSynInh_ms: 10,
};

/** Throws a RangeError naming the first invalid parameter. */
export function validateCobaLifParams(p: CobaLifParams): void {
  const m = 'coba-lif';
  requireFiniteFields(m, p);
  requirePositive(m, 'cMem_pF', p.cMem_pF);
  requirePositive(m, 'gLeak_nS', p.gLeak_nS);
  requirePositive(m, 'tauSynExc_ms', p.tauSynExc_ms);
  requirePositive(m, 'tauSynInh_ms', p.tauSynInh_ms);
  requireNonNegative(m, 'tRef_ms', p.tRef_ms);
  requireBelow(m, 'vReset_mV', p.vReset_mV, 'vThresh_mV', p.vThresh_mV);
}

/** Step coefficients derived from (params, dt); never stored in the params. */
export interface CobaLifCoefficients {
  readonly pExc: number; // e^{−dt/τe}: conductance decay over one step
  readonly pInh: number; // e^{−dt/τi}
  readonly hExc: number; // e^{−dt/2τe}: step-start → mid-step conductance
  readonly hInh: number; // e^{−dt/2τi}
  readonly dtOverC: number; // mV per pA over one step
  readonly refSteps: number;
}

export function cobaLifCoefficients(p: CobaLifParams, dt_ms: number, refractory?: RefractoryConvention): CobaLifCoefficients {
  return {
    pExc: Math.exp(-dt_ms / p.tauSynExc_ms),
    pInh: Math.exp(-dt_ms / p.tauSynInh_ms),
    hExc: Math.exp(-dt_ms / (2 * p.tauSynExc_ms)),
    hInh: Math.exp(-dt_ms / (2 * p.tauSynInh_ms)),
    dtOverC: dt_ms / p.cMem_pF,
    refSteps: refractorySteps('coba-lif', p.tRef_ms, dt_ms, refractory),
  };
}

/** Above this x, {@link decayPhi} falls back to Math.exp. */
export const DECAY_PHI_SERIES_MAX = 0.5;

// Taylor coefficients of φ(x) = Σ_k (−x)^k/(k+1)!, k = 0…8, evaluated by Estrin's scheme
// (shorter dependency chain than Horner's: measurably faster in the step). The series alternates with
// decreasing terms for x < 1, so the truncation error is below the first omitted term,
// x⁹/10! ≤ 5.4e−10 at x = 0.5 (relative error ≤ 6.8e−10, since φ(0.5) ≈ 0.79), and far below
// double rounding for the typical x ≈ 0.1.
const C1 = -1 / 2;
const C2 = 1 / 6;
const C3 = -1 / 24;
const C4 = 1 / 120;
const C5 = -1 / 720;
const C6 = 1 / 5040;
const C7 = -1 / 40320;
const C8 = 1 / 362880;

/**
 * φ(x) = (1 − e^{−x})/x, the exponential-Euler factor: v relaxes towards v∞ by
 * (v∞ − v)(1 − e^{−x}) = (dt/C)·φ(x)·I_tot. A degree-8 polynomial for 0 ≤ x ≤ 0.5 (no Math.exp,
 * no division); −expm1(−x)/x above, below 0 and for NaN. The step inlines the same expression.
 */
export function decayPhi(x: number): number {
  if (x <= DECAY_PHI_SERIES_MAX && x >= 0) {
    const x2 = x * x;
    const x4 = x2 * x2;
    return 1 + C1 * x + x2 * (C2 + C3 * x) + x4 * (C4 + C5 * x + x2 * (C6 + C7 * x) + x4 * C8);
  }
  return -Math.expm1(-x) / x;
}

export interface CobaLifState {
  readonly n: number;
  readonly coef: CobaLifCoefficients;
  readonly v_mV: Float64Array;
  readonly gExc_nS: Float64Array;
  readonly gInh_nS: Float64Array;
  /** Steps of refractoriness left. */
  readonly refLeft: Int32Array;
}

export function createCobaLifState(p: CobaLifParams, n: number, dt_ms: number, opts: NeuronCreateOptions = {}): CobaLifState {
  validateCobaLifParams(p);
  requireSizeAndStep('coba-lif', n, dt_ms);
  const s: CobaLifState = {
    n,
    coef: cobaLifCoefficients(p, dt_ms, opts.refractory),
    v_mV: new Float64Array(n),
    gExc_nS: new Float64Array(n),
    gInh_nS: new Float64Array(n),
    refLeft: new Int32Array(n),
  };
  resetCobaLifState(p, s);
  return s;
}

export function resetCobaLifState(p: CobaLifParams, s: CobaLifState): void {
  s.v_mV.fill(p.eLeak_mV);
  s.gExc_nS.fill(0);
  s.gInh_nS.fill(0);
  s.refLeft.fill(0);
}

export function cobaLifStep(p: CobaLifParams, s: CobaLifState, input: PopulationInput, out: SpikeOutput): void {
  const { pExc, pInh, hExc, hInh, dtOverC, refSteps } = s.coef;
  const { v_mV: v, gExc_nS: gE, gInh_nS: gI, refLeft } = s;
  const { exc, inh, ext } = input;
  const gL = p.gLeak_nS;
  const gLeL = gL * p.eLeak_mV;
  const eE = p.eExc_mV;
  const eI = p.eInh_mV;
  const vTh = p.vThresh_mV;
  const vReset = p.vReset_mV;
  const xMax = DECAY_PHI_SERIES_MAX;
  for (let i = 0; i < s.n; i++) {
    const ge = gE[i];
    const gi = gI[i];
    let vi = v[i];
    if (refLeft[i] > 0) {
      refLeft[i]--;
      vi = vReset;
    } else {
      const gem = ge * hExc;
      const gim = gi * hInh;
      const gTot = gL + gem + gim;
      const iTot = gLeL + gem * eE + gim * eI + ext[i] - gTot * vi; // pA
      const x = gTot * dtOverC;
      // decayPhi inlined by hand: this is the hottest loop of the COBA benchmark.
      let phi: number;
      if (x <= xMax && x >= 0) {
        const x2 = x * x;
        const x4 = x2 * x2;
        phi = 1 + C1 * x + x2 * (C2 + C3 * x) + x4 * (C4 + C5 * x + x2 * (C6 + C7 * x) + x4 * C8);
      } else {
        phi = -Math.expm1(-x) / x;
      }
      vi += dtOverC * phi * iTot;
    }
    gE[i] = ge * pExc + exc[i];
    gI[i] = gi * pInh + inh[i];
    exc[i] = 0;
    inh[i] = 0;
    if (vi >= vTh) {
      vi = vReset;
      refLeft[i] = refSteps;
      emitSpike(out, i);
    }
    v[i] = vi;
  }
}

export const cobaLifModel: NeuronModel<CobaLifParams, CobaLifState> = {
  kind: 'coba-lif',
  create: createCobaLifState,
  reset: resetCobaLifState,
  step: cobaLifStep,
  variables: (s) => ({ v_mV: s.v_mV, gExc_nS: s.gExc_nS, gInh_nS: s.gInh_nS }),
  jumpVariables: { exc: 'gExc_nS', inh: 'gInh_nS' },
};
