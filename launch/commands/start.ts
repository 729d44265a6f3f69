/**
 * `spikeloop start` (what `npm start` runs): the main job on an embedded default. Until the
 * closed-loop scenarios land it is the engine's reward-learning demonstration.
 */
import type { Command } from 'commander';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import { DISTAL_DEMO_DEFAULTS, runDistalDemo } from './demo.js';

export function registerStart(program: Command, io: CliIo = processIo): void {
  program
    .command('start')
    .description(`the main job on an embedded default (now: demo distal-reward for ${DISTAL_DEMO_DEFAULTS.durationS} simulated seconds, 1–1.5 minutes)`)
    .action(async () => {
      const code = await runDistalDemo(DISTAL_DEMO_DEFAULTS, io);
      if (code !== 0) process.exitCode = code;
    });
}
