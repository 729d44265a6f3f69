/** Entry point of the `spikeloop` command (bin/spikeloop.js imports the compiled file). */
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2));
