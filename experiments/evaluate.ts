/**
 * Evaluation: N episodes of a controller on the held-out seeds `episodeSeed(seed, 'eval', k)`,
 * k = 0 … N−1, every episode from the same weights. Plasticity follows the scenario: frozen for
 * 'train-only' scenarios, on within each episode for 'online' ones (adaptive reflexes), the
 * weights going back to the snapshot before every episode either way. With a hardware model
 * (controllers/hardware) every episode runs on the device it describes.
 *
 * `learning` overrides the scenario's mode for any controller (`--no-learning`, `--learning`; a
 * controller without plasticity asked to learn is refused, learningSwitch.ts); `perturb` runs
 * every episode on the changed body (scenarios/perturbations), the specs checked on a body of the
 * scenario before any episode runs. The summary carries 95 % intervals (evalSummary.ts).
 */
import type { HardwareSpec } from '../controllers/hardware/hardwareSpec.js';
import { describeHardware } from '../controllers/hardware/hardwareSpec.js';
import { savedControllerOf } from '../controllers/presets/controllerFile.js';
import type { PresetController } from '../controllers/presets/preset.js';
import { episodeSeed } from '../loop/episodeSeeds.js';
import type { Scenario } from '../scenarios/scenario.js';
import type { EpisodeJob, EpisodeRun } from './episodeJob.js';
import type { EpisodePool, RunJobOptions } from './episodePool.js';
import type { EvalSummary } from './evalSummary.js';
import { summarizeEpisodes } from './evalSummary.js';
import { learningFor } from './learningSwitch.js';
import { parsePerturbations } from '../scenarios/perturbations/parsePerturbations.js';

/** Whether a scenario's controllers learn during evaluation episodes. */
export function learnsDuringEval(scenario: Scenario): boolean {
  return scenario.training.plasticity === 'online';
}

/** The held-out seeds k0 … k0+n−1 of the eval split. */
export function evalSeeds(seed: number, n: number, k0 = 0): number[] {
  return Array.from({ length: n }, (_, k) => episodeSeed(seed, 'eval', k0 + k));
}

export interface EvaluateOptions extends RunJobOptions {
  readonly scenario: Scenario;
  readonly controller: PresetController;
  /** Name for the summary (e.g. `file 'best.json'`). */
  readonly label: string;
  readonly episodes: number;
  readonly seed: number;
  readonly pool: EpisodePool;
  /** First k of the eval seeds. @default 0 */
  readonly firstEpisode?: number;
  /** Run on this hardware model. @default float weights and state */
  readonly hardware?: HardwareSpec;
  /**
   * Plasticity within each episode (weights reset before each either way). @default the
   * scenario's mode: off for 'train-only', on for 'online'. `true` on a controller without
   * plasticity throws a NoPlasticityError.
   */
  readonly learning?: boolean;
  /** Perturbation specs applied to the body, in order (`['mirror-lidar']`). @default none */
  readonly perturb?: readonly string[];
}

export interface Evaluation {
  readonly summary: EvalSummary;
  readonly runs: readonly EpisodeRun[];
}

/** Options of an evaluation job beyond the controller and seeds. */
export interface EvalJobOptions {
  /** @default learnsDuringEval(scenario) */
  readonly learning?: boolean;
  /** @default none */
  readonly perturb?: readonly string[];
}

export function evalJob(scenario: Scenario, controller: PresetController, seeds: readonly number[], hardware?: HardwareSpec, o: EvalJobOptions = {}): EpisodeJob {
  const perturb = o.perturb ?? [];
  return {
    scenarioId: scenario.id,
    controller: savedControllerOf(controller),
    seeds,
    learning: o.learning ?? learnsDuringEval(scenario),
    keepParameters: false,
    ...(hardware ? { hardware } : {}),
    ...(perturb.length > 0 ? { perturb: [...perturb] } : {}),
  };
}

/** Checks perturbation specs on a fresh body of the scenario (closed after), so a bad spec fails before any episode. */
export function checkPerturbations(scenario: Scenario, perturb: readonly string[] | undefined): void {
  if (perturb === undefined || perturb.length === 0) return;
  const body = scenario.createBody();
  try {
    parsePerturbations(perturb, { body });
  } finally {
    body.close?.();
  }
}

export async function evaluateController(o: EvaluateOptions): Promise<Evaluation> {
  if (!(Number.isSafeInteger(o.episodes) && o.episodes >= 1)) throw new RangeError(`episodes: expected an integer ≥ 1, got ${o.episodes}`);
  checkPerturbations(o.scenario, o.perturb);
  const learning = learningFor(o.controller, o.label, o.learning, learnsDuringEval(o.scenario), 'learning');
  const job = evalJob(o.scenario, o.controller, evalSeeds(o.seed, o.episodes, o.firstEpisode ?? 0), o.hardware, { learning, ...(o.perturb ? { perturb: o.perturb } : {}) });
  const runs = await o.pool.run(job, o);
  const summary = summarizeEpisodes(
    runs.map((r) => r.result),
    {
      scenario: o.scenario.id,
      controller: o.label,
      seed: o.seed,
      learning: job.learning,
      ...(o.hardware ? { hardware: describeHardware(o.hardware) } : {}),
      ...(job.perturb ? { perturb: job.perturb } : {}),
    },
    runs.map((r) => r.neuro),
  );
  return { summary, runs };
}
