/**
 * The report's HTML tables, built from whatever numeric fields the data holds
 * (numericFields.ts): a summary table with one column per evaluated controller and one row per
 * field, and a per-episode table. Every text is escaped; numbers show 3 significant digits with
 * the unit in the row label (metricCatalog.ts; the exact values are in eval.json /
 * `eval --json`); rows without any value are left out, a single missing value shows '—'.
 */
import type { EvalSummary } from '../evalSummary.js';
import type { EpisodeRow } from './episodeMetricsSpec.js';
import { escapeXml } from './escapeXml.js';
import { fieldNames, numericFields } from './numericFields.js';
import { formatEnergy, formatMetric, keyMetrics, labelWithUnit, summaryValue, unifiedKey, wilson } from './metricCatalog.js';

/** A number for a table cell: integers as they are, others with 4 significant digits. */
export function formatCell(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

const td = (text: string) => `<td>${text}</td>`;
const th = (text: string) => `<th>${escapeXml(text)}</th>`;

/** One row per episode (controller, k, seed, outcome, then every numeric field with its unit; columns empty for every episode are left out). */
export function episodeTable(rows: readonly EpisodeRow[], scenario = ''): string {
  const unified = rows.map((r) => r.fields.map((f) => ({ name: unifiedKey(f.name), value: f.value })));
  const names = fieldNames(unified).filter((n) => unified.some((f) => { const v = f.find((x) => x.name === n)?.value; return v !== null && v !== undefined && Number.isFinite(v); }));
  const labels = ['controller', 'k', 'seed', 'outcome', ...names.map((n) => labelWithUnit(n, scenario))];
  const head = `<tr>${labels.map(th).join('')}</tr>`;
  const body = rows.map((r, i) => {
    const cells = [escapeXml(r.controller), String(r.episode), String(r.seed), escapeXml(r.outcome), ...names.map((n) => formatMetric(n, unified[i]!.find((f) => f.name === n)?.value))];
    // data-label: a narrow screen stacks the cells, each with its column's name.
    return `<tr>${cells.map((c, j) => `<td data-label="${escapeXml(labels[j]!)}">${c}</td>`).join('')}</tr>`;
  });
  return `<div class="scroll"><table class="episodes"><thead>${head}</thead><tbody>\n${body.join('\n')}\n</tbody></table></div>`;
}

/** A two-column table of facts about the run (name, value). */
export function factsTable(facts: ReadonlyArray<readonly [string, string]>): string {
  return `<table class="facts"><tbody>\n${facts.map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td>${escapeXml(v)}</td></tr>`).join('\n')}\n</tbody></table>`;
}

/** Success rate with its Wilson 95 % interval, in percent: `75 (30–95)`. */
export function successCell(rate: number, episodes: number): string {
  const ci = wilson(Math.round(rate * episodes), episodes);
  const pct = (x: number) => String(Math.round(100 * x));
  return ci ? `${pct(rate)} <span class="ci">(${pct(ci.low)}–${pct(ci.high)})</span>` : pct(rate);
}

/**
 * The first screen's table: the few metrics that matter for this scenario (keyMetrics), one
 * row each with its unit, one column per controller; success with its 95 % interval.
 */
export function comparisonTable(summaries: readonly EvalSummary[], scenario = ''): string {
  const short = summaries.map((s) => shortController(s.controller));
  const head = `<tr>${th('held-out evaluation')}${summaries.map((s, i) => `<th title="${escapeXml(s.controller)}">${escapeXml(short[i]!)}</th>`).join('')}</tr>`;
  const rows = keyMetrics(summaries).map((name) => {
    const label = name === 'success_rate' ? 'success (%, 95 % interval)' : labelWithUnit(name, scenario);
    const cells = summaries.map((s) => {
      const v = summaryValue(s, name);
      if (name === 'success_rate' && v !== null) return td(successCell(v, s.episodes));
      return td(formatMetric(name, v));
    });
    return `<tr data-field="${escapeXml(name)}">${td(escapeXml(label))}${cells.join('')}</tr>`;
  });
  const legend = summaries.map((s, i) => (short[i] !== s.controller ? `${escapeXml(short[i]!)}: ${escapeXml(s.controller)}` : '')).filter((x) => x !== '');
  return `<div class="scroll"><table class="comparison"><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>${legend.length > 0 ? `<p class="note">${legend.join('; ')}.</p>` : ''}`;
}

/** A column head for a controller label: its first word when the label is `untrained (…)`, `trained (…)` or `baseline (…)`. */
export function shortController(label: string): string {
  const m = /^(untrained|trained|baseline) \(/.exec(label);
  return m ? m[1]! : label;
}

/** Summary fields that are drawn elsewhere (latency, energy) or duplicate another row. */
function inAllMetrics(name: string, names: readonly string[]): boolean {
  if (/^(seed|episodes)$/.test(name)) return false;
  if (/^(latency_ms|energy_estimate_j|energy_estimate_j_per_step|energy_estimate_sources)\./.test(name)) return false;
  if (name === 'metrics.success' && names.includes('success_rate')) return false;
  if (name === 'metrics.time_to_goal_s' && names.includes('mean_time_to_goal_s')) return false;
  return true;
}

const GROUPS: ReadonlyArray<readonly [string, (name: string) => boolean]> = [
  ['task', (n) => /^(success_rate|collision_rate|mean_reward|mean_time_to_goal_s|mean_steps|errors)$/.test(n) || n.startsWith('metrics.')],
  ['reward terms (mean sum per episode)', (n) => n.startsWith('reward_terms.')],
  ['network activity and size', () => true],
];

/**
 * Every summary field (unified names, readable labels with units), grouped: task, reward
 * terms, network. Rows without a value for any controller are left out; latency and energy are
 * their own sections.
 */
export function summaryTable(summaries: readonly EvalSummary[], scenario = ''): string {
  const fields = summaries.map((s) => numericFields(s).map((f) => ({ name: unifiedKey(f.name), value: f.value })));
  const all = fieldNames(fields);
  const names = all.filter((n) => inAllMetrics(n, all) && fields.some((f) => { const v = f.find((x) => x.name === n)?.value; return v !== null && v !== undefined && Number.isFinite(v); }));
  const head = `<tr>${th('metric (unit)')}${summaries.map((s) => th(s.controller)).join('')}</tr>`;
  const cols = summaries.length + 1;
  const body: string[] = [`<tr>${td('plasticity in episodes')}${summaries.map((s) => td(s.learning ? 'on' : 'off')).join('')}</tr>`];
  const done = new Set<string>();
  for (const [group, test] of GROUPS) {
    const rows = names.filter((n) => !done.has(n) && test(n));
    if (rows.length === 0) continue;
    body.push(`<tr class="group"><th colspan="${cols}">${escapeXml(group)}</th></tr>`);
    for (const n of rows) {
      done.add(n);
      body.push(`<tr data-field="${escapeXml(n)}">${td(escapeXml(labelWithUnit(n, scenario)))}${fields.map((f) => td(formatMetric(n, f.find((x) => x.name === n)?.value))).join('')}</tr>`);
    }
  }
  return `<div class="scroll"><table class="summary"><thead>${head}</thead><tbody>\n${body.join('\n')}\n</tbody></table></div>`;
}

/** Estimated energy per episode and per control step by platform, one column per spiking controller, and each platform's source. */
export function energyTable(summaries: readonly EvalSummary[]): string {
  const withEnergy = summaries.filter((s) => s.energy_estimate_j);
  if (withEnergy.length === 0) return '';
  const platforms = Object.keys(withEnergy[0]!.energy_estimate_j!);
  const head = `<tr>${th('platform')}${withEnergy.map((s) => th(`${s.controller}: per episode / per step`)).join('')}</tr>`;
  const rows = platforms.map((p) => {
    const cells = withEnergy.map((s) => td(`${formatEnergy((s.energy_estimate_j as Record<string, number>)[p] ?? NaN)} / ${formatEnergy((s.energy_estimate_j_per_step as Record<string, number> | null)?.[p] ?? NaN)}`));
    return `<tr>${td(escapeXml(p))}${cells.join('')}</tr>`;
  });
  const sources = withEnergy[0]!.energy_estimate_sources ?? {};
  const list = Object.entries(sources).map(([p, src]) => `<li><b>${escapeXml(p)}</b>: ${escapeXml(String(src))}</li>`).join('');
  return `<div class="scroll"><table class="energy"><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table></div><ul class="sources">${list}</ul>`;
}

/** Counts behind the latency chart: sensor events, and events no spike or command answered. */
export function latencyCountsTable(summaries: readonly EvalSummary[]): string {
  const rows: string[] = [];
  for (const s of summaries) {
    const l = s.latency_ms;
    if (!l) continue;
    const unanswered = Object.entries(l.command).map(([name, c]) => `${escapeXml(name)}: ${c.unanswered}`).join(', ');
    rows.push(`<tr>${td(escapeXml(s.controller))}${td(String(l.events))}${td(String(l.unanswered_input_spike))}${td(String(l.unanswered_output_spike))}${td(unanswered || '—')}</tr>`);
  }
  if (rows.length === 0) return '';
  const head = `<tr>${['controller', 'sensor events', 'no input spike', 'no output spike', 'no command, by output'].map(th).join('')}</tr>`;
  return `<div class="scroll"><table class="latency"><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}
