import type { Command } from 'commander';
import { CliError } from '../cliError.js';

// Placeholder: the network-spec loader and runner land with the spiking engine (issue 2).
export function registerSimulate(program: Command): void {
  program
    .command('simulate <network>')
    .description('run a network spec (JSON or YAML) open-loop and write its spikes')
    .action(() => {
      throw new CliError('simulate: not implemented yet');
    });
}
