/**
 * Current-based LIF (iaf_psc_exp) against closed-form solutions of its ODE.
 * The expected values are computed here from the parameters, never pasted.
 */
import { describe, expect, it } from 'vitest';
import { LIF_DEFAULTS, createLifState, lifStep } from '../../controllers/neurons/lif.js';
import type { LifParams } from '../../controllers/neurons/lif.js';
import { clearSpikes, createPopulationInput, createSpikeOutput } from '../../controllers/neurons/model.js';

const P: LifParams = LIF_DEFAULTS; // τm 10 ms, C 250 pF, E_L = V_reset = −70, V_th = −55, t_ref 2 ms
const R = P.tauMem_ms / P.cMem_pF; // mV per pA
const THETA = P.vThresh_mV - P.vReset_mV;

/** Runs `steps` steps; returns per-step v of neuron `probe` and each neuron's spike steps. */
function run(p: LifParams, dt: number, ext: number[], steps: number, kick?: (k: number, exc: Float64Array, inh: Float64Array) => void) {
  const n = ext.length;
  const s = createLifState(p, n, dt);
  const input = createPopulationInput(n);
  input.ext.set(ext);
  const out = createSpikeOutput(n);
  const v = new Float64Array(steps * n);
  const spikes: number[][] = ext.map(() => []);
  for (let k = 0; k < steps; k++) {
    kick?.(k, input.exc, input.inh);
    clearSpikes(out);
    lifStep(p, s, input, out);
    for (let j = 0; j < out.count; j++) spikes[out.list[j]].push(k);
    v.set(s.v_mV, k * n);
  }
  return { v, spikes, s };
}

describe('LIF (current-based, exact integration)', () => {
  it('relaxes under constant current along v(t) = E_L + R I (1 − e^{−t/τ}) to float precision', () => {
    const dt = 0.1;
    const I = 0.9 * (THETA / R); // below rheobase: no spike, pure relaxation
    const steps = 1000;
    const { v, spikes } = run(P, dt, [I], steps);
    expect(spikes[0]).toHaveLength(0);
    let maxErr = 0;
    for (let k = 0; k < steps; k++) {
      const t = (k + 1) * dt; // v after step k is v at the end of the step
      const exact = P.eLeak_mV + R * I * (1 - Math.exp(-t / P.tauMem_ms));
      maxErr = Math.max(maxErr, Math.abs(v[k] - exact));
    }
    expect(maxErr).toBeLessThan(1e-10); // double rounding only; dt-independent because integration is exact
    // Same trajectory with a coarse step: exactness does not depend on dt.
    const coarse = run(P, 1, [I], 100);
    for (let k = 0; k < 100; k++) {
      const exact = P.eLeak_mV + R * I * (1 - Math.exp(-(k + 1) / P.tauMem_ms));
      expect(Math.abs(coarse.v[k] - exact)).toBeLessThan(1e-10);
    }
  });

  it('responds to one synaptic event with the analytic PSP (τs ≠ τm and the alpha-function limit τs = τm)', () => {
    const dt = 0.1;
    const q = 100; // pA jump
    for (const tauSyn of [P.tauSynExc_ms, P.tauMem_ms]) {
      const p: LifParams = { ...P, tauSynExc_ms: tauSyn, tauSynInh_ms: tauSyn };
      const steps = 600;
      const exc = run(p, dt, [0], steps, (k, e) => { if (k === 0) e[0] = q; });
      const inh = run(p, dt, [0], steps, (k, _e, i) => { if (k === 0) i[0] = q; });
      // The event jumps I_e at the end of step 0 (time dt) and decays from there.
      let peak = -Infinity;
      let peakT = 0;
      for (let k = 0; k < steps; k++) {
        const s = (k + 1) * dt - dt;
        const tm = p.tauMem_ms;
        const exact = tauSyn === tm
          ? (q / p.cMem_pF) * s * Math.exp(-s / tm)
          : ((q * R * tauSyn) / (tauSyn - tm)) * (Math.exp(-s / tauSyn) - Math.exp(-s / tm));
        expect(Math.abs(exc.v[k] - P.eLeak_mV - exact)).toBeLessThan(1e-10);
        expect(Math.abs(inh.v[k] - P.eLeak_mV + exact)).toBeLessThan(1e-10);
        if (exc.v[k] > peak) { peak = exc.v[k]; peakT = s; }
      }
      // Peak time of the difference of exponentials: t* = τsτm/(τm−τs) ln(τm/τs); τm in the limit.
      const tStar = tauSyn === p.tauMem_ms
        ? p.tauMem_ms
        : ((tauSyn * p.tauMem_ms) / (p.tauMem_ms - tauSyn)) * Math.log(p.tauMem_ms / tauSyn);
      expect(Math.abs(peakT - tStar)).toBeLessThanOrEqual(dt);
    }
  });

  it('follows the f–I curve f = 1/(t_ref + τ ln(RI/(RI − θ))) within 1 % at dt = 0.1 ms', () => {
    const dt = 0.1;
    // Spikes sit on the grid, so each ISI is the analytic one rounded up to the next step:
    // the relative error is below dt/ISI. With t_ref = 2 ms and RI ≤ 27 mV (I ≤ 675 pA) the
    // ISI is ≥ 10 ms, so the bound is ≤ 1 %; the lower end stays just above rheobase (375 pA).
    const rheobase = THETA / R;
    const currents = [1.02, 1.05, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8].map((m) => m * rheobase);
    const steps = 20_000; // 2 s
    const { spikes } = run(P, dt, currents, steps);
    currents.forEach((I, j) => {
      const isiExact = P.tRef_ms + P.tauMem_ms * Math.log((R * I) / (R * I - THETA));
      expect(isiExact).toBeGreaterThanOrEqual(10);
      const sp = spikes[j];
      expect(sp.length).toBeGreaterThan(10);
      const isiSim = ((sp[sp.length - 1] - sp[0]) * dt) / (sp.length - 1);
      const fExact = 1000 / isiExact;
      const fSim = 1000 / isiSim;
      const relErr = Math.abs(fSim - fExact) / fExact;
      expect(relErr).toBeLessThan(0.01);
      expect(relErr).toBeLessThanOrEqual(dt / isiExact + 1e-12);
      // The first spike from rest has no refractory period before it.
      const tFirst = (sp[0] + 1) * dt;
      const tCross = isiExact - P.tRef_ms;
      expect(tFirst).toBeGreaterThanOrEqual(tCross - 1e-9);
      expect(tFirst).toBeLessThan(tCross + dt);
    });
  });

  it('stays silent below rheobase and fires just above it', () => {
    const dt = 0.1;
    const rheobase = THETA / R;
    const { spikes, v } = run(P, dt, [0.99 * rheobase, 1.01 * rheobase], 20_000);
    expect(spikes[0]).toHaveLength(0);
    // Settled at E_L + R I, a hair below threshold.
    expect(Math.abs(v[2 * 19_999] - (P.eLeak_mV + 0.99 * THETA))).toBeLessThan(1e-9);
    expect(spikes[1].length).toBeGreaterThan(0);
  });

  it('holds v at V_reset for exactly t_ref after each spike', () => {
    const dt = 0.1;
    const refSteps = Math.round(P.tRef_ms / dt);
    // A current so strong that v crosses threshold within one step: ISI = t_ref + dt.
    const huge = (1000 * THETA) / R; // crossing after τ ln(1000/999) ≈ 0.01 ms < dt
    const { spikes, v } = run(P, dt, [huge, (3 * THETA) / R], 2000);
    const a = spikes[0];
    expect(a.length).toBeGreaterThan(50);
    for (let m = 1; m < a.length; m++) expect(a[m] - a[m - 1]).toBe(refSteps + 1);
    const b = spikes[1];
    const isiSteps = refSteps + Math.ceil((P.tauMem_ms * Math.log(3 / 2)) / dt);
    for (let m = 1; m < b.length; m++) expect(b[m] - b[m - 1]).toBe(isiSteps);
    for (const k of b.slice(0, -1)) {
      for (let r = 0; r <= refSteps; r++) expect(v[2 * (k + r) + 1]).toBe(P.vReset_mV);
      expect(v[2 * (k + refSteps + 1) + 1]).toBeGreaterThan(P.vReset_mV);
    }
  });
});
