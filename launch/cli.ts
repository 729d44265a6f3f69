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
import { registerSimulate } from './commands/simulate.js';
import { registerStart } from './commands/start.js';

export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command()
    .name('spikeloop')
    .description('Spiking neural controllers that learn by reward, in closed loop with simulated or ROS 2 robots.')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError()
    .exitOverride();
  registerStart(program, io);
  registerSimulate(program, io);
  registerDemo(program, io);
  return program;
}

/** Runs the CLI on `argv` (without the node and script entries); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
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
