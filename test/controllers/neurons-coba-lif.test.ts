/**
 * Conductance-based LIF (COBA benchmark neuron) against analytic solutions: relaxation under
 * constant conductances, time to threshold, convergence order for a decaying conductance, and
 * the accuracy of the Math.exp-free exponential-Euler factor.
 */
import { describe, expect, it } from 'vitest';
import {
  COBA_LIF_DEFAULTS,
  DECAY_PHI_SERIES_MAX,
  cobaLifStep,
  createCobaLifState,
  decayPhi,
} from '../../controllers/neurons/cobaLif.js';
import type { CobaLifParams } from '../../controllers/neurons/cobaLif.js';
import { clearSpikes, createPopulationInput, createSpikeOutput } from '../../controllers/neurons/model.js';

const P = COBA_LIF_DEFAULTS;
/** Synaptic time constants so long that conductances are constant to double precision. */
const FROZEN: CobaLifParams = { ...P, tauSynExc_ms: 1e15, tauSynInh_ms: 1e15 };

function steadyState(p: CobaLifParams, ge: number, gi: number, iExt: number) {
  const gTot = p.gLeak_nS + ge + gi;
  return {
    vInf: (p.gLeak_nS * p.eLeak_mV + ge * p.eExc_mV + gi * p.eInh_mV + iExt) / gTot,
    tau: p.cMem_pF / gTot,
  };
}

describe('conductance-based LIF (COBA)', () => {
  it('relaxes with constant conductances to the analytic steady state with time constant C/g_tot', () => {
    const dt = 0.1;
    // (g_e, g_i, I_ext): ordinary, strongly shunted (x = dt·g_tot/C = 1 > 0.5: Math.exp path)
    // and the COBA benchmark's mean initial conductances.
    const cases = [
      [20, 50, 0],
      [5, 10, 30],
      [400, 1590, 0],
      [40, 200, 0],
    ];
    const p: CobaLifParams = { ...FROZEN, vThresh_mV: 100 }; // sub-threshold dynamics only
    const n = cases.length;
    const s = createCobaLifState(p, n, dt);
    const input = createPopulationInput(n);
    const out = createSpikeOutput(n);
    cases.forEach(([ge, gi, I], i) => {
      s.gExc_nS[i] = ge;
      s.gInh_nS[i] = gi;
      input.ext[i] = I;
      s.v_mV[i] = -75 + 5 * i; // start away from v∞
    });
    const v0 = Float64Array.from(s.v_mV);
    let maxErr = 0;
    let spikes = 0;
    for (let k = 1; k <= 1000; k++) {
      clearSpikes(out);
      cobaLifStep(p, s, input, out);
      spikes += out.count;
      cases.forEach(([ge, gi, I], i) => {
        const { vInf, tau } = steadyState(p, ge, gi, I);
        const exact = vInf + (v0[i] - vInf) * Math.exp(-(k * dt) / tau);
        maxErr = Math.max(maxErr, Math.abs(s.v_mV[i] - exact));
      });
    }
    expect(spikes).toBe(0);
    expect(maxErr).toBeLessThan(1e-9);
    // Steady state reached, and the case with τ = C/g_tot = 2.5 ms = 25 steps decays by 1/e
    // per τ (checked directly, independent of the closed form above).
    const { vInf } = steadyState(p, 20, 50, 0);
    expect(Math.abs(s.v_mV[0] - vInf)).toBeLessThan(1e-9);
    const s2 = createCobaLifState(p, 1, dt);
    s2.gExc_nS[0] = 20;
    s2.gInh_nS[0] = 50;
    const in2 = createPopulationInput(1);
    const out2 = createSpikeOutput(1);
    const d0 = s2.v_mV[0] - vInf;
    for (let k = 0; k < 25; k++) cobaLifStep(p, s2, in2, out2);
    expect(Math.abs((s2.v_mV[0] - vInf) / d0 - Math.exp(-1))).toBeLessThan(1e-12);
  });

  it('fires with ISI = t_ref + τ_eff ln((v∞ − V_reset)/(v∞ − V_th)) rounded up to the grid under constant g_e', () => {
    const dt = 0.1;
    const refSteps = Math.round(FROZEN.tRef_ms / dt);
    const gs = [15, 25, 50, 100, 300];
    const s = createCobaLifState(FROZEN, gs.length, dt);
    gs.forEach((g, i) => (s.gExc_nS[i] = g));
    s.v_mV.fill(FROZEN.vReset_mV);
    const input = createPopulationInput(gs.length);
    const out = createSpikeOutput(gs.length);
    const spikes: number[][] = gs.map(() => []);
    for (let k = 0; k < 5000; k++) {
      clearSpikes(out);
      cobaLifStep(FROZEN, s, input, out);
      for (let j = 0; j < out.count; j++) spikes[out.list[j]].push(k);
    }
    gs.forEach((g, i) => {
      const { vInf, tau } = steadyState(FROZEN, g, 0, 0);
      expect(vInf).toBeGreaterThan(FROZEN.vThresh_mV);
      const tCross = tau * Math.log((vInf - FROZEN.vReset_mV) / (vInf - FROZEN.vThresh_mV));
      const sp = spikes[i];
      expect(sp.length).toBeGreaterThan(5);
      expect(sp[0] + 1).toBe(Math.ceil(tCross / dt)); // from V_reset, no refractory before
      for (let m = 1; m < sp.length; m++) expect(sp[m] - sp[m - 1]).toBe(refSteps + Math.ceil(tCross / dt));
    });
  });

  it('converges at second order for a decaying conductance (one EPSP, reference: fine RK4)', () => {
    const dg = 6; // nS, the benchmark's excitatory jump
    // Reference: RK4 at 1 µs on dv/dt = (g_L(E_L − v) + g(t)(E_e − v))/C with g(t) = dg e^{−t/τe},
    // the jump at t = 0; sampled every 0.1 ms for 30 ms.
    const ref: number[] = [];
    {
      const h = 0.001;
      const f = (t: number, v: number) =>
        (P.gLeak_nS * (P.eLeak_mV - v) + dg * Math.exp(-t / P.tauSynExc_ms) * (P.eExc_mV - v)) / P.cMem_pF;
      let v = P.eLeak_mV;
      for (let k = 0; k < 30_000; k++) {
        if (k % 100 === 0) ref.push(v);
        const t = k * h;
        const k1 = f(t, v);
        const k2 = f(t + h / 2, v + (h / 2) * k1);
        const k3 = f(t + h / 2, v + (h / 2) * k2);
        const k4 = f(t + h, v + h * k3);
        v += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
      }
    }
    const peakRef = Math.max(...ref) - P.eLeak_mV;
    const errors = [0.1, 0.05, 0.025].map((dt) => {
      const s = createCobaLifState(P, 1, dt);
      const input = createPopulationInput(1);
      const out = createSpikeOutput(1);
      input.exc[0] = dg; // consumed in step 0, acts from t = dt: time origin shifts by one step
      cobaLifStep(P, s, input, out);
      expect(input.exc[0]).toBe(0);
      let maxErr = 0;
      const per = Math.round(0.1 / dt);
      for (let k = 0; k < 300 * per; k++) {
        if (k % per === 0) maxErr = Math.max(maxErr, Math.abs(s.v_mV[0] - ref[k / per]));
        cobaLifStep(P, s, input, out);
      }
      return maxErr;
    });
    // Error at dt = 0.1 ms is a small fraction of the PSP, and it shrinks ≈ 4× per halving.
    expect(errors[0] / peakRef).toBeLessThan(2e-3);
    for (let m = 1; m < errors.length; m++) {
      const ratio = errors[m - 1] / errors[m];
      expect(ratio).toBeGreaterThan(3.5);
      expect(ratio).toBeLessThan(4.5);
    }
  });

  it('computes φ(x) = (1 − e^{−x})/x without Math.exp to ≤ 1e−9 relative error', () => {
    let maxRel = 0;
    for (let k = 0; k <= 100_000; k++) {
      const x = (k / 100_000) * 2; // covers the series range [0, 0.5] and the fallback above it
      const exact = x === 0 ? 1 : -Math.expm1(-x) / x;
      maxRel = Math.max(maxRel, Math.abs(decayPhi(x) - exact) / exact);
    }
    expect(maxRel).toBeLessThan(1e-9);
    // The series bound x⁹/10! / φ(x) at the switch-over point: what the polynomial is designed for.
    const xm = DECAY_PHI_SERIES_MAX;
    const bound = xm ** 9 / 3628800 / (-Math.expm1(-xm) / xm);
    expect(Math.abs(decayPhi(xm) - -Math.expm1(-xm) / xm) / (-Math.expm1(-xm) / xm)).toBeLessThanOrEqual(bound);
    // Large and degenerate arguments.
    expect(decayPhi(50)).toBeCloseTo(1 / 50, 15);
    expect(Number.isNaN(decayPhi(Number.NaN))).toBe(true);
  });

  it('steps membranes like the Math.exp exponential-Euler update (increment to ≤ 1e−9 relative)', () => {
    // Spread of states like the benchmark's initial conditions, over the whole x range.
    const n = 2000;
    const dt = 0.1;
    const p: CobaLifParams = { ...P, vThresh_mV: 100 };
    const s = createCobaLifState(p, n, dt);
    const input = createPopulationInput(n);
    const out = createSpikeOutput(n);
    const vBefore = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s.v_mV[i] = -80 + (30 * ((i * 37) % 101)) / 100;
      s.gExc_nS[i] = (i * 13) % 97;
      s.gInh_nS[i] = (i * 7) % 1003; // up to 1000 nS: x up to ≈ 0.55
      input.ext[i] = (i % 5) * 20;
    }
    vBefore.set(s.v_mV);
    const gE = Float64Array.from(s.gExc_nS);
    const gI = Float64Array.from(s.gInh_nS);
    cobaLifStep(p, s, input, out);
    let maxErr = 0;
    let maxRelIncErr = 0;
    for (let i = 0; i < n; i++) {
      const ge = gE[i] * Math.exp(-dt / (2 * p.tauSynExc_ms));
      const gi = gI[i] * Math.exp(-dt / (2 * p.tauSynInh_ms));
      const gTot = p.gLeak_nS + ge + gi;
      const vInf = (p.gLeak_nS * p.eLeak_mV + ge * p.eExc_mV + gi * p.eInh_mV + input.ext[i]) / gTot;
      const vExact = vInf + (vBefore[i] - vInf) * Math.exp((-dt * gTot) / p.cMem_pF);
      maxErr = Math.max(maxErr, Math.abs(s.v_mV[i] - vExact));
      // Relative error of the increment: φ's relative error (≤ 6.8e−10) plus rounding.
      const inc = vExact - vBefore[i];
      if (inc !== 0) maxRelIncErr = Math.max(maxRelIncErr, Math.abs(s.v_mV[i] - vExact) / Math.abs(inc));
      // Conductances decay by exactly one step's factor.
      expect(s.gExc_nS[i]).toBeCloseTo(gE[i] * Math.exp(-dt / p.tauSynExc_ms), 12);
    }
    expect(maxRelIncErr).toBeLessThan(1e-9);
    // Far below float32 resolution of a membrane potential (≈ 4e−6 mV at 60 mV).
    expect(maxErr).toBeLessThan(1e-7);
  });

  it('holds v at V_reset for t_ref while conductances keep decaying, and rejects bad parameters', () => {
    const dt = 0.1;
    const s = createCobaLifState(P, 1, dt);
    const input = createPopulationInput(1);
    const out = createSpikeOutput(1);
    s.v_mV[0] = P.vThresh_mV - 1e-3;
    s.gExc_nS[0] = 100;
    cobaLifStep(P, s, input, out);
    expect(out.count).toBe(1);
    const refSteps = Math.round(P.tRef_ms / dt);
    for (let k = 0; k < refSteps; k++) {
      clearSpikes(out);
      const g = s.gExc_nS[0];
      cobaLifStep(P, s, input, out);
      expect(s.v_mV[0]).toBe(P.vReset_mV);
      expect(s.gExc_nS[0]).toBeCloseTo(g * Math.exp(-dt / P.tauSynExc_ms), 12);
    }
    cobaLifStep(P, s, input, out);
    expect(s.v_mV[0]).toBeGreaterThan(P.vReset_mV); // g_e still drives it up after t_ref
    expect(() => createCobaLifState({ ...P, gLeak_nS: 0 }, 1, dt)).toThrow(/gLeak_nS must be a finite number > 0, got 0/);
    expect(() => createCobaLifState({ ...P, vReset_mV: -40 }, 1, dt)).toThrow(/vReset_mV \(-40\) must be below vThresh_mV/);
    expect(() => createCobaLifState(P, 1, 0)).toThrow(/dt_ms must be a finite number > 0/);
    expect(() => createCobaLifState({ ...P, tRef_ms: Number.NaN }, 1, dt)).toThrow(/tRef_ms must be a finite number/);
  });
});
