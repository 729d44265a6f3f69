/** The `spikeloop` command line. Each subcommand lives in its own file under commands/. */
import { Command, CommanderError } from 'commander';
import { CliError } from './cliError.js';
import { registerSimulate } from './commands/simulate.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('spikeloop')
    .description('Spiking neural controllers that learn by reward, in closed loop with simulated or ROS 2 robots.')
    .showHelpAfterError()
    .exitOverride();
  registerSimulate(program);
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode; // commander already printed it
    if (err instanceof CliError) {
      process.stderr.write(`spikeloop: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`spikeloop: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
