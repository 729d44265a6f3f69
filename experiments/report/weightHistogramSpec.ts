/**
 * Histograms of every learned parameter array, one panel per array, before training (grey) and
 * after (blue) overlaid on the same bins: the bins span the smallest to the largest finite value
 * of both arrays (histogram.ts), so the two are directly comparable. Without a `before`, the
 * panels show one array each. Bars are binned here, not by Vega, so what is drawn is exactly
 * `histogram()` (tested). Mark name: `weightBars`.
 */
import type { TopLevelSpec } from 'vega-lite';
import { finiteRange, histogram } from './histogram.js';

/** Bins of each weight histogram. */
export const HISTOGRAM_BINS = 30;

export type WeightStage = 'before training' | 'after training' | 'weights';

export interface WeightBin {
  readonly parameter: string;
  readonly stage: WeightStage;
  readonly low: number;
  readonly high: number;
  readonly count: number;
}

export type ParameterArrays = Readonly<Record<string, Float32Array>>;

export function weightHistogramData(after: ParameterArrays, before: ParameterArrays | null, bins = HISTOGRAM_BINS): WeightBin[] {
  const out: WeightBin[] = [];
  for (const [name, a] of Object.entries(after)) {
    const b = before?.[name];
    const arrays = b ? [b, a] : [a];
    const range = finiteRange(arrays) ?? { min: 0, max: 1 };
    const stages: ReadonlyArray<readonly [WeightStage, Float32Array]> = b ? [['before training', b], ['after training', a]] : [['weights', a]];
    for (const [stage, values] of stages) {
      const h = histogram(values, bins, range.min, range.max);
      for (let i = 0; i < bins; i++) out.push({ parameter: name, stage, low: h.edges[i]!, high: h.edges[i + 1]!, count: h.counts[i]! });
    }
  }
  return out;
}

/** Axis titles of each array's values, by parameter name (e.g. 'weight (pA)'). */
export type ParameterUnits = Readonly<Record<string, string>>;

export function weightHistogramSpec(after: ParameterArrays, before: ParameterArrays | null, title: string, o: { readonly units?: ParameterUnits; readonly width?: number } = {}): TopLevelSpec {
  const names = Object.keys(after);
  const cols = Math.min(2, Math.max(1, names.length));
  const panel = Math.max(160, Math.floor(((o.width ?? 560) - 60 * cols) / cols) - 20);
  const units = o.units ?? {};
  const distinct = [...new Set(names.map((n) => units[n] ?? ''))];
  // One unit for every array: on the axis; several: in each panel's title.
  const xTitle = distinct.length === 1 && distinct[0] !== '' ? `weight (${distinct[0]})` : distinct.length === 1 ? 'weight (model input units)' : 'weight (unit in the panel title)';
  const panelOf = (name: string) => (distinct.length > 1 ? `${name} (${units[name] ?? 'model units'})` : name);
  const stages: WeightStage[] = before ? ['before training', 'after training'] : ['weights'];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `${names.length} parameter array${names.length === 1 ? '' : 's'}, ${HISTOGRAM_BINS} bins each` },
    data: { values: weightHistogramData(after, before).map((b) => ({ ...b, panel: panelOf(b.parameter) })) },
    facet: { field: 'panel', type: 'nominal', title: null, sort: names.map(panelOf), header: { labelFontWeight: 'bold', labelLimit: 0 } },
    columns: cols,
    spec: {
      width: panel,
      height: 110,
      name: 'weightBars',
      mark: { type: 'rect', opacity: before ? 0.55 : 0.85 },
      encoding: {
        x: { field: 'low', type: 'quantitative', title: xTitle, scale: { zero: false, nice: false }, axis: { tickCount: 5 } },
        x2: { field: 'high' },
        y: { field: 'count', type: 'quantitative', title: 'synapses (count)' },
        y2: { datum: 0 },
        color: { field: 'stage', type: 'nominal', title: null, scale: { domain: stages, range: before ? ['#969696', '#3182bd'] : ['#3182bd'] }, legend: { orient: 'top', direction: 'horizontal', labelLimit: 0 } },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
}
