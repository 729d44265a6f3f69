/**
 * The `spikeloop` command line: the program and its runner, importable without running anything
 * (main.ts runs it). Each subcommand lives in its own file under commands/ and is added by its
 * `register…(program, io)` function.
 *
 * Start-up: a command's module (and what it imports: physics, the engine, the ROS bridge) is
 * loaded only when that command runs or shows its help. The top-level listing comes from the
 * table below, so `spikeloop --help` loads none of them; the table's term and summary are also
 * set on the loaded command, so the listing is the same either way.
 *
 * Errors and exit codes (one convention for every command, README "Exit codes"):
 *   0   done;
 *   1   a runtime failure: a file missing or unreadable, a file's content refused, a write failed,
 *       an episode or a node failed;
 *   2   a usage error: unknown option or command, a missing or malformed argument, a bad value;
 *   130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM.
 * A usage error is one line (commander's `error: …` or `spikeloop: …`) and the hint
 * `see \`spikeloop <command> --help\``, never the whole help. A CliError is printed as one
 * `spikeloop: …` message without a stack trace (its code says which kind it is); anything else is
 * an internal error and keeps its stack.
 */
import { Command, CommanderError, Help } from 'commander';
import { CliError, fileSystemFailure } from './cliError.js';
import type { CliIo } from './cliIo.js';
import { processIo } from './cliIo.js';
import type { ExperimentCatalog } from '../experiments/catalog.js';
import type { RosContext } from './rosContext.js';
import { splitRosArgs } from '../bridges/ros2/transport/splitRosArgs.js';
import { engineEnvProblem } from '../controllers/network/engineEnv.js';
import { loadPlugins, pluginsFromEnv, splitPluginArgs } from '../experiments/plugins.js';

/** What a command's module needs to add itself to the program. */
interface CommandContext {
  readonly io: CliIo;
  /** The caller's catalog, or undefined for the project's registries (loaded when needed). */
  readonly catalog: ExperimentCatalog | undefined;
  readonly ros: RosContext | undefined;
  readonly rosArgs: readonly string[];
}

interface CommandEntry {
  readonly name: string;
  /** As the listing shows it: name, `[options]`, arguments. */
  readonly term: string;
  readonly summary: string;
  readonly register: (program: Command, c: CommandContext) => Promise<void>;
}

const defaultCatalog = async (c: CommandContext): Promise<ExperimentCatalog> => c.catalog ?? (await import('../experiments/defaultCatalog.js')).catalog;

/** Every command, in listing order. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'start',
    term: 'start [options]',
    summary: 'the main job: train the spiking controller on drone-forest-v1, compare it with the untrained controller and the baseline on held-out seeds, write a report',
    register: async (p, c) => (await import('./commands/start.js')).registerStart(p, c.io),
  },
  { name: 'run', term: 'run [options] <scenario>', summary: 'run one episode of a scenario and print its summary', register: async (p, c) => (await import('./commands/run.js')).registerRun(p, c.io, c.catalog) },
  {
    name: 'train',
    term: 'train [options] <scenario>',
    summary: 'train a controller on a scenario, with checkpoints, a learning curve and a report',
    register: async (p, c) => (await import('./commands/train.js')).registerTrain(p, c.io, c.catalog),
  },
  { name: 'eval', term: 'eval [options] <scenario>', summary: 'evaluate a controller on held-out episodes of a scenario', register: async (p, c) => (await import('./commands/eval.js')).registerEval(p, c.io, c.catalog) },
  {
    name: 'study',
    term: 'study',
    summary: 'studies: train and evaluate across seeds and conditions, in local worker threads or on a Redis queue (BullMQ), results tabulated with intervals',
    register: async (p, c) => (await import('./commands/study.js')).registerStudy(p, c.io, await defaultCatalog(c)),
  },
  { name: 'worker', term: 'worker [options]', summary: 'take study runs from a Redis queue (study run --queue) and run them', register: async (p, c) => (await import('./commands/worker.js')).registerWorker(p, c.io, await defaultCatalog(c)) },
  { name: 'list', term: 'list [options]', summary: 'list the scenarios, the controller presets and the bodies with their channels', register: async (p, c) => (await import('./commands/list.js')).registerList(p, c.io, c.catalog) },
  {
    name: 'launch',
    term: 'launch [options] <file> [args...]',
    summary: 'run a ROS 2 YAML launch file without ROS 2: its spikeloop nodes in one process over an in-process graph',
    register: async (p, c) => (await import('./commands/launch.js')).registerLaunch(p, c.io, c.catalog),
  },
  { name: 'simulate', term: 'simulate [options] <network>', summary: 'run a network (spec or saved network) open-loop and write its spikes', register: async (p, c) => (await import('./commands/simulate.js')).registerSimulate(p, c.io) },
  { name: 'nir', term: 'nir', summary: 'NIR (Neuromorphic Intermediate Representation) graphs: info, import, export', register: async (p, c) => (await import('./commands/nir.js')).registerNir(p, c.io) },
  { name: 'demo', term: 'demo', summary: 'demonstrations of the spiking engine', register: async (p, c) => (await import('./commands/demo.js')).registerDemo(p, c.io) },
  {
    name: 'view',
    term: 'view [options] <recording.mcap>',
    summary: 'replay a recorded episode (MCAP) in the browser: 3D scene, spike raster, plots',
    register: async (p, c) => (await import('./commands/view.js')).registerView(p, c.io),
  },
  {
    name: 'replay',
    term: 'replay [options] <recording>',
    summary: "replay a recording's sensor messages through a controller offline, spike for spike, and diff the commands",
    register: async (p, c) => (await import('./commands/replay.js')).registerReplay(p, c.io, c.catalog),
  },
  { name: 'mcap', term: 'mcap', summary: 'MCAP recordings: recover one a killed process left unfinished', register: async (p, c) => (await import('./commands/mcap.js')).registerMcap(p, c.io) },
  {
    name: 'ros',
    term: 'ros',
    summary: 'ROS 2 nodes: a controller driving a robot, the simulator as a robot (needs a sourced ROS 2, or spikeloop launch)',
    register: async (p, c) => (await import('./commands/ros.js')).registerRos(p, c.io, await defaultCatalog(c), c.ros, c.rosArgs),
  },
];

/** The command `args` run or ask help for (`run …`, `help run`), if it is one of ours. */
function commandNamed(args: readonly string[]): CommandEntry | undefined {
  const first = args.find((a) => !a.startsWith('-'));
  const name = first === 'help' ? args[args.indexOf('help') + 1] : first;
  return COMMANDS.find((c) => c.name === name);
}

/**
 * The program for `args`: the command they name is loaded and registered; every other command
 * is listed from the table (a stand-in that never runs: commander dispatches by name, and the
 * named one is real). `catalog` is what `run`, `train`, `eval` and `list` can name (default: the
 * project's registries; tests pass a fixture). `args: null` loads every command.
 */
export async function buildProgram(
  io: CliIo = processIo,
  catalog?: ExperimentCatalog,
  ros?: RosContext,
  rosArgs: readonly string[] = [],
  args: readonly string[] | null = null,
): Promise<Command> {
  const byName = new Map(COMMANDS.map((c) => [c.name, c] as const));
  const program = new Command()
    .name('spikeloop')
    .description('Spiking neural controllers that learn by reward, in closed loop with simulated or ROS 2 robots.')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .configureHelp({ subcommandTerm: (cmd) => byName.get(cmd.name())?.term ?? new Help().subcommandTerm(cmd) })
    .exitOverride()
    .addHelpText(
      'after',
      '\nExtending it: --plugin <module> (repeatable, anywhere on the line) or SPIKELOOP_PLUGINS=a.js,b.js imports\n' +
        'your modules first; what they register (registerScenario, registerPerturbation, neuron models,\n' +
        'plasticity rules) can then be named by every command, and worker threads import them too.',
    );
  const named = args === null ? null : commandNamed(args);
  const ctx: CommandContext = { io, catalog, ros, rosArgs };
  for (const entry of COMMANDS) {
    if (args === null || entry === named) {
      await entry.register(program, ctx);
      program.commands.at(-1)!.summary(entry.summary);
    } else {
      program.command(entry.name).summary(entry.summary).allowUnknownOption().allowExcessArguments();
    }
  }
  addHelpHints(program, []);
  return program;
}

/** After a usage error, every command prints `see \`spikeloop <its path> --help\`` (one line, not the help). */
function addHelpHints(cmd: Command, path: readonly string[]): void {
  cmd.showHelpAfterError(`see \`${['spikeloop', ...path, '--help'].join(' ')}\``);
  for (const sub of cmd.commands) addHelpHints(sub, [...path, sub.name()]);
}

/** `see \`spikeloop <command> [<subcommand>] --help\`` for the command `args` ran. */
export function helpHint(program: Command | null, args: readonly string[]): string {
  const path: string[] = [];
  let cmd = program;
  for (const a of args) {
    if (a.startsWith('-') || !cmd) continue;
    const sub = cmd.commands.find((c) => c.name() === a);
    if (!sub) break;
    path.push(a);
    cmd = sub;
  }
  return `see \`${['spikeloop', ...path, '--help'].join(' ')}\``;
}

/** Commander's exits that are not errors: help or the version asked for. */
const COMMANDER_OK = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** Exit code of a usage error (README "Exit codes"). */
export const USAGE_ERROR = 2;

/** Runs the CLI on `argv` (without the node and script entries); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo, catalog?: ExperimentCatalog, ros?: RosContext): Promise<number> {
  // ROS arguments (after --ros-args) belong to rcl, not to our options: taken off first.
  const split = splitRosArgs(argv);
  const rosArgs = split.rosArgs;
  let args = split.args;
  let program: Command | null = null;
  try {
    const envProblem = engineEnvProblem();
    if (envProblem) throw new CliError(`${envProblem} in the environment`, USAGE_ERROR);
    // Plugins first: what they register (scenarios, perturbations, models, rules) must exist
    // before any argument naming it is read.
    let pluginSpecs: string[];
    try {
      ({ args, plugins: pluginSpecs } = splitPluginArgs(args));
    } catch (e) {
      throw new CliError((e as Error).message, USAGE_ERROR);
    }
    try {
      await loadPlugins([...pluginsFromEnv(), ...pluginSpecs], process.cwd());
    } catch (e) {
      throw new CliError((e as Error).message, 1);
    }
    program = await buildProgram(io, catalog, ros, rosArgs, args);
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (err) {
    // Commander already printed it (one line and the hint); its usage errors exit 2, not its 1.
    // `commander.help` with a non-zero code is a command group run without a subcommand.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : COMMANDER_OK.has(err.code) && err.code !== 'commander.help' ? err.exitCode : USAGE_ERROR;
    if (err instanceof CliError) {
      io.err(`spikeloop: ${err.message}\n`);
      if (err.exitCode === USAGE_ERROR) io.err(`${helpHint(program, args)}\n`);
      return err.exitCode;
    }
    const fsFailure = fileSystemFailure(err);
    if (fsFailure) {
      io.err(`spikeloop: ${fsFailure.message}\n`);
      return fsFailure.exitCode;
    }
    io.err(`spikeloop: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
