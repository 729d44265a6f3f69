import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readControllerFile, restoreController } from '../../controllers/presets/controllerFile.js';
import { runCli } from '../../launch/cli.js';
import { parseCurveCsv } from '../../experiments/curveCsv.js';
import { evalSeeds } from '../../experiments/evaluate.js';
import type { TrainResult } from '../../experiments/train.js';
import { trainController } from '../../experiments/train.js';
import { trainingStateOf } from '../../experiments/trainingCheckpoint.js';
import { escapeXml } from '../../experiments/report/escapeXml.js';
import { formatMetric } from '../../experiments/report/metricCatalog.js';
import { HISTOGRAM_BINS } from '../../experiments/report/weightHistogramSpec.js';
import { PNG_SCALE, RASTER_DRAWN_SPIKES } from '../../experiments/report/writeReport.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import { catalog } from '../helpers/pointMassCatalog.js';
import { pointMassSnn } from '../helpers/pointMassPresets.js';
import { pointMassV0 } from '../helpers/pointMassScenarios.js';
import { markItems } from './svgMarks.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]*\swidth="([\d.]+)"\s+height="([\d.]+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Rows of the summary table: field → cells (one per controller). */
function summaryRows(html: string): { head: string[]; rows: Map<string, string[]> } {
  const table = html.match(/<table class="summary">[\s\S]*?<\/table>/)![0];
  const head = [...table.match(/<thead>([\s\S]*?)<\/thead>/)![1]!.matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1]!).slice(1);
  const rows = new Map<string, string[]>();
  for (const m of table.matchAll(/<tr data-field="([^"]+)">(.*?)<\/tr>/g)) rows.set(m[1]!, [...m[2]!.matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1]!).slice(1));
  return { head, rows };
}

describe('report.html of a training run (point-mass fixture)', () => {
  const out = join(dir, 'train');
  const rasterEpisode = 2;
  let html = '';
  let result: TrainResult;
  beforeAll(async () => {
    result = await trainController({ scenario: pointMassV0, catalog, outDir: out, episodes: 12, seed: 8, validateEvery: 1, evalEpisodes: 3, rasterEpisode, commandLine: 'spikeloop train point-mass-v0 --episodes 12' });
    html = readFileSync(join(out, 'report.html'), 'utf8');
  });

  it('is self-contained: no scripts, no external resources, and states the run', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).toContain('<th>command line</th><td>spikeloop train point-mass-v0 --episodes 12</td>');
    expect(html).toMatch(/<th>versions<\/th><td>spikeloop \d+\.\d+\.\d+, Node v\d+/);
    expect(html).toContain(escapeXml(`seed 8: training episode k on episodeSeed(8, 'train', k)`));
  });

  it('learning curve: one point per training episode and per validation, in the page and in plots/learning_curve.svg', () => {
    const rows = parseCurveCsv(readFileSync(join(out, 'curve.csv'), 'utf8'));
    const state = trainingStateOf(readControllerFile(join(out, 'last.json')), 'last.json');
    expect(rows).toHaveLength(12);
    // Validation before training and after each of the 3 rounds of 4.
    expect(state.validation.map((v) => v.episodes_done)).toEqual([0, 4, 8, 12]);
    const svg = readFileSync(join(out, 'plots', 'learning_curve.svg'), 'utf8');
    expect(html).toContain(svg.slice(0, 200));
    expect(markItems(svg, 'trainingReturn', 'path')).toHaveLength(rows.length);
    expect(markItems(svg, 'validationSuccess', 'path')).toHaveLength(state.validation.length);
    expect(markItems(svg, 'validationReturn', 'path')).toHaveLength(state.validation.length);
  });

  it('evaluation: untrained, trained and baseline summaries of eval.json side by side', () => {
    const ev = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
    const order = [ev.untrained, ev.trained, ev.baseline];
    expect(ev.baseline.controller).toBe(`baseline (${pointMassV0.controllers.baseline})`);
    expect(order.map((s) => s.episodes)).toEqual([3, 3, 3]);
    const t = summaryRows(html);
    expect(t.head).toEqual(order.map((s) => escapeXml(s.controller)));
    // Values in the row's unit (success in %), 3 significant digits; exact ones are in eval.json.
    for (const field of ['success_rate', 'mean_reward', 'spikes_per_step', 'mean_steps']) expect(t.rows.get(field)).toEqual(order.map((s) => formatMetric(field, s[field])));
    expect(t.rows.get('success_rate')).toEqual(order.map((s) => String(Number((100 * s.success_rate).toPrecision(3)))));
    for (const metric of Object.keys(ev.trained.metrics)) {
      const row = t.rows.get(`metrics.${metric}`);
      // metrics.success and metrics.time_to_goal_s repeat success_rate and mean_time_to_goal_s; a metric null for everyone has no row.
      if (metric === 'success' || metric === 'time_to_goal_s' || order.every((s) => s.metrics[metric] === null)) expect(row).toBeUndefined();
      else expect(row).toEqual(order.map((s) => formatMetric(`metrics.${metric}`, s.metrics[metric])));
    }
    // The PD baseline has no spikes: 0 per step; the spiking ones have some.
    expect(ev.baseline.spikes_per_step).toBe(0);
    expect(ev.trained.spikes_per_step).toBeGreaterThan(0);
    // Per-episode distributions: a dot per episode, controller and drawn metric (at least return, duration, spikes and synaptic events per step).
    const svg = readFileSync(join(out, 'plots', 'distributions.svg'), 'utf8');
    expect((svg.match(/<g class="mark-symbol role-mark[^"]*"[^>]*>/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(svg).toContain('return (reward)');
    expect(svg).toContain('spikes per control step (spikes/step)');
  });

  it('raster: the spikes of evaluation episode k of the trained controller, re-run here', () => {
    const c = restoreController(readControllerFile(join(out, 'last.json')), pointMassSnn, 'last.json');
    c.learning = false;
    const seed = evalSeeds(8, rasterEpisode + 1)[rasterEpisode]!;
    const r = runScenarioEpisode(pointMassV0, pointMassV0.createBody(), c, { seed });
    expect(result.final!.spikes!.populations.reduce((n, p) => n + p.steps.length, 0)).toBe(r.activity.spikes);
    const svg = readFileSync(join(out, 'plots', 'raster.svg'), 'utf8');
    const lines = markItems(svg, 'spikes', 'line').length;
    expect(r.activity.spikes).toBeGreaterThan(100);
    if (r.activity.spikes <= RASTER_DRAWN_SPIKES) {
      expect(lines).toBe(r.activity.spikes);
      expect(svg).toContain(`all ${r.activity.spikes} spikes of the episode`);
    } else {
      expect(lines).toBeLessThanOrEqual(RASTER_DRAWN_SPIKES);
      expect(svg).toContain(`${lines} of ${r.activity.spikes} spikes`);
    }
    expect(svg).toContain(`evaluation episode k = ${rasterEpisode} (seed ${seed})`);
  });

  it('weights: 2 × 30 bars per learned array; the weights changed', () => {
    const w0 = restoreController(readControllerFile(join(out, 'initial.json')), pointMassSnn, 'initial').parameters();
    const w1 = restoreController(readControllerFile(join(out, 'last.json')), pointMassSnn, 'last').parameters();
    expect(w1['sense-motor']).not.toEqual(w0['sense-motor']);
    const svg = readFileSync(join(out, 'plots', 'weights.svg'), 'utf8');
    expect(markItems(svg, 'weightBars', 'path')).toHaveLength(Object.keys(w1).length * 2 * HISTOGRAM_BINS);
  });

  it('plots/: each chart as SVG and as PNG at twice its size, the same SVG inline in the page', () => {
    // The design of issue 17: success with intervals first, distributions instead of rows of bars; latency and energy only for summaries that have them.
    const names = result.final!.report.plots.map((p) => p.name);
    expect(names.slice(0, 2)).toEqual(['success', 'distributions']);
    for (const n of ['reward_terms', 'raster', 'population_rates', 'weights', 'learning_curve']) expect(names).toContain(n);
    expect(names).not.toContain('comparison');
    expect(result.final!.report.plots.map((p) => p.name)).toEqual(names);
    for (const name of names) {
      const svg = readFileSync(join(out, 'plots', `${name}.svg`), 'utf8');
      expect(html).toContain(`<figure class="chart" data-plot="${name}"`);
      const s = svgSize(svg);
      const p = pngSize(join(out, 'plots', `${name}.png`));
      expect(p).toEqual({ width: Math.round(PNG_SCALE * s.width), height: Math.round(PNG_SCALE * s.height) });
    }
  });
});

describe('eval --report', () => {
  it('writes the controller and the baseline on the same seeds, a raster of the chosen episode, plots beside the file', async () => {
    const file = join(dir, 'eval', 'eval-snn.html');
    let outText = '';
    let errText = '';
    const argv = ['eval', 'point-mass-v0', '--episodes', '3', '--seed', '5', '--json', '--report', file, '--raster-episode', '1'];
    const code = await runCli(argv, { out: (t) => void (outText += t), err: (t) => void (errText += t) }, catalog);
    expect(code).toBe(0);
    const summary = JSON.parse(outText);
    expect(errText).toContain(`report: ${file}, plots in ${join(dir, 'eval', 'eval-snn_plots')}/`);
    const html = readFileSync(file, 'utf8');
    const t = summaryRows(html);
    expect(t.head).toEqual([escapeXml(summary.controller), escapeXml(`baseline (${pointMassV0.controllers.baseline})`)]);
    expect(t.rows.get('mean_reward')![0]).toBe(formatMetric('mean_reward', summary.mean_reward));
    expect(html).toContain(`<th>command line</th><td>${escapeXml(`spikeloop ${argv.join(' ')}`)}</td>`);
    expect(html).toContain(`evaluation episode k = 1 (seed ${evalSeeds(5, 2)[1]})`);
    for (const name of ['success', 'distributions', 'raster', 'population_rates', 'weights']) expect(existsSync(join(dir, 'eval', 'eval-snn_plots', `${name}.png`))).toBe(true);
    expect(existsSync(join(dir, 'eval', 'eval-snn_plots', 'learning_curve.svg'))).toBe(false);
  });

  it('refuses a raster episode outside the evaluation', async () => {
    let errText = '';
    const code = await runCli(['eval', 'point-mass-v0', '--episodes', '3', '--report', join(dir, 'x.html'), '--raster-episode', '3'], { out: () => {}, err: (t) => void (errText += t) }, catalog);
    expect(code).toBe(2);
    expect(errText).toContain('--raster-episode 3: expected an evaluation episode 0 … 2 (--episodes 3)');
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });
});
