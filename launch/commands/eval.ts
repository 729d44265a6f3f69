/**
 * `spikeloop eval <scenario> [--controller <file|preset>] --episodes N [--seed S] [--workers K] [--json]
 * [--report <file> [--raster-episode k] [--no-baseline]] [--hardware <spec>]`:
 * N episodes on the held-out seeds `episodeSeed(S, 'eval', k)`, k = 0 … N−1 (never used in
 * training), every episode from the same weights; plasticity is off unless the scenario is an
 * 'online' one. Prints a summary, or with --json one object (evalSummary.ts). With --report, also
 * evaluates the scenario's baseline on the same seeds and writes a self-contained HTML report
 * with its plots (experiments/report/evaluationReport.ts). With --hardware, every episode runs on a
 * hardware model (controllers/hardware): quantised weights, integer state or memristor devices.
 * `--perturb <spec>` (repeatable) runs every episode on a changed body (scenarios/perturbations);
 * `--no-learning` / `--learning` switch plasticity off / on for any controller. The summary
 * states 95 % intervals: Wilson for rates, a seeded bootstrap for means.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { countArg, seedArg } from '../argParsers.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { findScenarioIn } from '../../experiments/catalog.js';
import { catalog as defaultCatalog } from '../../experiments/defaultCatalog.js';
import { createEpisodePool } from '../../experiments/episodePool.js';
import type { EvalSummary } from '../../experiments/evalSummary.js';
import { evaluateController } from '../../experiments/evaluate.js';
import { resolveController } from '../../experiments/resolveController.js';
import { withCliErrors } from '../experimentErrors.js';
import type { HardwareSpec } from '../../controllers/hardware/hardwareSpec.js';
import { attachHardware, hardwareHost } from '../../controllers/hardware/attachHardware.js';
import { HARDWARE_HELP, parseHardwareSpec } from '../../controllers/hardware/parseHardwareSpec.js';
import type { PresetController } from '../../controllers/presets/preset.js';
import { formatNeuroSummary } from '../../controllers/metrics/formatNeuroSummary.js';
import { EMPTY_NEURO_SUMMARY } from '../../controllers/metrics/neuroSummary.js';
import { CliError } from '../cliError.js';
import { SpecError } from '../../loop/specIssues.js';
import { commandLineText, rawArgsOf } from '../../experiments/report/commandLine.js';
import { writeEvaluationReport } from '../../experiments/report/evaluationReport.js';
import { plotsDirFor } from '../../experiments/report/writeReport.js';
import { addLearningOptions, addPerturbOption, innateGainOption, perturbHelp } from '../bodyChangeOptions.js';
import { applyInnateGain } from '../../experiments/innateGain.js';
import { hasPlasticity, NoPlasticityError } from '../../experiments/learningSwitch.js';

export interface EvalOptions {
  readonly controller?: string;
  readonly episodes: number;
  readonly seed: number;
  readonly workers: number;
  readonly json: boolean;
  /** Write an HTML report (and its plots beside it) to this file. */
  readonly report?: string;
  /** Evaluation episode k shown in the report's raster. @default 0 */
  readonly rasterEpisode?: number;
  /** Evaluate the scenario's baseline for the report. @default true */
  readonly baseline?: boolean;
  /** The command line the report states. @default rebuilt from these options */
  readonly commandLine?: string;
  /** Hardware model: a preset, an inline spec or a JSON/YAML file (parseHardwareSpec.ts). */
  readonly hardware?: string;
  /** Perturbation specs, applied to the body in order (scenarios/perturbations). */
  readonly perturb?: readonly string[];
  /** Scale the controller file's innate map by this gain (--innate-gain). */
  readonly innateGain?: number;
  /** Plasticity within each episode: --learning / --no-learning. @default the scenario's mode */
  readonly learning?: boolean;
}

const HELP = `
Seeds: episode k runs on episodeSeed(S, 'eval', k), a seed of the evaluation split that training
never uses; the same S and N give the same episodes for every controller, so runs compare fairly.
The controller is built with seed S when it is a preset (a file keeps its own).

Intervals: every rate has its 95 % Wilson interval, every mean its 95 % percentile-bootstrap
interval (2000 resamples, seeded by S), printed as [low, high].

--no-learning freezes any controller (plasticity off; the default for 'train-only' scenarios);
--learning turns plasticity on within each episode (weights reset before each), e.g. to measure
online re-learning on a changed body. A controller without plasticity cannot learn: --learning
on it is an error, --no-learning a note.

--json prints one object: scenario, controller, episodes, seed, learning, perturb, success_rate
(and success_rate_ci95 [low, high]), collision_rate (collision_rate_ci95), mean_reward
(mean_reward_ci95), mean_time_to_goal_s (successful episodes; null if none;
mean_time_to_goal_s_ci95), errors,
spikes_per_step, synops_per_step, mean_steps, metrics (mean of each metric), reward_terms,
hardware, and for a spiking controller NeuroBench-style metrics (Yik et al., arXiv:2304.04640;
per step = per control step): synaptic_ops_per_step (effective: spikes x non-zero synapses),
dense_macs_per_step, neuron_updates_per_step, synaptic_updates_per_step, input_spikes_per_step,
activation_sparsity, connection_sparsity, synapses, nonzero_synapses, parameter_bytes,
state_bytes, footprint_bytes, latency_ms (sensor event to input spike, output spike and command:
p50/p90/p99/max), energy_estimate_j and energy_estimate_j_per_step by platform (truenorth, loihi,
cpu_dense_fp32, cpu_event_fp32) — an ESTIMATE from published per-event energies, whose sources
are in energy_estimate_sources.

--hardware <spec> runs every episode on a ${HARDWARE_HELP}

--report <file> writes a self-contained HTML report (no scripts, opens from disk): the summary of
the controller and of the scenario's baseline on the same seeds (--no-baseline skips it), every
episode's metrics, a spike raster of episode --raster-episode k, the learned parameters. Its
charts are also exported as SVG and PNG to plots/ beside a report.html (<name>_plots/ beside any
other file name).

Examples:
  $ spikeloop eval drone-forest-v1 --episodes 50 --seed 1
  $ spikeloop eval drone-forest-v1 --controller runs/forest/best.json --episodes 50 --workers 2 --json
  $ spikeloop eval drone-forest-v1 --controller drone-avoid-reactive --episodes 50
  $ spikeloop eval drone-forest-v1 --controller runs/forest/best.json --episodes 20 --report runs/forest/eval-best.html --raster-episode 3
  $ spikeloop eval drone-forest-v1 --controller runs/forest/best.json --episodes 50 --hardware int8
  $ spikeloop eval drone-forest-v1 --controller runs/forest/best.json --episodes 50 --hardware memristor:levels=32,noise=0.02,drift_nu=0.05,stuck=0.01
  $ spikeloop eval drone-forest-v1 --controller runs/forest/best.json --episodes 50 --perturb mirror-lidar --no-learning
  $ spikeloop eval drone-forest-v1 --controller drone-avoid-reactive --episodes 50 --perturb dead-beams:19-27`;

export function registerEval(program: Command, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): void {
  const cmd = program
    .command('eval')
    .description('evaluate a controller on held-out episodes of a scenario')
    .argument('<scenario>', 'scenario id (see spikeloop list)')
    .addOption(new Option('--controller <preset|file>', "controller preset id or saved controller file (default: the scenario's spiking preset, untrained)"))
    .addOption(new Option('--episodes <N>', 'held-out episodes to run (required)').argParser(countArg).makeOptionMandatory())
    .addOption(new Option('--seed <S>', 'seed of the evaluation episodes (and of a preset controller), an integer ≥ 0').argParser(seedArg).default(0))
    .addOption(new Option('--workers <K>', 'worker threads running episodes (1 = in the main thread); results do not depend on it').argParser(countArg).default(1))
    .option('--json', 'print one JSON object instead of the summary', false)
    .addOption(new Option('--report <file>', 'also write an HTML report to <file>, its plots (SVG, PNG) beside it'))
    .addOption(new Option('--raster-episode <k>', 'evaluation episode k (0 … N−1) whose spikes the report shows').argParser(seedArg).default(0))
    .option('--no-baseline', "do not evaluate the scenario's baseline controller for the report")
    .addOption(new Option('--hardware <spec>', 'run on a hardware model: int8, int4, int2, binary, float, int:…, memristor:… or a .json/.yaml file'));
  addPerturbOption(cmd);
  cmd.addOption(innateGainOption());
  addLearningOptions(cmd)
    .addHelpText('after', () => `${HELP}\n\n${perturbHelp()}`)
    .action(async (scenario: string, opts: EvalOptions, cmd: Command) => {
      const argv = rawArgsOf(cmd);
      await evalCommand(scenario, argv ? { ...opts, commandLine: commandLineText(argv) } : opts, io, catalog);
    });
}

export async function evalCommand(scenarioId: string, o: EvalOptions, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): Promise<EvalSummary> {
  return withCliErrors(async () => {
    const scenario = findScenarioIn(catalog, scenarioId);
    const resolved = resolveController(o.controller, scenario, o.seed, { catalog });
    if (o.innateGain !== undefined) applyInnateGain(resolved, o.innateGain);
    const k = o.rasterEpisode ?? 0;
    if (o.report !== undefined && k >= o.episodes) throw new CliError(`--raster-episode ${k}: expected an evaluation episode 0 … ${o.episodes - 1} (--episodes ${o.episodes})`, 2);
    const hardware = o.hardware !== undefined ? checkedHardware(o.hardware, resolved.controller) : undefined;
    if (o.learning === true && !hasPlasticity(resolved.controller)) throw new NoPlasticityError(resolved.source, '--learning');
    if (o.learning === false && !hasPlasticity(resolved.controller)) io.err(`note: controller ${resolved.source} has no plasticity; --no-learning changes nothing\n`);
    const pool = await createEpisodePool({ workers: o.workers, catalog });
    try {
      const evaluation = await evaluateController({
        scenario,
        controller: resolved.controller,
        label: resolved.source,
        episodes: o.episodes,
        seed: o.seed,
        pool,
        ...(hardware ? { hardware } : {}),
        ...(o.perturb && o.perturb.length > 0 ? { perturb: o.perturb } : {}),
        ...(o.learning !== undefined ? { learning: o.learning } : {}),
      });
      const { summary } = evaluation;
      io.out(o.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
      if (o.report !== undefined) {
        const written = await writeEvaluationReport({
          file: o.report,
          scenario,
          catalog,
          controller: resolved.controller,
          source: resolved.source,
          evaluation,
          seed: o.seed,
          pool,
          baseline: o.baseline ?? true,
          rasterEpisode: k,
          commandLine: o.commandLine ?? rebuiltCommandLine(scenario.id, o),
        });
        // stdout stays one JSON object with --json.
        const line = `report: ${written.file}, plots in ${plotsDirFor(written.file)}/\n`;
        if (o.json) io.err(line);
        else io.out(line);
      }
      return summary;
    } finally {
      await pool.close();
    }
  });
}

/** For callers without an argv (the API): the options as an eval command line. */
function rebuiltCommandLine(scenario: string, o: EvalOptions): string {
  const args = ['eval', scenario, '--episodes', String(o.episodes), '--seed', String(o.seed), '--workers', String(o.workers)];
  if (o.controller !== undefined) args.push('--controller', o.controller);
  if (o.json) args.push('--json');
  if (o.report !== undefined) args.push('--report', o.report, '--raster-episode', String(o.rasterEpisode ?? 0));
  if (o.baseline === false) args.push('--no-baseline');
  if (o.hardware !== undefined) args.push('--hardware', o.hardware);
  for (const p of o.perturb ?? []) args.push('--perturb', p);
  if (o.learning !== undefined) args.push(o.learning ? '--learning' : '--no-learning');
  if (o.innateGain !== undefined) args.push('--innate-gain', String(o.innateGain));
  return commandLineText(args);
}

/** The parsed spec, tried on the controller once here so a misfit fails before any episode. */
function checkedHardware(text: string, c: PresetController): HardwareSpec {
  const spec = parseHardwareSpec(text);
  try {
    attachHardware(hardwareHost(c), spec).detach();
  } catch (e) {
    if (e instanceof RangeError && !(e instanceof SpecError)) throw new CliError(`--hardware ${text}: ${e.message}`, 2);
    throw e;
  }
  return spec;
}

const f = (v: number | null, d = 3) => (v === null ? '–' : v.toFixed(d));

/** `  [low, high] (95 % …)` after a value, or '' when the summary has no interval (older files). */
function ci(v: readonly [number, number] | null | undefined, how: string, d = 3, unit = ''): string {
  return v ? `  [${v[0].toFixed(d)}, ${v[1].toFixed(d)}]${unit} (95 % ${how})` : '';
}

export function formatSummary(s: EvalSummary): string {
  const lines = [
    `${s.scenario}: ${s.controller}, ${s.episodes} held-out episodes (seed ${s.seed}), plasticity ${s.learning ? 'on within each episode' : 'off'}`,
    ...(s.perturb && s.perturb.length > 0 ? [`  body               perturbed: ${s.perturb.join(', ')}`] : []),
    `  success rate       ${f(s.success_rate)}${ci(s.success_rate_ci95, 'Wilson')}`,
    `  collision rate     ${f(s.collision_rate)}${ci(s.collision_rate_ci95, 'Wilson')}`,
    `  mean reward        ${f(s.mean_reward)}${ci(s.mean_reward_ci95, 'bootstrap')}`,
    `  mean time to goal  ${s.mean_time_to_goal_s === null ? '– (no success)' : `${f(s.mean_time_to_goal_s)} s${ci(s.mean_time_to_goal_s_ci95, 'bootstrap', 3, ' s')}`}`,
    `  errors             ${s.errors}`,
    `  spikes / step      ${f(s.spikes_per_step, 1)}`,
    `  synaptic ops/step  ${f(s.synops_per_step, 1)}`,
    ...(s.hardware ? [`  hardware           ${s.hardware}`] : []),
    '  metrics (means):',
    ...Object.entries(s.metrics).map(([k, v]) => `    ${k.padEnd(20)} ${f(v, 4)}`),
    ...formatNeuroSummary({ ...EMPTY_NEURO_SUMMARY, ...s }),
  ];
  return `${lines.join('\n')}\n`;
}
