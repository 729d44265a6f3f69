/**
 * `spikeloop ros controller`: a controller (preset or saved file) in closed loop with a robot on
 * ROS 2 through a robot profile (bridges/ros2/nodes/controllerNode.ts). Every option is also a
 * ROS parameter of the node (`profile`, `controller`, `rate_hz`, `learn`, `seed`, `duration_s`,
 * `save`, `record`, `loop_thread`), so launch files and `--ros-args -p` set them; a parameter given that way wins over
 * the option. Remaps and namespaces come from `--ros-args` as for any ROS 2 node.
 *
 * `--record x.mcap` (parameter `record`) records what the node sees and does to an MCAP file
 * (bridges/ros2/nodes/topicRecorder.ts): every input topic as received, every output and
 * heartbeat as published, the reward, episode announcements, `/diagnostics`, and the spiking
 * controller's spikes and neuromodulators once per control tick; stamped with the node's ROS
 * time. The file is completed (temp file + rename) whenever the node stops — duration, Ctrl-C,
 * or an error: the recording up to a failure is what one wants to look at.
 *
 * `--loop-thread worker` runs the controller, its real-time loop and the recording in a worker
 * thread on a proxy of the node (launch/ros/controllerSession.ts, bridges/ros2/worker/): the
 * node's callbacks and logging stay on the main thread and cannot delay control ticks.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { CONTROL_RATE_RANGE_HZ } from '../../controllers/presets/controllerFile.js';
import type { ControllerNodeSummary } from '../../bridges/ros2/nodes/controllerNode.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import { runInWorker, siblingModule } from '../../bridges/ros2/worker/runInWorker.js';
import { seedArg } from '../argParsers.js';
import { CliError } from '../cliError.js';
import type { CliIo } from '../cliIo.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { resolveNamedController } from '../../experiments/resolveController.js';
import { withCliErrors } from '../experimentErrors.js';
import type { RosContext } from '../rosContext.js';
import { withRosNode } from '../ros/withRosNode.js';
import type { ControllerSessionArgs } from '../ros/controllerSession.js';
import { runControllerSession } from '../ros/controllerSession.js';
import { loadedPlugins } from '../../experiments/plugins.js';

export interface RosControllerOptions {
  readonly profile?: string;
  readonly controller?: string;
  readonly rateHz?: number;
  readonly learn: boolean;
  readonly seed: number;
  readonly durationS?: number;
  readonly save?: string;
  readonly record?: string;
  readonly json: boolean;
  /** Where the control loop runs: 'main' (default) or 'worker' (a thread of its own; controllerSession.ts). */
  readonly loopThread?: 'main' | 'worker';
}

const HELP = `
Profiles (built-in): drone (cmd_vel; odom, scan), crazyflie (crazyswarm2 cmd_hover), px4
(uXRCE-DDS trajectory_setpoint + offboard_control_mode), mavros, arm-velocity, arm-effort,
arm-trajectory (ros2_control) — or a YAML profile file (see README, "Robot profiles").

Safety: when a required sensor topic is stale, a message holds NaN/Inf or the wrong length, the
controller throws or commands a non-finite value, the profile's safe command (zero velocity /
hover / hold) is published instead, within the control period, with the reason on stderr and
on /diagnostics. On Ctrl-C or SIGTERM the safe command is the last thing published.

Recording: --record run.mcap writes what the node sees and does — the profile's input topics as
received, its outputs and heartbeats as published, spikeloop/reward, /diagnostics, and the
spiking controller's /spikeloop/spikes/<population> and /spikeloop/dopamine every tick — to an
MCAP file (ROS 2 CDR) stamped with ROS time; Foxglove opens it, ros2 bag play replays it. The
file appears under its name when the node stops (also on Ctrl-C).

Real time: --loop-thread worker runs the control loop (controller, safety layer, recording) in a
worker thread of its own, so a busy main event loop (DDS callbacks, logging) delays messages but
not control ticks; the same inputs give the same commands either way.

Parameters (ros2 param / launch files / --ros-args -p): profile, controller, rate_hz, learn,
seed, duration_s, save, record, loop_thread, use_sim_time. rate_hz, learn and save can be set
while the node runs (ros2 param set /spikeloop_controller rate_hz 25.0 retimes the control loop); the others
are read-only and ros2 param set refuses them with the reason.

Examples:
  $ spikeloop ros controller --profile drone --controller runs/forest/best.json
  $ spikeloop ros controller --profile crazyflie --controller best.json --ros-args -r __ns:=/cf231
  $ spikeloop ros controller --profile drone --controller best.json --ros-args -p use_sim_time:=true
  $ spikeloop ros controller --profile px4 --controller best.json --record flight.mcap`;

export function registerRosController(ros: Command, io: CliIo, catalog: ExperimentCatalog, context: () => RosContext, rosArgs: () => readonly string[]): void {
  ros
    .command('controller')
    .description('run a controller against a robot on ROS 2 (real-time loop, safety watchdog)')
    .addOption(new Option('--profile <name|file>', 'robot profile: a built-in name or a YAML/JSON profile file'))
    .addOption(new Option('--controller <file|preset>', 'saved controller file (from train) or controller preset id'))
    .addOption(new Option('--rate-hz <R>', "control rate in Hz (default: the profile's)").argParser(positiveFloat('--rate-hz')))
    .option('--learn', 'keep plasticity on, with the reward from spikeloop/reward', false)
    .addOption(new Option('--seed <S>', 'seed of a preset controller and of its first reset').argParser(seedArg).default(0))
    .addOption(new Option('--duration-s <T>', 'stop after T seconds of ROS time (default: until Ctrl-C)').argParser(positiveFloat('--duration-s')))
    .addOption(new Option('--save <file>', 'with --learn: write the learned controller here when the node stops'))
    .addOption(new Option('--record <file.mcap>', "record the node's topics, spikes and dopamine to an MCAP file"))
    .option('--json', 'print the final summary as one JSON object', false)
    .addOption(new Option('--loop-thread <where>', 'run the control loop on the main thread or in a worker thread of its own, which a busy main event loop (DDS callbacks, logging, a viewer) cannot delay').choices(['main', 'worker']).default('main'))
    .addHelpText('after', HELP)
    .action(async (o: RosControllerOptions) => {
      await rosControllerCommand(o, io, catalog, context(), rosArgs());
    });
}

/** --profile and --controller as given on the command line: a usage error before any ROS 2 is needed. */
function checkArguments(o: RosControllerOptions, catalog: ExperimentCatalog): void {
  if (o.profile !== undefined) {
    try {
      loadProfile(o.profile);
    } catch (e) {
      throw new CliError((e as Error).message, 2);
    }
  }
  // Builds the controller once to check the name (a preset, or a file that loads); the node builds its own.
  if (o.controller !== undefined) resolveNamedController(o.controller, { seed: o.seed, controlRate_Hz: 50 }, catalog);
}

function positiveFloat(what: string) {
  return (raw: string): number => {
    const v = Number(raw);
    if (!(Number.isFinite(v) && v > 0)) throw new CliError(`${what}: expected a number > 0, got '${raw}'`, 2);
    return v;
  };
}

export async function rosControllerCommand(o: RosControllerOptions, io: CliIo, catalog: ExperimentCatalog, ctx: RosContext, rosArgs: readonly string[]): Promise<ControllerNodeSummary> {
  // The command's own arguments are checked before ROS 2 is looked for (parameters given with
  // --ros-args are checked once the node has them).
  await withCliErrors(() => checkArguments(o, catalog));
  return withCliErrors(() =>
    withRosNode(ctx, { name: 'spikeloop_controller', rosArgs }, async (node, signal) => {
      const profileName = node.declareParameter('profile', o.profile ?? '', { description: 'robot profile: built-in name or profile file', readOnly: true });
      const controllerName = node.declareParameter('controller', o.controller ?? '', { description: 'saved controller file or preset id', readOnly: true });
      if (!profileName) throw new CliError('a robot profile is needed: --profile <name|file> (or the parameter profile)', 2);
      if (!controllerName) throw new CliError('a controller is needed: --controller <file|preset> (or the parameter controller)', 2);
      let profile;
      try {
        profile = loadProfile(profileName);
      } catch (e) {
        throw new CliError((e as Error).message, 2);
      }
      let rate_hz: number;
      try {
        rate_hz = node.declareParameter('rate_hz', o.rateHz ?? profile.profile.rate_hz, { description: 'control rate (Hz); settable at run time: the schedule is retimed', min: 0, minExclusive: true, max: CONTROL_RATE_RANGE_HZ.max });
      } catch (e) {
        throw new CliError((e as Error).message, 2);
      }
      const learn = node.declareParameter('learn', o.learn, 'plasticity on (reward from spikeloop/reward); settable at run time');
      const seed = node.declareParameter('seed', o.seed, { description: 'seed of a preset controller and of its first reset', readOnly: true });
      const duration_s = node.declareParameter('duration_s', o.durationS ?? 0, { description: 'stop after this much ROS time (s); 0 = until stopped', readOnly: true });
      const save = node.declareParameter('save', o.save ?? '', 'with learn: write the learned controller here at stop; settable at run time');
      const record = node.declareParameter('record', o.record ?? '', { description: "MCAP file to record the node's topics, spikes and dopamine to", readOnly: true });
      const loopThread = node.declareParameter('loop_thread', o.loopThread ?? 'main', { description: "where the control loop runs: 'main' or 'worker' (a thread of its own)", readOnly: true });
      if (loopThread !== 'main' && loopThread !== 'worker') throw new CliError(`parameter loop_thread: expected 'main' or 'worker', got '${loopThread}'`, 2);
      const args: ControllerSessionArgs = { profileName, controllerName, rate_hz, learn, seed, duration_s, save, record, catalogModule: catalog.moduleUrl, plugins: loadedPlugins() };
      const log = (line: string) => io.err(`[${node.name}] ${line}\n`);
      let summary: ControllerNodeSummary;
      if (loopThread === 'worker') {
        log('control loop in a worker thread (--loop-thread worker)');
        try {
          summary = await runInWorker<ControllerSessionArgs, ControllerNodeSummary>({ node, entry: { module: siblingModule(import.meta.url, '../ros/controllerSession'), export: 'controllerSessionEntry' }, args, log, signal });
        } catch (e) {
          // the worker's CliErrors keep their message and exit code
          const code = (e as { exitCode?: unknown }).exitCode;
          throw (e as Error).name === 'CliError' && typeof code === 'number' ? new CliError((e as Error).message, code) : e;
        }
      } else summary = await runControllerSession(node, args, { log, signal }, catalog);
      io.out(o.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
      return summary;
    }),
  );
}

function formatSummary(s: ControllerNodeSummary): string {
  const ms = (x: number) => (Number.isFinite(x) ? (x * 1000).toFixed(3) : '–');
  return [
    `stopped: ${s.stoppedBy}${s.error ? ` (${s.error})` : ''}; ${s.ticks} ticks, ${s.overruns} overruns (${s.skipped} deadlines skipped)`,
    `  period ${ms(s.periodMean_s)} ms ± ${ms(s.periodStd_s)} ms jitter; compute ${ms(s.computeMean_s)} ms mean, ${ms(s.computeMax_s)} ms max`,
    `  safe commands ${s.safeCommands} of ${s.commands}; safety trips ${s.trips}${Object.keys(s.faults).length ? ` (${Object.entries(s.faults).map(([k, v]) => `${k} ×${v}`).join(', ')})` : ''}`,
    ...(s.episodes.length ? [`  episodes ended (announced by the simulator): ${s.episodes.length}, of which successful ${s.episodes.filter((e) => e.metrics.success === 1).length}`] : []),
  ].join('\n') + '\n';
}
