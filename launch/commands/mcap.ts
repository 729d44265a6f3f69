/**
 * `spikeloop mcap recover <input> --out <file.mcap> [--force] [--json]`: makes a finished MCAP
 * file of a recording that was not finished — the `<file>.mcap.tmp-<pid>` a killed `run
 * --record` / `ros sim --record` / `ros controller --record` leaves, or a cut copy
 * (bridges/recording/mcapRecover.ts). Every complete chunk and message is kept; the summary is
 * rebuilt. Warnings (what was dropped) go to stderr; an input that cannot be read at all fails
 * with a located error (file, byte offset, chunk, topic), exit 1.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { McapReadError } from '../../bridges/recording/mcapReader.js';
import type { RecoveredMcap } from '../../bridges/recording/mcapRecover.js';
import { recoverMcap } from '../../bridges/recording/mcapRecover.js';
import { McapWriteError } from '../../bridges/recording/mcapWriter.js';
import { CliError } from '../cliError.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';

export interface McapRecoverOptions {
  readonly out: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

const HELP = `
Recordings are written to <file>.mcap.tmp-<pid> and renamed to <file>.mcap when they finish
(also when the process exits on an error). A process killed outright (kill -9, a crash of
Node itself, a power cut) leaves the temporary file: an MCAP file without its end, holding every
chunk written so far — chunks are written every second of recorded (sim or ROS) time or 1 MiB,
whichever comes first. 'spikeloop view' replays such a file with a warning; 'mcap recover'
rewrites it as a finished file (all complete chunks and messages, the summary rebuilt) that
every MCAP tool opens. Chunks that fail their CRC are dropped with a warning.

Examples:
  $ spikeloop mcap recover forest.mcap.tmp-12345 --out forest.mcap
  $ spikeloop mcap recover cut-copy.mcap --out fixed.mcap --json`;

export function registerMcap(program: Command, io: CliIo = processIo): void {
  const mcap = program.command('mcap').description('MCAP recordings: recover one a killed process left unfinished');
  mcap
    .command('recover')
    .description('rewrite an unfinished or damaged MCAP recording (e.g. x.mcap.tmp-<pid>) as a finished file')
    .argument('<input>', 'the unfinished recording (x.mcap.tmp-<pid>, or a truncated .mcap)')
    .requiredOption('--out <file.mcap>', 'the finished file to write')
    .option('--force', 'overwrite --out if it exists', false)
    .option('--json', 'print the result as one JSON object', false)
    .addHelpText('after', HELP)
    .action(async (input: string, o: McapRecoverOptions) => {
      await mcapRecoverCommand(input, o, io);
    });
}

export async function mcapRecoverCommand(input: string, o: McapRecoverOptions, io: CliIo = processIo): Promise<RecoveredMcap> {
  if (resolve(input) === resolve(o.out)) throw new CliError('--out must differ from the input (the input is only read)', 2);
  if (existsSync(o.out) && !o.force) throw new CliError(`${o.out} exists; choose another --out, or --force to overwrite it`, 2);
  let r: RecoveredMcap;
  try {
    r = await recoverMcap(input, o.out, { onWarning: (w) => io.err(`warning: ${input}: ${w}\n`) });
  } catch (e) {
    if (e instanceof McapReadError || e instanceof McapWriteError) throw new CliError(e.message, 1);
    throw e;
  }
  if (o.json) io.out(`${JSON.stringify({ input: r.input, output: r.output, messages: r.messages, chunks: r.chunks, finished_input: r.partial === null, valid_bytes: r.partial?.validBytes ?? null, input_bytes: r.partial?.fileBytes ?? null, warnings: r.warnings })}\n`);
  else {
    const from = r.partial ? ` (the first ${r.partial.validBytes} of ${r.partial.fileBytes} bytes were complete)` : ' (the input was a finished file)';
    io.out(`recovered ${r.messages} message(s) in ${r.chunks} chunk(s) from ${input}${from}; written to ${r.output}\n`);
  }
  return r;
}
