/**
 * One episode of a scenario with a controller: the scenario's body (built once and reused across
 * episodes by the caller), its task and control rate, and the loop's episode runner.
 */
import type { Body } from '../loop/body.js';
import type { Controller } from '../loop/controller.js';
import type { EpisodeResult } from '../loop/runEpisode.js';
import { runEpisode } from '../loop/runEpisode.js';
import type { LoopState } from '../loop/controlTick.js';
import type { Scenario } from './scenario.js';

export interface ScenarioEpisodeOptions {
  readonly seed: number;
  readonly profile?: boolean;
  readonly onTick?: (s: LoopState) => void;
}

export function runScenarioEpisode(scenario: Scenario, body: Body, controller: Controller, opts: ScenarioEpisodeOptions): EpisodeResult {
  return runEpisode(body, controller, (b, seed) => scenario.createTask(b, seed), {
    seed: opts.seed,
    controlRate_Hz: scenario.controlRate_Hz,
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    ...(opts.onTick ? { onTick: opts.onTick } : {}),
    // A generous net under the task's own time limit.
    maxSteps: Math.ceil(scenario.timeLimit_s * scenario.controlRate_Hz * 2) + 10,
  });
}
