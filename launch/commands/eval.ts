/**
 * `spikeloop eval <scenario> [--controller <file|preset>] --episodes N [--seed S] [--workers K] [--json]`:
 * N episodes on the held-out seeds `episodeSeed(S, 'eval', k)`, k = 0 … N−1 (never used in
 * training), every episode from the same weights; plasticity is off unless the scenario is an
 * 'online' one. Prints a summary, or with --json one object (evalSummary.ts).
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { countArg, seedArg } from '../argParsers.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import type { ExperimentCatalog } from '../experiment/catalog.js';
import { findScenarioIn } from '../experiment/catalog.js';
import { catalog as defaultCatalog } from '../experiment/defaultCatalog.js';
import { createEpisodePool } from '../experiment/episodePool.js';
import type { EvalSummary } from '../experiment/evalSummary.js';
import { evaluateController } from '../experiment/evaluate.js';
import { resolveController } from '../experiment/resolveController.js';
import { withCliErrors } from '../experimentErrors.js';

export interface EvalOptions {
  readonly controller?: string;
  readonly episodes: number;
  readonly seed: number;
  readonly workers: number;
  readonly json: boolean;
}

const HELP = `
Seeds: episode k runs on episodeSeed(S, 'eval', k), a seed of the evaluation split that training
never uses; the same S and N give the same episodes for every controller, so runs compare fairly.
The controller is built with seed S when it is a preset (a file keeps its own).

--json prints one object: scenario, controller, episodes, seed, learning, success_rate,
collision_rate, mean_reward, mean_time_to_goal_s (successful episodes; null if none), errors,
spikes_per_step, synops_per_step, mean_steps, metrics (mean of each metric), reward_terms.

Examples:
  $ spikeloop eval drone-forest-v1 --episodes 50 --seed 1
  $ spikeloop eval drone-forest-v1 --controller runs/forest/best.json --episodes 50 --workers 2 --json
  $ spikeloop eval drone-forest-v1 --controller drone-avoid-reactive --episodes 50`;

export function registerEval(program: Command, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): void {
  program
    .command('eval')
    .description('evaluate a controller on held-out episodes of a scenario')
    .argument('<scenario>', 'scenario id (see spikeloop list)')
    .addOption(new Option('--controller <preset|file>', "controller preset id or saved controller file (default: the scenario's spiking preset, untrained)"))
    .addOption(new Option('--episodes <N>', 'held-out episodes to run (required)').argParser(countArg).makeOptionMandatory())
    .addOption(new Option('--seed <S>', 'seed of the evaluation episodes (and of a preset controller), an integer ≥ 0').argParser(seedArg).default(0))
    .addOption(new Option('--workers <K>', 'worker threads running episodes (1 = in the main thread); results do not depend on it').argParser(countArg).default(1))
    .option('--json', 'print one JSON object instead of the summary', false)
    .addHelpText('after', HELP)
    .action(async (scenario: string, o: EvalOptions) => {
      await evalCommand(scenario, o, io, catalog);
    });
}

export async function evalCommand(scenarioId: string, o: EvalOptions, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): Promise<EvalSummary> {
  return withCliErrors(async () => {
    const scenario = findScenarioIn(catalog, scenarioId);
    const resolved = resolveController(o.controller, scenario, o.seed, { catalog });
    const pool = await createEpisodePool({ workers: o.workers, catalog });
    try {
      const { summary } = await evaluateController({ scenario, controller: resolved.controller, label: resolved.source, episodes: o.episodes, seed: o.seed, pool });
      io.out(o.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
      return summary;
    } finally {
      await pool.close();
    }
  });
}

const f = (v: number | null, d = 3) => (v === null ? '–' : v.toFixed(d));

export function formatSummary(s: EvalSummary): string {
  const lines = [
    `${s.scenario}: ${s.controller}, ${s.episodes} held-out episodes (seed ${s.seed}), plasticity ${s.learning ? 'on within each episode' : 'off'}`,
    `  success rate       ${f(s.success_rate)}`,
    `  collision rate     ${f(s.collision_rate)}`,
    `  mean reward        ${f(s.mean_reward)}`,
    `  mean time to goal  ${s.mean_time_to_goal_s === null ? '– (no success)' : `${f(s.mean_time_to_goal_s)} s`}`,
    `  errors             ${s.errors}`,
    `  spikes / step      ${f(s.spikes_per_step, 1)}`,
    `  synaptic ops/step  ${f(s.synops_per_step, 1)}`,
    '  metrics (means):',
    ...Object.entries(s.metrics).map(([k, v]) => `    ${k.padEnd(20)} ${f(v, 4)}`),
  ];
  return `${lines.join('\n')}\n`;
}
