/**
 * The files of a training run in its output directory, and the training state kept in the
 * `meta` of `last.json` (a saved controller, controllerFile.ts) so that `--resume` continues
 * exactly where the run stopped:
 *
 *   meta.training = { format: 'spikeloop-training', version: 1, scenario, seed,
 *                     episodes_total, episodes_done, rounds_done, batch,
 *                     validate_every, validate_episodes, validation: [point…], best: point | null,
 *                     started_from, perturb?: [spec…], control?: 'zero-reward' | … }
 *
 * Episode seeds derive from (seed, episode index), so no random-generator state is needed: the
 * weights, the counters and the validation history are the whole state. `best.json` and
 * `initial.json` (the controller before training) carry the same meta.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { SavedController } from '../controllers/presets/controllerFile.js';
import { SpecError, issueText, toSpecIssues } from '../controllers/network/specIssues.js';
import { REWARD_CONTROLS } from './rewardControl.js';

export const TRAINING_FORMAT = 'spikeloop-training';
export const TRAINING_VERSION = 1;

export interface TrainingFiles {
  readonly dir: string;
  readonly last: string;
  readonly best: string;
  readonly initial: string;
  readonly curve: string;
  readonly report: string;
  readonly eval: string;
}

export function trainingFiles(dir: string): TrainingFiles {
  return {
    dir,
    last: join(dir, 'last.json'),
    best: join(dir, 'best.json'),
    initial: join(dir, 'initial.json'),
    curve: join(dir, 'curve.csv'),
    report: join(dir, 'report.html'),
    eval: join(dir, 'eval.json'),
  };
}

const validationPointSchema = z.strictObject({
  round: z.number().int().nonnegative(),
  episodes_done: z.number().int().nonnegative(),
  success_rate: z.number(),
  mean_reward: z.number(),
  errors: z.number().int().nonnegative(),
});

/** A held-out validation of the weights after `round` rounds (0 = before training). */
export type ValidationPoint = z.infer<typeof validationPointSchema>;

const trainingStateSchema = z.strictObject({
  format: z.literal(TRAINING_FORMAT),
  version: z.literal(TRAINING_VERSION),
  scenario: z.string(),
  seed: z.number().int().nonnegative(),
  episodes_total: z.number().int().positive(),
  episodes_done: z.number().int().nonnegative(),
  rounds_done: z.number().int().nonnegative(),
  batch: z.number().int().positive(),
  validate_every: z.number().int().positive(),
  validate_episodes: z.number().int().positive(),
  validation: z.array(validationPointSchema),
  best: validationPointSchema.nullable(),
  started_from: z.string(),
  /** Body perturbations of every episode of the run (absent: the intact body). */
  perturb: z.array(z.string()).optional(),
  /** The gain the starting controller's innate map was scaled by (absent: as built). */
  innate_gain: z.number().nonnegative().optional(),
  /** The reward control the run trained with (absent: the task's reward). */
  control: z.enum(REWARD_CONTROLS).optional(),
});

export type TrainingState = z.infer<typeof trainingStateSchema>;

/** The meta written with a checkpoint: a short summary and the full training state. */
export function checkpointMeta(s: TrainingState): Record<string, unknown> {
  return { scenario: s.scenario, episodes_trained: s.episodes_done, seed: s.seed, round: s.rounds_done, training: s };
}

/** The training state in a checkpoint's meta; errors name the file and field. */
export function trainingStateOf(saved: SavedController, source: string): TrainingState {
  const t = saved.meta?.training;
  if (t === undefined) throw new SpecError(source, [{ path: 'meta.training', message: 'missing: this controller file is not a training checkpoint (last.json of spikeloop train)' }]);
  const r = trainingStateSchema.safeParse(t, { error: issueText });
  if (!r.success) throw new SpecError(source, toSpecIssues(r.error.issues, saved, ['meta', 'training']));
  if (r.data.episodes_done > r.data.episodes_total) throw new SpecError(source, [{ path: 'meta.training.episodes_done', message: `${r.data.episodes_done} exceeds episodes_total ${r.data.episodes_total}` }]);
  return r.data;
}

/** Whether validation `a` beats `b`: higher success rate, then higher mean reward. */
export function isBetter(a: ValidationPoint, b: ValidationPoint | null): boolean {
  if (b === null) return true;
  return a.success_rate > b.success_rate || (a.success_rate === b.success_rate && a.mean_reward > b.mean_reward);
}
