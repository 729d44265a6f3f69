/**
 * Aggregates of a set of episodes, as `spikeloop eval --json` prints them:
 *  - success_rate: fraction of episodes with metric success = 1;
 *  - collision_rate: fraction with at least one collision;
 *  - mean_reward: mean episode return;
 *  - mean_time_to_goal_s: mean time_to_goal_s over the successful episodes (null if none);
 *  - success_rate_ci95, collision_rate_ci95: 95 % Wilson intervals [low, high] of the rates;
 *    mean_reward_ci95, mean_time_to_goal_s_ci95: 95 % percentile-bootstrap intervals of the means
 *    (2000 resamples, seeded by the summary's seed, so the same episodes give the same interval;
 *    null when there is no value) — experiments/stats;
 *  - perturb: the body perturbations the episodes ran with (scenarios/perturbations; [] none);
 *  - spikes_per_step, synops_per_step: total spikes (synaptic operations) over total control steps;
 *  - errors: episodes that ended in an error (physics blow-up); they count as episodes;
 *  - metrics: the mean of every metric over the episodes where it is finite (null if none);
 *  - reward_terms: the mean per episode of each reward term's sum;
 *  - hardware: the hardware model the episodes ran on (null: float weights and state);
 *  - NeuroBench-style metrics of a spiking controller (controllers/metrics/neuroSummary.ts):
 *    synaptic_ops_per_step (effective: through non-zero weights), dense_macs_per_step,
 *    neuron_updates_per_step, synaptic_updates_per_step, input_spikes_per_step,
 *    activation_sparsity, connection_sparsity, synapses, nonzero_synapses, parameter_bytes,
 *    state_bytes, footprint_bytes, latency_ms (sensor event → input spike → output spike →
 *    command, distributions), energy_estimate_j / energy_estimate_j_per_step by platform — an
 *    ESTIMATE from published per-event energies, see energy_estimate_sources. Per step = per
 *    control step, as spikes_per_step. Zeros and nulls for a non-spiking controller.
 * JSON has no NaN, so every missing value is null.
 */
import type { NeuroSummary } from '../controllers/metrics/neuroSummary.js';
import { summarizeNeuroMetrics } from '../controllers/metrics/neuroSummary.js';
import type { EpisodeNeuroMetrics } from '../controllers/metrics/episodeNeuroMetrics.js';
import type { EpisodeResult } from '../loop/runEpisode.js';
import { bootstrapMeanInterval } from './stats/bootstrapMeanInterval.js';
import { wilsonInterval } from './stats/wilsonInterval.js';

/** A 95 % interval [low, high]. */
export type Interval95 = readonly [number, number];

/**
 * The NeuroBench-style fields and `hardware` are in every summary spikeloop writes; they are
 * optional in the type because eval.json files written before them lack them.
 */
export interface EvalSummary extends Partial<NeuroSummary> {
  readonly scenario: string;
  readonly controller: string;
  readonly episodes: number;
  readonly seed: number;
  /** Whether plasticity was on within each episode (the scenario's 'online' mode). */
  readonly learning: boolean;
  readonly success_rate: number;
  readonly collision_rate: number;
  readonly mean_reward: number;
  readonly mean_time_to_goal_s: number | null;
  readonly errors: number;
  readonly spikes_per_step: number;
  readonly synops_per_step: number;
  readonly mean_steps: number;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly reward_terms: Readonly<Record<string, number>>;
  readonly hardware?: string | null;
  /** 95 % Wilson interval of success_rate (absent in files written before intervals). */
  readonly success_rate_ci95?: Interval95;
  /** 95 % Wilson interval of collision_rate. */
  readonly collision_rate_ci95?: Interval95;
  /** 95 % seeded bootstrap interval of mean_reward. */
  readonly mean_reward_ci95?: Interval95 | null;
  /** 95 % seeded bootstrap interval of mean_time_to_goal_s (null without successes). */
  readonly mean_time_to_goal_s_ci95?: Interval95 | null;
  /** Body perturbations of the episodes ([] for the intact body). */
  readonly perturb?: readonly string[];
}

export interface SummaryLabels {
  readonly scenario: string;
  readonly controller: string;
  readonly seed: number;
  readonly learning: boolean;
  /** Description of the hardware model the episodes ran on. */
  readonly hardware?: string;
  /** Body perturbations the episodes ran with. */
  readonly perturb?: readonly string[];
}

function mean(xs: readonly number[]): number | null {
  return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** `neuro[k]`: the metrics of episode k (EpisodeRun.neuro), if its controller is spiking. */
export function summarizeEpisodes(
  results: readonly EpisodeResult[],
  labels: SummaryLabels,
  neuro: readonly (EpisodeNeuroMetrics | undefined)[] = [],
): EvalSummary & NeuroSummary & { readonly hardware: string | null; readonly success_rate_ci95: Interval95; readonly collision_rate_ci95: Interval95; readonly mean_reward_ci95: Interval95 | null; readonly perturb: readonly string[] } {
  const n = results.length;
  if (n === 0) throw new RangeError('summarizeEpisodes: no episodes');
  const succeeded = results.filter((r) => r.metrics.success === 1);
  const collided = results.filter((r) => (r.metrics.collisions ?? 0) > 0).length;
  const timesToGoal = succeeded.map((r) => r.metrics.time_to_goal_s ?? NaN).filter(Number.isFinite);
  const boot = { seed: labels.seed };
  const names = [...new Set(results.flatMap((r) => Object.keys(r.metrics)))];
  const terms = [...new Set(results.flatMap((r) => Object.keys(r.rewardTerms)))];
  let spikes = 0;
  let synOps = 0;
  let steps = 0;
  for (const r of results) {
    spikes += r.activity.spikes;
    synOps += r.activity.synOps;
    steps += r.activity.steps;
  }
  return {
    scenario: labels.scenario,
    controller: labels.controller,
    episodes: n,
    seed: labels.seed,
    learning: labels.learning,
    success_rate: succeeded.length / n,
    success_rate_ci95: wilsonInterval(succeeded.length, n),
    collision_rate: collided / n,
    collision_rate_ci95: wilsonInterval(collided, n),
    mean_reward: results.reduce((a, r) => a + r.return, 0) / n,
    mean_reward_ci95: bootstrapMeanInterval(results.map((r) => r.return), boot),
    mean_time_to_goal_s: mean(timesToGoal),
    mean_time_to_goal_s_ci95: bootstrapMeanInterval(timesToGoal, boot),
    errors: results.filter((r) => r.outcome === 'error').length,
    spikes_per_step: steps > 0 ? spikes / steps : 0,
    synops_per_step: steps > 0 ? synOps / steps : 0,
    mean_steps: results.reduce((a, r) => a + r.steps, 0) / n,
    metrics: Object.fromEntries(names.map((m) => [m, mean(results.map((r) => r.metrics[m] ?? NaN).filter(Number.isFinite))])),
    reward_terms: Object.fromEntries(terms.map((t) => [t, results.reduce((a, r) => a + (r.rewardTerms[t] ?? 0), 0) / n])),
    hardware: labels.hardware ?? null,
    perturb: labels.perturb ?? [],
    ...summarizeNeuroMetrics(neuro),
  };
}
