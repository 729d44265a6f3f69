/**
 * The episode runner: resets body, task and controller from one seed and runs `controlTick`
 * (controlTick.ts) in simulated time, as fast as the machine allows, until the task ends the
 * episode. A NaN observation (physics blow-up) ends the episode with an error record instead of
 * throwing, so a training run can log it and go on; any other exception is a bug and propagates.
 */
import type { Body } from './body.js';
import type { Controller, ControllerActivity } from './controller.js';
import type { LoopProfile, LoopState } from './controlTick.js';
import { controlTick, createLoop, NonFiniteObservationError } from './controlTick.js';
import type { Task } from './task.js';

export interface EpisodeOptions {
  readonly seed: number;
  readonly controlRate_Hz: number;
  /** Accumulate per-phase wall time (see LoopProfile). @default false */
  readonly profile?: boolean;
  /** Called after every tick (recorders, progress). */
  readonly onTick?: (s: LoopState) => void;
  /** Safety net against a task that never ends. @default 10 000 000 */
  readonly maxSteps?: number;
}

export type EpisodeOutcome = 'terminated' | 'truncated' | 'error';

export interface EpisodeResult {
  readonly seed: number;
  readonly outcome: EpisodeOutcome;
  /** Why the episode failed (outcome 'error'). */
  readonly error?: string;
  readonly steps: number;
  /** Simulated time (s). */
  readonly duration_s: number;
  readonly return: number;
  /** Sum of each reward term over the episode. */
  readonly rewardTerms: Readonly<Record<string, number>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly activity: ControllerActivity;
  readonly profile?: LoopProfile;
}

/** Makes the episode's task once the body has been reset with `seed` (it may read the world). */
export type TaskFactory = (body: Body, seed: number) => Task;

export function runEpisode(body: Body, controller: Controller, makeTask: TaskFactory, opts: EpisodeOptions): EpisodeResult {
  body.reset(opts.seed);
  controller.reset(opts.seed);
  const task = makeTask(body, opts.seed);
  const s = createLoop(body, controller, task, { controlRate_Hz: opts.controlRate_Hz, profile: opts.profile ?? false });
  const maxSteps = opts.maxSteps ?? 10_000_000;
  let error: string | undefined;
  try {
    while (controlTick(s) === 'running') {
      opts.onTick?.(s);
      if (s.steps >= maxSteps) throw new RangeError(`runEpisode: no end after ${maxSteps} control steps; wrap the task in a time limit`);
    }
  } catch (e) {
    if (!(e instanceof NonFiniteObservationError)) throw e;
    error = e.message;
  }
  return {
    seed: opts.seed,
    outcome: error !== undefined ? 'error' : s.status === 'truncated' ? 'truncated' : 'terminated',
    ...(error !== undefined ? { error } : {}),
    steps: s.steps,
    duration_s: s.t_s,
    return: s.return,
    rewardTerms: { ...s.termTotals },
    metrics: task.metrics(),
    activity: controller.activity?.() ?? { steps: s.steps, spikes: 0, synOps: 0 },
    ...(s.profile !== null ? { profile: { ...s.profile } } : {}),
  };
}
