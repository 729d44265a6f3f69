/**
 * D/report.html of a study: self-contained (inline SVG, no scripts), like the training report.
 * First the main metric (the study's first) per condition — mean over seeds with its 95 %
 * interval across seeds, and for success the pooled held-out episodes with their Wilson
 * interval — each reward control drawn beside the condition it controls and the baseline as a
 * reference; then the learning curves of every condition overlaid (mean held-out validation
 * success over seeds per episodes trained); then the table with every tabulated metric.
 */
import type { TopLevelSpec } from 'vega-lite';
import { escapeXml } from '../report/escapeXml.js';
import { renderChartSvg } from '../report/renderChart.js';
import { writeFileAtomic } from '../../loop/writeFileAtomic.js';
import type { StudyPlan } from './planStudy.js';
import type { StudySummary } from './studySummary.js';
import { formatStudyTable } from './studyTable.js';

function label(c: { readonly condition: string; readonly controller: string }, controllers: number): string {
  return controllers > 1 ? `${c.condition} (${c.controller})` : c.condition;
}

export function mainMetricSpec(s: StudySummary): TopLevelSpec {
  const m = s.metrics[0]!;
  const nControllers = new Set(s.conditions.filter((c) => c.kind === 'train').map((c) => c.controller)).size;
  const data = s.conditions.flatMap((c) => {
    const mi = c.metrics[m];
    const name = label(c, nControllers);
    const rows: Array<Record<string, unknown>> = [];
    if (mi?.mean !== null && mi?.mean !== undefined) rows.push({ scenario: c.scenario, condition: name, interval: 'across seeds (t, 95 %)', mean: mi.mean, low: mi.low ?? mi.mean, high: mi.high ?? mi.mean });
    if (m === 'success_rate' && c.success_wilson) rows.push({ scenario: c.scenario, condition: name, interval: 'across episodes (Wilson, 95 %)', mean: c.successes / c.episodes, low: c.success_wilson.low, high: c.success_wilson.high });
    return rows;
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Held-out ${m.replace(/_/g, ' ')} per condition`,
    data: { values: data },
    facet: { row: { field: 'scenario', type: 'nominal', title: null } },
    spec: {
      width: 440,
      layer: [
        { name: 'intervals', mark: { type: 'rule', strokeWidth: 2 }, encoding: { y: { field: 'condition', type: 'nominal', sort: null, title: null }, yOffset: { field: 'interval' }, x: { field: 'low', type: 'quantitative', title: m }, x2: { field: 'high' }, color: { field: 'interval', title: null } } },
        { name: 'means', mark: { type: 'point', filled: true, size: 60 }, encoding: { y: { field: 'condition', type: 'nominal', sort: null }, yOffset: { field: 'interval' }, x: { field: 'mean', type: 'quantitative' }, color: { field: 'interval', title: null } } },
      ],
    },
  } as TopLevelSpec;
}

export function curvesSpec(s: StudySummary): TopLevelSpec | null {
  const nControllers = new Set(s.conditions.filter((c) => c.kind === 'train').map((c) => c.controller)).size;
  const data = s.conditions.flatMap((c) => c.curve.map((p) => ({ scenario: c.scenario, condition: label(c, nControllers), episodes: p.episodes_done, success: p.success_rate })));
  if (data.length === 0) return null;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Learning curves: held-out validation success, mean over seeds',
    data: { values: data },
    facet: { row: { field: 'scenario', type: 'nominal', title: null } },
    spec: {
      width: 440,
      height: 220,
      mark: { type: 'line', point: true, name: 'curves' },
      encoding: {
        x: { field: 'episodes', type: 'quantitative', title: 'training episodes done' },
        y: { field: 'success', type: 'quantitative', title: 'validation success', scale: { domain: [0, 1] } },
        color: { field: 'condition', type: 'nominal', title: null, sort: null },
      },
    },
  } as TopLevelSpec;
}

export async function writeStudyReport(file: string, plan: StudyPlan, s: StudySummary): Promise<void> {
  const charts: string[] = [];
  if (s.runs_done > 0) {
    charts.push((await renderChartSvg(mainMetricSpec(s))).svg);
    const curves = curvesSpec(s);
    if (curves) charts.push((await renderChartSvg(curves)).svg);
  }
  const controls = s.conditions.filter((c) => c.control_of !== null).map((c) => `${c.condition} (${c.control}) controls ${c.control_of}`);
  const facts: Array<[string, string]> = [
    ['study', `${s.study} (${plan.file})`],
    ['runs', `${s.runs_done} of ${s.runs} done`],
    ['training', `${plan.spec.training.episodes} episodes per run; seeds ${JSON.stringify(plan.spec.training.seeds)}`],
    ['held-out evaluation', `${s.evaluation.episodes} episodes per run on episodeSeed(${s.evaluation.seed}, 'eval', k), the same for every run; trained weights frozen (plasticity as the scenario's evaluation)`],
    ['controls', controls.length > 0 ? controls.join('; ') : 'none'],
    ['intervals', '95 %: across seeds, Student t on the per-seed values; across episodes, Wilson score interval on the pooled held-out episodes'],
  ];
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Study ${escapeXml(s.study)}</title>
<style>body{font-family:DejaVu Sans,Liberation Sans,Arial,sans-serif;margin:1.5rem;max-width:1100px;color:#222}
table.facts td{padding:2px 10px 2px 0;vertical-align:top}figure{margin:1rem 0}svg{max-width:100%;height:auto}
pre{background:#f6f6f6;padding:.8rem;overflow-x:auto;font-size:12px}</style></head>
<body><h1>Study ${escapeXml(s.study)}</h1>
<table class="facts">${facts.map(([k, v]) => `<tr><td><b>${escapeXml(k)}</b></td><td>${escapeXml(v)}</td></tr>`).join('')}</table>
${charts.map((c) => `<figure>${c}</figure>`).join('\n')}
<h2>Table</h2><pre>${escapeXml(formatStudyTable(s))}</pre>
<p>Rows per run: results.jsonl; this summary: summary.json.</p>
</body></html>
`;
  writeFileAtomic(file, html);
}
