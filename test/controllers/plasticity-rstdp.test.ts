import { describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';
import { buildNetwork, findModulator, findProjection, networkStep, rewardNetwork, settleWeights } from '../../controllers/network/index.js';
import type { NetworkSpec } from '../../controllers/network/index.js';
import { eligibilityOf } from '../../controllers/plasticity/index.js';
import type { PlasticitySpec, RewardBaseline } from '../../controllers/plasticity/index.js';

const dt = 0.1;

function pairSpec(pre_ms: number[], post_ms: number[], plasticity: PlasticitySpec, tauD: number, baseline: RewardBaseline = { kind: 'none' }): NetworkSpec {
  return {
    dt_ms: dt,
    populations: [
      { name: 'pre', size: 1, source: { kind: 'spike-times', times_ms: [pre_ms] } },
      { name: 'post', size: 1, source: { kind: 'spike-times', times_ms: [post_ms] } },
    ],
    modulators: [{ name: 'dopamine', tau_ms: tauD, baseline }],
    projections: [{ name: 'syn', pre: 'pre', post: 'post', connectivity: { kind: 'list', pairs: [[0, 0]] }, weight: 0, delay_ms: dt, plasticity }],
  };
}

describe('R-STDP, closed-form case', () => {
  // Parameters from the issue: η = 1, A₊ = 1, τ₊ = 10 ms, τ_e = 1000 ms, τ_d = 200 ms,
  // Δt = 4 ms, one reward pulse D = 0.1 at 97 ms after the post spike.
  const eta = 1;
  const aPlus = 1;
  const tauPlus = 10;
  const tauE = 1000;
  const tauD = 200;
  const lag = 4;
  const rewardDelay = 97;
  const D = 0.1;
  const rule: PlasticitySpec = {
    kind: 'rstdp',
    modulator: 'dopamine',
    aPlus,
    aMinus: 0,
    tauPlus_ms: tauPlus,
    tauMinus_ms: 20,
    tauElig_ms: tauE,
    eta_per_ms: eta,
    wMin: -1e6,
    wMax: 1e6,
    weightDependence: 'additive',
  };
  const tArrive = 50;
  const tPost = tArrive + lag;

  function run(reward: number | null, total_ms = 8000): { w: number; eAtReward: number } {
    const net = buildNetwork(pairSpec([tArrive - dt], [tPost], rule, tauD), { seed: 3 });
    const da = findModulator(net, 'dopamine');
    const syn = findProjection(net, 'syn');
    const rewardStep = Math.round((tPost + rewardDelay) / dt);
    let eAtReward = NaN;
    for (let k = 0; k < Math.round(total_ms / dt); k++) {
      if (k === rewardStep) {
        eAtReward = eligibilityOf(syn.plasticity as never, 0);
        if (reward !== null) rewardNetwork(net, da, reward);
      }
      networkStep(net);
    }
    settleWeights(net);
    return { w: syn.syn.weight[0], eAtReward };
  }

  it('the weight change equals D·A₊·e^(−Δt/τ₊)·e^(−97/τ_e)·τ_e·τ_d/(τ_e+τ_d) within 0.5 %', () => {
    const expected = D * aPlus * Math.exp(-lag / tauPlus) * Math.exp(-rewardDelay / tauE) * ((tauE * tauD) / (tauE + tauD)) * eta;
    const { w, eAtReward } = run(D);
    // The eligibility at the reward is A₊e^(−Δt/τ₊) decayed for 97 ms.
    expect(eAtReward).toBeCloseTo(aPlus * Math.exp(-lag / tauPlus) * Math.exp(-rewardDelay / tauE), 6);
    expect(Math.abs(w - expected) / expected).toBeLessThan(0.005);
    expect(expected).toBeGreaterThan(10); // ≈ 10.14: sanity of the derivation, not the target
  });

  it('without a reward nothing changes', () => {
    expect(run(null).w).toBe(0);
  });
});

describe('R-STDP with a reward baseline (reward minus expected reward)', () => {
  /** Regular pre→post pairs every 25 ms and a constant reward of 1 every 20 ms. */
  function run(baseline: RewardBaseline) {
    const pre = Array.from({ length: 400 }, (_, k) => 10 + 25 * k);
    const post = pre.map((t) => t + 3);
    const rule: PlasticitySpec = { kind: 'rstdp', modulator: 'dopamine', aPlus: 0.01, aMinus: 0.0, tauElig_ms: 200, eta_per_ms: 0.01, wMin: -1e6, wMax: 1e6 };
    const net = buildNetwork(pairSpec(pre, post, rule, 50, baseline), { seed: 1 });
    const da = findModulator(net, 'dopamine');
    const syn = findProjection(net, 'syn');
    const changes: number[] = [];
    const pulses: number[] = [];
    let last = 0;
    for (let ms = 0; ms < 10_000; ms += 20) {
      pulses.push(rewardNetwork(net, da, 1));
      for (let k = 0; k < 200; k++) networkStep(net);
      if (ms % 1000 === 980) {
        settleWeights(net);
        changes.push(syn.syn.weight[0] - last);
        last = syn.syn.weight[0];
      }
    }
    return { changes, pulses, phasic: da.phasic };
  }

  it('a constant reward r every Δt gives pulses r·e^(−kΔt/τ_R), so modulation and weight changes decay to zero', () => {
    const tauR = 100;
    const withBaseline = run({ kind: 'running-average', tau_ms: tauR });
    const without = run({ kind: 'none' });
    // The running average starts at 0 at reset (t = 0). The first reward arrives at t = 0, so it
    // has no time weight yet (1 − e^0 = 0): the first two pulses are the full reward, then each
    // reward moves the average by (1 − e^{−Δt/τ_R}) and the pulses shrink by e^{−Δt/τ_R}.
    const decay = Math.exp(-20 / tauR);
    expect(withBaseline.pulses.slice(0, 2)).toEqual([1, 1]);
    for (let k = 2; k < 40; k++) expect(withBaseline.pulses[k]! / withBaseline.pulses[k - 1]!).toBeCloseTo(decay, 12);
    // Without a baseline every pulse is the full reward, and weights keep changing at a steady rate (the bias).
    expect(without.pulses.every((p) => p === 1)).toBe(true);
    expect(without.changes[8]!).toBeGreaterThan(0.5 * without.changes[2]!);
    // With it, once the average has converged the modulation and the weight changes vanish.
    expect(Math.abs(withBaseline.phasic)).toBeLessThan(1e-12);
    expect(Math.abs(withBaseline.changes[0]!)).toBeGreaterThan(1e-3);
    expect(Math.abs(withBaseline.changes[8]!)).toBeLessThan(1e-9 * Math.abs(withBaseline.changes[0]!));
  });
});

describe('lazy eligibility equals eager per-step integration', () => {
  it('matches a brute-force reference on random spike trains with heterogeneous delays, including epoch rebases', () => {
    const rng = new Rng(11, 'test');
    const nPre = 6;
    const nPost = 5;
    const T = 6000; // steps of 0.1 ms = 600 ms; τ_e = 20 ms ⇒ several rebases (every ~276 ms)
    const preTimes = Array.from({ length: nPre }, () => Array.from({ length: 40 }, () => Math.round(rng.range(0, 590) * 10) / 10));
    const postTimes = Array.from({ length: nPost }, () => Array.from({ length: 40 }, () => Math.round(rng.range(0, 590) * 10) / 10));
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) if (rng.uniform() < 0.7) pairs.push([i, j]);
    const p = { aPlus: 0.02, aMinus: 0.025, tauPlus: 15, tauMinus: 25, tauE: 20, tauD: 30, eta: 0.5, tonic: 0.05 };
    const spec: NetworkSpec = {
      dt_ms: dt,
      populations: [
        { name: 'pre', size: nPre, source: { kind: 'spike-times', times_ms: preTimes } },
        { name: 'post', size: nPost, source: { kind: 'spike-times', times_ms: postTimes } },
      ],
      modulators: [{ name: 'da', tau_ms: p.tauD, tonic: p.tonic }],
      projections: [
        {
          name: 'syn',
          pre: 'pre',
          post: 'post',
          connectivity: { kind: 'list', pairs },
          weight: 1,
          delay_ms: { kind: 'uniform', low: 0.1, high: 3 },
          plasticity: { kind: 'rstdp', modulator: 'da', aPlus: p.aPlus, aMinus: p.aMinus, tauPlus_ms: p.tauPlus, tauMinus_ms: p.tauMinus, tauElig_ms: p.tauE, eta_per_ms: p.eta, wMin: -1e9, wMax: 1e9 },
        },
      ],
    };
    const net = buildNetwork(spec, { seed: 5 });
    const proj = findProjection(net, 'syn').syn;
    const da = findModulator(net, 'da');
    const rewards = new Map<number, number>();
    for (let k = 0; k < 30; k++) rewards.set(rng.int(T), rng.range(-1, 1));

    // Reference: every synapse's eligibility decays every step; dw integrated exactly per step.
    const m = proj.nSyn;
    const w = Float64Array.from(proj.weight);
    const e = new Float64Array(m);
    const x = new Float64Array(m);
    const y = new Float64Array(nPost);
    // Spikes per step as sets: a neuron spikes at most once per step.
    const byStep = (times: number[][]) => {
      const at = new Map<number, Set<number>>();
      times.forEach((ts, i) => ts.forEach((t) => at.set(Math.round(t / dt), (at.get(Math.round(t / dt)) ?? new Set()).add(i))));
      return at;
    };
    const preAt = byStep(preTimes);
    const postAt = byStep(postTimes);
    const tauC = (p.tauE * p.tauD) / (p.tauE + p.tauD);
    const kT = p.tauE * (1 - Math.exp(-dt / p.tauE));
    const kP = tauC * (1 - Math.exp(-dt / tauC));
    let phasic = 0;
    for (let t = 0; t < T; t++) {
      const r = rewards.get(t);
      if (r !== undefined) {
        phasic += r;
        rewardNetwork(net, da, r);
      }
      for (let s = 0; s < m; s++) {
        if (preAt.get(t - proj.delayOf[s])?.has(proj.preOf[s])) {
          e[s] -= p.aMinus * y[proj.postOf[s]];
          x[s] += 1;
        }
      }
      for (const j of postAt.get(t) ?? []) {
        for (let s = 0; s < m; s++) if (proj.postOf[s] === j) e[s] += p.aPlus * x[s];
        y[j] += 1;
      }
      for (let s = 0; s < m; s++) {
        w[s] += p.eta * e[s] * (p.tonic * kT + phasic * kP);
        e[s] *= Math.exp(-dt / p.tauE);
        x[s] *= Math.exp(-dt / p.tauPlus);
      }
      for (let j = 0; j < nPost; j++) y[j] *= Math.exp(-dt / p.tauMinus);
      phasic *= Math.exp(-dt / p.tauD);
      networkStep(net);
    }
    settleWeights(net);
    let maxChange = 0;
    for (let s = 0; s < m; s++) {
      maxChange = Math.max(maxChange, Math.abs(w[s] - 1));
      expect(proj.weight[s]).toBeCloseTo(w[s], 5);
    }
    expect(maxChange).toBeGreaterThan(1e-3); // the comparison is not vacuous
  });
});
