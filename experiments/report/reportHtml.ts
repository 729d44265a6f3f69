/**
 * The report page: one self-contained HTML file (inline CSS and inline SVG charts; no scripts,
 * fonts, images or any other resource to fetch) with
 *  1. the run: scenario, controller, seeds, command line, versions;
 *  2. the learning curve (training reports);
 *  3. the evaluation: every summary field of each controller (the untrained, the trained and the
 *     scenario's baseline, on the same held-out seeds), as a table and as bar charts;
 *  4. per-episode metrics of the evaluation, as charts and a table;
 *  5. a spike raster of one evaluation episode and its population rates;
 *  6. histograms of the learned parameters (before and after training);
 *  7. the names of the exported plots (plots/*.svg, *.png).
 * Every text is escaped. Nothing depends on the wall clock: the same run gives the same page.
 */
import { escapeXml } from './escapeXml.js';
import { episodeRows } from './episodeMetricsSpec.js';
import type { ReportInput } from './reportInput.js';
import { episodeTable, factsTable, summaryTable } from './reportTables.js';
import type { ReportVersions } from './reportVersions.js';
import { versionsText } from './reportVersions.js';

/** The charts of a report, by plot name (learning_curve, comparison, …). */
export type PlotName = 'learning_curve' | 'comparison' | 'episode_metrics' | 'raster' | 'population_rates' | 'weights';

export type RenderedPlots = Partial<Record<PlotName, string>>;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:30px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
figure{margin:10px 0;overflow-x:auto}figure svg{max-width:none;height:auto}
table{border-collapse:collapse;margin-top:6px;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{background:#f3f3f3}
table.facts th{text-align:left;background:#f7f7f7;font-weight:600}table.facts td{text-align:left;font-family:ui-monospace,monospace;font-size:12px}
.note{color:#666;font-size:12px}details{margin-top:8px}summary{cursor:pointer;color:#08519c}`;

/**
 * Makes the ids of one inline SVG unique in the page (two charts with a `clip1` would clip
 * each other's marks): every id and every reference to it gets the chart's prefix.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg.replace(/\sid="([^"]+)"/g, ` id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`).replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

function figure(plots: RenderedPlots, name: PlotName, label: string): string {
  const svg = plots[name];
  if (svg === undefined) return '';
  return `<figure class="chart" data-plot="${name}" aria-label="${escapeXml(label)}">${scopeSvgIds(svg, name)}</figure>`;
}

const note = (text: string) => `<p class="note">${escapeXml(text)}</p>`;

export function reportHtml(d: ReportInput, plots: RenderedPlots, versions: ReportVersions, plotFiles: readonly string[]): string {
  const title = `${d.kind === 'training' ? 'Training' : 'Evaluation'} report: ${d.scenario}`;
  const parts: string[] = [];
  parts.push(`<h1>${escapeXml(title)}</h1>`);
  parts.push(factsTable([...d.facts, ['versions', versionsText(versions)]]));
  if (d.training) {
    parts.push('<h2>Learning curve</h2>');
    parts.push(figure(plots, 'learning_curve', 'learning curve'));
    parts.push(note('Validation uses held-out seeds (eval split, k ≥ 1 000 000) that the evaluation below does not use; the moving averages are trailing.'));
  }
  if (d.evaluations.length > 0) {
    parts.push('<h2>Evaluation</h2>');
    parts.push(note(d.evaluationNote));
    parts.push(summaryTable(d.evaluations.map((e) => e.summary)));
    parts.push(figure(plots, 'comparison', 'evaluation summaries side by side'));
    parts.push('<h2>Per-episode metrics</h2>');
    parts.push(figure(plots, 'episode_metrics', 'per-episode metrics'));
    parts.push(`<details><summary>Table of every episode</summary>${episodeTable(d.evaluations.flatMap((e) => episodeRows({ controller: e.summary.controller, results: e.results })))}</details>`);
  }
  parts.push('<h2>Spike raster</h2>');
  if (d.raster) {
    parts.push(figure(plots, 'raster', 'spike raster'));
    parts.push(figure(plots, 'population_rates', 'population rates'));
  } else parts.push(note('The controller has no spiking network: no raster.'));
  parts.push(`<h2>${d.weights.before ? 'Weights before and after training' : 'Learned parameters'}</h2>`);
  if (Object.keys(d.weights.after).length > 0) parts.push(figure(plots, 'weights', 'weight histograms'));
  else parts.push(note('This controller has no learned parameters.'));
  if (plotFiles.length > 0) {
    parts.push('<h2>Plots for papers</h2>');
    parts.push(note(`The charts above are also files (SVG and PNG at twice the size) next to this page: ${plotFiles.join(', ')}.`));
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(`spikeloop ${title}`)}</title><style>${STYLE}</style></head>
<body>
${parts.filter((p) => p !== '').join('\n')}
</body></html>
`;
}
