/**
 * Test helper, run as a child process (`node --import tsx test/helpers/trainCliUntilSignalled.ts <dir>`):
 * `spikeloop train point-mass-v0` through the CLI (its own signal handlers) on the point-mass
 * fixture, until the parent signals it; exits with the CLI's code.
 */
import { runCli } from '../../launch/cli.js';
import { processIo } from '../../launch/cliIo.js';
import { catalog } from './pointMassCatalog.js';

const [dir] = process.argv.slice(2);
const code = await runCli(['train', 'point-mass-v0', '--out', dir!, '--episodes', '4000', '--seed', '5', '--validate-every', '1000', '--validate-episodes', '2', '--eval-episodes', '0'], processIo, catalog);
if (code !== 0) process.exitCode = code;
