/**
 * Evaluation: N episodes of a controller on the held-out seeds `episodeSeed(seed, 'eval', k)`,
 * k = 0 … N−1, every episode from the same weights. Plasticity follows the scenario: frozen for
 * 'train-only' scenarios, on within each episode for 'online' ones (adaptive reflexes), the
 * weights going back to the snapshot before every episode either way. With a hardware model
 * (controllers/hardware) every episode runs on the device it describes.
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
}

export interface Evaluation {
  readonly summary: EvalSummary;
  readonly runs: readonly EpisodeRun[];
}

export function evalJob(scenario: Scenario, controller: PresetController, seeds: readonly number[], hardware?: HardwareSpec): EpisodeJob {
  return { scenarioId: scenario.id, controller: savedControllerOf(controller), seeds, learning: learnsDuringEval(scenario), keepParameters: false, ...(hardware ? { hardware } : {}) };
}

export async function evaluateController(o: EvaluateOptions): Promise<Evaluation> {
  if (!(Number.isSafeInteger(o.episodes) && o.episodes >= 1)) throw new RangeError(`episodes: expected an integer ≥ 1, got ${o.episodes}`);
  const job = evalJob(o.scenario, o.controller, evalSeeds(o.seed, o.episodes, o.firstEpisode ?? 0), o.hardware);
  const runs = await o.pool.run(job, o);
  const summary = summarizeEpisodes(
    runs.map((r) => r.result),
    { scenario: o.scenario.id, controller: o.label, seed: o.seed, learning: job.learning, ...(o.hardware ? { hardware: describeHardware(o.hardware) } : {}) },
    runs.map((r) => r.neuro),
  );
  return { summary, runs };
}
