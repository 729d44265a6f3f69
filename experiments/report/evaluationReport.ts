/**
 * The report of `spikeloop eval --report <file>`: the evaluated controller and, unless it is the
 * baseline itself or `baseline` is false, the scenario's baseline controller on the same held-out
 * seeds; per-episode metrics of both; a raster of evaluation episode k re-run with a spike
 * recorder (a spiking controller only; the same weights and seed give the same episode); the
 * controller's learned parameters.
 */
import type { PresetController } from '../../controllers/presets/preset.js';
import type { Scenario } from '../../scenarios/scenario.js';
import type { ExperimentCatalog } from '../catalog.js';
import type { EpisodePool } from '../episodePool.js';
import type { Evaluation } from '../evaluate.js';
import { evalJob, evalSeeds, evaluateController } from '../evaluate.js';
import { resolveController } from '../resolveController.js';
import { RASTER_MAX_SPIKES } from '../train.js';
import type { EvaluatedController } from './reportInput.js';
import type { WrittenReport } from './writeReport.js';
import { writeReport } from './writeReport.js';
import { parameterUnits } from './parameterUnits.js';
import { outcomeOf } from './trajectory.js';

export interface EvaluationReportOptions {
  readonly file: string;
  readonly scenario: Scenario;
  readonly catalog: ExperimentCatalog;
  readonly controller: PresetController;
  /** How the controller was given (`file 'best.json'`, `preset '…' (untrained)`). */
  readonly source: string;
  /** The controller's evaluation, already run. */
  readonly evaluation: Evaluation;
  readonly seed: number;
  readonly pool: EpisodePool;
  /** Evaluate the scenario's baseline too (skipped when the controller is that preset). */
  readonly baseline: boolean;
  /** Evaluation episode shown in the raster (0 ≤ k < episodes). */
  readonly rasterEpisode: number;
  readonly commandLine: string;
  readonly signal?: AbortSignal;
}

export async function writeEvaluationReport(o: EvaluationReportOptions): Promise<WrittenReport> {
  const episodes = o.evaluation.summary.episodes;
  const k = o.rasterEpisode;
  if (!(Number.isSafeInteger(k) && k >= 0 && k < episodes)) throw new RangeError(`raster episode: expected 0 … ${episodes - 1} (one of the ${episodes} evaluation episodes), got ${k}`);
  const signal = o.signal ? { signal: o.signal } : {};
  const baselineId = o.scenario.controllers.baseline;
  // The baseline and the raster episode run on the evaluated body (its perturbations, if any).
  const perturb = o.evaluation.summary.perturb ?? [];
  const pb = perturb.length > 0 ? { perturb } : {};
  let baseline: Evaluation | null = null;
  if (o.baseline && o.controller.preset !== baselineId) {
    const controller = resolveController(baselineId, o.scenario, o.seed, { catalog: o.catalog }).controller;
    baseline = await evaluateController({ scenario: o.scenario, controller, label: `baseline (${baselineId})`, episodes, seed: o.seed, pool: o.pool, ...signal, ...pb });
  }
  const rasterSeed = evalSeeds(o.seed, 1, k)[0]!;
  let spikes = null;
  let path = null;
  if (o.controller.network) {
    const job = { ...evalJob(o.scenario, o.controller, [rasterSeed], undefined, { learning: o.evaluation.summary.learning, ...pb }), record: { maxSpikes: RASTER_MAX_SPIKES } };
    const run = (await o.pool.run(job, signal))[0]!;
    spikes = run.spikes ?? null;
    path = run.path ? { path: run.path, outcome: outcomeOf(run.result), title: `Path of ${o.source}, evaluation episode k = ${k} (seed ${rasterSeed})` } : null;
  }
  const evaluated = (e: Evaluation): EvaluatedController => ({ summary: e.summary, results: e.runs.map((r) => r.result) });
  const s = o.evaluation.summary;
  return writeReport(o.file, {
    kind: 'evaluation',
    scenario: o.scenario.id,
    facts: [
      ['scenario', o.scenario.id],
      ['controller', `${o.source} (preset '${o.controller.preset}')`],
      ['baseline', baseline ? `${baselineId}, on the same seeds` : o.controller.preset === baselineId ? 'the evaluated controller is the baseline' : 'not evaluated (--no-baseline)'],
      ['seeds', `seed ${o.seed}: episode k on episodeSeed(${o.seed}, 'eval', k), k < ${episodes} (never used in training)`],
      ...(perturb.length > 0 ? [['body', `perturbed: ${perturb.join(', ')} (every episode, the baseline's too)`] as [string, string]] : []),
      ['command line', o.commandLine],
    ],
    evaluations: [o.evaluation, ...(baseline ? [baseline] : [])].map(evaluated),
    evaluationNote: `${episodes} held-out episodes per controller (eval seeds k = 0 … ${episodes - 1}, the same for every controller); plasticity ${s.learning ? 'on within each episode, weights reset before each' : 'off (weights frozen)'}.`,
    raster: spikes ? { spikes, title: `Spikes of ${o.source}, evaluation episode k = ${k} (seed ${rasterSeed})` } : null,
    trajectory: path,
    weights: { before: null, after: o.controller.parameters(), units: parameterUnits(o.controller.network) },
  });
}
