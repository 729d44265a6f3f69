import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readControllerFile, restoreController } from '../../controllers/presets/controllerFile.js';
import { parseCurveCsv } from '../../launch/experiment/curveCsv.js';
import type { RecordedSpikes } from '../../launch/experiment/episodeJob.js';
import { evalSeeds } from '../../launch/experiment/evaluate.js';
import { trainController } from '../../launch/experiment/train.js';
import { trainingStateOf } from '../../launch/experiment/trainingCheckpoint.js';
import { escapeXml } from '../../launch/report/escapeXml.js';
import { histogram } from '../../launch/report/histogram.js';
import { movingAverage } from '../../launch/report/movingAverage.js';
import { niceTicks } from '../../launch/report/niceTicks.js';
import { reportHtml } from '../../launch/report/reportHtml.js';
import { svgRaster } from '../../launch/report/svgRaster.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import { catalog } from '../helpers/pointMassCatalog.js';
import { pointMassSnn } from '../helpers/pointMassPresets.js';
import { pointMassV0 } from '../helpers/pointMassScenarios.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Attribute values of every element matching `tag class="cls"`, in document order. */
function elements(html: string, tag: string, cls: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (const m of html.matchAll(new RegExp(`<${tag} class="${cls}"([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    out.push(attrs);
  }
  return out;
}

/** The text between <svg class="cls" and its </svg>. */
function svgs(html: string, cls: string): string[] {
  return [...html.matchAll(new RegExp(`<svg class="${cls}"[\\s\\S]*?</svg>`, 'g'))].map((m) => m[0]);
}

describe('report.html of a training run', () => {
  let html = '';
  beforeAll(async () => {
    await trainController({ scenario: pointMassV0, catalog, outDir: dir, episodes: 12, seed: 8, validateEvery: 1, evalEpisodes: 3 });
    html = readFileSync(join(dir, 'report.html'), 'utf8');
  });

  it('is self-contained: no scripts, no external resources', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=/);
  });

  it('learning curve: every episode return and its moving average; success: training and each validation', () => {
    const rows = parseCurveCsv(readFileSync(join(dir, 'curve.csv'), 'utf8'));
    const state = trainingStateOf(readControllerFile(join(dir, 'last.json')), 'last.json');
    const charts = svgs(html, 'chart');
    expect(charts).toHaveLength(2);
    const [curve, success] = charts.map((c) => elements(c, 'g', 'series'));
    expect(curve!.map((s) => [s['data-series'], Number(s['data-points'])])).toEqual([
      ['return', rows.length],
      ['moving average (20 episodes)', rows.length],
    ]);
    expect(success!.map((s) => [s['data-series'], Number(s['data-points'])])).toEqual([
      ['training, moving (20 episodes)', rows.length],
      ['held-out validation', state.validation.length],
    ]);
    // Validation after round 0 and after each of the 3 rounds (validate every round).
    expect(state.validation.map((v) => v.round)).toEqual([0, 1, 2, 3]);
  });

  it('raster: all spikes of the first held-out episode of the trained controller', () => {
    const saved = readControllerFile(join(dir, 'last.json'));
    const c = restoreController(saved, pointMassSnn, 'last.json');
    c.learning = false;
    const r = runScenarioEpisode(pointMassV0, pointMassV0.createBody(), c, { seed: evalSeeds(8, 1)[0]! });
    const [raster] = svgs(html, 'raster');
    const root = elements(raster!, 'svg', 'raster')[0]!;
    expect(Number(root['data-spikes-total'])).toBe(r.activity.spikes);
    expect(Number(root['data-spikes-drawn'])).toBe(r.activity.spikes);
    // One vertical tick per spike in the paths.
    const ticks = [...raster!.matchAll(/v[\d.]+/g)].length;
    expect(ticks).toBe(r.activity.spikes);
    expect(r.activity.spikes).toBeGreaterThan(100);
  });

  it('weight histograms before and after: bar counts are the weights binned on the drawn edges', () => {
    const before = readControllerFile(join(dir, 'initial.json'));
    const after = readControllerFile(join(dir, 'last.json'));
    const w0 = restoreController(before, pointMassSnn, 'initial').parameters()['sense-motor']!;
    const w1 = restoreController(after, pointMassSnn, 'last').parameters()['sense-motor']!;
    expect(w1).not.toEqual(w0);
    const hs = svgs(html, 'histogram');
    expect(hs).toHaveLength(2);
    [w0, w1].forEach((w, k) => {
      const bars = elements(hs[k]!, 'rect', 'bar');
      expect(bars).toHaveLength(30);
      const counts = bars.map((b) => Number(b['data-count']));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(w.length);
      // Recount each bin from the weights with the edges the chart shows.
      bars.forEach((b, i) => {
        const lo = Number(b['data-low']);
        const hi = Number(b['data-high']);
        const inBin = Array.from(w).filter((v) => v >= lo && (i === bars.length - 1 ? v <= hi : v < hi)).length;
        expect(inBin).toBe(counts[i]);
      });
      // Shared range: from the smallest to the largest weight of both arrays.
      expect(Number(bars[0]!['data-low'])).toBe(Math.min(...w0, ...w1));
      expect(Number(bars[29]!['data-high'])).toBe(Math.max(...w0, ...w1));
    });
  });

  it('final evaluation table: the untrained and the trained rows of eval.json', () => {
    const ev = JSON.parse(readFileSync(join(dir, 'eval.json'), 'utf8'));
    const table = html.match(/<table class="eval">[\s\S]*?<\/table>/)![0];
    const rows = [...table.matchAll(/<tr><td>([\s\S]*?)<\/td><\/tr>/g)].map((m) => m[1]!.split('</td><td>'));
    expect(rows).toHaveLength(2);
    [ev.untrained, ev.trained].forEach((s, k) => {
      expect(rows[k]![0]).toBe(escapeXml(s.controller));
      expect(rows[k]![1]).toBe(String(s.episodes));
      expect(rows[k]![2]).toBe(Number.isInteger(s.success_rate) ? String(s.success_rate) : s.success_rate.toFixed(3));
      expect(rows[k]![4]).toBe(s.mean_reward.toFixed(3));
    });
  });
});

describe('report pieces', () => {
  it('escapes every text it shows', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const page = reportHtml({
      scenario: '<script>alert(1)</script>',
      seed: 0,
      startedFrom: 'file "<img src=x>"',
      learningDuringEval: false,
      curve: [],
      validation: [],
      spikes: null,
      spikeEpisodeSeed: 0,
      weightsBefore: { '<w>': Float32Array.of(1, 2) },
      weightsAfter: { '<w>': Float32Array.of(1, 3) },
      evaluations: [],
    });
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<w>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('histogram: equal-width bins, last bin closed, values outside counted apart', () => {
    const h = histogram(Float32Array.of(0, 0.5, 1, 1.5, 2, -1, NaN, 3), 4, 0, 2);
    expect(Array.from(h.edges)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(Array.from(h.counts)).toEqual([1, 1, 1, 2]);
    expect(h.outside).toBe(3);
    // Values on inner edges go to the bin they open, even where (v − lo)/width rounds down.
    const vs = Array.from({ length: 101 }, (_, i) => 0.1 + i * 0.003);
    const g = histogram(vs, 7, 0.1, 0.4);
    for (let i = 0; i < 7; i++) expect(g.counts[i]).toBe(vs.filter((v) => v >= g.edges[i]! && (i === 6 ? v <= g.edges[7]! : v < g.edges[i + 1]!)).length);
  });

  it('moving average: trailing window mean of the finite values', () => {
    const xs = [1, 2, NaN, 4, 5, 6];
    const m = movingAverage(xs, 3);
    expect(Array.from(m)).toEqual([1, 1.5, 1.5, 3, 4.5, 5]);
    expect(movingAverage([NaN], 2)[0]).toBeNaN();
  });

  it('nice ticks at 1, 2 or 5 × 10ⁿ', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // (0.2 + 6.3)/5 = 1.3 → step 1; 39/8 = 4.9 → step 5.
    expect(niceTicks(-6.3, 0.2, 5)).toEqual([-6, -5, -4, -3, -2, -1, 0]);
    expect(niceTicks(0, 39, 8)).toEqual([0, 5, 10, 15, 20, 25, 30, 35]);
  });

  it('raster over the cap draws the earliest spikes only and says so', () => {
    // 2 populations, one spike per neuron per step for 100 steps: 5 + 3 spikes per step.
    const pop = (name: string, size: number) => {
      const steps: number[] = [];
      const neurons: number[] = [];
      for (let t = 0; t < 100; t++) for (let i = 0; i < size; i++) (steps.push(t), neurons.push(i));
      return { name, size, steps: Int32Array.from(steps), neurons: Int32Array.from(neurons), dropped: 0 };
    };
    const s: RecordedSpikes = { dt_ms: 1, steps: 100, populations: [pop('a', 5), pop('b', 3)] };
    const svg = svgRaster(s, { title: 'r', maxSpikes: 100 });
    // 8 spikes per step: steps 0…11 fit (96 spikes), step 12 would make 104.
    expect(svg).toContain('data-spikes-drawn="96" data-spikes-total="800"');
    expect(svg).toContain('r — first 0.012 s (96 of 800 spikes)');
    expect([...svg.matchAll(/v[\d.]+/g)]).toHaveLength(96);
  });
});
