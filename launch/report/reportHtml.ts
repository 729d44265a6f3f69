/**
 * The training report, `report.html`: one self-contained page (inline CSS and SVG; no scripts,
 * fonts or other network resources) with
 *  1. the learning curve: return of every training episode and its moving average;
 *  2. the success rate over training: moving average over training episodes, and the held-out
 *     validation points;
 *  3. a spike raster of one evaluation episode of the trained controller;
 *  4. histograms of every learned parameter array before and after training (shared bins and
 *     scale, so the two are comparable);
 *  5. the final evaluation table (untrained vs trained on the same held-out seeds).
 * Every piece of text is escaped. Nothing depends on the wall clock: the same run gives the
 * same page.
 */
import type { CurveRow } from '../experiment/curveCsv.js';
import type { RecordedSpikes } from '../experiment/episodeJob.js';
import type { EvalSummary } from '../experiment/evalSummary.js';
import type { ValidationPoint } from '../experiment/trainingCheckpoint.js';
import { escapeXml } from './escapeXml.js';
import { finiteRange, histogram } from './histogram.js';
import { MOVING_WINDOW_EPISODES, movingAverage } from './movingAverage.js';
import { svgHistogram } from './svgHistogram.js';
import { svgLineChart } from './svgLineChart.js';
import { svgRaster } from './svgRaster.js';

export interface ReportData {
  readonly scenario: string;
  readonly seed: number;
  /** What training started from (e.g. `preset 'drone-avoid-snn' (untrained)`). */
  readonly startedFrom: string;
  readonly learningDuringEval: boolean;
  readonly curve: readonly CurveRow[];
  readonly validation: readonly ValidationPoint[];
  readonly spikes: RecordedSpikes | null;
  readonly spikeEpisodeSeed: number;
  readonly weightsBefore: Readonly<Record<string, Float32Array>>;
  readonly weightsAfter: Readonly<Record<string, Float32Array>>;
  readonly evaluations: readonly EvalSummary[];
}

/** Bins of each weight histogram. */
export const HISTOGRAM_BINS = 30;
/** Most spikes drawn in the raster. */
export const RASTER_DRAWN_SPIKES = 20_000;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1060px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#555}.row{display:flex;flex-wrap:wrap;gap:12px}
svg text{font:11px system-ui,sans-serif;fill:#333}svg .title{font-size:12px;font-weight:600}
svg .plot{fill:#fafafa;stroke:#bbb}svg .grid{stroke:#e6e6e6}svg .sep{stroke:#ccc;stroke-dasharray:3 3}
table{border-collapse:collapse;margin-top:6px}th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
th{background:#f3f3f3}.note{color:#666;font-size:12px}`;

function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return Number.isInteger(v) ? String(v) : v.toFixed(digits);
}

function stats(a: Float32Array): { mean: number; sd: number } {
  let s = 0;
  for (const v of a) s += v;
  const mean = a.length > 0 ? s / a.length : NaN;
  let q = 0;
  for (const v of a) q += (v - mean) ** 2;
  return { mean, sd: a.length > 0 ? Math.sqrt(q / a.length) : NaN };
}

function learningCurve(curve: readonly CurveRow[]): string {
  const xs = curve.map((r) => r.episode);
  const ret = curve.map((r) => r.return);
  return svgLineChart(
    [
      { name: 'return', xs, ys: ret, color: '#9ecae1', style: 'points' },
      { name: `moving average (${MOVING_WINDOW_EPISODES} episodes)`, xs, ys: movingAverage(ret, MOVING_WINDOW_EPISODES), color: '#08519c', style: 'line' },
    ],
    { title: 'Learning curve: return per training episode', xLabel: 'training episode', yLabel: 'return' },
  );
}

function successChart(curve: readonly CurveRow[], validation: readonly ValidationPoint[]): string {
  return svgLineChart(
    [
      { name: `training, moving (${MOVING_WINDOW_EPISODES} episodes)`, xs: curve.map((r) => r.episode + 1), ys: movingAverage(curve.map((r) => r.success), MOVING_WINDOW_EPISODES), color: '#31a354', style: 'line' },
      { name: 'held-out validation', xs: validation.map((v) => v.episodes_done), ys: validation.map((v) => v.success_rate), color: '#e6550d', style: 'points' },
    ],
    { title: 'Success rate over training', xLabel: 'training episodes done', yLabel: 'success rate', yRange: [0, 1] },
  );
}

function weightSection(before: Readonly<Record<string, Float32Array>>, after: Readonly<Record<string, Float32Array>>): string {
  const names = Object.keys(after);
  if (names.length === 0) return '<p class="note">This controller has no learned parameters.</p>';
  return names
    .map((name) => {
      const a = after[name]!;
      const b = before[name] ?? new Float32Array(0);
      const range = finiteRange([a, b]) ?? { min: 0, max: 1 };
      const hb = histogram(b, HISTOGRAM_BINS, range.min, range.max);
      const ha = histogram(a, HISTOGRAM_BINS, range.min, range.max);
      const maxCount = Math.max(...hb.counts, ...ha.counts, 1);
      const sb = stats(b);
      const sa = stats(a);
      return `<div class="weights" data-parameter="${escapeXml(name)}" data-size="${a.length}">
<h3>${escapeXml(name)} <span class="note">(${a.length} values; mean ${fmt(sb.mean)} → ${fmt(sa.mean)}, sd ${fmt(sb.sd)} → ${fmt(sa.sd)})</span></h3>
<div class="row">${svgHistogram(hb, { title: `${name}: before training`, xLabel: 'value', color: '#969696', maxCount })}${svgHistogram(ha, { title: `${name}: after training`, xLabel: 'value', color: '#3182bd', maxCount })}</div>
</div>`;
    })
    .join('\n');
}

function evalTable(rows: readonly EvalSummary[]): string {
  const head = ['controller', 'episodes', 'success rate', 'collision rate', 'mean reward', 'mean time to goal (s)', 'errors', 'energy (mean)', 'min clearance (m, mean)', 'spikes / step', 'synaptic ops / step'];
  const body = rows
    .map((r) => {
      const cells = [
        escapeXml(r.controller),
        fmt(r.episodes),
        fmt(r.success_rate),
        fmt(r.collision_rate),
        fmt(r.mean_reward),
        fmt(r.mean_time_to_goal_s),
        fmt(r.errors),
        fmt(r.metrics.energy ?? null),
        fmt(r.metrics.min_clearance_m ?? null),
        fmt(r.spikes_per_step, 1),
        fmt(r.synops_per_step, 1),
      ];
      return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table class="eval"><thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function reportHtml(d: ReportData): string {
  const rounds = d.curve.length > 0 ? d.curve[d.curve.length - 1]!.round : 0;
  const errors = d.curve.filter((r) => r.error !== '').length;
  const evalN = d.evaluations[0]?.episodes ?? 0;
  const raster = d.spikes
    ? svgRaster(d.spikes, { title: `Spikes of the trained controller, held-out episode seed ${d.spikeEpisodeSeed}`, maxSpikes: RASTER_DRAWN_SPIKES })
    : '<p class="note">The controller is not spiking: no raster.</p>';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(`spikeloop training report: ${d.scenario}`)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeXml(`Training report: ${d.scenario}`)}</h1>
<p class="meta">${escapeXml(`Started from ${d.startedFrom}; seed ${d.seed}; ${d.curve.length} training episodes in ${rounds} rounds; ${errors} episode(s) discarded with an error.`)}</p>
<h2>Learning curve</h2>
${learningCurve(d.curve)}
<h2>Success rate</h2>
${successChart(d.curve, d.validation)}
<p class="note">${escapeXml('Validation uses held-out seeds (eval split, k ≥ 1 000 000) that the final evaluation below does not use.')}</p>
<h2>Spike raster</h2>
${raster}
<h2>Weights before and after training</h2>
${weightSection(d.weightsBefore, d.weightsAfter)}
<h2>Final evaluation</h2>
<p class="note">${escapeXml(`${evalN} held-out episodes (eval seeds k = 0 … ${evalN - 1}); plasticity ${d.learningDuringEval ? 'on within each episode (online scenario), weights reset before each' : 'off (weights frozen)'}.`)}</p>
${evalTable(d.evaluations)}
</body></html>
`;
}
