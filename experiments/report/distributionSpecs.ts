/**
 * The report's detail charts, each a distribution rather than a row of numbers:
 *  - episodeDistributionSpec: one strip per metric, one dot per held-out episode and controller,
 *    a black tick at each controller's mean (unnamed marks: Vega-Lite mixes up the data of
 *    equally named marks in a vconcat);
 *  - latencySpec: closed-loop latencies as percentile ranges (median to 99th percentile thick,
 *    to the maximum thin, the mean as a dot) per measure and controller (latencyRange, latencyTail,
 *    latencyMean);
 *  - energySpec: the ESTIMATED energy per episode by platform and controller, log scale
 *    (energyPoint);
 *  - rewardTermsSpec: the mean per episode of each reward term by controller (rewardTermBars);
 *    terms that are 0 for every controller are left out (the caller names them).
 * Every chart is a single column of at most CHART_WIDTH px with every axis titled and the
 * legend below, wrapping; nothing is drawn for data that is absent (the spec builders return
 * null instead of an empty chart).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CommandLatencySummary, LatencySummary } from '../../controllers/metrics/neuroSummary.js';
import type { Percentiles } from '../../controllers/metrics/percentiles.js';
import type { EvalSummary } from '../evalSummary.js';
import type { EvaluatedEpisodes } from './episodeMetricsSpec.js';
import { labelWithUnit, unifiedKey } from './metricCatalog.js';
import { numericFields } from './numericFields.js';
import { CHART_WIDTH, TITLE_ABOVE } from './successSpec.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const legendBelow = { orient: 'bottom', direction: 'horizontal', columns: 1, labelLimit: 0 } as const;

const controllerColor = (controllers: readonly string[]) => ({ field: 'controller', type: 'nominal', title: 'controller', sort: [...controllers], scale: { domain: [...controllers] }, legend: legendBelow }) as const;

/** Episode-result fields not drawn as distributions: labels, success (its rate is on the first screen), per-episode totals that per-step values replace. */
const NOT_DRAWN = new Set(['seed', 'metrics.success', 'activity.spikes', 'activity.synaptic_ops', 'activity.steps', 'steps']);

export interface EpisodeValue {
  readonly metric: string;
  readonly controller: string;
  readonly episode: number;
  readonly value: number;
}

/** Finite per-episode values of every drawn field (unified names), plus spikes and synaptic events per control step. */
export function episodeDistributionData(evaluations: readonly EvaluatedEpisodes[]): EpisodeValue[] {
  const out: EpisodeValue[] = [];
  for (const e of evaluations) {
    e.results.forEach((r, k) => {
      for (const f of numericFields({ ...r, profile: undefined })) {
        const name = unifiedKey(f.name);
        if (NOT_DRAWN.has(name) || f.value === null || !Number.isFinite(f.value)) continue;
        out.push({ metric: name, controller: e.controller, episode: k, value: f.value });
      }
      const steps = r.activity.steps;
      if (steps > 0) {
        out.push({ metric: 'spikes_per_step', controller: e.controller, episode: k, value: r.activity.spikes / steps });
        out.push({ metric: 'synops_per_step', controller: e.controller, episode: k, value: r.activity.synOps / steps });
      }
    });
  }
  return out;
}

/** Metrics where every value of every controller is 0 (nothing to draw: named in a note instead). */
export function allZero(values: readonly EpisodeValue[], metric: string): boolean {
  return values.filter((v) => v.metric === metric).every((v) => v.value === 0);
}

export function episodeDistributionSpec(evaluations: readonly EvaluatedEpisodes[], scenario = '', width = CHART_WIDTH): TopLevelSpec | null {
  const data = episodeDistributionData(evaluations);
  const metrics = [...new Set(data.map((d) => d.metric))].filter((m) => !allZero(data, m));
  if (metrics.length === 0) return null;
  const controllers = evaluations.map((e) => e.controller);
  const color = controllerColor(controllers);
  return {
    $schema: SCHEMA,
    title: { text: 'Per-episode distributions', subtitle: 'one dot per held-out episode, a black tick at the mean' },
    vconcat: metrics.map((m) => ({
      width: width - 160,
      height: { step: 16 },
      data: { values: data.filter((d) => d.metric === m) },
      layer: [
        { mark: { type: 'point', filled: true, size: 36, opacity: 0.6 }, encoding: { x: { field: 'value', type: 'quantitative', title: labelWithUnit(m, scenario), scale: { zero: false } }, y: { field: 'controller', type: 'nominal', title: 'controller', sort: controllers, axis: { labels: false, ticks: false } }, color } },
        { mark: { type: 'tick', color: 'black', thickness: 2, size: 14 }, encoding: { x: { aggregate: 'mean', field: 'value', type: 'quantitative', title: labelWithUnit(m, scenario) }, y: { field: 'controller', type: 'nominal', sort: controllers } } },
      ],
    })),
    resolve: { scale: { x: 'independent' } },
  } as unknown as TopLevelSpec;
}

export interface LatencyRow {
  readonly measure: string;
  readonly controller: string;
  readonly n: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

function latencyRow(measure: string, controller: string, p: Percentiles | null): LatencyRow[] {
  if (!p || !(p.n > 0)) return [];
  return [{ measure, controller, n: p.n, mean: p.mean, p50: p.p50, p90: p.p90, p99: p.p99, max: p.max }];
}

export function latencyData(summaries: readonly EvalSummary[]): LatencyRow[] {
  const out: LatencyRow[] = [];
  for (const s of summaries) {
    const l: LatencySummary | null | undefined = s.latency_ms;
    if (!l) continue;
    out.push(...latencyRow('sensor event → first input spike', s.controller, l.input_spike));
    out.push(...latencyRow('sensor event → first output spike', s.controller, l.output_spike));
    for (const [name, c] of Object.entries(l.command) as Array<[string, CommandLatencySummary]>) {
      out.push(...latencyRow(`event → command ${name}`, s.controller, c.answered));
      out.push(...latencyRow(`any period → command ${name} (chance)`, s.controller, c.chance));
    }
  }
  return out;
}

export function latencySpec(summaries: readonly EvalSummary[], width = CHART_WIDTH): TopLevelSpec | null {
  const data = latencyData(summaries);
  if (data.length === 0) return null;
  const controllers = [...new Set(data.map((d) => d.controller))];
  const measures = [...new Set(data.map((d) => d.measure))];
  const Y = { field: 'measure', type: 'nominal', title: 'latency measured', sort: measures, axis: { labelLimit: 0, ...TITLE_ABOVE } } as const;
  const X = (field: string) => ({ field, type: 'quantitative', title: 'latency (ms, symmetric log scale)', scale: { type: 'symlog', constant: 10 } }) as const;
  const color = controllerColor(controllers);
  return {
    $schema: SCHEMA,
    title: { text: 'Closed-loop latency', subtitle: 'thick: median to 99th percentile; thin: to the maximum; dot: mean' },
    width: Math.max(180, width - 300),
    height: { step: 18 * Math.max(1, controllers.length) },
    data: { values: data },
    encoding: { y: Y, yOffset: { field: 'controller', sort: controllers }, color },
    layer: [
      { name: 'latencyTail', mark: { type: 'rule', strokeWidth: 1 }, encoding: { x: X('p99'), x2: { field: 'max' } } },
      { name: 'latencyRange', mark: { type: 'rule', strokeWidth: 4, opacity: 0.7 }, encoding: { x: X('p50'), x2: { field: 'p99' } } },
      { name: 'latencyMean', mark: { type: 'point', filled: true, size: 30, color: 'black' }, encoding: { x: X('mean') } },
    ],
  } as unknown as TopLevelSpec;
}

export interface EnergyPoint {
  readonly platform: string;
  readonly controller: string;
  readonly uJ: number;
}

export function energyData(summaries: readonly EvalSummary[]): EnergyPoint[] {
  const out: EnergyPoint[] = [];
  for (const s of summaries) {
    const e = s.energy_estimate_j;
    if (!e) continue;
    for (const [platform, j] of Object.entries(e)) if (Number.isFinite(j) && j > 0) out.push({ platform, controller: s.controller, uJ: j * 1e6 });
  }
  return out;
}

export function energySpec(summaries: readonly EvalSummary[], width = CHART_WIDTH): TopLevelSpec | null {
  const data = energyData(summaries);
  if (data.length === 0) return null;
  const controllers = [...new Set(data.map((d) => d.controller))];
  return {
    $schema: SCHEMA,
    title: { text: 'Estimated energy per episode (an ESTIMATE)', subtitle: 'counted events × published energy per event; sources below' },
    width: Math.max(180, width - 200),
    height: { step: 18 * Math.max(1, controllers.length) },
    data: { values: data },
    name: 'energyPoint',
    mark: { type: 'point', filled: true, size: 60, opacity: 0.9 },
    encoding: {
      y: { field: 'platform', type: 'nominal', title: 'platform', axis: { labelLimit: 0, ...TITLE_ABOVE } },
      yOffset: { field: 'controller', sort: controllers },
      x: { field: 'uJ', type: 'quantitative', title: 'energy per episode (µJ, log scale)', scale: { type: 'log' } },
      color: controllerColor(controllers),
    },
  } as unknown as TopLevelSpec;
}

export interface RewardTermBar {
  readonly term: string;
  readonly controller: string;
  readonly value: number;
}

/** Mean per episode of each reward term; `zero` lists the terms that are 0 for every controller. */
export function rewardTermsData(summaries: readonly EvalSummary[]): { readonly bars: RewardTermBar[]; readonly zero: string[] } {
  const terms = [...new Set(summaries.flatMap((s) => Object.keys(s.reward_terms ?? {})))];
  const bars: RewardTermBar[] = [];
  const zero: string[] = [];
  for (const t of terms) {
    const vs = summaries.map((s) => ({ controller: s.controller, value: s.reward_terms?.[t] ?? 0 }));
    if (vs.every((v) => v.value === 0 || !Number.isFinite(v.value))) zero.push(t);
    else for (const v of vs) if (Number.isFinite(v.value)) bars.push({ term: t.replace(/_/g, ' '), ...v });
  }
  return { bars, zero };
}

export function rewardTermsSpec(summaries: readonly EvalSummary[], width = CHART_WIDTH): TopLevelSpec | null {
  const { bars } = rewardTermsData(summaries);
  if (bars.length === 0) return null;
  const controllers = summaries.map((s) => s.controller);
  return {
    $schema: SCHEMA,
    title: { text: 'Where the return comes from', subtitle: 'mean sum of each reward term per held-out episode' },
    width: Math.max(180, width - 160),
    height: { step: 14 * Math.max(1, controllers.length) },
    data: { values: bars },
    name: 'rewardTermBars',
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'term', type: 'nominal', title: 'reward term', axis: { labelLimit: 0, ...TITLE_ABOVE } },
      yOffset: { field: 'controller', sort: controllers },
      x: { field: 'value', type: 'quantitative', title: 'reward per episode (sum of the term)' },
      color: controllerColor(controllers),
    },
  } as unknown as TopLevelSpec;
}
