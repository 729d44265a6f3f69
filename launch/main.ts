/** Entry point of the `spikeloop` command (bin/spikeloop.js imports the compiled file). */
import { runCli } from './cli.js';

// A command may already have set a non-zero exit code (e.g. 130 after Ctrl-C); keep it.
const code = await runCli(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
