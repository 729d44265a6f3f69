/**
 * Adaptive LIF: spike-frequency adaptation under constant current converges to the steady ISI
 * computed here from the model's equations (closed-form membrane trajectory + fixed point of the
 * adaptation variable), and with zero increments the model is plain LIF bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { ADAPTIVE_LIF_DEFAULTS, adaptiveLifStep, createAdaptiveLifState } from '../../controllers/neurons/adaptiveLif.js';
import type { AdaptiveLifParams } from '../../controllers/neurons/adaptiveLif.js';
import { createLifState, lifStep } from '../../controllers/neurons/lif.js';
import { clearSpikes, createPopulationInput, createSpikeOutput } from '../../controllers/neurons/model.js';

const BASE = ADAPTIVE_LIF_DEFAULTS; // τm 10 ms, C 250 pF, E_L = V_reset = −70, V_th = −55, t_ref 2 ms
const R = BASE.tauMem_ms / BASE.cMem_pF;
const THETA = BASE.vThresh_mV - BASE.vReset_mV;

function spikeTimes(p: AdaptiveLifParams, dt: number, I: number, steps: number): number[] {
  const s = createAdaptiveLifState(p, 1, dt);
  const input = createPopulationInput(1);
  const out = createSpikeOutput(1);
  input.ext[0] = I;
  const t: number[] = [];
  for (let k = 0; k < steps; k++) {
    clearSpikes(out);
    adaptiveLifStep(p, s, input, out);
    if (out.count) t.push((k + 1) * dt);
  }
  return t;
}

/** Root of an increasing function on [lo, hi] by bisection to ~1e−12 ms. */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  expect(f(lo)).toBeLessThan(0);
  expect(f(hi)).toBeGreaterThan(0);
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const isis = (t: number[]) => t.slice(1).map((x, k) => x - t[k]);

describe('adaptive LIF', () => {
  // Each spike lands on the first grid point at or after the continuous crossing, so an ISI is
  // the continuous one plus less than one dt; the adaptation variable then carries a sub-dt
  // perturbation into the next interval. The asserted band is 2·dt around the continuous value.
  const dt = 0.01;
  const I = 2 * (THETA / R); // RI = 2θ = 30 mV above E_L

  it('threshold adaptation: ISIs lengthen and converge to the fixed point of θ', () => {
    const p: AdaptiveLifParams = { ...BASE, adaptCurrentIncrement_pA: 0, adaptThreshIncrement_mV: 2, tauAdaptThresh_ms: 200 };
    const { tRef_ms: tRef, tauMem_ms: tm, tauAdaptThresh_ms: tth, adaptThreshIncrement_mV: dth } = p;
    // After a spike with threshold excess θ₀: v(t) = E_L + RI(1 − e^{−(t−t_ref)/τm}) (V_reset = E_L)
    // and the threshold is V_th + θ₀e^{−t/τθ}; the ISI is where they meet.
    const crossing = (theta0: number) =>
      bisect((t) => R * I * (1 - Math.exp(-(t - tRef) / tm)) - THETA - theta0 * Math.exp(-t / tth), tRef, 1000);
    // Steady state: θ₀ = Δθ/(1 − e^{−T/τθ}) with T the ISI it produces.
    const tSteady = bisect((T) => T - crossing(dth / (1 - Math.exp(-T / tth))), tRef + 1e-9, 1000);
    const t = spikeTimes(p, dt, I, 300_000); // 3 s
    const d = isis(t);
    // First ISI: θ₀ = Δθ exactly (one spike's worth, from zero).
    const t1 = crossing(dth);
    expect(d[0]).toBeGreaterThanOrEqual(t1 - 1e-9);
    expect(d[0]).toBeLessThan(t1 + dt + 1e-9);
    // Lengthening: strictly increasing over the first ten intervals, and by a large factor overall.
    for (let k = 1; k < 10; k++) expect(d[k]).toBeGreaterThan(d[k - 1]);
    const isiNoAdapt = tRef + tm * Math.log((R * I) / (R * I - THETA));
    expect(d[0]).toBeGreaterThan(isiNoAdapt); // already adapted by the first spike
    expect(tSteady / isiNoAdapt).toBeGreaterThan(2);
    // Converged: the last 20 ISIs sit within 2·dt of the steady ISI.
    for (const x of d.slice(-20)) expect(Math.abs(x - tSteady)).toBeLessThan(2 * dt);
  });

  it('adaptation current: ISIs lengthen and converge to the fixed point of I_a', () => {
    const p: AdaptiveLifParams = { ...BASE, adaptThreshIncrement_mV: 0, adaptCurrentIncrement_pA: 60, tauAdaptCurrent_ms: 100 };
    const { tRef_ms: tRef, tauMem_ms: tm, tauAdaptCurrent_ms: tw, adaptCurrentIncrement_pA: b } = p;
    // With I_a = A₀ just after a spike, v is clamped for t_ref while I_a decays to
    // A = A₀e^{−t_ref/τw}; then with s = t − t_ref, from v = E_L:
    //   v − E_L = RI(1 − e^{−s/τm}) − R A τw/(τw − τm)(e^{−s/τw} − e^{−s/τm}).
    const vAt = (t: number, a0: number) => {
      const s = t - tRef;
      const A = a0 * Math.exp(-tRef / tw);
      return R * I * (1 - Math.exp(-s / tm)) - ((R * A * tw) / (tw - tm)) * (Math.exp(-s / tw) - Math.exp(-s / tm));
    };
    const crossing = (a0: number) => bisect((t) => vAt(t, a0) - THETA, tRef, 1000);
    const tSteady = bisect((T) => T - crossing(b / (1 - Math.exp(-T / tw))), tRef + 1e-9, 1000);
    const t = spikeTimes(p, dt, I, 300_000);
    const d = isis(t);
    const t1 = crossing(b);
    expect(d[0]).toBeGreaterThanOrEqual(t1 - 1e-9);
    expect(d[0]).toBeLessThan(t1 + dt + 1e-9);
    for (let k = 1; k < 8; k++) expect(d[k]).toBeGreaterThan(d[k - 1]);
    const isiNoAdapt = tRef + tm * Math.log((R * I) / (R * I - THETA));
    expect(tSteady / isiNoAdapt).toBeGreaterThan(1.5);
    for (const x of d.slice(-20)) expect(Math.abs(x - tSteady)).toBeLessThan(2 * dt);
  });

  it('with both increments 0 is plain LIF, bit for bit, under synaptic and external input', () => {
    const p: AdaptiveLifParams = { ...BASE, adaptCurrentIncrement_pA: 0, adaptThreshIncrement_mV: 0 };
    const n = 50;
    const step = 0.1;
    const a = createAdaptiveLifState(p, n, step);
    const l = createLifState(p, n, step);
    const inA = createPopulationInput(n);
    const inL = createPopulationInput(n);
    const outA = createSpikeOutput(n);
    const outL = createSpikeOutput(n);
    for (let i = 0; i < n; i++) inA.ext[i] = inL.ext[i] = 300 + 10 * i;
    let spikes = 0;
    let mismatches = 0;
    let x = 1;
    for (let k = 0; k < 5000; k++) {
      for (let i = 0; i < n; i++) {
        x = (x * 16807) % 2147483647; // deterministic event pattern, same for both
        if (x % 7 === 0) inA.exc[i] = inL.exc[i] = x % 300;
        if (x % 11 === 0) inA.inh[i] = inL.inh[i] = x % 200;
      }
      clearSpikes(outA);
      clearSpikes(outL);
      adaptiveLifStep(p, a, inA, outA);
      lifStep(p, l, inL, outL);
      if (outA.count !== outL.count) mismatches++;
      for (let j = 0; j < outA.count; j++) if (outA.list[j] !== outL.list[j]) mismatches++;
      for (let i = 0; i < n; i++) if (!Object.is(a.v_mV[i], l.v_mV[i])) mismatches++;
      spikes += outA.count;
    }
    expect(mismatches).toBe(0);
    expect(spikes).toBeGreaterThan(1000); // the comparison covered many spikes and resets
  });

  it('rejects bad adaptation parameters with a named error', () => {
    expect(() => createAdaptiveLifState({ ...BASE, tauAdaptThresh_ms: 0 }, 1, 0.1)).toThrow(
      /adaptive-lif: parameter tauAdaptThresh_ms must be a finite number > 0, got 0/,
    );
    expect(() => createAdaptiveLifState({ ...BASE, adaptCurrentIncrement_pA: -1 }, 1, 0.1)).toThrow(
      /adaptCurrentIncrement_pA must be a finite number ≥ 0/,
    );
    expect(() => createAdaptiveLifState({ ...BASE, cMem_pF: -1 }, 1, 0.1)).toThrow(/adaptive-lif: parameter cMem_pF/);
  });
});
