/**
 * `spikeloop run <scenario> [--controller <preset|file>] [--seed S] [--record file] [--json]`:
 * one episode on the held-out seed `episodeSeed(S, 'eval', 0)` — the first episode of
 * `spikeloop eval` with the same seed — with plasticity off unless the scenario is an 'online'
 * one, and a summary: outcome, reward terms, metrics and activity per control step.
 * `--record x.mcap` records the episode as ROS 2 topics in an MCAP file (sensor and command topics,
 * spikes, reward, scene, episode events; launch/telemetry/recordEpisodeMcap.ts); any other name
 * wraps the body with `withRecording` and writes every observation and command as JSON.
 * `--view` streams the episode to the browser viewer, paced at real time (runView.ts).
 * `--perturb <spec>` (repeatable) changes the body (scenarios/perturbations); `--no-learning` /
 * `--learning` switch plasticity off / on for any controller.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Body } from '../../loop/body.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { createRecorder } from '../../loop/wrappers/recorder.js';
import { writeRecording } from '../../loop/wrappers/recordingFile.js';
import { withRecording } from '../../loop/wrappers/withRecording.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { seedArg } from '../argParsers.js';
import { CliError } from '../cliError.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { findScenarioIn } from '../../experiments/catalog.js';
import { catalog as defaultCatalog } from '../../experiments/defaultCatalog.js';
import { learnsDuringEval } from '../../experiments/evaluate.js';
import { resolveController } from '../../experiments/resolveController.js';
import { withCliErrors } from '../experimentErrors.js';
import { recordEpisodeMcap } from '../telemetry/recordEpisodeMcap.js';
import { McapWriteError } from '../../bridges/recording/mcapWriter.js';
import { NoRobotTopicsError } from '../../bridges/recording/simTelemetry.js';
import { positiveNumber } from '../argParsers.js';
import { viewEpisode } from './runView.js';
import { addViewerOptions, viewerLimitOptions } from './view.js';
import { addLearningOptions, addPerturbOption, innateGainOption, perturbHelp } from '../bodyChangeOptions.js';
import { applyInnateGain } from '../../experiments/innateGain.js';
import { hasPlasticity, learningFor } from '../../experiments/learningSwitch.js';
import { applyPerturbations } from '../../scenarios/perturbations/parsePerturbations.js';

export interface RunOptions {
  readonly controller?: string;
  readonly seed: number;
  readonly record?: string;
  readonly json: boolean;
  /** --view: stream the episode to the browser viewer (runView.ts), with the options below. */
  readonly view?: boolean;
  readonly port?: number;
  readonly host?: string;
  readonly open?: boolean;
  readonly maxClients?: number;
  readonly allowOrigin?: readonly string[];
  readonly viewSpeed?: number;
  readonly viewExit?: boolean;
  /** Stops a --view run like Ctrl-C (tests). */
  readonly viewSignal?: AbortSignal;
  /** Perturbation specs, applied to the body in order (scenarios/perturbations). */
  readonly perturb?: readonly string[];
  /** Scale the controller file's innate map by this gain (--innate-gain). */
  readonly innateGain?: number;
  /** Plasticity within the episode: --learning / --no-learning. @default the scenario's mode */
  readonly learning?: boolean;
}

/** What `run --json` prints (NaN metrics as null). */
export interface RunReport {
  readonly scenario: string;
  readonly controller: string;
  readonly seed: number;
  readonly episode_seed: number;
  readonly learning: boolean;
  /** The body perturbations of the episode ([] for the intact body). */
  readonly perturb: readonly string[];
  readonly outcome: EpisodeResult['outcome'];
  readonly error: string | null;
  readonly steps: number;
  readonly duration_s: number;
  readonly return: number;
  readonly reward_terms: Readonly<Record<string, number>>;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly spikes_per_step: number;
  readonly synops_per_step: number;
  readonly wall_s: number;
  readonly record: string | null;
}

const HELP = `
The episode is the first held-out episode of 'spikeloop eval' with the same --seed:
seed episodeSeed(S, 'eval', 0). A preset controller is built with seed S.

--record <file.mcap> writes an MCAP recording of the episode as ROS 2 topics (profile ros2,
ros2msg schemas, CDR messages) that Foxglove opens and 'ros2 bag play' replays: /clock, /odom,
/tf, /tf_static, /scan, /imu or /joint_states, /cmd_vel or the arm's command topic,
/spikeloop/rotors, /spikeloop/scene, /spikeloop/reward, /spikeloop/episode and, for a spiking
controller, /spikeloop/spikes/<population> and /spikeloop/dopamine. The file appears only when
the episode completes. Any other name writes a JSON recording (format spikeloop-recording,
version 1): every observation and command of the episode with its time, per channel.

Examples:
  $ spikeloop run drone-forest-v1 --seed 3
  $ spikeloop run drone-forest-v1 --controller runs/forest/best.json --record forest-3.mcap
  $ spikeloop run drone-forest-v1 --controller runs/forest/best.json --record forest-3.json
  $ spikeloop run drone-forest-v1 --controller drone-avoid-reactive --json
  $ spikeloop run drone-forest-v1 --view --view-speed 2
  $ spikeloop run drone-forest-v1 --controller drone-avoid-reactive --perturb mirror-lidar
  $ spikeloop run arm-reach-v1 --perturb 'weak-actuator:joint_velocity_target[0]=0.6' --perturb 'sensor-offset:joint_position[1]=0.05'`;

export function registerRun(program: Command, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): void {
  const cmd = program
    .command('run')
    .description('run one episode of a scenario and print its summary')
    .argument('<scenario>', 'scenario id (see spikeloop list)')
    .addOption(new Option('--controller <preset|file>', "controller preset id or saved controller file (default: the scenario's spiking preset, untrained)"))
    .addOption(new Option('--seed <S>', 'seed of the episode (and of a preset controller), an integer ≥ 0').argParser(seedArg).default(0))
    .addOption(new Option('--record <file>', 'record the episode: ROS 2 topics to <file>.mcap (MCAP), else every observation and command as JSON'))
    .option('--json', 'print one JSON object instead of the summary', false)
    .option('--view', 'watch the episode live in the browser viewer, paced at real time (with --port, --host, --no-open, --view-speed, --view-exit)')
    .addOption(new Option('--view-speed <x>', 'with --view: simulated seconds per wall second').argParser(positiveNumber('a speed > 0')).default(1))
    .option('--view-exit', 'with --view: close the viewer when the episode ends (default: serve until Ctrl-C)', false);
  addPerturbOption(cmd);
  cmd.addOption(innateGainOption());
  addLearningOptions(cmd);
  addViewerOptions(cmd)
    .addHelpText('after', () => `${HELP}\n\n${perturbHelp()}`)
    .action(async (scenario: string, o: RunOptions) => {
      await runCommand(scenario, o, io, catalog);
    });
}

export async function runCommand(scenarioId: string, o: RunOptions, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): Promise<RunReport> {
  return withCliErrors(async () => {
    const scenario = findScenarioIn(catalog, scenarioId);
    const own = scenario.createBody();
    try {
      // The changed body is what the controller meets (and what a recording records).
      const perturb = o.perturb ?? [];
      const inner: Body = applyPerturbations(own, perturb);
      const resolved = resolveController(o.controller, scenario, o.seed, { catalog, body: inner });
      if (o.innateGain !== undefined) applyInnateGain(resolved, o.innateGain);
      const mcap = o.record !== undefined && o.record.toLowerCase().endsWith('.mcap') ? o.record : null;
      const recorder = o.record !== undefined && mcap === null ? createRecorder() : null;
      const body: Body = recorder ? withRecording(inner, recorder) : inner;
      const controller = resolved.controller;
      controller.learning = learningFor(controller, resolved.source, o.learning, learnsDuringEval(scenario), '--learning');
      if (o.learning === false && !hasPlasticity(controller)) io.err(`note: controller ${resolved.source} has no plasticity; --no-learning changes nothing\n`);
      const seed = episodeSeed(o.seed, 'eval', 0);
      // The task judges the body itself, not the recording layer around it: tasks may read
      // ground truth from their own body class (a cast would fail on a wrapper).
      const judged: Scenario = recorder ? { ...scenario, createTask: (_b, s) => scenario.createTask(inner, s) } : scenario;
      const t0 = performance.now();
      let r: EpisodeResult;
      if (o.view) {
        if (o.record !== undefined) throw new CliError('--view and --record cannot be combined: record the episode, then replay it with spikeloop view <file.mcap>', 2);
        const v = { port: o.port ?? 0, host: o.host ?? '127.0.0.1', open: o.open ?? true, ...viewerLimitOptions(o), speed: o.viewSpeed ?? 1, exit: o.viewExit ?? false };
        r = await viewEpisode(scenario, inner, controller, seed, o.viewSignal ? { ...v, signal: o.viewSignal } : v, io);
      } else if (mcap !== null) {
        let rec: ReturnType<typeof recordEpisodeMcap>;
        try {
          rec = recordEpisodeMcap({ file: mcap, scenario, body: inner, controller, seed, controllerName: o.controller ?? resolved.source, runSeed: o.seed });
        } catch (e) {
          if (e instanceof McapWriteError) throw new CliError(`cannot write the recording: ${e.message}`, 1);
          if (e instanceof NoRobotTopicsError) throw new CliError(`cannot record scenario '${scenario.id}' as ROS 2 topics: ${e.message}; record it as JSON instead (--record <file>.json)`, 2);
          throw e;
        }
        r = rec.result;
        if (rec.droppedSpikes > 0) io.err(`warning: ${rec.droppedSpikes} spikes did not fit the recorders between two control steps and are missing from ${mcap}\n`);
      } else {
        r = runScenarioEpisode(judged, body, controller, { seed });
      }
      const wall_s = (performance.now() - t0) / 1000;
      if (recorder && o.record !== undefined) {
        try {
          writeRecording(recorder, o.record);
        } catch (e) {
          throw new CliError(`cannot write the recording to ${o.record}: ${(e as Error).message}`, 1);
        }
      }
      const steps = r.activity.steps;
      const report: RunReport = {
        scenario: scenario.id,
        controller: resolved.source,
        seed: o.seed,
        episode_seed: seed,
        learning: controller.learning,
        perturb: [...perturb],
        outcome: r.outcome,
        error: r.error ?? null,
        steps: r.steps,
        duration_s: r.duration_s,
        return: r.return,
        reward_terms: r.rewardTerms,
        metrics: Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null])),
        spikes_per_step: steps > 0 ? r.activity.spikes / steps : 0,
        synops_per_step: steps > 0 ? r.activity.synOps / steps : 0,
        wall_s,
        record: o.record ?? null,
      };
      io.out(o.json ? `${JSON.stringify(report)}\n` : formatRun(report));
      return report;
    } finally {
      own.close?.();
    }
  });
}

function formatRun(r: RunReport): string {
  // A value that rounds to zero prints as 0.0000, not -0.0000 (a clearance of −3e−6 m is contact, not a negative distance worth a sign).
  const n = (v: number | null, d = 4) => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(d).replace(/^-(0\.0*)$/, '$1'));
  const lines = [
    `${r.scenario}: ${r.controller}, episode seed ${r.episode_seed} (eval split, seed ${r.seed}), plasticity ${r.learning ? 'on' : 'off'}`,
    ...(r.perturb.length > 0 ? [`  body      perturbed: ${r.perturb.join(', ')}`] : []),
    `  outcome   ${r.outcome}${r.error ? ` — ${r.error}` : ''}`,
    `  steps     ${r.steps} (${r.duration_s.toFixed(2)} s simulated; ${r.wall_s.toFixed(3)} s wall, ${r.wall_s > 0 ? (r.duration_s / r.wall_s).toFixed(0) : '∞'}× real time)`,
    `  return    ${n(r.return)}`,
    '  reward terms (sums):',
    ...Object.entries(r.reward_terms).map(([k, v]) => `    ${k.padEnd(20)} ${n(v)}`),
    '  metrics:',
    ...Object.entries(r.metrics).map(([k, v]) => `    ${k.padEnd(20)} ${n(v)}`),
    `  activity per control step: ${r.spikes_per_step.toFixed(1)} spikes, ${r.synops_per_step.toFixed(1)} synaptic operations`,
  ];
  if (r.record) lines.push(`  recording written to ${r.record}`);
  return `${lines.join('\n')}\n`;
}
