/**
 * Runs one study run in a working directory: for 'train', `spikeloop train` from the run's seed
 * (checkpoints in the directory, so a killed run resumes from its last finished round; its
 * perturbations and reward control as train's `perturb` and `control`), then the trained
 * weights, frozen (plasticity off, whatever the scenario's mode), on the study's held-out
 * episodes with the same perturbations; for 'baseline', the scenario's baseline on the same
 * episodes (intact body). Episodes run in the calling thread: the caller runs several
 * runs at once in separate threads or processes, one run per thread.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentCatalog } from '../catalog.js';
import { findScenarioIn } from '../catalog.js';
import { createEpisodePool } from '../episodePool.js';
import { evaluateController } from '../evaluate.js';
import { resolveController } from '../resolveController.js';
import { trainController } from '../train.js';
import { trainingFiles } from '../trainingCheckpoint.js';
import type { ValidationPoint } from '../trainingCheckpoint.js';
import type { StudyRun } from './studyRun.js';
import type { StudyRunOutput } from './studyResult.js';
import { resultRow } from './studyResult.js';

export interface ExecuteRunOptions {
  readonly catalog: ExperimentCatalog;
  /** Holds the run's training files (created if missing; a checkpoint in it is resumed). */
  readonly workDir: string;
  readonly signal?: AbortSignal;
  /** Training episodes done of all (after each round). */
  readonly onProgress?: (done: number, total: number) => void;
}

export async function executeRun(run: StudyRun, o: ExecuteRunOptions): Promise<StudyRunOutput> {
  const r = run.spec;
  const scenario = findScenarioIn(o.catalog, r.scenario);
  mkdirSync(o.workDir, { recursive: true });
  // A controller file travels as text: write it where this process can read it.
  let controllerArg: string | undefined;
  if (r.controller?.file) {
    controllerArg = join(o.workDir, r.controller.file.basename);
    if (!existsSync(controllerArg) || readFileSync(controllerArg, 'utf8') !== r.controller.file.text) writeFileSync(controllerArg, r.controller.file.text);
  } else if (r.controller) controllerArg = r.controller.name;
  const perturbOnly = r.perturb.length > 0 ? { perturb: r.perturb } : {};
  const pool = await createEpisodePool({ workers: 1, catalog: o.catalog });
  const signal = o.signal ? { signal: o.signal } : {};
  try {
    if (r.kind === 'baseline' || r.training === null) {
      const resolved = resolveController(controllerArg ?? scenario.controllers.baseline, scenario, r.evaluation.seed, { catalog: o.catalog });
      const ev = await evaluateController({ scenario, controller: resolved.controller, label: resolved.source, episodes: r.evaluation.episodes, seed: r.evaluation.seed, pool, learning: false, ...signal, ...perturbOnly });
      return { row: resultRow(run, r.controller?.name ?? scenario.controllers.baseline, ev.summary, []), trained: null };
    }
    const seed = r.seed ?? 0;
    const files = trainingFiles(o.workDir);
    const resume = existsSync(files.last);
    const t = r.training;
    const trained = await trainController({
      scenario,
      catalog: o.catalog,
      outDir: o.workDir,
      ...(resume ? { resume: true } : controllerArg !== undefined ? { controller: controllerArg } : {}),
      episodes: t.episodes,
      seed,
      pool,
      ...(t.validate_every !== null ? { validateEvery: t.validate_every } : {}),
      ...(t.validate_episodes !== null ? { validateEpisodes: t.validate_episodes } : {}),
      evalEpisodes: 0,
      baseline: false,
      commandLine: `(study '${r.study}', run ${run.hash})`,
      ...signal,
      ...(o.onProgress ? { onStart: (st) => o.onProgress!(st.episodes_done, st.episodes_total), onRound: (x) => o.onProgress!(x.episodesDone, x.episodes) } : {}),
      ...perturbOnly,
      ...(r.control !== null ? { control: r.control } : {}),
    });
    if (trained.interrupted) throw new Error(`run ${run.hash} was interrupted`);
    const final = resolveController(files.last, scenario, seed, { catalog: o.catalog });
    const ev = await evaluateController({ scenario, controller: final.controller, label: 'trained (last.json)', episodes: r.evaluation.episodes, seed: r.evaluation.seed, pool, learning: false, ...signal, ...perturbOnly });
    const validation: readonly ValidationPoint[] = trained.state.validation;
    return { row: resultRow(run, r.controller?.name ?? scenario.controllers.spiking, ev.summary, validation), trained: readFileSync(files.last, 'utf8') };
  } finally {
    await pool.close();
  }
}
