/**
 * The evaluated controllers side by side (e.g. untrained, trained and the scenario's baseline on
 * the same held-out seeds): one small bar chart per numeric field of their evaluation summaries,
 * whatever fields the summaries hold (numericFields.ts), so fields added to `eval --json` later
 * show up here too. Fields that are null for every controller are left out. Mark name:
 * `comparisonBars`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { EvalSummary } from '../evalSummary.js';
import { numericFields } from './numericFields.js';

/** Summary fields that label the evaluation rather than measure the controller. */
export const SUMMARY_LABEL_FIELDS: ReadonlySet<string> = new Set(['seed', 'episodes']);

export interface ComparisonBar {
  readonly controller: string;
  readonly field: string;
  readonly value: number;
}

export function comparisonData(summaries: readonly EvalSummary[]): ComparisonBar[] {
  const rows = summaries.map((s) => ({ controller: s.controller, fields: numericFields(s, SUMMARY_LABEL_FIELDS) }));
  const order: string[] = [];
  for (const r of rows) for (const f of r.fields) if (f.value !== null && Number.isFinite(f.value) && !order.includes(f.name)) order.push(f.name);
  const out: ComparisonBar[] = [];
  for (const name of order) {
    for (const r of rows) {
      const v = r.fields.find((f) => f.name === name)?.value;
      if (v !== null && v !== undefined && Number.isFinite(v)) out.push({ controller: r.controller, field: name, value: v });
    }
  }
  return out;
}

export function baselineComparisonSpec(summaries: readonly EvalSummary[], title: string): TopLevelSpec {
  const data = comparisonData(summaries);
  const fields = [...new Set(data.map((d) => d.field))];
  const controllers = summaries.map((s) => s.controller);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `${summaries[0]?.episodes ?? 0} held-out episodes each, the same seeds for every controller` },
    data: { values: data },
    facet: { field: 'field', type: 'nominal', title: null, sort: fields, header: { labelFontWeight: 'bold' } },
    columns: 4,
    spec: {
      width: 150,
      height: 16 * Math.max(1, controllers.length),
      name: 'comparisonBars',
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'controller', type: 'nominal', title: null, sort: controllers, axis: null },
        x: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'controller', type: 'nominal', title: 'controller', sort: controllers, scale: { domain: controllers }, legend: { orient: 'top', direction: 'vertical' } },
      },
    },
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
}
