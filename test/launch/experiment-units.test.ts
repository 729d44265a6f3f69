import { describe, expect, it } from 'vitest';
import { firstNonFinite, sumOfChanges } from '../../experiments/batchUpdate.js';
import type { CurveRow } from '../../experiments/curveCsv.js';
import { CURVE_HEADER, formatCurveRow, parseCurveCsv } from '../../experiments/curveCsv.js';
import { summarizeEpisodes } from '../../experiments/evalSummary.js';
import { parameterBounds } from '../../experiments/parameterBounds.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { PM_NETWORK, pointMassP, pointMassSnn } from '../helpers/pointMassPresets.js';

describe('batch update: w + Σ (wᵢ − w), clipped to the rule range', () => {
  it('sums the changes in float64 in the order given and rounds once to float32', () => {
    const w = { a: Float32Array.of(0.1, 5, -3) };
    const f1 = { a: Float32Array.of(0.2, 5.5, -3) };
    const f2 = { a: Float32Array.of(0.3, 4, -2.75) };
    const out = sumOfChanges(w, [f1, f2]);
    for (let j = 0; j < 3; j++) {
      const expected = Math.fround(w.a[j]! + (f1.a[j]! - w.a[j]!) + (f2.a[j]! - w.a[j]!));
      expect(out.a![j]).toBe(expected);
    }
    // No episodes: the weights are unchanged.
    expect(Array.from(sumOfChanges(w, []).a!)).toEqual(Array.from(w.a));
  });
  it('clips to the bounds of arrays that have them and leaves the others unbounded', () => {
    const w = { b: Float32Array.of(10, 990), free: Float32Array.of(0) };
    const up = { b: Float32Array.of(5, 1000), free: Float32Array.of(-7) };
    const out = sumOfChanges(w, [up, up, up], { b: { low: 0, high: 1000 } });
    // 10 + 3·(−5) = −5 → 0; 990 + 3·10 = 1020 → 1000; free: 0 + 3·(−7) = −21.
    expect(Array.from(out.b!)).toEqual([0, 1000]);
    expect(out.free![0]).toBe(-21);
  });
  it('refuses an episode whose arrays do not match', () => {
    expect(() => sumOfChanges({ a: new Float32Array(3) }, [{ a: new Float32Array(2) }])).toThrow("batch update: episode 0 has 2 values for 'a', expected 3");
    expect(() => sumOfChanges({ a: new Float32Array(3) }, [{}])).toThrow("batch update: episode 0 has no array for 'a', expected 3");
  });
  it('firstNonFinite finds the first NaN or infinity', () => {
    expect(firstNonFinite({ a: Float32Array.of(1, 2), b: Float32Array.of(3, NaN, Infinity) })).toEqual({ name: 'b', index: 1 });
    expect(firstNonFinite({ a: Float32Array.of(1, -Infinity) })).toEqual({ name: 'a', index: 1 });
    expect(firstNonFinite({ a: Float32Array.of(1, 2) })).toBeNull();
  });
  it('parameter bounds come from the projection plasticity rule', () => {
    const snn = pointMassSnn.create({ seed: 1, controlRate_Hz: 50 });
    const rule = PM_NETWORK.projections![0]!.plasticity as { wMin: number; wMax: number };
    expect(parameterBounds(snn)).toEqual({ 'sense-motor': { low: rule.wMin, high: rule.wMax } });
    expect(parameterBounds(pointMassP.create({ seed: 1, controlRate_Hz: 50 }))).toEqual({});
  });
});

describe('curve.csv', () => {
  const row = (over: Partial<CurveRow>): CurveRow => ({
    episode: 3,
    round: 1,
    seed: 123456789,
    outcome: 'truncated',
    return: 0.1 + 0.2,
    success: 0,
    collisions: 0,
    time_to_goal_s: NaN,
    steps: 150,
    spikes_per_step: 18.513333333333332,
    synops_per_step: 1 / 3,
    wall_s: 0.0123,
    error: '',
    ...over,
  });
  it('round-trips every float64 exactly, NaN as an empty field, and quotes errors with commas or quotes', () => {
    const rows = [row({}), row({ episode: 4, outcome: 'error', error: 'observation \'x\'[0] is NaN at t = 0.5 s, "blow-up"; weight change discarded' }), row({ episode: 5, time_to_goal_s: 1.44, success: 1 })];
    const text = CURVE_HEADER + rows.map(formatCurveRow).join('');
    expect(text.split('\n')[1]).toBe('3,1,123456789,truncated,0.30000000000000004,0,0,,150,18.513333333333332,0.3333333333333333,0.0123,');
    const back = parseCurveCsv(text);
    expect(back).toHaveLength(3);
    expect(back[0]!.return).toBe(0.1 + 0.2);
    expect(back[0]!.time_to_goal_s).toBeNaN();
    expect(back[1]!.error).toBe(rows[1]!.error);
    expect(back[2]).toEqual(rows[2]);
  });
  it('names the line of a bad row', () => {
    expect(() => parseCurveCsv('episode,round\n')).toThrow('curve.csv: expected the header');
    expect(() => parseCurveCsv(`${CURVE_HEADER}1,2,3\n`)).toThrow('curve.csv:2: 3 fields, expected 13');
    expect(() => parseCurveCsv(`${CURVE_HEADER}x,1,1,truncated,0,0,0,,1,0,0,0,\n`)).toThrow("curve.csv:2: episode is not a number: 'x'");
  });
});

describe('evaluation summary', () => {
  const ep = (ret: number, metrics: Record<string, number>, outcome: EpisodeResult['outcome'] = 'terminated', steps = 10, spikes = 0, synOps = 0): EpisodeResult => ({
    seed: 0,
    outcome,
    steps,
    duration_s: steps / 50,
    return: ret,
    rewardTerms: { a: ret / 2, b: ret / 2 },
    metrics,
    activity: { steps, spikes, synOps },
  });
  it('rates over all episodes, time to goal over the successful ones, activity pooled per control step', () => {
    const eps = [
      ep(3, { success: 1, collisions: 0, time_to_goal_s: 1.5, energy: 2 }, 'terminated', 10, 100, 400),
      ep(-1, { success: 0, collisions: 2, time_to_goal_s: NaN, energy: 4 }, 'terminated', 30, 50, 100),
      ep(1, { success: 1, collisions: 0, time_to_goal_s: 2.5, energy: NaN }, 'terminated', 20, 10, 20),
      ep(-2, { success: 0, collisions: 0, time_to_goal_s: NaN, energy: 3 }, 'error', 40, 0, 0),
    ];
    const s = summarizeEpisodes(eps, { scenario: 'x', controller: 'c', seed: 7, learning: false });
    expect(s.episodes).toBe(4);
    expect(s.success_rate).toBe(2 / 4);
    expect(s.collision_rate).toBe(1 / 4);
    expect(s.mean_reward).toBe((3 - 1 + 1 - 2) / 4);
    expect(s.mean_time_to_goal_s).toBe((1.5 + 2.5) / 2);
    expect(s.errors).toBe(1);
    expect(s.spikes_per_step).toBe(160 / 100);
    expect(s.synops_per_step).toBe(520 / 100);
    expect(s.mean_steps).toBe(25);
    expect(s.metrics.energy).toBe((2 + 4 + 3) / 3);
    expect(s.metrics.time_to_goal_s).toBe(2);
    expect(s.reward_terms.a).toBe((1.5 - 0.5 + 0.5 - 1) / 4);
  });
  it('null time to goal when nothing succeeded; refuses an empty set', () => {
    const s = summarizeEpisodes([ep(0, { success: 0, time_to_goal_s: NaN })], { scenario: 'x', controller: 'c', seed: 0, learning: true });
    expect(s.mean_time_to_goal_s).toBeNull();
    expect(s.metrics.time_to_goal_s).toBeNull();
    expect(JSON.parse(JSON.stringify(s)).mean_time_to_goal_s).toBeNull();
    expect(() => summarizeEpisodes([], { scenario: 'x', controller: 'c', seed: 0, learning: true })).toThrow('no episodes');
  });
});
