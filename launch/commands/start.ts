/**
 * `spikeloop start` (what `npm start` runs): the main job on an embedded default. It trains the
 * spiking avoidance controller on drone-forest-v1 for a short budget (a couple of minutes on a
 * 2-core machine), evaluates the untrained controller, the trained one and the non-spiking
 * baseline on the same held-out seeds, prints a comparison table and writes the training
 * report (report.html) and comparison.json to the output directory. No ROS, no browser.
 *
 * Running it again: without --out, a folder that already holds a run is kept and the new run
 * goes to the next free folder (runs/start-2, runs/start-3, …); --resume continues the newest of
 * them (or the --out given). An explicit --out that holds a run is refused with both choices.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { countArg, seedArg } from '../argParsers.js';
import { CliError } from '../cliError.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { findScenarioIn } from '../../experiments/catalog.js';
import { catalog as defaultCatalog } from '../../experiments/defaultCatalog.js';
import { createEpisodePool } from '../../experiments/episodePool.js';
import { evaluateController } from '../../experiments/evaluate.js';
import type { EvalSummary } from '../../experiments/evalSummary.js';
import { resolveController } from '../../experiments/resolveController.js';
import { defaultEvalEpisodes } from '../../experiments/train.js';
import { trainingStateOf } from '../../experiments/trainingCheckpoint.js';
import { readControllerFile } from '../../controllers/presets/controllerFile.js';
import { writeFileAtomic } from '../../controllers/persistence/writeFileAtomic.js';
import { withCliErrors } from '../experimentErrors.js';
import { trainCommand } from './train.js';

export const START_DEFAULTS = {
  scenario: 'drone-forest-v1',
  episodes: 100,
  seed: 0,
  workers: 2,
  /** At most this many held-out episodes per controller (fewer for a short --episodes). */
  evalEpisodes: 30,
  out: 'runs/start',
} as const;

export interface StartOptions {
  readonly out: string;
  readonly workers: number;
  /** Training episodes. @default 100 (resuming: the run's) */
  readonly episodes?: number;
  /** @default 0 (resuming: the run's) */
  readonly seed?: number;
  /** @default half of the training episodes, 2 … 30 */
  readonly evalEpisodes?: number;
  readonly resume?: boolean;
}

export interface StartEnvironment {
  /** Whether --out was given (else a folder holding a run is kept and the next free one used). @default true */
  readonly outGiven?: boolean;
  /** Tests: the catalog and the scenario to train on. */
  readonly catalog?: ExperimentCatalog;
  readonly scenario?: string;
  readonly signal?: AbortSignal;
}

const HELP = `
Running it again: without --out, a folder that already holds a run is kept and the new run goes
to the next free folder (runs/start-2, runs/start-3, …); --resume continues the newest of them
(or the --out given) from its last checkpoint, as spikeloop train --resume does. A finished run
given to --resume is evaluated again.

Examples:
  $ spikeloop start                       # runs/start (or the next free runs/start-N)
  $ spikeloop start --resume              # continue the newest run after Ctrl-C
  $ spikeloop start --episodes 20 --out runs/quick`;

export function registerStart(program: Command, io: CliIo = processIo): void {
  const d = START_DEFAULTS;
  program
    .command('start')
    .description(`the main job: train the spiking controller on ${d.scenario}, compare it with the untrained controller and the baseline on held-out seeds, write a report`)
    .addOption(new Option('--out <dir>', `output directory (checkpoints, curve.csv, report.html, comparison.json) (default: ${d.out}, or the next free ${d.out}-N)`))
    .addOption(new Option('--workers <K>', 'worker threads (results do not depend on it)').argParser(countArg).default(d.workers))
    .addOption(new Option('--episodes <N>', `training episodes (default: ${d.episodes}; with --resume, the run's)`).argParser(countArg))
    .addOption(new Option('--seed <S>', "seed of training, controller and evaluation (default: 0; with --resume, the run's)").argParser(seedArg))
    .addOption(new Option('--eval-episodes <N>', `held-out episodes per controller in the comparison (default: half of --episodes, 2 … ${d.evalEpisodes})`).argParser(countArg))
    .option('--resume', 'continue the run in --out (default: the newest runs/start*) from its last checkpoint', false)
    .addHelpText('after', HELP)
    .action(async (o: Omit<StartOptions, 'out'> & { out?: string }) => {
      const code = await startCommand({ ...o, out: o.out ?? d.out }, io, { outGiven: o.out !== undefined });
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

const holdsRun = (dir: string) => existsSync(join(dir, 'last.json'));
/** `base`, `base-2`, `base-3`, … in order. */
const numbered = (base: string, k: number) => (k === 1 ? base : `${base}-${k}`);

/** Where this run writes: see the file's header. */
export function startFolder(o: StartOptions, outGiven: boolean): { readonly out: string; readonly note: string | null } {
  if (outGiven) {
    if (!o.resume && holdsRun(o.out)) throw new CliError(`${o.out} already holds a run: continue it with \`spikeloop start --out ${o.out} --resume\`, or give another --out`, 2);
    return { out: o.out, note: null };
  }
  // The newest folder holding a run: base, base-2, base-3, … up to the first gap after base.
  let newest = 0;
  for (let k = 1; k < 10_000; k++) {
    if (holdsRun(numbered(o.out, k))) newest = k;
    else if (k > 1) break;
  }
  if (o.resume) return { out: numbered(o.out, Math.max(1, newest)), note: null };
  if (newest === 0) return { out: o.out, note: null };
  const next = numbered(o.out, newest + 1);
  return { out: next, note: `${numbered(o.out, newest)} holds an earlier run (continue it with \`spikeloop start --resume\`); this run writes to ${next}` };
}

/** Runs the command; resolves to the exit code (130 or 143 when stopped). */
export async function startCommand(o: StartOptions, io: CliIo = processIo, env: StartEnvironment = {}): Promise<number> {
  return withCliErrors(async () => {
    const catalog = env.catalog ?? defaultCatalog;
    const scenario = findScenarioIn(catalog, env.scenario ?? START_DEFAULTS.scenario);
    const { out, note } = startFolder(o, env.outGiven ?? true);
    if (note) io.out(`${note}.\n`);
    const resuming = o.resume === true && holdsRun(out);
    const budget = o.episodes ?? (resuming ? trainingStateOf(readControllerFile(join(out, 'last.json')), join(out, 'last.json')).episodes_total : START_DEFAULTS.episodes);
    const evalEpisodes = o.evalEpisodes ?? defaultEvalEpisodes(budget, START_DEFAULTS.evalEpisodes);
    const seed = o.seed ?? (resuming ? undefined : START_DEFAULTS.seed);
    io.out(
      `spikeloop start: ${o.resume ? `continuing the run in ${out}: ` : ''}training '${scenario.controllers.spiking}' on ${scenario.id} for ${budget} episodes (${seed === undefined ? "the run's seed" : `seed ${seed}`}, ${o.workers} worker${o.workers > 1 ? 's' : ''}) into ${out}, then comparing on ${evalEpisodes} held-out episodes.\n`,
    );
    const code = await trainCommand(
      scenario.id,
      { episodes: o.episodes ?? (resuming ? undefined : budget), seed, workers: o.workers, out, resume: o.resume === true, evalEpisodes },
      io,
      { catalog, tty: io === processIo && process.stderr.isTTY === true, ...(env.signal ? { signal: env.signal } : {}) },
    );
    if (code !== 0) return code;
    const evals = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')) as { trained: EvalSummary; untrained: EvalSummary; baseline?: EvalSummary };
    let baseline = evals.baseline;
    if (!baseline) {
      const pool = await createEpisodePool({ workers: o.workers, catalog });
      try {
        const controller = resolveController(scenario.controllers.baseline, scenario, o.seed ?? 0, { catalog }).controller;
        baseline = (await evaluateController({ scenario, controller, label: `baseline (${scenario.controllers.baseline})`, episodes: evalEpisodes, seed: o.seed ?? 0, pool })).summary;
      } finally {
        await pool.close();
      }
    }
    const rows = [evals.untrained, evals.trained, baseline];
    writeFileAtomic(join(out, 'comparison.json'), `${JSON.stringify(rows, null, 2)}\n`);
    io.out(`\n${scenario.id}, ${evals.trained.episodes} held-out episodes (the same seeds for every controller):\n${comparisonTable(rows)}\n`);
    io.out(`\nReport: ${join(out, 'report.html')}   Comparison: ${join(out, 'comparison.json')}\n`);
    return 0;
  });
}
