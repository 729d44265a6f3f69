/**
 * Adaptive leaky integrate-and-fire neuron: the current-based LIF of lif.ts (exponential synaptic
 * currents, absolute refractory period) plus two spike-triggered adaptation mechanisms, each with
 * its own time constant; a zero increment disables one.
 *
 *   C dv/dt     = −(C/τ_m)(v − E_L) + I_e + I_i + I_ext − I_a
 *   τ_a dI_a/dt = −I_a                  adaptation current (pA)
 *   τ_θ dθ/dt   = −θ                    threshold adaptation (mV)
 *   v ≥ V_th + θ  ⇒  spike, v ← V_reset held for t_ref, I_a ← I_a + b, θ ← θ + Δθ
 *
 * The adaptation current is a spike-triggered exponential current like the synaptic ones (a
 * current-based simplification of the AHP/M-current; cf. the `b` jump of Brette & Gerstner 2005's
 * AdEx without its subthreshold coupling), so it is integrated exactly with the same propagators
 * as lif.ts, obtained from `lifCoefficients` with τ_a in place of τ_e. The threshold adaptation is
 * the slow component of the multi-timescale adaptive threshold (Kobayashi et al. 2009, NEST
 * `mat2_psc_exp`), also the "ALIF" of Bellec et al. 2018. Per step, in order: membrane update
 * from step-start currents (lif.ts), synaptic and adaptation decays, arriving events, threshold
 * check against V_th + θ (decayed), then the spike-triggered jumps. With b = 0 and Δθ = 0 the
 * step is bit-for-bit lif.ts.
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from './model.js';
import { emitSpike } from './model.js';
import type { LifCoefficients, LifParams } from './lif.js';
import { lifCoefficients, validateLifParams } from './lif.js';
import type { NeuronCreateOptions, RefractoryConvention } from './refractoryConvention.js';
import { requireNonNegative, requirePositive, requireSizeAndStep } from './paramChecks.js';

export interface AdaptiveLifParams extends LifParams {
  /** Decay time constant of the spike-triggered adaptation current. */
  readonly tauAdaptCurrent_ms: number;
  /** Jump b of the adaptation current per spike (0 disables it). */
  readonly adaptCurrentIncrement_pA: number;
  /** Decay time constant of the threshold adaptation. */
  readonly tauAdaptThresh_ms: number;
  /** Jump Δθ of the threshold per spike (0 disables it). */
  readonly adaptThreshIncrement_mV: number;
}

/**
 * NEST `iaf_psc_exp` defaults plus threshold adaptation as the slow component of `mat2_psc_exp`
 * (Δθ = 2 mV, τ_θ = 200 ms; Kobayashi et al. 2009). The adaptation current is off by default;
 * its time constant is AdEx's τ_w = 144 ms (Brette & Gerstner 2005).
 */
export const ADAPTIVE_LIF_DEFAULTS: AdaptiveLifParams = {
  cMem_pF: 250,
  tauMem_ms: 10,
  eLeak_mV: -70,
  vThresh_mV: -55,
  vReset_mV: -70,
  tRef_ms: 2,
  tauSynExc_ms: 2,
  tauSynInh_ms: 2,
  tauAdaptCurrent_ms: 144,
  adaptCurrentIncrement_pA: 0,
  tauAdaptThresh_ms: 200,
  adaptThreshIncrement_mV: 2,
};

/** Throws a RangeError naming the first invalid parameter. */
export function validateAdaptiveLifParams(p: AdaptiveLifParams): void {
  const m = 'adaptive-lif';
  validateLifParams(p, m);
  requirePositive(m, 'tauAdaptCurrent_ms', p.tauAdaptCurrent_ms);
  requirePositive(m, 'tauAdaptThresh_ms', p.tauAdaptThresh_ms);
  // Negative increments would make a facilitating neuron; not what this model is for.
  requireNonNegative(m, 'adaptCurrentIncrement_pA', p.adaptCurrentIncrement_pA);
  requireNonNegative(m, 'adaptThreshIncrement_mV', p.adaptThreshIncrement_mV);
}

/** Step coefficients derived from (params, dt): the LIF ones plus the adaptation propagators. */
export interface AdaptiveLifCoefficients {
  readonly lif: LifCoefficients;
  readonly pAdaptCurrent: number; // e^{−dt/τa}
  readonly kAdaptCurrent: number; // mV per pA of I_a at step start
  readonly pAdaptThresh: number; // e^{−dt/τθ}
}

export function adaptiveLifCoefficients(p: AdaptiveLifParams, dt_ms: number, refractory?: RefractoryConvention): AdaptiveLifCoefficients {
  // The adaptation current is an exponentially decaying current into the same membrane, exactly
  // like a synaptic current with τ_a: reuse lif.ts's exact propagators rather than re-deriving.
  const adapt = lifCoefficients({ ...p, tauSynExc_ms: p.tauAdaptCurrent_ms }, dt_ms);
  return {
    lif: lifCoefficients(p, dt_ms, refractory),
    pAdaptCurrent: adapt.pExc,
    kAdaptCurrent: adapt.kExc,
    pAdaptThresh: Math.exp(-dt_ms / p.tauAdaptThresh_ms),
  };
}

export interface AdaptiveLifState {
  readonly n: number;
  readonly coef: AdaptiveLifCoefficients;
  readonly v_mV: Float64Array;
  readonly iExc_pA: Float64Array;
  readonly iInh_pA: Float64Array;
  readonly iAdapt_pA: Float64Array;
  /** Threshold above V_th. */
  readonly thAdapt_mV: Float64Array;
  /** Steps of refractoriness left. */
  readonly refLeft: Int32Array;
}

export function createAdaptiveLifState(p: AdaptiveLifParams, n: number, dt_ms: number, opts: NeuronCreateOptions = {}): AdaptiveLifState {
  validateAdaptiveLifParams(p);
  requireSizeAndStep('adaptive-lif', n, dt_ms);
  const s: AdaptiveLifState = {
    n,
    coef: adaptiveLifCoefficients(p, dt_ms, opts.refractory),
    v_mV: new Float64Array(n),
    iExc_pA: new Float64Array(n),
    iInh_pA: new Float64Array(n),
    iAdapt_pA: new Float64Array(n),
    thAdapt_mV: new Float64Array(n),
    refLeft: new Int32Array(n),
  };
  resetAdaptiveLifState(p, s);
  return s;
}

export function resetAdaptiveLifState(p: AdaptiveLifParams, s: AdaptiveLifState): void {
  s.v_mV.fill(p.eLeak_mV);
  s.iExc_pA.fill(0);
  s.iInh_pA.fill(0);
  s.iAdapt_pA.fill(0);
  s.thAdapt_mV.fill(0);
  s.refLeft.fill(0);
}

export function adaptiveLifStep(
  p: AdaptiveLifParams,
  s: AdaptiveLifState,
  input: PopulationInput,
  out: SpikeOutput,
): void {
  const { pMem, pExc, pInh, kExc, kInh, kExt, refSteps } = s.coef.lif;
  const { pAdaptCurrent: pAd, kAdaptCurrent: kAd, pAdaptThresh: pTh } = s.coef;
  const { v_mV: v, iExc_pA: ie, iInh_pA: ii, iAdapt_pA: ia, thAdapt_mV: th, refLeft } = s;
  const { exc, inh, ext } = input;
  const eL = p.eLeak_mV;
  const vTh = p.vThresh_mV;
  const vReset = p.vReset_mV;
  const b = p.adaptCurrentIncrement_pA;
  const dTh = p.adaptThreshIncrement_mV;
  for (let i = 0; i < s.n; i++) {
    if (refLeft[i] > 0) {
      refLeft[i]--;
      v[i] = vReset;
    } else {
      // Same expression and order as lifStep, so b = Δθ = 0 reproduces it bit for bit.
      v[i] = eL + (v[i] - eL) * pMem + kExc * ie[i] - kInh * ii[i] + kExt * ext[i] - kAd * ia[i];
    }
    ie[i] = ie[i] * pExc + exc[i];
    ii[i] = ii[i] * pInh + inh[i];
    exc[i] = 0;
    inh[i] = 0;
    ia[i] *= pAd;
    th[i] *= pTh;
    if (v[i] >= vTh + th[i]) {
      v[i] = vReset;
      refLeft[i] = refSteps;
      ia[i] += b;
      th[i] += dTh;
      emitSpike(out, i);
    }
  }
}

export const adaptiveLifModel: NeuronModel<AdaptiveLifParams, AdaptiveLifState> = {
  kind: 'adaptive-lif',
  create: createAdaptiveLifState,
  reset: resetAdaptiveLifState,
  step: adaptiveLifStep,
  variables: (s) => ({
    v_mV: s.v_mV,
    iExc_pA: s.iExc_pA,
    iInh_pA: s.iInh_pA,
    iAdapt_pA: s.iAdapt_pA,
    thAdapt_mV: s.thAdapt_mV,
  }),
  jumpVariables: { exc: 'iExc_pA', inh: 'iInh_pA' },
};
