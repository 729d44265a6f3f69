/**
 * Leaky integrate-and-fire neuron, current-based, with exponentially decaying synaptic currents
 * and an absolute refractory period (NEST `iaf_psc_exp`).
 *
 *   C dv/dt     = −(C/τ_m)(v − E_L) + I_e + I_i + I_ext
 *   τ_e dI_e/dt = −I_e,   τ_i dI_i/dt = −I_i
 *   v ≥ V_th  ⇒  spike, v ← V_reset, held for t_ref
 *
 * Integrated exactly per step (Rotter & Diesmann 1999): over one step the synaptic currents
 * decay exponentially and I_ext is constant, so v(t+dt) has a closed form. Arriving events
 * (input.exc / input.inh, in pA) jump I_e / I_i after the membrane update, so they act from
 * the next step. Spikes are on the time grid: the first step whose end-of-step v ≥ V_th.
 * Inhibitory input is a positive magnitude subtracted from the current.
 */
import type { NeuronModel, PopulationInput, SpikeOutput } from './model.js';
import { emitSpike } from './model.js';
import type { NeuronCreateOptions, RefractoryConvention } from './refractoryConvention.js';
import { refractorySteps, requireBelow, requireFiniteFields, requireNonNegative, requirePositive, requireSizeAndStep } from './paramChecks.js';

export interface LifParams {
  readonly cMem_pF: number;
  readonly tauMem_ms: number;
  readonly eLeak_mV: number;
  readonly vThresh_mV: number;
  readonly vReset_mV: number;
  readonly tRef_ms: number;
  readonly tauSynExc_ms: number;
  readonly tauSynInh_ms: number;
}

/** NEST `iaf_psc_exp` defaults. */
export const LIF_DEFAULTS: LifParams = {
  cMem_pF: 250,
  tauMem_ms: 10,
  eLeak_mV: -70,
  vThresh_mV: -55,
  vReset_mV: -70,
  tRef_ms: 2,
  tauSynExc_ms: 2,
  tauSynInh_ms: 2,
};

/**
 * Throws a RangeError naming the first invalid parameter. `model` names the model in the message
 * (models that extend LifParams reuse this check).
 */
export function validateLifParams(p: LifParams, model = 'lif'): void {
  requireFiniteFields(model, p);
  requirePositive(model, 'cMem_pF', p.cMem_pF);
  requirePositive(model, 'tauMem_ms', p.tauMem_ms);
  requirePositive(model, 'tauSynExc_ms', p.tauSynExc_ms);
  requirePositive(model, 'tauSynInh_ms', p.tauSynInh_ms);
  requireNonNegative(model, 'tRef_ms', p.tRef_ms);
  requireBelow(model, 'vReset_mV', p.vReset_mV, 'vThresh_mV', p.vThresh_mV);
}

/** Step propagators derived from (params, dt); never stored in the params. */
export interface LifCoefficients {
  readonly pMem: number; // e^{-dt/τm}
  readonly pExc: number; // e^{-dt/τe}
  readonly pInh: number; // e^{-dt/τi}
  readonly kExc: number; // mV per pA of I_e at step start
  readonly kInh: number;
  readonly kExt: number; // mV per pA of constant current: R (1 − pMem)
  readonly refSteps: number;
}

export interface LifState {
  readonly n: number;
  readonly coef: LifCoefficients;
  readonly v_mV: Float64Array;
  readonly iExc_pA: Float64Array;
  readonly iInh_pA: Float64Array;
  /** Steps of refractoriness left. */
  readonly refLeft: Int32Array;
}

/** Exact coefficient of a synaptic current's contribution to v over one step. */
function synapticPropagator(tauSyn: number, tauMem: number, cMem: number, dt: number): number {
  const pm = Math.exp(-dt / tauMem);
  if (Math.abs(tauSyn - tauMem) < 1e-9 * tauMem) return (dt / cMem) * pm; // limit τs → τm
  const ps = Math.exp(-dt / tauSyn);
  return ((tauSyn * tauMem) / (cMem * (tauMem - tauSyn))) * (pm - ps);
}

export function lifCoefficients(p: LifParams, dt_ms: number, refractory?: RefractoryConvention): LifCoefficients {
  const r = p.tauMem_ms / p.cMem_pF; // GΩ·1e3 → mV per pA
  return {
    pMem: Math.exp(-dt_ms / p.tauMem_ms),
    pExc: Math.exp(-dt_ms / p.tauSynExc_ms),
    pInh: Math.exp(-dt_ms / p.tauSynInh_ms),
    kExc: synapticPropagator(p.tauSynExc_ms, p.tauMem_ms, p.cMem_pF, dt_ms),
    kInh: synapticPropagator(p.tauSynInh_ms, p.tauMem_ms, p.cMem_pF, dt_ms),
    kExt: r * (1 - Math.exp(-dt_ms / p.tauMem_ms)),
    refSteps: refractorySteps('lif', p.tRef_ms, dt_ms, refractory),
  };
}

export function createLifState(p: LifParams, n: number, dt_ms: number, opts: NeuronCreateOptions = {}): LifState {
  validateLifParams(p);
  requireSizeAndStep('lif', n, dt_ms);
  const s: LifState = {
    n,
    coef: lifCoefficients(p, dt_ms, opts.refractory),
    v_mV: new Float64Array(n),
    iExc_pA: new Float64Array(n),
    iInh_pA: new Float64Array(n),
    refLeft: new Int32Array(n),
  };
  resetLifState(p, s);
  return s;
}

export function resetLifState(p: LifParams, s: LifState): void {
  s.v_mV.fill(p.eLeak_mV);
  s.iExc_pA.fill(0);
  s.iInh_pA.fill(0);
  s.refLeft.fill(0);
}

export function lifStep(p: LifParams, s: LifState, input: PopulationInput, out: SpikeOutput): void {
  const { pMem, pExc, pInh, kExc, kInh, kExt, refSteps } = s.coef;
  const { v_mV: v, iExc_pA: ie, iInh_pA: ii, refLeft } = s;
  const { exc, inh, ext } = input;
  const eL = p.eLeak_mV;
  const vTh = p.vThresh_mV;
  const vReset = p.vReset_mV;
  for (let i = 0; i < s.n; i++) {
    if (refLeft[i] > 0) {
      refLeft[i]--;
      v[i] = vReset;
    } else {
      v[i] = eL + (v[i] - eL) * pMem + kExc * ie[i] - kInh * ii[i] + kExt * ext[i];
    }
    ie[i] = ie[i] * pExc + exc[i];
    ii[i] = ii[i] * pInh + inh[i];
    exc[i] = 0;
    inh[i] = 0;
    if (v[i] >= vTh) {
      v[i] = vReset;
      refLeft[i] = refSteps;
      emitSpike(out, i);
    }
  }
}

export const lifModel: NeuronModel<LifParams, LifState> = {
  kind: 'lif',
  create: createLifState,
  reset: resetLifState,
  step: lifStep,
  variables: (s) => ({ v_mV: s.v_mV, iExc_pA: s.iExc_pA, iInh_pA: s.iInh_pA }),
  jumpVariables: { exc: 'iExc_pA', inh: 'iInh_pA' },
};
