/**
 * The report's HTML tables, built from whatever numeric fields the data holds
 * (numericFields.ts): a summary table with one column per evaluated controller and one row per
 * field, and a per-episode table. Every text is escaped; numbers show 4 significant digits (the
 * exact values are in eval.json / `eval --json`), a missing one shows '–'.
 */
import type { EvalSummary } from '../evalSummary.js';
import type { EpisodeRow } from './episodeMetricsSpec.js';
import { escapeXml } from './escapeXml.js';
import { fieldNames, numericFields } from './numericFields.js';

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

/** Fields as rows, controllers as columns; the row name is the field's dotted name. */
export function summaryTable(summaries: readonly EvalSummary[]): string {
  const fields = summaries.map((s) => numericFields(s));
  const names = fieldNames(fields);
  const head = `<tr>${th('')}${summaries.map((s) => th(s.controller)).join('')}</tr>`;
  const learning = `<tr>${td('plasticity in episodes')}${summaries.map((s) => td(s.learning ? 'on' : 'off')).join('')}</tr>`;
  const rows = names.map((n) => `<tr data-field="${escapeXml(n)}">${td(escapeXml(n))}${fields.map((f) => td(formatCell(f.find((x) => x.name === n)?.value))).join('')}</tr>`);
  return `<table class="summary"><thead>${head}</thead><tbody>\n${[learning, ...rows].join('\n')}\n</tbody></table>`;
}

/** One row per episode (controller, k, seed, outcome, then every numeric field). */
export function episodeTable(rows: readonly EpisodeRow[]): string {
  const names = fieldNames(rows.map((r) => r.fields));
  const head = `<tr>${['controller', 'k', 'seed', 'outcome', ...names].map(th).join('')}</tr>`;
  const body = rows.map((r) => {
    const cells = [escapeXml(r.controller), String(r.episode), String(r.seed), escapeXml(r.outcome), ...names.map((n) => formatCell(r.fields.find((f) => f.name === n)?.value))];
    return `<tr>${cells.map(td).join('')}</tr>`;
  });
  return `<table class="episodes"><thead>${head}</thead><tbody>\n${body.join('\n')}\n</tbody></table>`;
}

/** A two-column table of facts about the run (name, value). */
export function factsTable(facts: ReadonlyArray<readonly [string, string]>): string {
  return `<table class="facts"><tbody>\n${facts.map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td>${escapeXml(v)}</td></tr>`).join('\n')}\n</tbody></table>`;
}
