/**
 * `spikeloop train <scenario> [--controller …] [--episodes N] [--seed S] [--workers K] --out <dir> [--resume]`:
 * trains by rounds (experiments/train.ts), with a progress bar on a terminal (one line per
 * round otherwise), and writes to <dir>: last.json and best.json (atomic checkpoints), initial.json,
 * curve.csv, eval.json and report.html. Ctrl-C (or SIGTERM) abandons the round in progress, keeps
 * last.json (the weights after the last finished round, loadable and resumable), prints a
 * summary saying so and exits with 130 (143 after SIGTERM). With --hardware, the controller trains on a hardware model (controllers/hardware).
 * `--perturb <spec>` (repeatable) trains, validates and evaluates on a changed body; with
 * `--controller <saved file>` that is online re-learning of a controller trained on the intact
 * body. `--control zero-reward|shuffled-reward|negated-reward` is the same training with the
 * reward replaced (experiments/rewardControl.ts), recorded in the files and the report.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { countArg, seedArg } from '../argParsers.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { findScenarioIn } from '../../experiments/catalog.js';
import { catalog as defaultCatalog } from '../../experiments/defaultCatalog.js';
import type { TrainResult } from '../../experiments/train.js';
import { defaultEvalEpisodes, roundsFor, trainController } from '../../experiments/train.js';
import { trainingStateOf } from '../../experiments/trainingCheckpoint.js';
import { readControllerFile } from '../../controllers/presets/controllerFile.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { withCliErrors } from '../experimentErrors.js';
import { commandLineText, rawArgsOf } from '../../experiments/report/commandLine.js';
import { createTrainingProgress, recentStats } from '../trainingProgress.js';
import { HARDWARE_HELP, parseHardwareSpec } from '../../controllers/hardware/parseHardwareSpec.js';
import { neuroOneLine } from '../../controllers/metrics/formatNeuroSummary.js';
import { EMPTY_NEURO_SUMMARY } from '../../controllers/metrics/neuroSummary.js';
import { addPerturbOption, innateGainOption, perturbHelp } from '../bodyChangeOptions.js';
import type { RewardControl } from '../../experiments/rewardControl.js';
import { REWARD_CONTROLS } from '../../experiments/rewardControl.js';
import { wilsonInterval } from '../../experiments/stats/wilsonInterval.js';

export interface TrainCliOptions {
  readonly controller?: string;
  readonly episodes?: number;
  readonly seed?: number;
  readonly workers: number;
  readonly out: string;
  readonly resume: boolean;
  readonly validateEvery?: number;
  readonly validateEpisodes?: number;
  /** Held-out episodes of the final evaluation. @default half the training episodes, at least 2, at most 20 */
  readonly evalEpisodes?: number;
  /** Hardware model to train on: a preset, an inline spec or a JSON/YAML file (parseHardwareSpec.ts). */
  readonly hardware?: string;
  /** Evaluate the scenario's baseline too (--no-baseline skips it). @default true */
  readonly baseline?: boolean;
  /** Evaluation episode k shown in the report's raster. @default 0 */
  readonly rasterEpisode?: number;
  /** The command line the report states. @default rebuilt from these options */
  readonly commandLine?: string;
  /** Perturbation specs, applied to the body of every episode in order (scenarios/perturbations). */
  readonly perturb?: readonly string[];
  /** Train with the reward replaced: a control run. */
  readonly control?: RewardControl;
  /** Scale the starting controller file's innate map by this gain. */
  readonly innateGain?: number;
}

export interface TrainEnvironment {
  readonly catalog?: ExperimentCatalog;
  /** Stops training (as Ctrl-C does); without it, SIGINT and SIGTERM are listened to. */
  readonly signal?: AbortSignal;
  /** Show the progress bar (stderr is a terminal). @default false */
  readonly tty?: boolean;
  /** Most final-evaluation episodes when --eval-episodes is not given (spikeloop start: 30). @default 20 */
  readonly evalEpisodesCap?: number;
}

const HELP = `
Training runs in rounds: each round runs the scenario's batch of episodes (training seeds
episodeSeed(S, 'train', k)) from the same weights with plasticity on, then adds up their weight
changes. Episodes of a round are independent, so --workers K gives the same result as 1.
Before the first round, every --validate-every rounds and after the last, the FROZEN weights
(plasticity off) are validated on --validate-episodes held-out seeds that 'spikeloop eval' never
uses (default max(30, 2 x batch)); best.json keeps the best, and the learning curve plots the
validated success with its 95 % Wilson interval against training episodes.
At the end, the trained and the untrained controller are evaluated on --eval-episodes held-out
episodes (eval.json) and report.html is written.

Output directory:
  last.json     checkpoint after the last finished round (a controller file + training state)
  best.json     the best validated controller
  initial.json  the controller before training
  curve.csv     one row per training episode
  eval.json     the final evaluation (untrained, trained and the scenario's baseline)
  report.html   the report: learning curve and success rate, evaluation of the three
                controllers side by side and per episode, spike raster of evaluation episode
                --raster-episode, weight histograms before/after (self-contained HTML:
                inline SVG, no scripts, opens from disk)
  plots/        the report's charts as SVG and PNG (learning_curve, comparison,
                episode_metrics, raster, population_rates, weights)

Ctrl-C or SIGTERM stops after abandoning the round in progress (exit 130, or 143 after
SIGTERM); last.json stays loadable and 'spikeloop train <scenario> --out <dir> --resume'
continues as if never stopped.

--hardware <spec> trains on a ${HARDWARE_HELP}.
Training, validation and the final evaluation run on the device weights; the float weights in
the checkpoints learn through them (straight-through). Give it again with --resume.

--controller <saved controller file> starts from trained weights: with --perturb, a controller
trained on the intact body is trained online on the changed one:
  $ spikeloop train drone-forest-v1 --out runs/intact
  $ spikeloop train drone-forest-v1 --controller runs/intact/last.json --perturb mirror-lidar --out runs/mirrored
Training, validation and the final evaluation (the baseline's too) all run on the changed body.

--control <name> runs the same training with the reward the plasticity receives replaced, all
else identical (seeds, episodes, curve.csv returns, validation), so a learning claim has its
control: zero-reward (0), negated-reward (-r), shuffled-reward (the episode's own rewards,
permuted within blocks of 50 steps and delivered one block late: same values, no timing). The
control is recorded in last.json/best.json (meta.training.control) and the report.

--innate-gain <g> scales the innate map of a controller file (the weights its generators add
through innate_pA) by g before training: 0 starts from no innate map at all, so training has to
learn the whole map. A controller without one is refused (a TypeScript preset: give its file,
e.g. controllers/files/drone-avoid-snn.yaml). Recorded as meta.training.innate_gain.

Examples:
  $ spikeloop train drone-forest-v1 --out runs/forest --workers 2
  $ spikeloop train drone-forest-v1 --out runs/forest-zero --control zero-reward
  $ spikeloop train drone-forest-v1 --out runs/forest --resume
  $ spikeloop eval drone-forest-v1 --controller runs/forest/best.json --episodes 50`;

export function registerTrain(program: Command, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): void {
  const cmd = program
    .command('train')
    .description('train a controller on a scenario, with checkpoints, a learning curve and a report')
    .argument('<scenario>', 'scenario id (see spikeloop list)')
    .addOption(new Option('--controller <preset|file>', "controller preset id or saved controller file to start from (default: the scenario's spiking preset)"))
    .addOption(new Option('--episodes <N>', "training episodes in all (default: the scenario's recommended budget; with --resume, the run's)").argParser(countArg))
    .addOption(new Option('--seed <S>', "seed of the training episodes and the controller, an integer ≥ 0 (default: 0; with --resume, the run's)").argParser(seedArg))
    .addOption(new Option('--workers <K>', 'worker threads running episodes (1 = in the main thread); results do not depend on it').argParser(countArg).default(1))
    .addOption(new Option('--out <dir>', 'output directory (required; created if missing)').makeOptionMandatory())
    .option('--resume', 'continue the run in <dir> from its last.json', false)
    .addOption(new Option('--validate-every <R>', 'validate every R rounds (default: a fifth of the rounds)').argParser(countArg))
    .addOption(new Option('--validate-episodes <N>', "held-out validation episodes of the frozen controller (default: twice the scenario's batch, at least 30)").argParser(countArg))
    .addOption(new Option('--eval-episodes <N>', 'held-out episodes of the final evaluation (0: no evaluation and no report; default: half of --episodes, 2 … 20)').argParser(nonNegative))
    .option('--no-baseline', "do not evaluate the scenario's baseline controller in the final evaluation")
    .addOption(new Option('--hardware <spec>', 'train on a hardware model: int8, int4, int2, binary, int:…, memristor:… or a .json/.yaml file'))
    .addOption(new Option('--raster-episode <k>', 'evaluation episode k (0 … N−1) whose spikes the report shows').argParser(seedArg).default(0))
    .addOption(new Option('--control <name>', 'a control run: the same training with the reward replaced').choices(REWARD_CONTROLS));
  addPerturbOption(cmd)
    .addOption(innateGainOption())
    .addHelpText('after', () => `${HELP}\n\n${perturbHelp()}`)
    .action(async (scenario: string, opts: TrainCliOptions, cmd: Command) => {
      const argv = rawArgsOf(cmd);
      const o = argv ? { ...opts, commandLine: commandLineText(argv) } : opts;
      const code = await trainCommand(scenario, o, io, { catalog, tty: io === processIo && process.stderr.isTTY === true });
      if (code !== 0) process.exitCode = code;
    });
}

/** Training episodes of the run: --episodes, else (resuming) the run's, else the scenario's. */
function trainingBudget(o: TrainCliOptions, scenarioEpisodes: number): number {
  if (o.episodes !== undefined) return o.episodes;
  const last = join(o.out, 'last.json');
  if (o.resume && existsSync(last)) {
    try {
      return trainingStateOf(readControllerFile(last), last).episodes_total;
    } catch {
      // trainController reports what is wrong with the file.
    }
  }
  return scenarioEpisodes;
}

/** For callers without an argv (spikeloop start, the API): the options as a train command line. */
function rebuiltCommandLine(scenario: string, o: TrainCliOptions): string {
  const args = ['train', scenario, '--out', o.out];
  const add = (flag: string, v: number | string | undefined) => {
    if (v !== undefined) args.push(flag, String(v));
  };
  add('--controller', o.controller);
  add('--episodes', o.episodes);
  add('--seed', o.seed);
  add('--workers', o.workers);
  add('--validate-every', o.validateEvery);
  add('--validate-episodes', o.validateEpisodes);
  add('--eval-episodes', o.evalEpisodes);
  add('--raster-episode', o.rasterEpisode);
  add('--hardware', o.hardware);
  for (const p of o.perturb ?? []) args.push('--perturb', p);
  add('--control', o.control);
  add('--innate-gain', o.innateGain);
  if (o.baseline === false) args.push('--no-baseline');
  if (o.resume) args.push('--resume');
  return commandLineText(args);
}

function nonNegative(raw: string): number {
  return raw.trim() === '0' ? 0 : countArg(raw);
}

/** Runs the command; resolves to the exit code (130 when stopped, 143 when stopped by SIGTERM). */
export async function trainCommand(scenarioId: string, o: TrainCliOptions, io: CliIo = processIo, env: TrainEnvironment = {}): Promise<number> {
  const catalog = env.catalog ?? defaultCatalog;
  let ownAbort: AbortController | null = null;
  let signal = env.signal;
  let stoppedBy: 'Ctrl-C' | 'SIGTERM' = 'Ctrl-C';
  const onSigint = () => ownAbort?.abort();
  const onSigterm = () => {
    stoppedBy = 'SIGTERM';
    ownAbort?.abort();
  };
  if (!signal) {
    ownAbort = new AbortController();
    signal = ownAbort.signal;
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
  }
  try {
    return await withCliErrors(async () => {
      const scenario = findScenarioIn(catalog, scenarioId);
      const evalEpisodes = o.evalEpisodes ?? defaultEvalEpisodes(trainingBudget(o, scenario.training.episodes), env.evalEpisodesCap ?? 20);
      const progress = await createTrainingProgress(io, { tty: env.tty ?? false, label: `train ${scenario.id}` });
      let roundStart = 0;
      let inRound = 0;
      let result: TrainResult;
      try {
        result = await trainController({
          scenario,
          catalog,
          outDir: o.out,
          ...(o.controller !== undefined ? { controller: o.controller } : {}),
          ...(o.episodes !== undefined ? { episodes: o.episodes } : {}),
          ...(o.seed !== undefined ? { seed: o.seed } : {}),
          workers: o.workers,
          resume: o.resume,
          ...(o.validateEvery !== undefined ? { validateEvery: o.validateEvery } : {}),
          ...(o.validateEpisodes !== undefined ? { validateEpisodes: o.validateEpisodes } : {}),
          evalEpisodes,
          ...(o.baseline !== undefined ? { baseline: o.baseline } : {}),
          ...(o.rasterEpisode !== undefined ? { rasterEpisode: o.rasterEpisode } : {}),
          ...(o.hardware !== undefined ? { hardware: parseHardwareSpec(o.hardware) } : {}),
          ...(o.perturb !== undefined ? { perturb: o.perturb } : {}),
          ...(o.control !== undefined ? { control: o.control } : {}),
          ...(o.innateGain !== undefined ? { innateGain: o.innateGain } : {}),
          commandLine: o.commandLine ?? rebuiltCommandLine(scenario.id, o),
          signal,
          onStart: (st) => {
            roundStart = st.episodes_done;
            progress.start(st.episodes_total, st.episodes_done);
          },
          onEpisode: () => progress.episode(roundStart + ++inRound),
          onRound: (r) => {
            roundStart = r.episodesDone;
            inRound = 0;
            progress.round(r);
          },
          onStage: (t) => progress.note(t),
        });
      } finally {
        progress.stop();
      }
      io.out(summary(scenario.id, o, result, stoppedBy));
      return result.interrupted ? (stoppedBy === 'SIGTERM' ? 143 : 130) : 0;
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigterm);
  }
}

function summary(scenario: string, o: TrainCliOptions, r: TrainResult, stoppedBy: string): string {
  const st = r.state;
  const rec = recentStats(r.curve);
  const errors = r.curve.filter((x) => x.error !== '').length;
  const lines: string[] = [];
  const rounds = roundsFor(st.episodes_total, st.batch);
  lines.push(
    `${r.interrupted ? 'stopped' : 'trained'} ${scenario} from ${st.started_from}: ${st.episodes_done}/${st.episodes_total} episodes in ${st.rounds_done}/${rounds} rounds of ${st.batch}, seed ${st.seed}, ${o.workers} worker${o.workers > 1 ? 's' : ''}, ${r.wall_s.toFixed(1)} s`,
  );
  if (rec.n > 0) lines.push(`  training: success ${rec.success.toFixed(2)}, mean return ${rec.meanReturn.toFixed(3)} over the last ${rec.n} episodes; ${errors} episode(s) discarded with an error`);
  if (st.perturb && st.perturb.length > 0) lines.push(`  body: perturbed by ${st.perturb.join(', ')}`);
  if (st.control) lines.push(`  CONTROL RUN: ${st.control} (the plasticity never saw the task's reward)`);
  if (st.best) {
    const [lo, hi] = wilsonInterval(Math.round(st.best.success_rate * st.validate_episodes), st.validate_episodes);
    lines.push(`  best validation (frozen, ${st.validate_episodes} episodes): after round ${st.best.round}, success ${st.best.success_rate.toFixed(2)} [${lo.toFixed(2)}, ${hi.toFixed(2)}] (95 % Wilson), mean return ${st.best.mean_reward.toFixed(3)} (best.json)`);
  }
  if (r.final) {
    const { trained: t, untrained: u } = r.final;
    lines.push(`  held-out evaluation (${t.episodes} episodes): success ${u.success_rate.toFixed(2)} → ${t.success_rate.toFixed(2)}, collisions ${u.collision_rate.toFixed(2)} → ${t.collision_rate.toFixed(2)}, mean reward ${u.mean_reward.toFixed(3)} → ${t.mean_reward.toFixed(3)} (untrained → trained)`);
    const neuro = neuroOneLine({ ...EMPTY_NEURO_SUMMARY, ...t });
    if (neuro) lines.push(`  trained controller: ${neuro}`);
    if (t.hardware) lines.push(`  hardware: ${t.hardware}`);
  }
  if (r.interrupted) {
    lines.push(`  stopped by ${stoppedBy}: ${r.files.last} holds the weights after round ${st.rounds_done}`);
    lines.push(`  continue with: spikeloop train ${scenario} --out ${o.out} --resume`);
  } else {
    lines.push(`  files: ${r.files.last}, ${r.files.best}, ${r.files.curve}${r.final ? `, ${r.files.eval}, ${r.files.report}, ${r.final.report.plotsDir}/` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
