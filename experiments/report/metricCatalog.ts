/**
 * What the report knows about the fields of an evaluation summary: a readable label, a unit,
 * how to format a value, and which few matter on the first screen. Key names are unified first
 * (`rewardTerms.x` of an episode result and `reward_terms.x` of a summary are one field), so
 * the tables and charts never show both spellings.
 *
 * The first screen's short list (keyMetrics) is: success (with a Wilson 95 % interval),
 * episodes with a collision, time to goal, the task's energy, the closest clearance or the
 * tracking error (whichever the scenario measures), spikes and effective synaptic operations per
 * control step — each only if some controller has a value for it.
 */
import type { EvalSummary } from '../evalSummary.js';
import { joulePrefix } from '../../controllers/metrics/formatNeuroSummary.js';

/** Wilson score interval (95 %, z = 1.96) of k successes in n trials; null for n = 0. */
export function wilson(k: number, n: number, z = 1.959964): { readonly low: number; readonly high: number } | null {
  if (!(n > 0)) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Exact bounds at the ends (the formula gives 1 − 1e-16 for k = n).
  return { low: k <= 0 ? 0 : Math.max(0, centre - half), high: k >= n ? 1 : Math.min(1, centre + half) };
}

/** One key per field: camelCase groups of episode results become the summaries' snake_case. */
export function unifiedKey(name: string): string {
  return name.replace(/^rewardTerms\./, 'reward_terms.').replace(/^activity\.synOps$/, 'activity.synaptic_ops');
}

export type MetricFormat = 'percent' | 'number' | 'integer' | 'bytes' | 'energy';

export interface MetricInfo {
  readonly label: string;
  /** Unit shown with the label ('' for counts and ratios without one). */
  readonly unit: string;
  readonly format: MetricFormat;
}

const KNOWN: Readonly<Record<string, MetricInfo>> = {
  success_rate: { label: 'success', unit: '%', format: 'percent' },
  collision_rate: { label: 'episodes with a collision', unit: '%', format: 'percent' },
  mean_reward: { label: 'return per episode', unit: 'reward', format: 'number' },
  mean_time_to_goal_s: { label: 'time to goal, successes only', unit: 's', format: 'number' },
  mean_steps: { label: 'control steps per episode', unit: 'steps', format: 'number' },
  errors: { label: 'episodes ended by an error', unit: 'episodes', format: 'integer' },
  spikes_per_step: { label: 'spikes per control step', unit: 'spikes/step', format: 'number' },
  synops_per_step: { label: 'synaptic events per control step (all)', unit: 'events/step', format: 'number' },
  synaptic_ops_per_step: { label: 'synaptic ops per control step', unit: 'ops/step', format: 'number' },
  dense_macs_per_step: { label: 'dense MACs per control step (equivalent ANN)', unit: 'MACs/step', format: 'number' },
  neuron_updates_per_step: { label: 'neuron updates per control step', unit: 'updates/step', format: 'number' },
  synaptic_updates_per_step: { label: 'plastic synapse updates per control step', unit: 'updates/step', format: 'number' },
  input_spikes_per_step: { label: 'input (encoder) spikes per control step', unit: 'spikes/step', format: 'number' },
  activation_sparsity: { label: 'activation sparsity', unit: '%', format: 'percent' },
  connection_sparsity: { label: 'connection sparsity', unit: '%', format: 'percent' },
  synapses: { label: 'synapses', unit: '', format: 'integer' },
  nonzero_synapses: { label: 'non-zero synapses', unit: '', format: 'integer' },
  parameter_bytes: { label: 'parameter memory', unit: 'bytes', format: 'bytes' },
  state_bytes: { label: 'state memory', unit: 'bytes', format: 'bytes' },
  footprint_bytes: { label: 'memory footprint', unit: 'bytes', format: 'bytes' },
  snn_dt_ms: { label: 'SNN time step', unit: 'ms', format: 'number' },
  snn_steps_per_step: { label: 'SNN steps per control step', unit: 'steps', format: 'number' },
  'metrics.success': { label: 'success (episode mean)', unit: '%', format: 'percent' },
  'metrics.collisions': { label: 'collisions per episode', unit: 'collisions', format: 'number' },
  'metrics.time_to_goal_s': { label: 'time to goal, episodes reaching it', unit: 's', format: 'number' },
  'metrics.min_clearance_m': { label: 'closest clearance to an obstacle', unit: 'm', format: 'number' },
  'metrics.path_length_m': { label: 'path length', unit: 'm', format: 'number' },
  'metrics.energy': { label: 'effort, ∫ thrust dt', unit: 'N·s', format: 'number' },
  return: { label: 'return', unit: 'reward', format: 'number' },
  steps: { label: 'control steps', unit: 'steps', format: 'integer' },
  duration_s: { label: 'duration', unit: 's', format: 'number' },
  'activity.spikes': { label: 'spikes in the episode', unit: 'spikes', format: 'integer' },
  'activity.synaptic_ops': { label: 'synaptic events in the episode', unit: 'events', format: 'integer' },
  'activity.steps': { label: 'controller steps', unit: 'steps', format: 'integer' },
};

/** Label, unit and format of a (unified) field name; unknown fields get a unit from their suffix. */
export function metricInfo(name: string, scenario = ''): MetricInfo {
  const key = unifiedKey(name);
  // The arm scenarios integrate |joint torque| instead of thrust.
  if (key === 'metrics.energy' && scenario.startsWith('arm')) return { label: 'effort, ∫ |torque| dt', unit: 'N·m·s', format: 'number' };
  const known = KNOWN[key];
  if (known) return known;
  const leaf = key.replace(/^(metrics|reward_terms)\./, '');
  if (key.startsWith('reward_terms.')) return { label: `reward term: ${leaf.replace(/_/g, ' ')}`, unit: 'reward', format: 'number' };
  const suffix: ReadonlyArray<readonly [RegExp, string]> = [
    [/_m$/, 'm'],
    [/_rad$/, 'rad'],
    [/_s$/, 's'],
    [/_ms$/, 'ms'],
    [/_j$/i, 'J'],
    [/_Nms$/, 'N·m·s'],
  ];
  for (const [re, unit] of suffix) if (re.test(leaf)) return { label: leaf.replace(re, '').replace(/_/g, ' '), unit, format: 'number' };
  return { label: leaf.replace(/_/g, ' '), unit: '', format: 'number' };
}

/** "label (unit)" for an axis or a table row. */
export function labelWithUnit(name: string, scenario = ''): string {
  const m = metricInfo(name, scenario);
  return m.unit === '' ? m.label : `${m.label} (${m.unit})`;
}

/** A number with 3 significant digits, grouped thousands, no exponent above 10⁻³. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a < 1e-3) {
    const [m, e] = v.toExponential(2).split('e');
    const sup: Record<string, string> = { '-': '⁻', '+': '', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
    return `${Number(m)}×10${[...e!].map((c) => sup[c] ?? c).join('')}`;
  }
  return String(Number(v.toPrecision(3)));
}

/** Joules with an SI prefix (µJ, nJ…), 3 significant digits without trailing zeros. */
export function formatEnergy(j: number): string {
  if (!Number.isFinite(j)) return '—';
  if (j === 0) return '0 J';
  const [scale, unit] = joulePrefix(j);
  return `${Number((j / scale).toPrecision(3))} ${unit}`;
}

/** A value formatted for a table cell by its field's format (the unit is in the row label). */
export function formatMetric(name: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const f = metricInfo(name).format;
  if (f === 'percent') return `${Number((100 * v).toPrecision(3))}`;
  if (f === 'integer') return Math.round(v).toLocaleString('en-US');
  if (f === 'bytes') return Math.round(v).toLocaleString('en-US');
  if (f === 'energy') return formatEnergy(v);
  return formatNumber(v);
}

/** Summary fields on the first screen, in order (the first one a scenario has of each group). */
const KEY_GROUPS: ReadonlyArray<readonly string[]> = [
  ['success_rate'],
  ['collision_rate'],
  ['mean_time_to_goal_s'],
  ['metrics.energy'],
  ['metrics.min_clearance_m', 'metrics.tracking_error_m', 'metrics.tracking_error_rad'],
  ['metrics.tracking_error_m', 'metrics.tracking_error_rad'],
  ['spikes_per_step'],
  ['synaptic_ops_per_step'],
];

/** A summary's field by dotted name (null if absent or not a number). */
export function summaryValue(s: EvalSummary, name: string): number | null {
  let o: unknown = s;
  for (const part of name.split('.')) {
    if (o === null || typeof o !== 'object') return null;
    o = (o as Record<string, unknown>)[part];
  }
  return typeof o === 'number' && Number.isFinite(o) ? o : null;
}

/** The first screen's fields for these summaries: each group's first field some controller has. */
export function keyMetrics(summaries: readonly EvalSummary[]): string[] {
  const out: string[] = [];
  const has = (name: string) => summaries.some((s) => summaryValue(s, name) !== null);
  for (const group of KEY_GROUPS) {
    const f = group.find((n) => has(n) && !out.includes(n));
    if (f) out.push(f);
  }
  // A spiking controller's activity, even when it is 0 for a non-spiking baseline.
  return out;
}
