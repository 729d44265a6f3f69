/**
 * A scenario: a body built from data, a task that judges it (reward terms and metrics), and the
 * settings an experiment on it needs — registered by a versioned id (`drone-forest-v1`).
 * Changed behaviour gets a new version; an id never changes meaning.
 */
import type { Body } from '../loop/body.js';
import type { BodyKind } from '../loop/bodyKind.js';
import type { SceneDescription } from '../loop/sceneDescription.js';
import type { Task } from '../loop/task.js';

export type { BodyKind } from '../loop/bodyKind.js';

/**
 * When plasticity is on: `train-only` controllers learn in `train` and are frozen in `eval` and
 * `run`; `online` controllers (adaptive reflexes) keep learning within every episode.
 */
export type PlasticityMode = 'train-only' | 'online';

export interface Scenario {
  /** Versioned id, e.g. 'drone-forest-v1'. */
  readonly id: string;
  /** One line for `spikeloop list`. */
  readonly summary: string;
  readonly bodyKind: BodyKind;
  /** Control rate of the loop (Hz). */
  readonly controlRate_Hz: number;
  /** Episode time limit (s of simulated time); the task reports 'truncated' after it. */
  readonly timeLimit_s: number;
  /** Preset ids: the default spiking controller and the non-spiking baseline. */
  readonly controllers: { readonly spiking: string; readonly baseline: string };
  readonly training: {
    /** Recommended number of training episodes (`train` without `--episodes`). */
    readonly episodes: number;
    /** Episodes run from the same weights per round, whose weight changes are summed. */
    readonly batch: number;
    readonly plasticity: PlasticityMode;
  };
  /** A new body (one per worker); `reset(seed)` rebuilds its world for an episode. */
  createBody(): Body;
  /**
   * The task for the episode `seed`, made right after `body.reset(seed)`; ends by `timeLimit_s`.
   * The body may come wrapped (sensor noise, latency, recording): a task that reads ground truth
   * finds its body class under the wrappers (`findBodyLayer`, quadrotorOf.ts). The project's
   * scenarios are made by `defineScenario`, which adds the time limit to their own judgement.
   */
  createTask(body: Body, seed: number): Task;
  /** What a viewer or recording draws for episode `seed` beyond the body's world (the goal). @default nothing */
  describeScene?(seed: number): SceneDescription;
}
