/**
 * The intervals eval reports (experiments/stats): Wilson against values worked by hand from its
 * formula and against the published example of Newcombe (1998); the seeded percentile bootstrap
 * against the normal-theory interval of a large sample and its exact degenerate cases; and both
 * in summarizeEpisodes' output.
 */
import { describe, expect, it } from 'vitest';
import { summarizeEpisodes } from '../../experiments/evalSummary.js';
import { bootstrapMeanInterval, quantile } from '../../experiments/stats/bootstrapMeanInterval.js';
import { wilsonInterval } from '../../experiments/stats/wilsonInterval.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { Rng } from '../../loop/rng.js';

describe('Wilson interval', () => {
  it('0 of 10: [0, z²/(n + z²)] = [0, 0.2775]; 10 of 10 its mirror', () => {
    const [lo, hi] = wilsonInterval(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(3.841458820694124 / 13.841458820694124, 12);
    const [lo2, hi2] = wilsonInterval(10, 10);
    expect(lo2).toBeCloseTo(1 - hi, 12);
    expect(hi2).toBe(1);
  });

  it('5 of 10: 0.5 ± 0.2634 (worked from the formula); Newcombe (1998) example 81/263 → [0.2553, 0.3662]', () => {
    const [lo, hi] = wilsonInterval(5, 10);
    expect(lo).toBeCloseTo(0.2366, 4);
    expect(hi).toBeCloseTo(0.7634, 4);
    const [a, b] = wilsonInterval(81, 263);
    expect(a).toBeCloseTo(0.2553, 4);
    expect(b).toBeCloseTo(0.3662, 4);
  });

  it('refuses impossible counts', () => {
    expect(() => wilsonInterval(3, 0)).toThrow(/n must be an integer ≥ 1/);
    expect(() => wilsonInterval(11, 10)).toThrow(/successes must be in \[0, 10\]/);
  });
});

describe('bootstrap interval of a mean', () => {
  it('a large normal sample: close to mean ± 1.96·s/√n', () => {
    const rng = new Rng(5, 'bootstrap-test');
    const xs = Array.from({ length: 400 }, () => rng.gauss(3, 2));
    const n = xs.length;
    const m = xs.reduce((a, b) => a + b, 0) / n;
    const s = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
    const [lo, hi] = bootstrapMeanInterval(xs, { seed: 1 })!;
    const half = (1.96 * s) / Math.sqrt(n);
    expect(lo).toBeGreaterThan(m - half * 1.15);
    expect(lo).toBeLessThan(m - half * 0.85);
    expect(hi).toBeGreaterThan(m + half * 0.85);
    expect(hi).toBeLessThan(m + half * 1.15);
  });

  it('seeded: the same seed gives the same bits, another seed another interval; constants and single values are exact', () => {
    const xs = [1, 4, 2, 8, 5, 7, 3, 3, 9, 0];
    expect(bootstrapMeanInterval(xs, { seed: 3 })).toEqual(bootstrapMeanInterval(xs, { seed: 3 }));
    expect(bootstrapMeanInterval(xs, { seed: 3 })).not.toEqual(bootstrapMeanInterval(xs, { seed: 4 }));
    expect(bootstrapMeanInterval([2.5, 2.5, 2.5])).toEqual([2.5, 2.5]);
    expect(bootstrapMeanInterval([7])).toEqual([7, 7]);
    expect(bootstrapMeanInterval([NaN])).toBeNull();
  });

  it('quantile type 7 interpolates between order statistics', () => {
    const s = Float64Array.from([1, 2, 3, 4]);
    expect(quantile(s, 0)).toBe(1);
    expect(quantile(s, 1)).toBe(4);
    expect(quantile(s, 0.5)).toBe(2.5);
  });
});

function episode(success: number, ret: number, collisions = 0): EpisodeResult {
  return { outcome: 'terminated', return: ret, steps: 10, duration_s: 0.2, metrics: { success, collisions, time_to_goal_s: success ? 1 + ret / 100 : NaN }, rewardTerms: {}, activity: { steps: 10, spikes: 0, synOps: 0 } } as unknown as EpisodeResult;
}

describe('evaluation summaries carry the intervals', () => {
  it('success and collision rates with their Wilson intervals, the mean return with its seeded bootstrap interval', () => {
    const results = [...Array.from({ length: 7 }, (_, k) => episode(1, 10 + k)), ...Array.from({ length: 3 }, () => episode(0, -5, 1))];
    const s = summarizeEpisodes(results, { scenario: 'x', controller: 'y', seed: 2, learning: false });
    expect(s.success_rate).toBe(0.7);
    expect(s.success_rate_ci95).toEqual(wilsonInterval(7, 10));
    expect(s.collision_rate_ci95).toEqual(wilsonInterval(3, 10));
    expect(s.mean_reward_ci95).toEqual(bootstrapMeanInterval(results.map((r) => r.return), { seed: 2 }));
    const [lo, hi] = s.mean_reward_ci95!;
    expect(lo).toBeLessThan(s.mean_reward);
    expect(hi).toBeGreaterThan(s.mean_reward);
    expect(s.perturb).toEqual([]);
  });
});
