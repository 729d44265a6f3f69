/**
 * `spikeloop start` (what `npm start` runs): the main job on an embedded default. It trains the
 * spiking avoidance controller on drone-forest-v1 for a short budget (a couple of minutes on a
 * 2-core machine), evaluates the untrained controller, the trained one and the non-spiking
 * baseline on the same held-out seeds, prints a comparison table and writes the training
 * report (report.html) and comparison.json to the output directory. No ROS, no browser.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { countArg, seedArg } from '../argParsers.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import { findScenarioIn } from '../../experiments/catalog.js';
import { catalog as defaultCatalog } from '../../experiments/defaultCatalog.js';
import { createEpisodePool } from '../../experiments/episodePool.js';
import { evaluateController } from '../../experiments/evaluate.js';
import type { EvalSummary } from '../../experiments/evalSummary.js';
import { resolveController } from '../../experiments/resolveController.js';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../controllers/persistence/writeFileAtomic.js';
import { trainCommand } from './train.js';

export const START_DEFAULTS = {
  scenario: 'drone-forest-v1',
  episodes: 100,
  seed: 0,
  workers: 2,
  evalEpisodes: 30,
  out: 'runs/start',
} as const;

interface StartOptions {
  readonly out: string;
  readonly workers: number;
  readonly episodes: number;
  readonly seed: number;
  readonly evalEpisodes: number;
}

export function registerStart(program: Command, io: CliIo = processIo): void {
  const d = START_DEFAULTS;
  program
    .command('start')
    .description(`the main job: train the spiking controller on ${d.scenario}, compare it with the untrained controller and the baseline on held-out seeds, write a report`)
    .addOption(new Option('--out <dir>', 'output directory (checkpoints, curve.csv, report.html, comparison.json)').default(d.out))
    .addOption(new Option('--workers <K>', 'worker threads (results do not depend on it)').argParser(countArg).default(d.workers))
    .addOption(new Option('--episodes <N>', 'training episodes').argParser(countArg).default(d.episodes))
    .addOption(new Option('--seed <S>', 'seed of training, controller and evaluation').argParser(seedArg).default(d.seed))
    .addOption(new Option('--eval-episodes <N>', 'held-out episodes per controller in the comparison').argParser(countArg).default(d.evalEpisodes))
    .action(async (o: StartOptions) => {
      const code = await startCommand(o, io);
      if (code !== 0) process.exitCode = code;
    });
}

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
const num = (x: number | null | undefined, digits: number) => (x === null || x === undefined ? '—' : x.toFixed(digits));

/** The comparison table (one row per controller). */
export function comparisonTable(rows: readonly EvalSummary[]): string {
  const head = ['controller', 'success', 'collisions', 'mean reward', 'time to goal (s)', 'energy (N·s)', 'min clearance (m)', 'spikes/step', 'synops/step'];
  const body = rows.map((r) => [
    r.controller,
    pct(r.success_rate),
    pct(r.collision_rate),
    num(r.mean_reward, 2),
    num(r.mean_time_to_goal_s, 1),
    num(r.metrics['energy'], 2),
    num(r.metrics['min_clearance_m'], 2),
    num(r.spikes_per_step, 1),
    num(r.synops_per_step, 0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export async function startCommand(o: StartOptions, io: CliIo = processIo): Promise<number> {
  const scenario = findScenarioIn(defaultCatalog, START_DEFAULTS.scenario);
  io.out(`spikeloop start: training '${scenario.controllers.spiking}' on ${scenario.id} for ${o.episodes} episodes (seed ${o.seed}, ${o.workers} worker${o.workers > 1 ? 's' : ''}), then comparing on ${o.evalEpisodes} held-out episodes.\n`);
  const code = await trainCommand(
    scenario.id,
    { episodes: o.episodes, seed: o.seed, workers: o.workers, out: o.out, resume: false, evalEpisodes: o.evalEpisodes },
    io,
    { tty: io === processIo && process.stderr.isTTY === true },
  );
  if (code !== 0) return code;
  const evals = JSON.parse(readFileSync(join(o.out, 'eval.json'), 'utf8')) as { trained: EvalSummary; untrained: EvalSummary };
  const pool = await createEpisodePool({ workers: o.workers, catalog: defaultCatalog });
  try {
    const baseline = resolveController(scenario.controllers.baseline, scenario, o.seed).controller;
    const b = await evaluateController({ scenario, controller: baseline, label: `baseline (${scenario.controllers.baseline})`, episodes: o.evalEpisodes, seed: o.seed, pool });
    const rows = [evals.untrained, evals.trained, b.summary];
    writeFileAtomic(join(o.out, 'comparison.json'), `${JSON.stringify(rows, null, 2)}\n`);
    io.out(`\n${scenario.id}, ${o.evalEpisodes} held-out episodes (the same seeds for every controller):\n${comparisonTable(rows)}\n`);
    io.out(`\nReport: ${join(o.out, 'report.html')}   Comparison: ${join(o.out, 'comparison.json')}\n`);
  } finally {
    await pool.close();
  }
  return 0;
}
