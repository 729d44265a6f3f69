/**
 * `spikeloop ros sim <scenario>`: the simulator as a ROS 2 robot (bridges/ros2/nodes/simNode.ts)
 * — its sensors on the standard topics (`odom`, `scan`, `imu`, `joint_states`, `/tf`,
 * `/tf_static`, the scene), `/clock` for `use_sim_time`, the reward and episode announcements,
 * and commands taken on `cmd_vel` (or the arm's ros2_control topic). The episodes are the
 * held-out ones of `spikeloop eval` with the same seed: episodeSeed(S, 'eval', k).
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { SimNodeSummary } from '../../bridges/ros2/nodes/simNode.js';
import { runSimNode } from '../../bridges/ros2/nodes/simNode.js';
import { rosPublisherSink } from '../../bridges/ros2/nodes/rosPublisherSink.js';
import { simCommandInput } from '../../bridges/ros2/nodes/simCommands.js';
import type { McapFileWriter } from '../../bridges/recording/mcapWriter.js';
import { openMcapWriter } from '../../bridges/recording/mcapWriter.js';
import { spikeloopMetadata } from '../../bridges/recording/recordingMetadata.js';
import type { MessageSink } from '../../bridges/recording/messageSink.js';
import { fanOutSink } from '../../bridges/recording/messageSink.js';
import { simTelemetryFor } from '../../bridges/recording/simTelemetry.js';
import { TOPIC } from '../../bridges/recording/standardTopics.js';
import { withRewardTelemetry, withTelemetry } from '../../bridges/recording/withTelemetry.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import { countArg, seedArg } from '../argParsers.js';
import { CliError } from '../cliError.js';
import type { CliIo } from '../cliIo.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { findScenarioIn } from '../../experiments/catalog.js';
import { withCliErrors } from '../experimentErrors.js';
import type { LiveViewer } from '../../viewer/server/startLiveViewer.js';
import { startLiveViewer } from '../../viewer/server/startLiveViewer.js';
import { addViewerOptions, announceViewer, viewerLimitOptions } from './view.js';
import type { RosContext } from '../rosContext.js';
import { withRosNode } from '../ros/withRosNode.js';
import { perturbOption } from '../bodyChangeOptions.js';
import { checkPerturbations } from '../../experiments/evaluate.js';
import { applyPerturbations } from '../../scenarios/perturbations/parsePerturbations.js';

export interface RosSimOptions {
  readonly episodes: number;
  readonly seed: number;
  readonly lockstep: boolean;
  readonly speed: number;
  readonly record?: string;
  readonly json: boolean;
  /** --view: stream the simulated robot to the browser viewer (with --port, --host, --no-open). */
  readonly view?: boolean;
  readonly port?: number;
  readonly host?: string;
  readonly open?: boolean;
  readonly maxClients?: number;
  readonly allowOrigin?: readonly string[];
  /** Perturbation specs applied to the simulated body, in order (scenarios/perturbations). */
  readonly perturb?: readonly string[];
}

export interface RosSimReport extends SimNodeSummary {
  readonly scenario: string;
  readonly success_rate: number | null;
}

const HELP = `
Pacing: --lockstep waits for the controller's command after every /clock (run the controller
with use_sim_time:=true): the simulation runs as fast as the controller answers and reproduces
the direct loop. Without it the simulator runs in real time (× --speed) on the latest command.

Parameters (ros2 param / launch files): episodes, seed, lockstep, speed, record. speed can be
set while the simulator runs (ros2 param set /spikeloop_sim speed 2.0); the others are read-only.

Examples:
  $ spikeloop ros sim drone-forest-v1 --lockstep --episodes 10
  $ spikeloop ros sim drone-forest-v1 --record forest.mcap
  $ spikeloop ros sim drone-forest-v1 --view          # watch it in the browser (127.0.0.1)
  $ spikeloop ros sim drone-forest-v1 --lockstep --perturb mirror-lidar   # the robot with a mirrored lidar

--perturb changes the simulated robot's body before its topics are published, as in run, eval and
train; in a launch file, add it to the sim node's args (or run a body-change scenario such as
drone-forest-mirrored-v1).`;

export function registerRosSim(ros: Command, io: CliIo, catalog: ExperimentCatalog, context: () => RosContext, rosArgs: () => readonly string[]): void {
  const cmd = ros
    .command('sim')
    .description('the simulator as a ROS 2 robot: sensors, /clock and reward out, commands in')
    .argument('<scenario>', 'scenario id (see spikeloop list)')
    .addOption(new Option('--episodes <N>', 'episodes to run').argParser(countArg).default(1))
    .addOption(new Option('--seed <S>', "episodes are eval's held-out ones: episodeSeed(S, 'eval', k)").argParser(seedArg).default(0))
    .option('--lockstep', 'wait for a command after each /clock (sim time follows the controller)', false)
    .addOption(new Option('--speed <X>', 'real-time factor without --lockstep').argParser(speedArg).default(1))
    .addOption(new Option('--record <file.mcap>', 'record every topic of the simulated robot to an MCAP file'))
    .option('--json', 'print the summary as one JSON object', false)
    .option('--view', 'stream the robot to the browser viewer while it runs (with --port, --host, --no-open)', false)
    .addOption(perturbOption());
  addViewerOptions(cmd)
    .addHelpText('after', HELP)
    .action(async (scenario: string, o: RosSimOptions) => {
      await rosSimCommand(scenario, o, io, catalog, context(), rosArgs());
    });
}

function speedArg(raw: string): number {
  const v = Number(raw);
  if (!(Number.isFinite(v) && v > 0)) throw new CliError(`--speed: expected a factor > 0, got '${raw}'`, 2);
  return v;
}

export async function rosSimCommand(scenarioId: string, o: RosSimOptions, io: CliIo, catalog: ExperimentCatalog, ctx: RosContext, rosArgs: readonly string[]): Promise<RosSimReport> {
  // The scenario is checked before ROS 2 is looked for.
  const scenario = await withCliErrors(() => {
    const sc = findScenarioIn(catalog, scenarioId);
    checkPerturbations(sc, o.perturb);
    return sc;
  });
  return withCliErrors(() =>
    withRosNode(ctx, { name: 'spikeloop_sim', rosArgs }, async (node, signal) => {
      const episodes = node.declareParameter('episodes', o.episodes, { description: 'episodes to run', readOnly: true, min: 1 });
      const seed = node.declareParameter('seed', o.seed, { description: "episodes are eval's held-out ones: episodeSeed(seed, 'eval', k)", readOnly: true });
      const lockstep = node.declareParameter('lockstep', o.lockstep, { description: 'wait for a command after each /clock', readOnly: true });
      const speed = node.declareParameter('speed', o.speed, { description: 'real-time factor without lockstep; settable at run time', min: 0, minExclusive: true });
      const record = node.declareParameter('record', o.record ?? '', { description: 'MCAP file to record to', readOnly: true });
      const inner = applyPerturbations(scenario.createBody(), o.perturb ?? []);
      let mcap: McapFileWriter | null = null;
      let viewer: LiveViewer | null = null;
      let ok = false;
      try {
        const cmdTopic = `/${simCommandInput(inner.actuators).topic.replace(/^\//, '')}`;
        // The node publishes /clock, reward and episodes itself (in lockstep order); the controller publishes commands.
        const ros = rosPublisherSink(node, new Set([TOPIC.clock, TOPIC.reward, TOPIC.episode, cmdTopic]));
        const sinks: MessageSink[] = [ros];
        const seeds = Array.from({ length: episodes }, (_, k) => episodeSeed(seed, 'eval', k));
        if (record) {
          try {
            mcap = openMcapWriter(record, { metadata: [spikeloopMetadata({ command: 'ros sim', scenario: scenario.id, seed, episodeSeeds: seeds, timeBase: 'sim' })] });
          } catch (e) {
            throw new CliError(`cannot record to ${record}: ${(e as Error).message}`, 1);
          }
          sinks.push(mcap);
        }
        if (o.view) {
          const host = o.host ?? '127.0.0.1';
          viewer = await startLiveViewer({ host, port: o.port ?? 0, open: o.open ?? true, ...viewerLimitOptions(o), source: scenario.id });
          announceViewer(io, viewer.url, host, viewer.openError);
          sinks.push(viewer.sink);
        }
        const telemetry = simTelemetryFor(inner, fanOutSink(sinks), { scenario: scenario.id });
        const body = withTelemetry(inner, telemetry);
        const log = (line: string) => io.err(`[${node.name}] ${line}\n`);
        log(`${scenario.id}: ${episodes} episode(s) from seed ${seed}, ${lockstep ? 'lockstep on sim time' : `real time × ${speed}`}`);
        const summary = await runSimNode({
          node,
          scenarioId: scenario.id,
          body,
          createTask: (_b, s) => withRewardTelemetry(scenario.createTask(inner, s), telemetry),
          controlRate_Hz: scenario.controlRate_Hz,
          seeds,
          maxSteps: Math.ceil(scenario.timeLimit_s * scenario.controlRate_Hz * 2) + 10,
          lockstep,
          speed,
          log,
          signal,
          onEpisodeEnd: (e) => telemetry.endEpisode({ outcome: e.outcome, return: e.return, metrics: Object.fromEntries(Object.entries(e.metrics).map(([k, v]) => [k, v ?? Number.NaN])) }),
        });
        const done = summary.episodes;
        const report: RosSimReport = {
          scenario: scenario.id,
          ...summary,
          success_rate: done.length > 0 && done.every((e) => e.metrics.success !== undefined) ? done.filter((e) => e.metrics.success === 1).length / done.length : null,
        };
        io.out(o.json ? `${JSON.stringify(report)}\n` : `${scenario.id}: ${done.length} episode(s) ended, success ${report.success_rate === null ? '–' : `${(report.success_rate * 100).toFixed(0)} %`}, ${summary.missedCommands} step(s) without a command, ${summary.badCommands} bad command(s)${summary.cut ? `; episode ${summary.cut.episode} cut short by the stop after ${summary.cut.steps} steps (not counted)` : summary.aborted ? ' (stopped early)' : ''}\n`);
        ok = true;
        return report;
      } finally {
        // A failed run still finalises what it recorded (nothing recorded: no file); each release runs whatever the others do.
        try {
          await viewer?.close();
        } finally {
          try {
            if (ok) mcap?.close();
            else if (mcap !== null) finaliseFailedRecording(mcap, io);
          } finally {
            inner.close?.();
          }
        }
      }
    }),
  );
}

/** After a failure: the recording up to it under its final name (the failure itself is what the caller reports). */
function finaliseFailedRecording(mcap: McapFileWriter, io: CliIo): void {
  if (mcap.messageCount === 0) return mcap.abort();
  try {
    mcap.close();
    io.err(`recording of the failed run kept in ${mcap.file} (${mcap.messageCount} messages)\n`);
  } catch (e) {
    io.err(`could not complete the recording of the failed run: ${(e as Error).message}\n`);
  }
}
