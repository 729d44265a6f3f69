/**
 * What one run of a study yields: one row of results.jsonl. Only what the run's spec determines
 * goes in (no wall times, no host names, no paths), so the same run gives the same row on any
 * machine, with any number of workers. `successes` out of `eval_episodes` is what the Wilson
 * intervals across episodes pool; `validation` is the run's learning curve (held-out
 * validation after each validated round; the first point is the untrained weights).
 */
import type { EvalSummary } from '../evalSummary.js';
import type { ValidationPoint } from '../trainingCheckpoint.js';
import type { StudyRun } from './studyRun.js';

export interface StudyResultRow {
  readonly run: string;
  readonly kind: 'train' | 'baseline';
  readonly study: string;
  readonly scenario: string;
  readonly controller: string;
  readonly condition: string;
  readonly control: string | null;
  readonly perturb: readonly string[];
  readonly seed: number | null;
  readonly training_episodes: number | null;
  readonly eval_seed: number;
  readonly eval_episodes: number;
  readonly successes: number;
  readonly success_rate: number;
  readonly collision_rate: number;
  readonly mean_reward: number;
  readonly mean_time_to_goal_s: number | null;
  readonly errors: number;
  readonly mean_steps: number;
  readonly spikes_per_step: number;
  readonly synops_per_step: number;
  /** Means of the scenario's own metrics over the held-out episodes. */
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly validation: ReadonlyArray<Pick<ValidationPoint, 'episodes_done' | 'success_rate' | 'mean_reward'>>;
  readonly spikeloop: string;
  readonly node: number;
}

/** What a run returns to whoever ran it: its row and the trained weights (last.json text; null for a baseline). */
export interface StudyRunOutput {
  readonly row: StudyResultRow;
  readonly trained: string | null;
}

/** JSON has no NaN: non-finite numbers become null. */
function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function resultRow(run: StudyRun, controller: string, s: EvalSummary, validation: readonly ValidationPoint[]): StudyResultRow {
  const r = run.spec;
  return {
    run: run.hash,
    kind: r.kind,
    study: r.study,
    scenario: r.scenario,
    controller,
    condition: r.condition,
    control: r.control,
    perturb: r.perturb,
    seed: r.seed,
    training_episodes: r.training?.episodes ?? null,
    eval_seed: r.evaluation.seed,
    eval_episodes: s.episodes,
    successes: Math.round(s.success_rate * s.episodes),
    success_rate: s.success_rate,
    collision_rate: s.collision_rate,
    mean_reward: s.mean_reward,
    mean_time_to_goal_s: finiteOrNull(s.mean_time_to_goal_s),
    errors: s.errors,
    mean_steps: s.mean_steps,
    spikes_per_step: s.spikes_per_step,
    synops_per_step: s.synops_per_step,
    metrics: Object.fromEntries(Object.entries(s.metrics).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, finiteOrNull(v)])),
    validation: validation.map((p) => ({ episodes_done: p.episodes_done, success_rate: p.success_rate, mean_reward: p.mean_reward })),
    spikeloop: r.spikeloop,
    node: r.node,
  };
}
