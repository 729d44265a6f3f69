/**
 * Triplet STDP (Pfister & Gerstner 2006) against the rule's closed form for isolated pairs and
 * triplets of spikes: each trace is a sum of exponentials of the spike times, so every weight
 * change has an exact value to compare with.
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork, findProjection, networkStep } from '../../controllers/network/index.js';
import type { NetworkSpec } from '../../controllers/network/index.js';
import type { TripletStdpSpec } from '../../controllers/plasticity/index.js';

const rule: TripletStdpSpec = {
  kind: 'triplet-stdp',
  a2Plus: 0.01,
  a3Plus: 0.02,
  a2Minus: 0.012,
  a3Minus: 0.004,
  tauPlus_ms: 16.8,
  tauX_ms: 101,
  tauMinus_ms: 33.7,
  tauY_ms: 125,
  wMin: 0,
  wMax: 1,
};
const W0 = 0.5;

/** One synapse with a one-step (1 ms) delay: a pre spike emitted at t arrives at t + 1. */
function weightAfter(preEmit_ms: number[], post_ms: number[]): number {
  const spec: NetworkSpec = {
    dt_ms: 1,
    populations: [
      { name: 'pre', size: 1, source: { kind: 'spike-times', times_ms: [preEmit_ms] } },
      { name: 'post', size: 1, source: { kind: 'spike-times', times_ms: [post_ms] } },
    ],
    projections: [{ name: 'syn', pre: 'pre', post: 'post', connectivity: { kind: 'list', pairs: [[0, 0]] }, weight: W0, delay_ms: 1, plasticity: rule }],
  };
  const net = buildNetwork(spec, { seed: 1 });
  const end = Math.max(...preEmit_ms, ...post_ms) + 5;
  for (let k = 0; k <= end; k++) networkStep(net);
  return findProjection(net, 'syn').syn.weight[0]! - W0;
}

const e = Math.exp;
/** The weight change the float32 weight store gives for changes `d` applied in order. */
const stored = (...d: number[]) => d.reduce((w, x) => Math.fround(w + x), W0) - W0;

describe('triplet STDP', () => {
  it('an isolated pre→post pair potentiates by A2+·e^(−Δt/τ+) (no earlier post spike, so no triplet term)', () => {
    for (const d of [0, 3, 10, 30]) expect(weightAfter([99], [100 + d])).toBeCloseTo(stored(rule.a2Plus! * e(-d / rule.tauPlus_ms!)), 12);
  });

  it('an isolated post→pre pair depresses by A2−·e^(−Δt/τ−)', () => {
    for (const d of [1, 5, 20, 60]) expect(weightAfter([99 + d], [100])).toBeCloseTo(stored(-rule.a2Minus! * e(-d / rule.tauMinus_ms!)), 12);
  });

  it('post–pre–post: the second potentiation carries the triplet term A3+·o2, o2 = e^(−(t2−t1)/τy)', () => {
    const [t1, p, t2] = [100, 110, 118]; // p is the arrival time (emitted at p − 1)
    const depression = -rule.a2Minus! * e(-(p - t1) / rule.tauMinus_ms!);
    const potentiation = e(-(t2 - p) / rule.tauPlus_ms!) * (rule.a2Plus! + rule.a3Plus! * e(-(t2 - t1) / rule.tauY_ms!));
    expect(weightAfter([p - 1], [t1, t2])).toBeCloseTo(stored(depression, potentiation), 12);
  });

  it('pre–post–pre: the second depression carries the triplet term A3−·r2, r2 = e^(−(p2−p1)/τx)', () => {
    const [p1, t, p2] = [100, 107, 121];
    const potentiation = rule.a2Plus! * e(-(t - p1) / rule.tauPlus_ms!);
    const depression = -e(-(p2 - t) / rule.tauMinus_ms!) * (rule.a2Minus! + rule.a3Minus! * e(-(p2 - p1) / rule.tauX_ms!));
    expect(weightAfter([p1 - 1, p2 - 1], [t])).toBeCloseTo(stored(potentiation, depression), 12);
  });

  it('is frequency dependent where pair STDP is not: pairs at +10 ms potentiate more at 40 Hz than at 5 Hz', () => {
    // With A2+ ≈ 0 (the paper's visual-cortex fit) potentiation comes from the triplet term,
    // which grows as post spikes come closer together (Sjöström et al. 2001's frequency effect).
    const perPair = (period: number) => {
      const pre: number[] = [];
      const post: number[] = [];
      for (let k = 0; k < 10; k++) {
        pre.push(100 + k * period - 1);
        post.push(100 + k * period + 10);
      }
      return weightAfter(pre, post) / 10;
    };
    expect(perPair(25)).toBeGreaterThan(perPair(200) + 0.005);
  });
});
