/**
 * The pieces of the issue-17 report design, without a browser: Wilson intervals, the per-scenario
 * key metrics and units, number formatting, the raster's window, the all-metrics table.
 */
import { describe, expect, it } from 'vitest';
import type { RecordedPopulation, RecordedSpikes } from '../../experiments/episodeJob.js';
import type { EvalSummary } from '../../experiments/evalSummary.js';
import { rewardTermsData } from '../../experiments/report/distributionSpecs.js';
import { formatEnergy, formatMetric, keyMetrics, labelWithUnit, unifiedKey, wilson } from '../../experiments/report/metricCatalog.js';
import { mostActiveWindow, rasterData, windowAround } from '../../experiments/report/rasterSpec.js';
import { closestApproach } from '../../experiments/report/trajectory.js';
import { renderChartSvg } from '../../experiments/report/renderChart.js';
import { comparisonTable, summaryTable } from '../../experiments/report/reportTables.js';
import { validationSuccessData, validationSuccessSpec } from '../../experiments/report/successSpec.js';
import { markItems } from './svgMarks.js';

function summary(controller: string, extra: object = {}): EvalSummary {
  return {
    scenario: 's',
    controller,
    episodes: 10,
    seed: 3,
    learning: false,
    success_rate: 0.7,
    collision_rate: 0.2,
    mean_reward: 5,
    mean_time_to_goal_s: 12,
    errors: 0,
    spikes_per_step: 3,
    synops_per_step: 30,
    synaptic_ops_per_step: 20,
    mean_steps: 200,
    metrics: { success: 0.7, energy: 3, min_clearance_m: 0.4, time_to_goal_s: 12 },
    reward_terms: { progress: 7, bounds: 0 },
    ...extra,
  } as EvalSummary;
}

describe('metric catalogue', () => {
  it('Wilson 95 % interval: known values, inside [0, 1], none for n = 0', () => {
    // 7 of 10: (0.397, 0.892) (Wilson 1927; e.g. Newcombe 1998, Table I method 3).
    const ci = wilson(7, 10)!;
    expect(ci.low).toBeCloseTo(0.3968, 3);
    expect(ci.high).toBeCloseTo(0.8922, 3);
    expect(wilson(0, 4)!.low).toBe(0);
    expect(wilson(4, 4)!.high).toBe(1);
    expect(wilson(0, 0)).toBeNull();
  });

  it('key metrics per scenario: clearance for the forest, tracking error for the gust/arm, only fields someone has', () => {
    expect(keyMetrics([summary('a')])).toEqual(['success_rate', 'collision_rate', 'mean_time_to_goal_s', 'metrics.energy', 'metrics.min_clearance_m', 'spikes_per_step', 'synaptic_ops_per_step']);
    const gust = summary('g', { mean_time_to_goal_s: null, metrics: { tracking_error_m: 0.3, energy: 2 } });
    expect(keyMetrics([gust])).toEqual(['success_rate', 'collision_rate', 'metrics.energy', 'metrics.tracking_error_m', 'spikes_per_step', 'synaptic_ops_per_step']);
  });

  it('one spelling per field, labels with units, sane numbers', () => {
    expect(unifiedKey('rewardTerms.progress')).toBe('reward_terms.progress');
    expect(labelWithUnit('metrics.min_clearance_m')).toBe('closest clearance to an obstacle (m)');
    expect(labelWithUnit('metrics.energy', 'arm-reach-v1')).toBe('effort, ∫ |torque| dt (N·m·s)');
    expect(labelWithUnit('metrics.tracking_error_last_rad')).toBe('tracking error last (rad)');
    expect(formatMetric('success_rate', 0.75)).toBe('75');
    expect(formatMetric('mean_reward', 1234.56)).toBe('1,235');
    expect(formatMetric('mean_reward', 0.00000021)).toBe('2.1×10⁻⁷');
    expect(formatMetric('mean_reward', null)).toBe('—');
    expect(formatEnergy(2.1e-6)).toBe('2.1 µJ');
    expect(formatEnergy(0.000138)).toBe('138 µJ');
  });
});

describe('tables', () => {
  it('the comparison table: key metrics with units, success with its interval, short controller heads', () => {
    const html = comparisonTable([summary('trained (last.json)'), summary('baseline (pd)', { spikes_per_step: 0, synaptic_ops_per_step: 0 })]);
    expect(html).toContain('<th title="trained (last.json)">trained</th><th title="baseline (pd)">baseline</th>');
    expect(html).toContain('<tr data-field="success_rate"><td>success (%, 95 % interval)</td><td>70 <span class="ci">(40–89)</span></td>');
    expect(html).toContain('<td>closest clearance to an obstacle (m)</td><td>0.4</td><td>0.4</td>');
  });

  it('all metrics: no duplicate of success or time to goal, no row without a value, reward_terms grouped', () => {
    const html = summaryTable([summary('a', { hardware: null, latency_ms: null }), summary('b')]);
    expect(html).not.toContain('data-field="metrics.success"');
    expect(html).not.toContain('data-field="metrics.time_to_goal_s"');
    expect(html).toContain('<tr class="group"><th colspan="3">reward terms (mean sum per episode)</th></tr>');
    expect(html).toContain('data-field="reward_terms.bounds"');
    for (const row of html.matchAll(/<tr data-field="[^"]+">(.*?)<\/tr>/g)) expect(row[1]!.replace(/<td>[^<]*<\/td>/, '')).not.toMatch(/^(<td>—<\/td>)+$/);
  });

  it('reward terms zero for every controller are named, not drawn', () => {
    const d = rewardTermsData([summary('a'), summary('b')]);
    expect(d.zero).toEqual(['bounds']);
    expect(d.bars.map((b) => b.term)).toEqual(['progress', 'progress']);
  });
});

describe('success vs episodes', () => {
  it('a point and an interval per validation, the interval Wilson over the validation episodes', async () => {
    const val = [0, 4, 8].map((e, r) => ({ round: r, episodes_done: e, success_rate: [0.25, 0.5, 1][r]!, mean_reward: r, errors: 0 }));
    const d = validationSuccessData(val, 8);
    expect(d.map((p) => p.success_pct)).toEqual([25, 50, 100]);
    expect(d[1]!.low_pct).toBeCloseTo(100 * wilson(4, 8)!.low, 9);
    const { svg } = await renderChartSvg(validationSuccessSpec(val, 8, { frozen: true, references: [{ label: 'baseline', rate: 0.9, episodes: 10 }] }));
    expect(markItems(svg, 'validationSuccess', 'path')).toHaveLength(3);
    expect(markItems(svg, 'validationInterval', 'line')).toHaveLength(3);
    expect(markItems(svg, 'referenceSuccess', 'line')).toHaveLength(1);
    expect(svg).toContain('success (% of held-out episodes)');
  });
});

describe('raster window', () => {
  /** Neurons of a population fire every `period` steps, `burst`× as often inside [from, to). */
  function population(name: string, size: number, period: number, steps: number, burst?: { from: number; to: number; period: number }): RecordedPopulation {
    const st: number[] = [];
    const ne: number[] = [];
    for (let t = 0; t < steps; t++) {
      const p = burst && t >= burst.from && t < burst.to ? burst.period : period;
      for (let i = 0; i < size; i++) if ((t + i) % p === 0) (st.push(t), ne.push(i));
    }
    return { name, size, steps: Int32Array.from(st), neurons: Int32Array.from(ne), dropped: 0 };
  }

  it('over the cap, the window goes where a population surges above its average, not to t = 0', () => {
    const steps = 20_000;
    // Steady input and tonic firing; the small output population answers between 15 000 and 15 500.
    const s: RecordedSpikes = { dt_ms: 1, steps, populations: [population('in', 40, 20, steps), population('tonic', 10, 10, steps), population('out', 5, 400, steps, { from: 15_000, to: 15_500, period: 5 })] };
    const cap = 4000;
    const w = mostActiveWindow(s, cap)!;
    expect(w.from_step).toBeLessThanOrEqual(15_000);
    expect(w.to_step).toBeGreaterThanOrEqual(15_400);
    const d = rasterData(s, cap, w);
    expect(d.points.length).toBeLessThanOrEqual(cap);
    expect(d.start_s).toBe(w.from_step / 1000);
    expect(d.points.every((p) => p.t >= d.start_s && p.t < d.end_s)).toBe(true);
  });

  it('every spike fits: no window, the whole episode', () => {
    const s: RecordedSpikes = { dt_ms: 1, steps: 100, populations: [population('a', 3, 10, 100)] };
    expect(mostActiveWindow(s, 1000)).toBeNull();
  });
});

describe('closest approach', () => {
  it('the path point nearest an obstacle outline (circles and turned boxes), and a raster window around its time', () => {
    const n = 101;
    const path = {
      t_s: Float32Array.from({ length: n }, (_, i) => i * 0.1),
      x_m: Float32Array.from({ length: n }, (_, i) => i * 0.2),
      y_m: new Float32Array(n),
      // A tree 1 m beside x = 5 m (outline 0.7 m away), a wall turned 90° whose near face is 0.4 m from x = 15 m.
      scene: { circles: [{ x: 5, y: 1, r: 0.3 }], boxes: [{ x: 15, y: -1.4, hx: 1, hy: 0.2, yaw: Math.PI / 2 }], goal: null },
    };
    const c = closestApproach(path)!;
    // Every point with 14.8 ≤ x ≤ 15.2 is 0.4 m from the wall's face: the first of them.
    expect(c.x).toBeCloseTo(14.8, 5);
    expect(c.t_s).toBeCloseTo(7.4, 5);
    expect(c.clearance_m).toBeCloseTo(0.4, 5);
    expect(closestApproach({ ...path, scene: { circles: [], boxes: [], goal: null } })).toBeNull();
    // 10 s of 1 ms steps, 20 spikes per step: a 4000-spike window is ~180 steps, centred on 7.4 s.
    const steps = 10_000;
    const st: number[] = [];
    const ne: number[] = [];
    for (let t = 0; t < steps; t++) for (let i = 0; i < 20; i++) (st.push(t), ne.push(i));
    const s: RecordedSpikes = { dt_ms: 1, steps, populations: [{ name: 'a', size: 20, steps: Int32Array.from(st), neurons: Int32Array.from(ne), dropped: 0 }] };
    const w = windowAround(s, 4000, c.t_s)!;
    expect(w.from_step).toBeLessThan(7400);
    expect(w.to_step).toBeGreaterThan(7400);
    expect(20 * (w.to_step - w.from_step)).toBeLessThanOrEqual(4000);
    // Near the end, the window stays inside the episode.
    const e = windowAround(s, 4000, 9.999)!;
    expect(e.to_step).toBeLessThanOrEqual(steps);
  });
});
