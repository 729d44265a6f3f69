/**
 * Writes a report: renders each chart's Vega-Lite spec to SVG (renderChart.ts), exports it as
 * `<plots>/<name>.svg` and `.png` (twice the CSS size, for papers), and writes the page with the
 * same SVGs inline (reportHtml.ts). The plots folder is `plots/` beside a `report.html`, and
 * `<stem>_plots/` beside any other name (so an eval report written into a training directory
 * keeps the training plots).
 */
import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../../loop/writeFileAtomic.js';
import { episodeDistributionSpec, energySpec, latencySpec, rewardTermsSpec } from './distributionSpecs.js';
import { learningCurveSpec } from './learningCurveSpec.js';
import { populationRateSpec } from './populationRateSpec.js';
import { rasterSpec } from './rasterSpec.js';
import { renderChartSvg, svgToPng } from './renderChart.js';
import type { PlotName, RenderedPlots } from './reportHtml.js';
import { reportHtml } from './reportHtml.js';
import type { ReportInput } from './reportInput.js';
import { reportVersions } from './reportVersions.js';
import { shortController } from './reportTables.js';
import { closestApproach, trajectorySpec } from './trajectory.js';
import { CHART_WIDTH, controllerSuccessSpec, validationSuccessSpec } from './successSpec.js';
import { weightHistogramSpec } from './weightHistogramSpec.js';

/** Width of the first screen's chart (CSS px): beside the comparison table on a laptop screen. */
export const FIRST_CHART_WIDTH = 440;

/** Most spikes drawn in the raster (≈ 100 bytes of SVG each); the rate chart covers the rest. */
export const RASTER_DRAWN_SPIKES = 6000;
/** PNG pixels per CSS pixel of the exported plots. */
export const PNG_SCALE = 2;

export interface WrittenPlot {
  readonly name: PlotName;
  readonly svgFile: string;
  readonly pngFile: string;
  readonly svgBytes: number;
  readonly pngBytes: number;
  /** PNG size in pixels. */
  readonly width: number;
  readonly height: number;
}

export interface WrittenReport {
  readonly file: string;
  readonly bytes: number;
  readonly plotsDir: string;
  readonly plots: readonly WrittenPlot[];
}

/** The folder of a report's exported plots. */
export function plotsDirFor(reportFile: string): string {
  const name = basename(reportFile);
  if (name === 'report.html') return join(dirname(reportFile), 'plots');
  return join(dirname(reportFile), `${basename(name, extname(name))}_plots`);
}

/** The charts of a report, in page order; a chart with nothing to draw is left out. */
export function reportSpecs(d: ReportInput): Array<readonly [PlotName, TopLevelSpec]> {
  const out: Array<readonly [PlotName, TopLevelSpec]> = [];
  const add = (name: PlotName, spec: TopLevelSpec | null) => {
    if (spec) out.push([name, spec]);
  };
  const summaries = d.evaluations.map((e) => e.summary);
  if (d.training) {
    // The baseline's (and the others') final evaluation as reference lines: same held-out split.
    const references = d.evaluations.filter((e) => !/^trained/.test(e.summary.controller)).map((e) => ({ label: shortController(e.summary.controller), rate: e.summary.success_rate, episodes: e.summary.episodes }));
    add('success', validationSuccessSpec(d.training.validation, d.training.validationEpisodes ?? 8, { frozen: d.training.validationFrozen ?? true, references, width: FIRST_CHART_WIDTH }));
  } else if (d.evaluations.length > 0) add('success', controllerSuccessSpec(summaries.map((s) => ({ controller: shortController(s.controller), rate: s.success_rate, episodes: s.episodes })), FIRST_CHART_WIDTH + 100));
  if (d.evaluations.length > 0) {
    const episodes = d.evaluations.map((e) => ({ controller: e.summary.controller, results: e.results }));
    add('distributions', episodeDistributionSpec(episodes, d.scenario));
    add('reward_terms', rewardTermsSpec(summaries));
    add('latency', latencySpec(summaries));
    add('energy', energySpec(summaries));
  }
  if (d.trajectory) add('trajectory', trajectorySpec(d.trajectory.path, d.trajectory.outcome, d.trajectory.title, CHART_WIDTH));
  if (d.raster) {
    // Around the closest approach to an obstacle when the path is known (the avoidance manoeuvre), else where the populations surge.
    const closest = d.trajectory ? closestApproach(d.trajectory.path) : null;
    const window = closest ? { around_s: closest.t_s, why: `around the closest approach to an obstacle (${closest.clearance_m.toFixed(2)} m at t = ${closest.t_s.toFixed(1)} s)` } : ('most-active' as const);
    add('raster', rasterSpec(d.raster.spikes, { title: d.raster.title, maxSpikes: RASTER_DRAWN_SPIKES, window, width: CHART_WIDTH }));
    add('population_rates', populationRateSpec(d.raster.spikes, 'Population rates over the whole episode', CHART_WIDTH));
  }
  if (Object.keys(d.weights.after).length > 0) add('weights', weightHistogramSpec(d.weights.after, d.weights.before, d.weights.before ? 'Learned weights before and after training' : 'Learned parameters', { units: d.weights.units ?? {}, width: CHART_WIDTH }));
  if (d.training) add('learning_curve', learningCurveSpec(d.training.curve, d.training.validation, CHART_WIDTH, d.training.validationEpisodes));
  return out;
}

export async function writeReport(file: string, d: ReportInput): Promise<WrittenReport> {
  const plotsDir = plotsDirFor(file);
  mkdirSync(plotsDir, { recursive: true });
  const rendered: RenderedPlots = {};
  const plots: WrittenPlot[] = [];
  for (const [name, spec] of reportSpecs(d)) {
    const chart = await renderChartSvg(spec);
    const png = await svgToPng(chart.svg, PNG_SCALE);
    const svgFile = join(plotsDir, `${name}.svg`);
    const pngFile = join(plotsDir, `${name}.png`);
    writeFileAtomic(svgFile, chart.svg);
    writeFileAtomic(pngFile, png.png);
    rendered[name] = chart.svg;
    plots.push({ name, svgFile, pngFile, svgBytes: Buffer.byteLength(chart.svg), pngBytes: png.png.length, width: png.width, height: png.height });
  }
  const rel = basename(plotsDir);
  const html = reportHtml(d, rendered, await reportVersions(), plots.map((p) => `${rel}/${p.name}.svg|.png`));
  writeFileAtomic(file, html);
  return { file, bytes: Buffer.byteLength(html), plotsDir, plots };
}
