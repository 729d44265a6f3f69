/**
 * The `spikeloop` command line: the program and its runner, importable without running anything
 * (main.ts runs it). Each subcommand lives in its own file under commands/ and is added by its
 * `register…(program, io)` function.
 *
 * Errors: commander's own (unknown option, bad argument) are printed by commander; a CliError is
 * a user error, printed as one `spikeloop: …` message without a stack trace; anything else is an
 * internal error and keeps its stack.
 */
import { Command, CommanderError } from 'commander';
import { CliError } from './cliError.js';
import type { CliIo } from './cliIo.js';
import { processIo } from './cliIo.js';
import { registerDemo } from './commands/demo.js';
import { registerEval } from './commands/eval.js';
import { registerLaunch } from './commands/launch.js';
import { registerList } from './commands/list.js';
import { registerMcap } from './commands/mcap.js';
import { registerNir } from './commands/nir.js';
import { registerRun } from './commands/run.js';
import { registerSimulate } from './commands/simulate.js';
import { registerStart } from './commands/start.js';
import { registerTrain } from './commands/train.js';
import { registerView } from './commands/view.js';
import type { ExperimentCatalog } from '../experiments/catalog.js';
import type { RosContext } from './rosContext.js';
import { registerRos } from './commands/ros.js';
import { splitRosArgs } from '../bridges/ros2/transport/rosArgs.js';
import { catalog as defaultCatalog } from '../experiments/defaultCatalog.js';

/**
 * The program. `catalog` is what `run`, `train`, `eval` and `list` can name (default: the
 * project's registries; tests pass a fixture).
 */
export function buildProgram(io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog, ros?: RosContext, rosArgs: readonly string[] = []): Command {
  const program = new Command()
    .name('spikeloop')
    .description('Spiking neural controllers that learn by reward, in closed loop with simulated or ROS 2 robots.')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError()
    .exitOverride();
  registerStart(program, io);
  registerRun(program, io, catalog);
  registerTrain(program, io, catalog);
  registerEval(program, io, catalog);
  registerList(program, io, catalog);
  registerLaunch(program, io, catalog);
  registerSimulate(program, io);
  registerNir(program, io);
  registerDemo(program, io);
  registerView(program, io);
  registerMcap(program, io);
  registerRos(program, io, catalog, ros, rosArgs);
  return program;
}

/** Runs the CLI on `argv` (without the node and script entries); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog, ros?: RosContext): Promise<number> {
  // ROS arguments (after --ros-args) belong to rcl, not to our options: taken off first.
  const { args, rosArgs } = splitRosArgs(argv);
  const program = buildProgram(io, catalog, ros, rosArgs);
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode; // commander already printed it
    if (err instanceof CliError) {
      io.err(`spikeloop: ${err.message}\n`);
      return err.exitCode;
    }
    io.err(`spikeloop: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
