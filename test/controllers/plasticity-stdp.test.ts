import { describe, expect, it } from 'vitest';
import { buildNetwork, findProjection, networkStep } from '../../controllers/network/index.js';
import type { NetworkSpec } from '../../controllers/network/index.js';
import type { PlasticitySpec } from '../../controllers/plasticity/index.js';

const dt = 0.1;

/**
 * One synapse pre → post where both sides are spike sources with fixed spike times (a source
 * may be a projection target: it ignores input, but its spikes are the post spikes STDP sees).
 * The synaptic delay is one step, so a pre spike emitted at t arrives at t + dt.
 */
function pairSpec(pre_ms: number[], post_ms: number[], plasticity: PlasticitySpec, w0: number, extra: Partial<NetworkSpec> = {}): NetworkSpec {
  return {
    dt_ms: dt,
    populations: [
      { name: 'pre', size: 1, source: { kind: 'spike-times', times_ms: [pre_ms] } },
      { name: 'post', size: 1, source: { kind: 'spike-times', times_ms: [post_ms] } },
    ],
    projections: [{ name: 'syn', pre: 'pre', post: 'post', connectivity: { kind: 'list', pairs: [[0, 0]] }, weight: w0, delay_ms: dt, plasticity }],
    ...extra,
  };
}

describe('pair-based STDP', () => {
  const aPlus = 0.005;
  const aMinus = 0.006;
  const tauPlus = 16.8;
  const tauMinus = 33.7;
  const additive: PlasticitySpec = { kind: 'stdp', aPlus, aMinus, tauPlus_ms: tauPlus, tauMinus_ms: tauMinus, wMin: 0, wMax: 1, weightDependence: 'additive', pairing: 'all-to-all' };

  /** Weight change of one isolated pair with Δt = t_post − t_arrival. */
  function pairChange(dtPair: number, rule: PlasticitySpec, w0 = 0.5): number {
    const tArrive = 100;
    const net = buildNetwork(pairSpec([tArrive - dt], [tArrive + dtPair], rule, w0), { seed: 1 });
    const w = findProjection(net, 'syn').syn.weight;
    const steps = Math.round((tArrive + Math.abs(dtPair) + 10) / dt);
    for (let k = 0; k < steps; k++) networkStep(net);
    return w[0] - w0;
  }

  it('Δw(Δt) follows A₊e^(−Δt/τ₊) for pre-before-post and −A₋e^(Δt/τ₋) for post-before-pre, within 1 %', () => {
    for (const d of [0.5, 1, 2, 5, 10, 17, 25, 40, 60]) {
      const expected = aPlus * Math.exp(-d / tauPlus);
      expect(Math.abs(pairChange(d, additive) - expected) / expected).toBeLessThan(0.01);
    }
    for (const d of [-0.5, -1, -2, -5, -10, -25, -40, -60, -90]) {
      const expected = -aMinus * Math.exp(d / tauMinus);
      expect(Math.abs(pairChange(d, additive) - expected) / Math.abs(expected)).toBeLessThan(0.01);
    }
  });

  it('multiplicative (soft-bound) STDP scales potentiation by (wMax − w) and depression by (w − wMin)', () => {
    const mult: PlasticitySpec = { ...additive, weightDependence: 'multiplicative' };
    for (const w0 of [0.2, 0.8]) {
      expect(pairChange(5, mult, w0)).toBeCloseTo(aPlus * Math.exp(-5 / tauPlus) * (1 - w0), 7);
      expect(pairChange(-5, mult, w0)).toBeCloseTo(-aMinus * Math.exp(-5 / tauMinus) * w0, 7);
    }
  });

  it('all-to-all traces sum every earlier spike; nearest keeps only the latest', () => {
    // Two pre arrivals 5 ms apart, then a post spike 3 ms after the second.
    const run = (pairing: 'all-to-all' | 'nearest') => {
      const net = buildNetwork(pairSpec([100 - dt, 105 - dt], [108], { ...additive, pairing }, 0.5), { seed: 1 });
      for (let k = 0; k < 1200; k++) networkStep(net);
      return findProjection(net, 'syn').syn.weight[0] - 0.5;
    };
    const near = aPlus * Math.exp(-3 / tauPlus);
    expect(run('nearest')).toBeCloseTo(near, 7);
    expect(run('all-to-all')).toBeCloseTo(near + aPlus * Math.exp(-8 / tauPlus), 7);
  });

  it('additive weights are clipped to [wMin, wMax]', () => {
    const pre = Array.from({ length: 50 }, (_, k) => 100 + 20 * k);
    const post = pre.map((t) => t + 1);
    const net = buildNetwork(pairSpec(pre, post, { ...additive, aPlus: 0.1 }, 0.5), { seed: 1 });
    for (let k = 0; k < 12000; k++) networkStep(net);
    expect(findProjection(net, 'syn').syn.weight[0]).toBe(1);
  });
});
