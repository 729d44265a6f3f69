/**
 * Training by rounds (`spikeloop train`). Round r runs `batch` episodes on the training seeds
 * `episodeSeed(seed, 'train', k)`, every one from the same current weights with plasticity on,
 * and sums their weight changes into the new weights, kept inside the plasticity rule's weight
 * range (batchUpdate.ts). A batch is the unit of
 * parallelism: its episodes are independent, so K worker threads give the same bits as one.
 *
 * After each round: the round's rows are appended to curve.csv; every `validateEvery` rounds
 * (and before the first and after the last) the weights are validated on a fixed set of
 * held-out seeds, `episodeSeed(seed, 'eval', 1 000 000 + k)` — eval-split seeds that
 * `spikeloop eval` (k from 0) never uses, so choosing `best.json` on them does not peek at the
 * final evaluation; `best.json` is written when the validation improves (success rate, then
 * mean reward), and `last.json` is written atomically with the whole training state
 * (trainingCheckpoint.ts). `resume` continues from last.json and truncates curve.csv to the
 * episodes it covers, giving the same files as an uninterrupted run (wall times aside); it
 * removes temporary files a killed writer left (`.last.json.<hex>.tmp`) and refuses, naming the
 * file and line, a curve.csv with fewer rows than last.json counts. The starting controller
 * file is checked like any (controllerFile.ts): a NaN or corrupted one never trains.
 *
 * An episode that ended in an error (physics blow-up) or whose parameters hold a NaN keeps its
 * row (with the reason in `error`) but not its weight change; training goes on. Aborting
 * (Ctrl-C) abandons the round in progress: last.json stays at the last finished round.
 *
 * When all rounds are done, the final weights, the initial ones and the scenario's baseline
 * controller are evaluated on the same held-out seeds (eval.json), one evaluation episode of the
 * trained controller is re-run with a spike recorder, and report.html is written with its plots
 * (experiments/report/writeReport.ts).
 *
 * Validation always runs the FROZEN controller (plasticity off, whatever the scenario's mode), so
 * the validated success is what the weights have learned, not what they learn within an episode;
 * the learning curve plots it with its 95 % Wilson interval against training episodes.
 *
 * `perturb` (scenarios/perturbations) runs every episode — training, validation, final
 * evaluation, the baseline's — on the changed body: `controller: 'intact/last.json', perturb:
 * ['mirror-lidar']` re-trains a controller trained on the intact body on the damaged one.
 * `control` (rewardControl.ts) trains with the reward replaced (zero, shuffled, negated), all
 * else identical. Both are stored in the training state (the saved controller files' meta) and
 * must match when resuming.
 *
 * With a hardware model (`hardware`, controllers/hardware) every training, validation and final
 * evaluation episode of the spiking controller runs on it: the network runs on the device
 * weights while the saved float weights learn through them (straight-through; see
 * attachHardware.ts). It is not stored in the checkpoint: give it again when resuming.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { attachHardware, hardwareHost } from '../controllers/hardware/attachHardware.js';
import type { HardwareSpec } from '../controllers/hardware/hardwareSpec.js';
import type { SavedController } from '../controllers/presets/controllerFile.js';
import { readControllerFile, restoreController, saveController, savedControllerOf } from '../controllers/presets/controllerFile.js';
import type { PresetController } from '../controllers/presets/preset.js';
import { writeFileAtomic } from '../controllers/persistence/writeFileAtomic.js';
import { removeStaleTemporaries } from '../loop/writeFileAtomic.js';
import { episodeSeed } from '../loop/episodeSeeds.js';
import type { Scenario } from '../scenarios/scenario.js';
import type { EvaluatedController } from './report/reportInput.js';
import type { WrittenReport } from './report/writeReport.js';
import { writeReport } from './report/writeReport.js';
import { parameterUnits } from './report/parameterUnits.js';
import type { ReportInput } from './report/reportInput.js';
import { outcomeOf } from './report/trajectory.js';
import type { ExperimentCatalog } from './catalog.js';
import { findPresetIn } from './catalog.js';
import type { CurveRow } from './curveCsv.js';
import { CURVE_HEADER, formatCurveRow, parseCurveCsv } from './curveCsv.js';
import { withFile } from '../loop/writeFileAtomic.js';
import { catalog as defaultCatalog } from './defaultCatalog.js';
import type { EpisodeRun, RecordedSpikes } from './episodeJob.js';
import type { EpisodePool } from './episodePool.js';
import { createEpisodePool, EpisodesAbortedError } from './episodePool.js';
import { copyParameters } from './episodeRunner.js';
import type { EvalSummary } from './evalSummary.js';
import type { Evaluation } from './evaluate.js';
import { evalJob, evalSeeds, evaluateController, learnsDuringEval } from './evaluate.js';
import type { Parameters } from './batchUpdate.js';
import { firstNonFinite, sumOfChanges } from './batchUpdate.js';
import { parameterBounds } from './parameterBounds.js';
import { resolveController } from './resolveController.js';
import { presetOfSaved } from './savedControllerPreset.js';
import type { TrainingFiles, TrainingState, ValidationPoint } from './trainingCheckpoint.js';
import { checkpointMeta, isBetter, TRAINING_FORMAT, TRAINING_VERSION, trainingFiles, trainingStateOf } from './trainingCheckpoint.js';
import { summarizeEpisodes } from './evalSummary.js';
import type { RewardControl } from './rewardControl.js';
import { isRewardControl, REWARD_CONTROLS } from './rewardControl.js';
import { checkPerturbations } from './evaluate.js';
import { applyInnateGain, NoInnateMapError } from './innateGain.js';
import { hasPlasticity } from './learningSwitch.js';

/** First k of the validation seeds in the eval split (eval uses k from 0). */
export const VALIDATION_FIRST_EPISODE = 1_000_000;
/** Most spikes recorded per population for the report's raster. */
export const RASTER_MAX_SPIKES = 200_000;

export interface TrainOptions {
  readonly scenario: Scenario;
  readonly outDir: string;
  /** @default the project's registries */
  readonly catalog?: ExperimentCatalog;
  /** Preset id or controller file to start from (not with `resume`). @default the scenario's spiking preset */
  readonly controller?: string;
  /** Training episodes in all. @default scenario.training.episodes, or the checkpoint's when resuming */
  readonly episodes?: number;
  /** @default 0, or the checkpoint's when resuming */
  readonly seed?: number;
  /** Threads when no `pool` is given. @default 1 */
  readonly workers?: number;
  /** Use this pool (not closed here). */
  readonly pool?: EpisodePool;
  readonly resume?: boolean;
  /** Validate every this many rounds. @default ceil(rounds / 5) */
  readonly validateEvery?: number;
  /** Validation episodes (frozen controller, fixed held-out seeds). @default defaultValidateEpisodes: max(30, 2 × batch) */
  readonly validateEpisodes?: number;
  /** Perturbation specs applied to the body of every episode, in order. @default none (or the checkpoint's) */
  readonly perturb?: readonly string[];
  /** Train with the reward replaced (a control run). @default the task's reward (or the checkpoint's) */
  readonly control?: RewardControl;
  /** Scale the starting controller's innate map by this gain (innateGain.ts; not with `resume`). */
  readonly innateGain?: number;
  /** Held-out episodes of the final evaluation (trained and untrained) for the report; 0 skips it. @default 20 */
  readonly evalEpisodes?: number;
  /** Also evaluate the scenario's baseline controller in the final evaluation. @default true */
  readonly baseline?: boolean;
  /** Train, validate and evaluate on this hardware model (the float weights learn through it). */
  readonly hardware?: HardwareSpec;
  /** Evaluation episode k whose spikes the report's raster shows (k < evalEpisodes). @default 0 */
  readonly rasterEpisode?: number;
  /** The command line the report states. @default '(called from the API)' */
  readonly commandLine?: string;
  readonly signal?: AbortSignal;
  /** The run is open (fresh or resumed), before any episode. */
  readonly onStart?: (state: TrainingState) => void;
  /** After each finished round (its checkpoint written). */
  readonly onRound?: (r: RoundReport) => void;
  /** After each training episode (progress bars). */
  readonly onEpisode?: (run: EpisodeRun) => void;
  /** A stage starts (validation, final evaluation, report). */
  readonly onStage?: (what: string) => void;
}

export interface RoundReport {
  readonly round: number;
  readonly rounds: number;
  readonly episodesDone: number;
  readonly episodes: number;
  /** Every curve row so far. */
  readonly curve: readonly CurveRow[];
  readonly rows: readonly CurveRow[];
  /** Set when this round was validated. */
  readonly validation?: ValidationPoint;
  /** Whether that validation wrote a new best.json. */
  readonly improved: boolean;
}

export interface FinalEvaluation {
  readonly trained: EvalSummary;
  readonly untrained: EvalSummary;
  /** The scenario's baseline controller (null with `baseline: false`). */
  readonly baseline: EvalSummary | null;
  /** The raster episode (evaluation seed k = rasterEpisode, trained weights). */
  readonly spikes: RecordedSpikes | null;
  readonly report: WrittenReport;
}

export interface TrainResult {
  readonly interrupted: boolean;
  readonly state: TrainingState;
  readonly files: TrainingFiles;
  readonly curve: readonly CurveRow[];
  readonly final: FinalEvaluation | null;
  /** Wall time of this invocation (s). */
  readonly wall_s: number;
}

/** Rounds for `episodes` in batches of `batch` (the last may be smaller). */
export function roundsFor(episodes: number, batch: number): number {
  return Math.ceil(episodes / batch);
}

interface Session {
  readonly scenario: Scenario;
  readonly catalog: ExperimentCatalog;
  readonly files: TrainingFiles;
  readonly master: PresetController;
  readonly initial: SavedController;
  state: TrainingState;
  readonly curve: CurveRow[];
  readonly hardware?: HardwareSpec;
}

export async function trainController(o: TrainOptions): Promise<TrainResult> {
  const t0 = performance.now();
  const catalog = o.catalog ?? defaultCatalog;
  requireRasterEpisode(o);
  const s = o.resume ? openResumed(o, catalog) : openFresh(o, catalog);
  o.onStart?.(s.state);
  const pool = o.pool ?? (await createEpisodePool({ workers: o.workers ?? 1, catalog }));
  let interrupted = false;
  let final: FinalEvaluation | null = null;
  try {
    if (s.state.validation.length === 0) {
      o.onStage?.(`validating the initial weights on ${s.state.validate_episodes} held-out episodes`);
      const { point } = await validate(s, pool, o.signal);
      writeLast(s);
      o.onStage?.(`initial validation: success ${point.success_rate.toFixed(2)}, mean return ${point.mean_reward.toFixed(3)}${point.errors > 0 ? `, ${point.errors} error(s)` : ''} (the baseline of the learning curve)`);
    }
    const rounds = roundsFor(s.state.episodes_total, s.state.batch);
    while (s.state.episodes_done < s.state.episodes_total) {
      const report = await trainRound(s, pool, rounds, o);
      o.onRound?.(report);
    }
    if ((o.evalEpisodes ?? 20) > 0) final = await finish(s, pool, o);
  } catch (e) {
    if (!(e instanceof EpisodesAbortedError)) throw e;
    interrupted = true;
  } finally {
    if (!o.pool) await pool.close();
  }
  return { interrupted, state: s.state, files: s.files, curve: s.curve, final, wall_s: (performance.now() - t0) / 1000 };
}

/** Fewest validation episodes by default: enough to rank checkpoints (a Wilson interval at 30 episodes is about ±15 points). */
export const MIN_DEFAULT_VALIDATE_EPISODES = 30;

/**
 * Validation episodes when none are asked for: twice the batch, at least 30 — a validation of 8
 * episodes picked best.json by noise. The training budget does not lower it (`episodes` is kept
 * for callers); give --validate-episodes for a quick run.
 */
export function defaultValidateEpisodes(_episodes: number, batch: number): number {
  return Math.max(2 * batch, MIN_DEFAULT_VALIDATE_EPISODES);
}

/** Final-evaluation episodes when none are asked for: `cap`, but no more than half the training budget (at least 2). */
export function defaultEvalEpisodes(episodes: number, cap = 20): number {
  return Math.min(cap, Math.max(2, Math.ceil(episodes / 2)));
}

function openFresh(o: TrainOptions, catalog: ExperimentCatalog): Session {
  const files = trainingFiles(o.outDir);
  if (existsSync(files.last)) throw new TrainingSetupError(`${o.outDir} already holds a training run (last.json): continue it with --resume, or choose another --out`);
  const seed = o.seed ?? 0;
  const episodes = o.episodes ?? o.scenario.training.episodes;
  const batch = o.scenario.training.batch;
  requireCount('episodes', episodes);
  requireCount(`training batch of scenario '${o.scenario.id}'`, batch);
  mkdirSync(o.outDir, { recursive: true });
  removeStaleTemporaries(runFiles(files));
  const resolved = resolveController(o.controller, o.scenario, seed, { catalog });
  // Training a controller that cannot learn would run every episode and change nothing.
  if (!hasPlasticity(resolved.controller)) throw new TrainingSetupError(`controller ${resolved.source} has no plasticity (no learning rule on any projection): training cannot change it; evaluate it with 'spikeloop eval', or train a spiking preset or controller file`);
  if (o.innateGain !== undefined) {
    try {
      applyInnateGain(resolved, o.innateGain);
    } catch (e) {
      if (e instanceof NoInnateMapError) throw new TrainingSetupError(e.message);
      throw e;
    }
  }
  const hw = checkedHardware(o.hardware, resolved.controller);
  const perturb = checkedPerturb(o.scenario, o.perturb);
  const control = checkedControl(o.control);
  const rounds = roundsFor(episodes, batch);
  const state: TrainingState = {
    format: TRAINING_FORMAT,
    version: TRAINING_VERSION,
    scenario: o.scenario.id,
    seed,
    episodes_total: episodes,
    episodes_done: 0,
    rounds_done: 0,
    batch,
    validate_every: o.validateEvery ?? Math.max(1, Math.ceil(rounds / 5)),
    validate_episodes: o.validateEpisodes ?? defaultValidateEpisodes(episodes, batch),
    validation: [],
    best: null,
    started_from: o.innateGain !== undefined ? `${resolved.source} with innate gain ${o.innateGain}` : resolved.source,
    ...(o.innateGain !== undefined ? { innate_gain: o.innateGain } : {}),
    ...(perturb.length > 0 ? { perturb } : {}),
    ...(control ? { control } : {}),
  };
  requireCount('validate_every', state.validate_every);
  requireCount('validate_episodes', state.validate_episodes);
  saveController(resolved.controller, files.initial, checkpointMeta(state));
  writeFileAtomic(files.curve, CURVE_HEADER);
  const s: Session = { scenario: o.scenario, catalog, files, master: resolved.controller, initial: savedControllerOf(resolved.controller), state, curve: [], ...hw };
  // A checkpoint exists from the start, so even a run stopped during its first validation resumes.
  writeLast(s);
  return s;
}

function openResumed(o: TrainOptions, catalog: ExperimentCatalog): Session {
  const files = trainingFiles(o.outDir);
  if (o.controller !== undefined) throw new TrainingSetupError('--controller cannot be combined with --resume (the run continues from its last.json)');
  if (o.innateGain !== undefined) throw new TrainingSetupError('--innate-gain cannot be combined with --resume (it changes the starting controller)');
  if (!existsSync(files.last)) throw new TrainingSetupError(`nothing to resume in ${o.outDir}: no last.json`);
  const saved = readControllerFile(files.last);
  const st = trainingStateOf(saved, files.last);
  if (st.scenario !== o.scenario.id) throw new TrainingSetupError(`${files.last} is a run of scenario '${st.scenario}', not '${o.scenario.id}'`);
  if (o.seed !== undefined && o.seed !== st.seed) throw new TrainingSetupError(`--seed ${o.seed} differs from the run's seed ${st.seed} (${files.last})`);
  if (o.validateEvery !== undefined && o.validateEvery !== st.validate_every) throw new TrainingSetupError(`--validate-every ${o.validateEvery} differs from the run's ${st.validate_every}`);
  if (o.validateEpisodes !== undefined && o.validateEpisodes !== st.validate_episodes) throw new TrainingSetupError(`--validate-episodes ${o.validateEpisodes} differs from the run's ${st.validate_episodes}`);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (o.perturb !== undefined && !same(o.perturb, st.perturb ?? [])) throw new TrainingSetupError(`--perturb ${o.perturb.length > 0 ? o.perturb.join(' ') : '(none)'} differs from the run's ${(st.perturb ?? []).join(' ') || '(none: the intact body)'} (${files.last})`);
  if (o.control !== undefined && o.control !== st.control) throw new TrainingSetupError(`--control ${o.control} differs from the run's ${st.control ?? '(none: the task reward)'} (${files.last})`);
  const episodes = o.episodes ?? st.episodes_total;
  if (episodes < st.episodes_done) throw new TrainingSetupError(`--episodes ${episodes} is fewer than the ${st.episodes_done} already trained`);
  const state: TrainingState = { ...st, episodes_total: episodes };
  // A run killed (kill -9) while writing a checkpoint leaves the writer's temporary file.
  removeStaleTemporaries(runFiles(files));
  const preset = presetOfSaved(saved, files.last, catalog) ?? findPresetIn(catalog, saved.preset);
  const master = restoreController(saved, preset, files.last);
  const initial = readControllerFile(files.initial);
  const curve = readCurvePrefix(files.curve, st.episodes_done);
  // Rows past the checkpoint belong to a round that never finished: drop them.
  writeFileAtomic(files.curve, CURVE_HEADER + curve.map(formatCurveRow).join(''));
  return { scenario: o.scenario, catalog, files, master, initial, state, curve, ...checkedHardware(o.hardware, master) };
}

/** Every file a run writes atomically (their temporaries are the run's own). */
function runFiles(f: TrainingFiles): string[] {
  return [f.last, f.best, f.initial, f.curve, f.eval, f.report];
}

/** The first `n` rows of curve.csv (a torn last line past them is ignored); a damaged file is a located TrainingSetupError. */
function readCurvePrefix(file: string, n: number): CurveRow[] {
  if (!existsSync(file)) throw new TrainingSetupError(`cannot resume: ${file} is missing`);
  const lines = readFileSync(file, 'utf8').split('\n');
  // Lines ended by a newline: the header and the complete rows (appended whole, then flushed).
  const complete = Math.max(0, lines.length - 2);
  if (complete < n) {
    throw new TrainingSetupError(`cannot resume: ${file} has ${complete} complete episode row(s), last.json counts ${n} episodes done: the file was cut short or edited (the rows cannot be recovered; start a new run with another --out)`);
  }
  let rows: CurveRow[];
  try {
    rows = parseCurveCsv(`${lines.slice(0, n + 1).join('\n')}\n`, file);
  } catch (e) {
    if (e instanceof RangeError) throw new TrainingSetupError(`cannot resume: ${e.message}`);
    throw e;
  }
  if (rows.length < n) throw new TrainingSetupError(`cannot resume: ${file} has ${rows.length} episodes, last.json counts ${n}`);
  rows.forEach((r, k) => {
    if (r.episode !== k) throw new TrainingSetupError(`cannot resume: ${file} row ${k + 2} is episode ${r.episode}, expected ${k}`);
  });
  return rows;
}

async function trainRound(s: Session, pool: EpisodePool, rounds: number, o: TrainOptions): Promise<RoundReport> {
  const st = s.state;
  const k0 = st.episodes_done;
  const n = Math.min(st.batch, st.episodes_total - k0);
  const round = st.rounds_done + 1;
  const seeds = Array.from({ length: n }, (_, i) => episodeSeed(st.seed, 'train', k0 + i));
  const current = copyParameters(s.master);
  const runs = await pool.run(
    {
      scenarioId: s.scenario.id,
      controller: savedControllerOf(s.master),
      seeds,
      learning: true,
      keepParameters: true,
      ...(s.hardware ? { hardware: s.hardware } : {}),
      ...(st.perturb && st.perturb.length > 0 ? { perturb: st.perturb } : {}),
      ...(st.control ? { rewardControl: st.control } : {}),
    },
    { ...(o.signal ? { signal: o.signal } : {}), ...(o.onEpisode ? { onEpisode: o.onEpisode } : {}) },
  );
  const used: Parameters[] = [];
  const rows = runs.map((run, i) => {
    let error = '';
    if (run.result.outcome === 'error') error = `${run.result.error ?? 'episode error'}; weight change discarded`;
    else if (run.parameters) {
      const bad = firstNonFinite(run.parameters);
      if (bad) error = `parameter '${bad.name}'[${bad.index}] became ${run.parameters[bad.name]![bad.index]}; weight change discarded`;
      else used.push(run.parameters);
    }
    return curveRowOf(run, k0 + i, round, seeds[i]!, error);
  });
  const next = sumOfChanges(current, used, parameterBounds(s.master));
  const live = s.master.parameters();
  for (const [name, a] of Object.entries(next)) live[name]!.set(a);
  appendDurably(s.files.curve, rows.map(formatCurveRow).join(''));
  s.curve.push(...rows);
  s.state = { ...st, episodes_done: k0 + n, rounds_done: round };
  let validation: ValidationPoint | undefined;
  let improved = false;
  if (round % st.validate_every === 0 || s.state.episodes_done === st.episodes_total) {
    o.onStage?.(`validating after round ${round}`);
    ({ point: validation, improved } = await validate(s, pool, o.signal));
  }
  writeLast(s);
  return { round, rounds, episodesDone: s.state.episodes_done, episodes: st.episodes_total, curve: s.curve, rows, ...(validation ? { validation } : {}), improved };
}

function curveRowOf(run: EpisodeRun, episode: number, round: number, seed: number, error: string): CurveRow {
  const r = run.result;
  const steps = r.activity.steps;
  return {
    episode,
    round,
    seed,
    outcome: r.outcome,
    return: r.return,
    success: r.metrics.success ?? NaN,
    collisions: r.metrics.collisions ?? NaN,
    time_to_goal_s: r.metrics.time_to_goal_s ?? NaN,
    steps: r.steps,
    spikes_per_step: steps > 0 ? r.activity.spikes / steps : 0,
    synops_per_step: steps > 0 ? r.activity.synOps / steps : 0,
    wall_s: run.wall_s,
    error,
  };
}

async function validate(s: Session, pool: EpisodePool, signal: AbortSignal | undefined): Promise<{ point: ValidationPoint; improved: boolean }> {
  const st = s.state;
  // Frozen: what the weights have learned, not what they learn within an episode.
  const job = evalJob(s.scenario, s.master, evalSeeds(st.seed, st.validate_episodes, VALIDATION_FIRST_EPISODE), s.hardware, { learning: false, ...perturbOf(st) });
  const runs = await pool.run(job, signal ? { signal } : {});
  const sum = summarizeEpisodes(
    runs.map((r) => r.result),
    { scenario: s.scenario.id, controller: 'validation', seed: st.seed, learning: false },
  );
  const point: ValidationPoint = { round: st.rounds_done, episodes_done: st.episodes_done, success_rate: sum.success_rate, mean_reward: sum.mean_reward, errors: sum.errors };
  const improved = isBetter(point, st.best);
  s.state = { ...st, validation: [...st.validation, point], best: improved ? point : st.best };
  if (improved) saveController(s.master, s.files.best, checkpointMeta(s.state));
  return { point, improved };
}

/** Appends and flushes to disk, so rows counted by the next checkpoint survive a power cut. */
function appendDurably(file: string, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  const fd = openSync(file, 'a');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    throw withFile(e, file);
  } finally {
    closeSync(fd);
  }
}

function writeLast(s: Session): void {
  saveController(s.master, s.files.last, checkpointMeta(s.state));
}

async function finish(s: Session, pool: EpisodePool, o: TrainOptions): Promise<FinalEvaluation> {
  const episodes = o.evalEpisodes ?? 20;
  const signal = o.signal ? { signal: o.signal } : {};
  const withBaseline = o.baseline ?? true;
  o.onStage?.(`evaluating the trained and the untrained controller${withBaseline ? ' and the baseline' : ''} on ${episodes} held-out episodes`);
  const seed = s.state.seed;
  const untrainedController = restoreController(s.initial, presetOfSaved(s.initial, s.files.initial, s.catalog) ?? findPresetIn(s.catalog, s.initial.preset), s.files.initial);
  const hw = s.hardware ? { hardware: s.hardware } : {};
  const pb = perturbOf(s.state);
  const trained = await evaluateController({ scenario: s.scenario, controller: s.master, label: 'trained (last.json)', episodes, seed, pool, ...signal, ...hw, ...pb });
  const untrained = await evaluateController({ scenario: s.scenario, controller: untrainedController, label: `untrained (${s.state.started_from.replace(/ \(untrained\)$/, '')})`, episodes, seed, pool, ...signal, ...hw, ...pb });
  let baseline: Evaluation | null = null;
  if (withBaseline) {
    const id = s.scenario.controllers.baseline;
    const controller = resolveController(id, s.scenario, seed, { catalog: s.catalog }).controller;
    baseline = await evaluateController({ scenario: s.scenario, controller, label: `baseline (${id})`, episodes, seed, pool, ...signal, ...pb });
  }
  const k = o.rasterEpisode ?? 0;
  const rasterSeed = evalSeeds(seed, 1, k)[0]!;
  let spikes: RecordedSpikes | null = null;
  let trajectory: ReportInput['trajectory'] = null;
  if (s.master.network) {
    const job = { ...evalJob(s.scenario, s.master, [rasterSeed], s.hardware, pb), record: { maxSpikes: RASTER_MAX_SPIKES } };
    const run = (await pool.run(job, signal))[0]!;
    spikes = run.spikes ?? null;
    if (run.path) trajectory = { path: run.path, outcome: outcomeOf(run.result), title: `Path of the trained controller, evaluation episode k = ${k} (seed ${rasterSeed})` };
  }
  writeFileAtomic(s.files.eval, `${JSON.stringify({ trained: trained.summary, untrained: untrained.summary, ...(baseline ? { baseline: baseline.summary } : {}) }, null, 2)}\n`);
  o.onStage?.('writing report.html and plots/');
  const evaluated = (e: Evaluation): EvaluatedController => ({ summary: e.summary, results: e.runs.map((r) => r.result) });
  const st = s.state;
  const learning = learnsDuringEval(s.scenario);
  const report = await writeReport(s.files.report, {
    kind: 'training',
    scenario: s.scenario.id,
    facts: [
      ['scenario', s.scenario.id],
      ['controller', `started from ${st.started_from}; trained weights in last.json`],
      ['training', `${s.curve.length} episodes in ${st.rounds_done} rounds of ${st.batch}; ${s.curve.filter((r) => r.error !== '').length} episode(s) discarded with an error`],
      ['seeds', `seed ${seed}: training episode k on episodeSeed(${seed}, 'train', k); validation on episodeSeed(${seed}, 'eval', ${VALIDATION_FIRST_EPISODE} + k), k < ${st.validate_episodes}; evaluation on episodeSeed(${seed}, 'eval', k), k < ${episodes}`],
      ['body', st.perturb && st.perturb.length > 0 ? `perturbed: ${st.perturb.join(', ')} (every training, validation and evaluation episode)` : 'intact'],
      ['reward', st.control ? `CONTROL RUN: ${st.control} (the plasticity never saw the task's reward; curve.csv returns are the task's)` : "the task's reward"],
      ['command line', o.commandLine ?? '(called from the API)'],
    ],
    training: { curve: s.curve, validation: st.validation, validationEpisodes: st.validate_episodes, validationFrozen: true },
    evaluations: [untrained, trained, ...(baseline ? [baseline] : [])].map(evaluated),
    evaluationNote: `${episodes} held-out episodes per controller (eval seeds k = 0 … ${episodes - 1}, the same for every controller); plasticity ${learning ? 'on within each episode (online scenario), weights reset before each' : 'off (weights frozen)'}.`,
    raster: spikes ? { spikes, title: `Spikes of the trained controller, evaluation episode k = ${k} (seed ${rasterSeed})` } : null,
    trajectory,
    weights: { before: untrainedController.parameters(), after: s.master.parameters(), units: parameterUnits(s.master.network) },
  });
  return { trained: trained.summary, untrained: untrained.summary, baseline: baseline?.summary ?? null, spikes, report };
}

function requireRasterEpisode(o: TrainOptions): void {
  const k = o.rasterEpisode;
  if (k === undefined) return;
  const n = o.evalEpisodes ?? 20;
  if (!(Number.isSafeInteger(k) && k >= 0 && k < Math.max(1, n))) throw new TrainingSetupError(`--raster-episode ${k}: expected an evaluation episode 0 … ${Math.max(1, n) - 1} (--eval-episodes ${n})`);
}

/** A training run that cannot start or resume as asked (a user error). */
export class TrainingSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingSetupError';
  }
}

/** `{ hardware }` once it is known to fit the controller (tried once), or `{}` without one. */
function checkedHardware(spec: HardwareSpec | undefined, c: PresetController): { hardware?: HardwareSpec } {
  if (spec === undefined) return {};
  try {
    attachHardware(hardwareHost(c), spec).detach();
  } catch (e) {
    if (e instanceof RangeError && e.name === 'RangeError') throw new TrainingSetupError(`hardware '${spec.name}': ${e.message}`);
    throw e;
  }
  return { hardware: spec };
}

/** `{ perturb }` of a run's state for evaluation options (empty: the intact body). */
function perturbOf(st: TrainingState): { perturb?: readonly string[] } {
  return st.perturb && st.perturb.length > 0 ? { perturb: st.perturb } : {};
}

/** The specs, checked on a body of the scenario (a TrainingSetupError naming the spec otherwise). */
function checkedPerturb(scenario: Scenario, perturb: readonly string[] | undefined): string[] {
  if (perturb === undefined) return [];
  try {
    checkPerturbations(scenario, perturb);
  } catch (e) {
    if (e instanceof RangeError && e.name === 'PerturbationError') throw new TrainingSetupError(e.message);
    throw e;
  }
  return [...perturb];
}

function checkedControl(control: RewardControl | undefined): RewardControl | undefined {
  if (control !== undefined && !isRewardControl(control)) throw new TrainingSetupError(`control: unknown '${String(control)}'; controls are: ${REWARD_CONTROLS.join(', ')}`);
  return control;
}

function requireCount(what: string, v: number): void {
  if (!(Number.isSafeInteger(v) && v >= 1)) throw new TrainingSetupError(`${what}: expected an integer ≥ 1, got ${v}`);
}
