/**
 * The dimensionless NIR neuron models against NIR's equations discretised by forward Euler with
 * the input held over the step (the NIR reference implementation's scheme), in closed form:
 * every expected value below is computed from the parameters, not copied from a run.
 */
import { describe, expect, it } from 'vitest';
import type { NeuronModel, PopulationInput, SpikeOutput } from '../../controllers/neurons/model.js';
import { clearSpikes, createPopulationInput, createSpikeOutput } from '../../controllers/neurons/model.js';
import { nirCubaLiModel } from '../../controllers/neurons/nirCubaLi.js';
import { nirCubaLifModel } from '../../controllers/neurons/nirCubaLif.js';
import { nirIModel } from '../../controllers/neurons/nirI.js';
import { nirIfModel } from '../../controllers/neurons/nirIf.js';
import { nirLiModel } from '../../controllers/neurons/nirLi.js';
import { nirLifModel } from '../../controllers/neurons/nirLif.js';
import { nirThresholdModel } from '../../controllers/neurons/nirThreshold.js';
import { neuronVariableNames, resolveNeuronSpec } from '../../controllers/neurons/registry.js';

/** Runs `steps` steps; `drive(k, input)` sets step k's input; returns v per step and spike steps. */
function run<P, S>(m: NeuronModel<P, S>, p: P, dt: number, steps: number, drive: (k: number, input: PopulationInput) => void) {
  const s = m.create(p, 1, dt);
  const input = createPopulationInput(1);
  const out: SpikeOutput = createSpikeOutput(1);
  const v: number[] = [];
  const spikes: number[] = [];
  for (let k = 0; k < steps; k++) {
    drive(k, input);
    clearSpikes(out);
    m.step(p, s, input, out);
    const vars = m.variables(s);
    v.push(vars.v ? vars.v[0]! : NaN);
    if (out.flags[0]) spikes.push(k);
  }
  return { v, spikes };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

describe('nir-lif (τ dv/dt = (v_leak − v) + r·I, forward Euler)', () => {
  const p = { tau_ms: 4, r: 2, vLeak: -0.2, vThreshold: 1, vReset: 0.1 };
  const dt = 0.5;
  const I = 0.8;
  const a = dt / p.tau_ms;
  const vInf = p.vLeak + p.r * I;

  it('relaxes geometrically towards v_leak + r·I and fires at the predicted steps', () => {
    // v_k − v∞ = (1 − a)^(k+1) (v_start − v∞) after k+1 steps; a spike when v > θ, then reset.
    const expected: number[] = [];
    const spikes: number[] = [];
    let start = 0; // NIR's reference state
    let n = 0;
    for (let k = 0; k < 60; k++) {
      n++;
      const v = vInf + (1 - a) ** n * (start - vInf);
      if (v > p.vThreshold) {
        spikes.push(k);
        expected.push(p.vReset);
        start = p.vReset;
        n = 0;
      } else expected.push(v);
    }
    const r = run(nirLifModel, p, dt, 60, (_k, input) => (input.ext[0] = I));
    expect(spikes.length).toBeGreaterThan(3);
    expect(r.spikes).toEqual(spikes);
    r.v.forEach((v, k) => expect(close(v, expected[k]!), `step ${k}`).toBe(true));
  });

  it('a spike of weight w moves v by (dt/τ)·r·w (a spike is input 1 held for one step)', () => {
    const w = 0.3;
    const r = run(nirLifModel, { ...p, vLeak: 0 }, dt, 3, (k, input) => (input.exc[0] = k === 0 ? w : 0));
    expect(close(r.v[0]!, a * p.r * w)).toBe(true);
    expect(close(r.v[2]!, a * p.r * w * (1 - a) ** 2)).toBe(true);
    const inh = run(nirLifModel, { ...p, vLeak: 0 }, dt, 1, (_k, input) => (input.inh[0] = w));
    expect(close(inh.v[0]!, -a * p.r * w)).toBe(true);
  });

  it('the threshold is strict (v > v_threshold), as in NIR', () => {
    // dt = τ: one step sets v to v_leak + r·I exactly.
    const q = { tau_ms: 1, r: 1, vLeak: 0, vThreshold: 0.5, vReset: 0 };
    expect(run(nirLifModel, q, 1, 1, (_k, i) => (i.ext[0] = 0.5)).spikes).toEqual([]);
    expect(run(nirLifModel, q, 1, 1, (_k, i) => (i.ext[0] = 0.5 + 1e-9)).spikes).toEqual([0]);
  });

  it('refuses a step longer than τ, naming the parameter and the step', () => {
    expect(() => nirLifModel.create({ ...p, tau_ms: 0.2 }, 1, 0.5)).toThrow(/tau_ms = 0\.2 ms is shorter than the step dt = 0\.5 ms \(dt\/τ = 2\.50\)/);
  });
});

describe('nir-cuba-lif and nir-cuba-li (τ_syn dI/dt = −I + w_in·S, τ_mem dv/dt = (v_leak − v) + r·I)', () => {
  const p = { tauSyn_ms: 2, tauMem_ms: 5, r: 3, vLeak: 0.1, vThreshold: 10, vReset: 0, wIn: 1.5 };
  const dt = 0.25;
  const as = dt / p.tauSyn_ms;
  const am = dt / p.tauMem_ms;
  const w = 0.7;

  // One spike at step 0: after step j the current is I_j = (1 − a_s)^j · a_s·w_in·w, and the
  // membrane, starting at 0, sees the previous step's current, so after step k
  // v_k − v_leak = (1 − a_m)^(k+1)·(0 − v_leak) + a_m·r·Σ_{j<k} (1 − a_m)^(k−1−j) I_j.
  const current = (j: number) => (1 - as) ** j * as * p.wIn * w;
  const membrane = (k: number) => {
    let s = 0;
    for (let j = 0; j < k; j++) s += (1 - am) ** (k - 1 - j) * current(j);
    return p.vLeak - (1 - am) ** (k + 1) * p.vLeak + am * p.r * s;
  };

  it('CubaLIF follows the Euler solution of the two equations for one input spike', () => {
    const r = run(nirCubaLifModel, p, dt, 40, (k, input) => (input.exc[0] = k === 0 ? w : 0));
    expect(r.spikes).toEqual([]);
    expect(close(r.v[0]!, am * p.vLeak)).toBe(true); // the current of step 0 reaches v only in step 1
    r.v.forEach((v, k) => expect(close(v, membrane(k)), `step ${k}`).toBe(true));
  });

  it('CubaLI is the same without threshold', () => {
    const { vThreshold: _t, vReset: _r, ...li } = p;
    const r = run(nirCubaLiModel, li, dt, 40, (k, input) => (input.exc[0] = k === 0 ? w : 0));
    r.v.forEach((v, k) => expect(close(v, membrane(k)), `step ${k}`).toBe(true));
  });

  it('CubaLIF fires and resets to v_reset when the membrane crosses threshold', () => {
    const q = { ...p, vThreshold: 0.5 * membrane(12) + 0.5 * membrane(0) };
    let first = -1;
    for (let k = 0; k < 40 && first < 0; k++) if (membrane(k) > q.vThreshold) first = k;
    const r = run(nirCubaLifModel, q, dt, 40, (k, input) => (input.exc[0] = k === 0 ? w : 0));
    expect(first).toBeGreaterThan(0);
    expect(r.spikes[0]).toBe(first);
    expect(r.v[first]).toBe(q.vReset);
  });
});

describe('nir-if, nir-i (dv/dt = r·I), nir-li, nir-threshold', () => {
  it('IF integrates dt·r·I per step and fires at the first step above threshold', () => {
    const p = { r_perMs: 0.3, vThreshold: 1, vReset: 0 };
    const dt = 0.5;
    const I = 0.9;
    const k1 = Math.floor(p.vThreshold / (dt * p.r_perMs * I)); // steps to reach θ: v_k = k·dt·r·I
    const r = run(nirIfModel, p, dt, 3 * (k1 + 1), (_k, input) => (input.ext[0] = I));
    expect(r.spikes).toEqual([k1, 2 * k1 + 1, 3 * k1 + 2]);
    expect(close(r.v[k1 - 1]!, k1 * dt * p.r_perMs * I)).toBe(true);
  });

  it('I integrates without bound and never spikes', () => {
    const r = run(nirIModel, { r_perMs: 0.3 }, 0.5, 50, (_k, input) => (input.ext[0] = 2));
    expect(r.spikes).toEqual([]);
    expect(close(r.v[49]!, 50 * 0.5 * 0.3 * 2)).toBe(true);
  });

  it('LI decays geometrically after a spike', () => {
    const p = { tau_ms: 8, r: 2, vLeak: 0 };
    const a = 0.5 / p.tau_ms;
    const r = run(nirLiModel, p, 0.5, 20, (k, input) => (input.exc[0] = k === 0 ? 1 : 0));
    r.v.forEach((v, k) => expect(close(v, a * p.r * (1 - a) ** k)).toBe(true));
  });

  it('Threshold spikes exactly when the step input exceeds it; with a negative threshold it fires every step', () => {
    const inputs = [0.4, 0.6, 0.5, 0.51, -1];
    const r = run(nirThresholdModel, { threshold: 0.5 }, 1, inputs.length, (k, input) => (input.exc[0] = inputs[k]!));
    expect(r.spikes).toEqual(inputs.flatMap((x, k) => (x > 0.5 ? [k] : [])));
    expect(run(nirThresholdModel, { threshold: -1 }, 1, 7, () => {}).spikes).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('are registered: specs resolve over their defaults and name their state variables', () => {
    expect(resolveNeuronSpec({ kind: 'nir-cuba-lif', params: { wIn: 2 } }).params).toMatchObject({ wIn: 2, tauSyn_ms: 5 });
    expect(neuronVariableNames('nir-cuba-lif')).toEqual(['v', 'i']);
    expect(neuronVariableNames('nir-threshold')).toEqual([]);
    expect(() => resolveNeuronSpec({ kind: 'nir-lif', params: { tau: 3 } as never })).toThrow(/unknown parameter for neuron kind 'nir-lif'; expected one of tau_ms, r, vLeak, vThreshold, vReset/);
  });
});
