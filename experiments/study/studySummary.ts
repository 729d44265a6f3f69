/**
 * Per condition (scenario × controller × condition, and each scenario's baseline), over the
 * training seeds: every tabulated metric's mean with a 95 % interval across seeds (Student's
 * t on the per-seed values: the spread a new seed would see), and for success the pooled
 * held-out episodes with a Wilson 95 % interval (Wilson 1927: the spread of the episodes
 * themselves, exact at 0 and n). A reward control (zero/shuffled/negated reward) is set beside
 * the condition it controls: the one with the same perturbations and overrides and the reward.
 * The mean learning curve is the validation success per episodes trained, averaged over seeds.
 */
import { wilson } from '../report/metricCatalog.js';
import type { StudyPlan } from './planStudy.js';
import type { StudyResultRow } from './studyResult.js';
import { canonicalJson } from './runHash.js';

export interface MetricInterval {
  readonly mean: number | null;
  /** 95 % interval across seeds (null with one seed or no values). */
  readonly low: number | null;
  readonly high: number | null;
  /** Per seed, in seed order (null where the metric had no value). */
  readonly values: ReadonlyArray<number | null>;
}

export interface ConditionSummary {
  readonly kind: 'train' | 'baseline';
  readonly scenario: string;
  readonly controller: string;
  readonly condition: string;
  readonly control: string | null;
  /** The condition this one is a reward control of (same scenario and controller). */
  readonly control_of: string | null;
  readonly seeds: ReadonlyArray<number | null>;
  readonly runs_planned: number;
  readonly runs_done: number;
  /** Held-out episodes pooled over seeds. */
  readonly successes: number;
  readonly episodes: number;
  readonly success_wilson: { readonly low: number; readonly high: number } | null;
  readonly metrics: Readonly<Record<string, MetricInterval>>;
  /** Mean validation success over seeds at each validated point (episodes trained). */
  readonly curve: ReadonlyArray<{ readonly episodes_done: number; readonly success_rate: number; readonly seeds: number }>;
}

export interface StudySummary {
  readonly format: 'spikeloop-study-summary';
  readonly version: 1;
  readonly study: string;
  readonly metrics: readonly string[];
  readonly evaluation: { readonly seed: number; readonly episodes: number };
  readonly runs: number;
  readonly runs_done: number;
  readonly conditions: readonly ConditionSummary[];
}

/** Two-sided 95 % quantiles of Student's t for 1 … 30 degrees of freedom. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function tQuantile975(df: number): number {
  if (df < 1) return NaN;
  return df <= 30 ? T975[df - 1]! : 1.96 + 2.4 / df;
}

/** Mean and 95 % t-interval of `xs`; a rate's interval is clipped to [0, 1]. */
export function meanInterval(xs: ReadonlyArray<number | null>, rate: boolean): MetricInterval {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return { mean: null, low: null, high: null, values: xs };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  if (v.length < 2) return { mean, low: null, high: null, values: xs };
  const sd = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1));
  const half = (tQuantile975(v.length - 1) * sd) / Math.sqrt(v.length);
  const clip = (x: number) => (rate ? Math.min(1, Math.max(0, x)) : x);
  return { mean, low: clip(mean - half), high: clip(mean + half), values: xs };
}

/** A tabulated metric of a row: a summary field, or `metrics.<name>`. */
export function metricOf(row: StudyResultRow, m: string): number | null {
  if (m.startsWith('metrics.')) return row.metrics[m.slice('metrics.'.length)] ?? null;
  const v = (row as unknown as Record<string, unknown>)[m];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function isRateMetric(m: string): boolean {
  return m.endsWith('_rate') || m === 'metrics.success';
}

export function summarizeStudy(plan: StudyPlan, rows: readonly StudyResultRow[]): StudySummary {
  const byRun = new Map(rows.map((r) => [r.run, r]));
  const groups = new Map<string, { kind: 'train' | 'baseline'; scenario: string; controller: string; condition: string; control: string | null; variation: string; hashes: string[] }>();
  for (const run of plan.runs) {
    const r = run.spec;
    const controller = r.controller?.name ?? (plan.spec.controllers ? '' : '(scenario default)');
    const key = `${r.scenario}\u0000${r.kind}\u0000${controller}\u0000${r.condition}`;
    let g = groups.get(key);
    if (!g) {
      const cond = plan.conditions.find((c) => c.name === r.condition);
      g = { kind: r.kind, scenario: r.scenario, controller, condition: r.condition, control: r.control, variation: canonicalJson({ perturb: cond?.perturb ?? [], overrides: cond?.overrides ?? {} }), hashes: [] };
      groups.set(key, g);
    }
    g.hashes.push(run.hash);
  }
  const all = [...groups.values()];
  const conditions: ConditionSummary[] = all.map((g) => {
    const got = g.hashes.map((h) => byRun.get(h)).filter((r): r is StudyResultRow => r !== undefined);
    got.sort((a, b) => (a.seed ?? -1) - (b.seed ?? -1));
    const successes = got.reduce((a, r) => a + r.successes, 0);
    const episodes = got.reduce((a, r) => a + r.eval_episodes, 0);
    const controlled = g.control === null ? null : all.find((x) => x.kind === 'train' && x.control === null && x.scenario === g.scenario && x.controller === g.controller && x.variation === g.variation);
    return {
      kind: g.kind,
      scenario: g.scenario,
      controller: got[0]?.controller ?? g.controller,
      condition: g.condition,
      control: g.control,
      control_of: controlled?.condition ?? null,
      seeds: got.map((r) => r.seed),
      runs_planned: g.hashes.length,
      runs_done: got.length,
      successes,
      episodes,
      success_wilson: wilson(successes, episodes),
      metrics: Object.fromEntries(plan.spec.metrics.map((m) => [m, meanInterval(got.map((r) => metricOf(r, m)), isRateMetric(m))])),
      curve: meanCurve(got),
    };
  });
  return {
    format: 'spikeloop-study-summary',
    version: 1,
    study: plan.spec.study,
    metrics: plan.spec.metrics,
    evaluation: { seed: plan.spec.evaluation.seed, episodes: plan.spec.evaluation.episodes },
    runs: plan.runs.length,
    runs_done: plan.runs.filter((r) => byRun.has(r.hash)).length,
    conditions,
  };
}

function meanCurve(rows: readonly StudyResultRow[]): ConditionSummary['curve'] {
  const at = new Map<number, number[]>();
  for (const r of rows) for (const p of r.validation) (at.get(p.episodes_done) ?? at.set(p.episodes_done, []).get(p.episodes_done)!).push(p.success_rate);
  return [...at.entries()].sort(([a], [b]) => a - b).map(([episodes_done, v]) => ({ episodes_done, success_rate: v.reduce((a, b) => a + b, 0) / v.length, seeds: v.length }));
}
