import { describe, expect, it } from 'vitest';
import type { CurveRow } from '../../experiments/curveCsv.js';
import type { RecordedPopulation, RecordedSpikes } from '../../experiments/episodeJob.js';
import type { EvalSummary } from '../../experiments/evalSummary.js';
import type { ValidationPoint } from '../../experiments/trainingCheckpoint.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { baselineComparisonSpec, comparisonData } from '../../experiments/report/baselineComparisonSpec.js';
import { episodeMetricsData, episodeMetricsSpec } from '../../experiments/report/episodeMetricsSpec.js';
import { learningCurveData, learningCurveSpec } from '../../experiments/report/learningCurveSpec.js';
import { MOVING_WINDOW_EPISODES } from '../../experiments/report/movingAverage.js';
import { populationRates, populationRateSpec, rateBin_s } from '../../experiments/report/populationRateSpec.js';
import { rasterData, rasterSpec } from '../../experiments/report/rasterSpec.js';
import { compactSvg, renderChartSvg } from '../../experiments/report/renderChart.js';
import { HISTOGRAM_BINS, weightHistogramData, weightHistogramSpec } from '../../experiments/report/weightHistogramSpec.js';
import { Rng } from '../../loop/rng.js';
import { markGroups, markItems } from './svgMarks.js';

function curveRows(n: number, rng: Rng): CurveRow[] {
  return Array.from({ length: n }, (_, k) => ({
    episode: k,
    round: Math.floor(k / 4) + 1,
    seed: 1000 + k,
    outcome: 'terminated',
    return: rng.gauss(k / 10, 1),
    success: rng.uniform() < k / n ? 1 : 0,
    collisions: 0,
    time_to_goal_s: NaN,
    steps: 100,
    spikes_per_step: 1,
    synops_per_step: 1,
    wall_s: 0.1,
    error: '',
  }));
}

function validationPoints(rounds: number, batch: number): ValidationPoint[] {
  return Array.from({ length: rounds + 1 }, (_, r) => ({ round: r, episodes_done: r * batch, success_rate: r / rounds, mean_reward: 2 * r, errors: 0 }));
}

/** Each neuron i of a population fires every `period` steps, at the steps t with (t + i) mod period = 0. */
function regularPopulation(name: string, size: number, period: number, steps: number): RecordedPopulation {
  const st: number[] = [];
  const ne: number[] = [];
  for (let t = 0; t < steps; t++) for (let i = 0; i < size; i++) if ((t + i) % period === 0) (st.push(t), ne.push(i));
  return { name, size, steps: Int32Array.from(st), neurons: Int32Array.from(ne), dropped: 0 };
}

function summary(controller: string, x: number, extra: object = {}): EvalSummary {
  return {
    scenario: 's',
    controller,
    episodes: 10,
    seed: 3,
    learning: false,
    success_rate: x,
    collision_rate: 1 - x,
    mean_reward: 10 * x,
    mean_time_to_goal_s: x > 0.5 ? 12 : null,
    errors: 0,
    spikes_per_step: 5 * x,
    synops_per_step: 50 * x,
    mean_steps: 200,
    metrics: { energy: 3 * x, min_clearance_m: null },
    reward_terms: { progress: 7 * x },
    ...extra,
  } as EvalSummary;
}

describe('learning curve spec', () => {
  const rng = new Rng(4, 'curve');
  const rows = curveRows(37, rng);
  const val = validationPoints(10, 4);

  it('one training point per episode at episodes done, trailing moving averages, one validation point per validation', () => {
    const d = learningCurveData(rows, val);
    expect(d.trainingReturn.map((p) => p.episodes)).toEqual(rows.map((r) => r.episode + 1));
    expect(d.trainingReturn.map((p) => p.value)).toEqual(rows.map((r) => r.return));
    // Trailing mean recomputed here over episodes max(0, i−w+1) … i.
    const w = MOVING_WINDOW_EPISODES;
    rows.forEach((_, i) => {
      const win = rows.slice(Math.max(0, i - w + 1), i + 1);
      expect(d.trainingReturnAverage[i]!.value).toBeCloseTo(win.reduce((a, r) => a + r.return, 0) / win.length, 12);
      expect(d.trainingSuccessAverage[i]!.value).toBeCloseTo(win.reduce((a, r) => a + r.success, 0) / win.length, 12);
    });
    expect(d.validationSuccess.map((p) => [p.episodes, p.value])).toEqual(val.map((v) => [v.episodes_done, v.success_rate]));
    expect(d.validationReturn.map((p) => [p.episodes, p.value])).toEqual(val.map((v) => [v.episodes_done, v.mean_reward]));
  });

  it('the rendered SVG draws one symbol per training episode and per validation', async () => {
    const { svg } = await renderChartSvg(learningCurveSpec(rows, val));
    expect(markItems(svg, 'trainingReturn', 'path')).toHaveLength(rows.length);
    expect(markItems(svg, 'validationReturn', 'path')).toHaveLength(val.length);
    expect(markItems(svg, 'validationSuccess', 'path')).toHaveLength(val.length);
    // Lines are one path each.
    expect(markItems(svg, 'trainingReturnAverage', 'path')).toHaveLength(1);
    expect(svg).not.toMatch(/<script|<image|href="http/);
  });
});

describe('weight histogram spec', () => {
  const rng = new Rng(9, 'weights');
  const before = { a: Float32Array.from({ length: 480 }, () => rng.range(100, 500)), b: Float32Array.from({ length: 9 }, () => rng.gauss(0, 0.01)) };
  const after = { a: before.a.map((w) => Math.min(1000, w * 1.3)), b: before.b.map((w, i) => w + i * 0.003) };

  it('bins of each stage sum to the number of weights; before and after share bins spanning both arrays', () => {
    const d = weightHistogramData(after, before);
    for (const name of ['a', 'b'] as const) {
      for (const [stage, values] of [['before training', before[name]], ['after training', after[name]]] as const) {
        const bins = d.filter((x) => x.parameter === name && x.stage === stage);
        expect(bins).toHaveLength(HISTOGRAM_BINS);
        expect(bins.reduce((s, x) => s + x.count, 0)).toBe(values.length);
        // Recount each bin from the weights ([low, high), the last one closed).
        bins.forEach((bin, i) => expect(Array.from(values).filter((v) => v >= bin.low && (i === bins.length - 1 ? v <= bin.high : v < bin.high)).length).toBe(bin.count));
      }
      const both = [...before[name], ...after[name]];
      const edges = d.filter((x) => x.parameter === name && x.stage === 'before training');
      expect(edges[0]!.low).toBe(Math.min(...both));
      expect(edges[HISTOGRAM_BINS - 1]!.high).toBe(Math.max(...both));
      expect(d.filter((x) => x.parameter === name && x.stage === 'after training').map((x) => x.low)).toEqual(edges.map((x) => x.low));
    }
  });

  it('draws one bar per bin, stage and parameter', async () => {
    const { svg } = await renderChartSvg(weightHistogramSpec(after, before, 'w'));
    expect(markGroups(svg, 'weightBars')).toBe(2);
    expect(markItems(svg, 'weightBars', 'path')).toHaveLength(2 * 2 * HISTOGRAM_BINS);
  });
});

describe('raster spec', () => {
  it('all spikes when they fit, at t = step × dt and neuron offset by the populations below', async () => {
    const s: RecordedSpikes = { dt_ms: 0.5, steps: 40, populations: [regularPopulation('a', 3, 5, 40), regularPopulation('b', 2, 7, 40)] };
    const d = rasterData(s, 1000);
    const total = s.populations.reduce((n, p) => n + p.steps.length, 0);
    expect(d.points).toHaveLength(total);
    expect(d.total).toBe(total);
    expect(d.end_s).toBe(40 * 0.5e-3);
    const b = s.populations[1]!;
    const bPoints = d.points.filter((p) => p.population === 'b');
    expect(bPoints.map((p) => p.neuron)).toEqual(Array.from(b.neurons, (i) => i + 3));
    expect(bPoints.map((p) => p.t)).toEqual(Array.from(b.steps, (t) => t * 0.5e-3));
    const { svg } = await renderChartSvg(rasterSpec(s, { title: 'r', maxSpikes: 1000 }));
    expect(markItems(svg, 'spikes', 'line')).toHaveLength(total);
    expect(svg).toContain(`all ${total} spikes of the episode`);
  });

  it('over the cap: the earliest spikes only, whole steps, and the subtitle says so', async () => {
    // 8 neurons firing every step for 100 steps: 8 spikes per step; a cap of 100 fits steps 0…11.
    const s: RecordedSpikes = { dt_ms: 1, steps: 100, populations: [regularPopulation('a', 5, 1, 100), regularPopulation('b', 3, 1, 100)] };
    const cap = 100;
    const fit = Math.floor(cap / 8);
    const d = rasterData(s, cap);
    expect(d.points).toHaveLength(8 * fit);
    expect(d.total).toBe(800);
    expect(d.end_s).toBe(fit * 1e-3);
    expect(Math.max(...d.points.map((p) => p.t))).toBe((fit - 1) * 1e-3);
    const { svg } = await renderChartSvg(rasterSpec(s, { title: 'r', maxSpikes: cap }));
    expect(markItems(svg, 'spikes', 'line')).toHaveLength(8 * fit);
    expect(svg).toContain(`${8 * fit} of 800 spikes`);
  });

  it('a recorder that dropped spikes ends the window at its last recorded step', () => {
    const full = regularPopulation('a', 4, 1, 50);
    // The recorder kept the first 60 spikes (steps 0 … 14) and dropped 140.
    const kept: RecordedPopulation = { ...full, steps: full.steps.slice(0, 60), neurons: full.neurons.slice(0, 60), dropped: 140 };
    const d = rasterData({ dt_ms: 1, steps: 50, populations: [kept] }, 10_000);
    // Step 14 may be partly recorded in general, so steps < 14 are drawn.
    expect(d.end_s).toBe(14e-3);
    expect(d.points).toHaveLength(4 * 14);
    expect(d.total).toBe(200);
  });
});

describe('population rate spec', () => {
  it('a neuron firing every P steps of dt runs at 1/(P·dt) in every full bin', async () => {
    const dt_ms = 0.5;
    const period = 8; // 250 Hz
    const steps = 4000; // 2 s
    const s: RecordedSpikes = { dt_ms, steps, populations: [regularPopulation('fast', 6, period, steps), regularPopulation('slow', 2, 4 * period, steps)] };
    const bin_s = rateBin_s(s);
    // ~200 bins over 2 s → 10 ms, a 1-2-5 step.
    expect(bin_s).toBeCloseTo(0.01, 12);
    const r = populationRates(s, bin_s);
    const fast = r.filter((p) => p.population === 'fast');
    expect(fast).toHaveLength(Math.floor(steps / Math.round(bin_s / (dt_ms / 1000))));
    const expected = 1 / (period * dt_ms * 1e-3);
    // 20 steps per bin and a period of 8: each neuron fires 2 or 3 times per bin (2.5 on average),
    // so a bin's rate is within 0.5 spike / bin_s of 1/(P·dt); over the whole run (100 periods) it is exact.
    const mean = fast.reduce((a, p) => a + p.rate_Hz, 0) / fast.length;
    expect(mean).toBeCloseTo(expected, 6);
    for (const p of fast) expect(Math.abs(p.rate_Hz - expected)).toBeLessThanOrEqual(0.5 / bin_s + 1e-9);
    const slow = r.filter((p) => p.population === 'slow');
    expect(slow.reduce((a, p) => a + p.rate_Hz, 0) / slow.length).toBeCloseTo(expected / 4, 6);
    const { svg } = await renderChartSvg(populationRateSpec(s, 'rates'));
    expect(markItems(svg, 'populationRate', 'path')).toHaveLength(2);
    expect(svg).toContain('mean rate per neuron in 10 ms bins');
  });
});

describe('comparison and per-episode specs render whatever numeric fields the summaries hold', () => {
  it('a field added to the summaries later (energy estimate, sparsity) appears; nulls are left out', async () => {
    const extra = (x: number) => ({ energy_estimate_J: 2 * x, sparsity: { motor: x / 2 } });
    const rows = [summary('untrained', 0.2, extra(0.2)), summary('trained', 0.9, extra(0.9)), summary('baseline', 0.8, extra(0.8))];
    const d = comparisonData(rows);
    const fields = [...new Set(d.map((b) => b.field))];
    expect(fields).toContain('energy_estimate_J');
    expect(fields).toContain('sparsity.motor');
    expect(fields).not.toContain('seed');
    expect(fields).not.toContain('episodes');
    // min_clearance_m is null everywhere; mean_time_to_goal_s is null for the untrained only.
    expect(fields).not.toContain('metrics.min_clearance_m');
    expect(d.filter((b) => b.field === 'mean_time_to_goal_s').map((b) => b.controller)).toEqual(['trained', 'baseline']);
    expect(d.find((b) => b.field === 'sparsity.motor' && b.controller === 'trained')!.value).toBe(0.45);
    const { svg } = await renderChartSvg(baselineComparisonSpec(rows, 'c'));
    expect(markGroups(svg, 'comparisonBars')).toBe(fields.length);
    expect(markItems(svg, 'comparisonBars', 'path')).toHaveLength(d.length);
  });

  it('per-episode points: one per episode, controller and finite field', async () => {
    const result = (k: number, x: number): EpisodeResult => ({
      seed: 100 + k,
      outcome: 'terminated',
      steps: 50 + k,
      duration_s: 1 + k / 50,
      return: x * k,
      rewardTerms: { progress: k },
      metrics: { success: k % 2, time_to_goal_s: k % 2 === 1 ? 1 : NaN },
      activity: { spikes: 10 * k, synOps: 100 * k, steps: 50 + k },
    }) as EpisodeResult;
    const evals = [{ controller: 'trained', results: [0, 1, 2, 3].map((k) => result(k, 1)) }, { controller: 'baseline', results: [0, 1, 2, 3].map((k) => result(k, 2)) }];
    const d = episodeMetricsData(evals);
    // Fields: steps, duration_s, return, rewardTerms.progress, metrics.success, metrics.time_to_goal_s (odd k only), activity.{spikes,synOps,steps}.
    expect(d.filter((p) => p.field === 'return').map((p) => [p.controller, p.episode, p.value])).toEqual([0, 1, 2, 3].flatMap((k) => [['trained', k, k]]).concat([0, 1, 2, 3].map((k) => ['baseline', k, 2 * k])));
    expect(d.filter((p) => p.field === 'metrics.time_to_goal_s')).toHaveLength(2 * 2);
    expect(d.some((p) => p.field === 'seed')).toBe(false);
    const perController = 4 * 8 + 2;
    expect(d).toHaveLength(2 * perController);
    const { svg } = await renderChartSvg(episodeMetricsSpec(evals, 'e'));
    expect(markItems(svg, 'episodeMetric', 'path')).toHaveLength(d.length);
  });
});

describe('compactSvg', () => {
  it('rounds coordinates to 0.01 px and leaves text and labels alone', () => {
    const svg = '<path aria-label="value: 0.123456" transform="translate(138.71180065820403,-110.11764705882354)" d="M2.7386,0A2.7386,2.7386,0,1,1,-2.7386,0"/><text x="1.23456">0.123456</text>';
    expect(compactSvg(svg)).toBe('<path aria-label="value: 0.123456" transform="translate(138.71,-110.12)" d="M2.74,0A2.74,2.74,0,1,1,-2.74,0"/><text x="1.23">0.123456</text>');
  });
});
