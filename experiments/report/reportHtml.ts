/**
 * The report page: one self-contained HTML file (inline CSS and inline SVG charts; no scripts,
 * fonts, images or any other resource to fetch), designed to be read by a person — training,
 * evaluation (and study) reports share it:
 *  - the first screen answers "did it learn, and how does it compare": one sentence, the
 *    held-out success rate with Wilson 95 % intervals against the training episodes (an
 *    evaluation report: per controller), and the comparison table of the few metrics that matter
 *    for the scenario, with units;
 *  - everything else is in collapsible sections (<details>): per-episode distributions, reward
 *    terms, latency and energy ESTIMATES (with their sources), the raster episode's path seen
 *    from above (drones: over the trees or walls, coloured by outcome), the spike raster of a meaningful
 *    window with its population rates, the weight histograms before/after, the training episodes,
 *    every metric, every episode, the run's facts and the exported plots.
 * Charts are at most CHART_WIDTH px wide and scale down with the page (a phone shows them
 * whole); tables wrap their cells, and the per-episode table is a grid of one card per episode,
 * so nothing is wider than the viewport. Every text is escaped. Nothing depends on the
 * wall clock: the same run gives the same page.
 */
import { escapeXml } from './escapeXml.js';
import { episodeRows } from './episodeMetricsSpec.js';
import { rewardTermsData } from './distributionSpecs.js';
import { wilson } from './metricCatalog.js';
import type { ReportInput } from './reportInput.js';
import { comparisonTable, energyTable, episodeTable, factsTable, latencyCountsTable, summaryTable } from './reportTables.js';
import type { ReportVersions } from './reportVersions.js';
import { versionsText } from './reportVersions.js';

/** The charts of a report, by plot name. 'comparison' and 'episode_metrics' are no longer drawn (kept for callers naming them). */
export type PlotName =
  | 'success'
  | 'distributions'
  | 'reward_terms'
  | 'latency'
  | 'energy'
  | 'learning_curve'
  | 'comparison'
  | 'episode_metrics'
  | 'trajectory'
  | 'raster'
  | 'population_rates'
  | 'weights';

export type RenderedPlots = Partial<Record<PlotName, string>>;

const STYLE = `
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px auto;max-width:1000px;color:#222;padding:0 12px}
h1{font-size:22px;margin:0 0 4px;overflow-wrap:anywhere}h2{font-size:17px;margin:18px 0 6px}
p.lead{font-size:16px;margin:6px 0 10px}
.first{border-bottom:1px solid #ddd;padding-bottom:8px;margin-bottom:10px}
.answer{display:flex;flex-wrap:wrap;gap:4px 20px;align-items:flex-start}
.answer>figure{flex:0 1 auto;min-width:0}.answer>.tablebox{flex:1 1 420px;min-width:0}
table.comparison{width:100%}
figure{margin:10px 0;max-width:100%}figure svg{display:block;max-width:100%;height:auto}
table{border-collapse:collapse;margin:6px 0;font-size:13px;max-width:100%}
th,td{border:1px solid #ddd;padding:3px 7px;text-align:right;overflow-wrap:break-word;vertical-align:top}
th:first-child,td:first-child{text-align:left}thead th{background:#f3f3f3}
tr.group th{background:#fafafa;text-align:left;font-weight:600}
table.comparison{font-size:14px}
.ci{color:#666;font-size:12px;white-space:nowrap}
table.facts th{text-align:left;background:#f7f7f7;font-weight:600}table.facts td{text-align:left;font-family:ui-monospace,monospace;font-size:12px}
.note{color:#555;font-size:13px}
table.episodes,table.episodes tr,table.episodes td{display:block}
table.episodes tbody{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:8px}
table.episodes thead{display:none}
table.episodes tr{border:1px solid #ccc;border-radius:4px;padding:2px 0}
table.episodes td{border:0;border-bottom:1px solid #f0f0f0;text-align:right;padding:1px 6px}
table.episodes td::before{content:attr(data-label);float:left;color:#555;margin-right:8px;text-align:left}
details{margin:6px 0;border:1px solid #e3e3e3;border-radius:4px;padding:4px 10px}
details[open]{padding-bottom:10px}
summary{cursor:pointer;color:#08519c;font-weight:600;padding:4px 0}
ul.sources{font-size:12px;color:#444;padding-left:18px}
@media (max-width:700px){
  body{padding:0 6px;font-size:14px}
  table{font-size:12px}th,td{padding:2px 4px;overflow-wrap:anywhere}table.comparison td:first-child{min-width:7em}
}`;

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

function section(id: string, title: string, body: string, open = false): string {
  if (body.trim() === '') return '';
  return `<details id="${id}"${open ? ' open' : ''}><summary>${escapeXml(title)}</summary>\n${body}\n</details>`;
}

const pct = (x: number) => `${Math.round(100 * x)} %`;

function successText(rate: number, episodes: number): string {
  const ci = wilson(Math.round(rate * episodes), episodes);
  return ci ? `${pct(rate)} (95 % interval ${Math.round(100 * ci.low)}–${Math.round(100 * ci.high)} %)` : pct(rate);
}

/** The one sentence at the top: how often each controller reached the goal on held-out episodes. */
function lead(d: ReportInput): string {
  if (d.evaluations.length === 0) return '';
  const parts = d.evaluations.map((e) => `${e.summary.controller} ${successText(e.summary.success_rate, e.summary.episodes)}`);
  const n = d.evaluations[0]!.summary.episodes;
  const trained = d.training ? `After ${d.training.curve.length} training episodes, success` : 'Success';
  return `<p class="lead">${escapeXml(`${trained} on ${n} held-out episodes: ${parts.join('; ')}.`)}</p>`;
}

export function reportHtml(d: ReportInput, plots: RenderedPlots, versions: ReportVersions, plotFiles: readonly string[]): string {
  const title = `${d.kind === 'training' ? 'Training' : 'Evaluation'} report: ${d.scenario}`;
  const summaries = d.evaluations.map((e) => e.summary);
  const first: string[] = [`<h1>${escapeXml(title)}</h1>`, lead(d)];
  const answer = [figure(plots, 'success', d.training ? 'held-out success vs training episodes' : 'held-out success per controller')];
  if (d.evaluations.length > 0) answer.push(`<div class="tablebox">${comparisonTable(summaries, d.scenario)}${note(d.evaluationNote)}</div>`);
  first.push(`<div class="answer">${answer.join('\n')}</div>`);
  if (d.evaluations.length === 0 && !d.training) first.push(note('No evaluation in this report.'));
  const rest: string[] = [];
  if (d.evaluations.length > 0) {
    const zero = rewardTermsData(summaries).zero;
    rest.push(section('distributions', 'Per-episode distributions', figure(plots, 'distributions', 'per-episode distributions'), true));
    rest.push(section('reward-terms', 'Where the return comes from (reward terms)', figure(plots, 'reward_terms', 'reward terms') + (zero.length > 0 ? note(`Zero for every controller in every episode (not drawn): ${zero.join(', ')}.`) : '')));
    rest.push(section('latency', 'Closed-loop latency', figure(plots, 'latency', 'latency distributions') + latencyCountsTable(summaries)));
    rest.push(section('energy', 'Energy (an ESTIMATE, with sources)', figure(plots, 'energy', 'energy estimates') + energyTable(summaries)));
  }
  if (d.trajectory) rest.push(section('trajectory', 'Path of the episode (top view)', figure(plots, 'trajectory', 'path of the episode seen from above'), true));
  if (d.raster) rest.push(section('raster', 'Spike raster and population rates', figure(plots, 'raster', 'spike raster') + figure(plots, 'population_rates', 'population rates'), true));
  else rest.push(section('raster', 'Spike raster', note('The controller has no spiking network: no raster.')));
  const weights = Object.keys(d.weights.after).length > 0 ? figure(plots, 'weights', 'weight histograms') : note('This controller has no learned parameters.');
  rest.push(section('weights', d.weights.before ? 'Weights before and after training' : 'Learned parameters', weights, true));
  if (d.training) rest.push(section('training', 'Training episodes (plasticity on: not a test)', figure(plots, 'learning_curve', 'training return and success') + note('Training episodes run with plasticity on, so their success is not a held-out test; the first chart is. Validation uses held-out seeds (eval split, k ≥ 1 000 000) that the evaluation does not use; the moving averages are trailing.')));
  if (d.evaluations.length > 0) {
    rest.push(section('all-metrics', 'All metrics', summaryTable(summaries, d.scenario)));
    rest.push(section('episodes', 'Every episode', episodeTable(d.evaluations.flatMap((e) => episodeRows({ controller: e.summary.controller, results: e.results })), d.scenario)));
  }
  rest.push(section('run', 'The run: seeds, command line, versions', factsTable([...d.facts, ['versions', versionsText(versions)]])));
  if (plotFiles.length > 0) rest.push(section('plots', 'Plots for papers', note(`Every chart is also a file (SVG, and PNG at twice the size) next to this page: ${plotFiles.join(', ')}.`)));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(`spikeloop ${title}`)}</title><style>${STYLE}</style></head>
<body>
<section class="first">
${first.filter((p) => p !== '').join('\n')}
</section>
${rest.filter((p) => p !== '').join('\n')}
</body></html>
`;
}
