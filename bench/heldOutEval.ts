/**
 * What every learning-bench row does after training: evaluate a saved controller frozen on the
 * same held-out episodes (eval split, seed 0), and, for a from-scratch row, tabulate the trained
 * checkpoint beside its last weights, its untrained start and its zero-reward control.
 */
import { join } from 'node:path';
import type { EpisodePool } from '../experiments/episodePool.js';
import { evaluateController } from '../experiments/evaluate.js';
import type { EvalSummary } from '../experiments/evalSummary.js';
import { resolveController } from '../experiments/resolveController.js';
import type { Scenario } from '../scenarios/scenario.js';
import type { BenchRow } from './suite.js';

/** Seed of the held-out evaluation episodes of every learning row. */
export const EVAL_SEED = 0;

/** The success rate's 95 % Wilson interval, as [low, high] (nulls without one). */
export const successCi95 = (s: EvalSummary): readonly [number | null, number | null] => s.success_rate_ci95 ?? [null, null];

/** `file` evaluated frozen on `episodes` held-out episodes of `scenario` (with `perturb` applied). */
export async function evalFile(pool: EpisodePool, scenario: Scenario, file: string, episodes: number, label: string, perturb: readonly string[] = []): Promise<EvalSummary> {
  const { controller } = resolveController(file, scenario, EVAL_SEED);
  return (await evaluateController({ scenario, controller, label, episodes, seed: EVAL_SEED, pool, learning: false, ...(perturb.length > 0 ? { perturb } : {}) })).summary;
}

export interface ScratchRunDirs {
  /** The training run (best.json, last.json, initial.json). */
  readonly dir: string;
  /** The same training with the reward replaced by zero (last.json). */
  readonly zeroDir: string;
}

/** The row of a from-scratch training: best.json's held-out success with its interval beside last.json, the untrained start and the zero-reward control. */
export async function scratchLearningRow(
  pool: EpisodePool,
  o: { readonly case: string; readonly scenario: Scenario; readonly file: string; readonly seed: number; readonly episodes: number; readonly evalEpisodes: number; readonly trainWall_s: number } & ScratchRunDirs,
): Promise<BenchRow> {
  // best.json: the checkpoint with the best frozen validation (eval-split seeds k ≥ 1 000 000, never the held-out ones).
  const trained = await evalFile(pool, o.scenario, join(o.dir, 'best.json'), o.evalEpisodes, 'trained');
  const last = await evalFile(pool, o.scenario, join(o.dir, 'last.json'), o.evalEpisodes, 'trained (last)');
  const untrained = await evalFile(pool, o.scenario, join(o.dir, 'initial.json'), o.evalEpisodes, 'untrained');
  const zero = await evalFile(pool, o.scenario, join(o.zeroDir, 'last.json'), o.evalEpisodes, 'zero-reward control');
  return {
    case: o.case,
    scenario: o.scenario.id,
    controller: o.file,
    train_seed: o.seed,
    train_episodes: o.episodes,
    eval_seed: EVAL_SEED,
    eval_episodes: o.evalEpisodes,
    success: trained.success_rate,
    success_ci95_low: successCi95(trained)[0],
    success_ci95_high: successCi95(trained)[1],
    last_success: last.success_rate,
    untrained_success: untrained.success_rate,
    zero_reward_success: zero.success_rate,
    zero_reward_ci95_low: successCi95(zero)[0],
    zero_reward_ci95_high: successCi95(zero)[1],
    collision_rate: trained.collision_rate,
    mean_time_to_goal_s: trained.mean_time_to_goal_s,
    train_wall_s: o.trainWall_s,
  };
}
