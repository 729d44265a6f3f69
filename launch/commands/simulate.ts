/**
 * `spikeloop simulate <network> --duration-ms T [--seed S] [--dt-ms D] [--out FILE]`: runs a
 * network open-loop (inputs come from its spike-time and Poisson sources; no rewards) and writes
 * every population's spikes as
 *   {"dt_ms": D, "duration_ms": T, "seed": S,
 *    "populations": {"<name>": {"size": N, "spikes": [[t_ms, index], …]}}}
 * Spike times are step·dt in ms (rounded to 1e-9 ms to drop float noise), in step order.
 * A summary (spikes and mean rate per population) goes to stdout, or to stderr when the JSON does.
 *
 * `--plot FILE.png|svg|html` draws the spike raster and the population rates (and the probed
 * traces); `--probe pop:i,j` (repeatable) with `--probe-var v` samples a state variable of those
 * neurons every step, written by `--probe-out FILE.json|csv` (simulatePlot.ts).
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { countArg, positiveNumber, seedArg } from '../argParsers.js';
import type { SpikeRecorder } from '../../controllers/monitors/spikeRecorder.js';
import { spikePairs } from '../../controllers/monitors/spikeRecorder.js';
import type { Network } from '../../controllers/network/network.js';
import type { StateProbe } from '../../controllers/monitors/stateProbe.js';
import { addSpikeRecorder, addStateProbe } from '../../controllers/network/networkAccess.js';
import { runSteps } from '../../controllers/network/networkStep.js';
import { SpecError } from '../../controllers/network/specIssues.js';
import { openNetworkFile } from '../../controllers/persistence/openNetworkFile.js';
import { saveNetwork } from '../../controllers/persistence/saveNetwork.js';
import { writeFileAtomic } from '../../controllers/persistence/writeFileAtomic.js';
import { LIMIT_ENV, limit } from '../../loop/limits.js';
import { CliError } from '../cliError.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import type { PlotFormat, ProbeFormat, ProbeRequest, Trace } from './simulatePlot.js';
import { collectProbe, formatTraces, plotFormatOf, plotSpec, probeFormatOf, recordedSpikes, renderPlot, resolveVariable, tracesOf } from './simulatePlot.js';

export interface SimulateOptions {
  readonly durationMs: number;
  readonly seed?: number;
  readonly dtMs?: number;
  readonly out?: string;
  readonly maxSpikes: number;
  readonly saveNetwork?: string;
  /** Figure file: .png, .svg or .html. */
  readonly plot?: string;
  readonly probe?: readonly ProbeRequest[];
  /** State variable of the probes (`v` finds `v_mV`). @default 'v' */
  readonly probeVar?: string;
  /** Trace file: .json or .csv. */
  readonly probeOut?: string;
}

/** The spike file written by `simulate`. */
export interface SpikeFile {
  readonly dt_ms: number;
  readonly duration_ms: number;
  readonly seed: number;
  readonly populations: Record<string, { readonly size: number; readonly spikes: Array<[number, number]> }>;
}

const DEFAULT_MAX_SPIKES = 1_000_000;

const EXAMPLES = `
Network files: a spec in JSON or YAML (see examples/networks/), or a network saved with
--save-network (JSON with "format": "spikeloop-network", including learned weights).

Output (--out): {"dt_ms", "duration_ms", "seed", "populations": {"<name>": {"size": N,
"spikes": [[t_ms, index], ...]}}}, spikes in time order. Without --out only the summary
(spikes and mean rate per population) is printed; with --out - the JSON goes to stdout and
the summary to stderr.

Examples:
  $ spikeloop simulate examples/networks/poisson-lif.yaml --duration-ms 1000 --seed 7 --out spikes.json
  $ spikeloop simulate examples/networks/spike-times.json --duration-ms 50 --out - | head -c 300
  $ spikeloop simulate examples/networks/poisson-lif.yaml --duration-ms 500 --plot raster.png
  $ spikeloop simulate examples/networks/spike-times.json --duration-ms 60 --probe relay:0,1 --probe-var v \
      --probe-out v.csv --plot run.svg

Plots (--plot, format by extension: .png, .svg, .html): the spike raster (populations stacked and
coloured), the mean rate per neuron of each population, and the probed traces. Probes (--probe
pop:i,j or pop:a-b, repeatable): --probe-var (default v; a name without its unit suffix finds
v_mV) sampled at the end of every step, written by --probe-out as JSON
{"dt_ms", "traces": [{"population", "index", "variable", "unit", "t_ms": [...], "values": [...]}]}
or CSV (t_ms, then one column per neuron).
`;

export function registerSimulate(program: Command, io: CliIo = processIo): void {
  program
    .command('simulate')
    .description('run a network (spec or saved network) open-loop and write its spikes')
    .argument('<network>', 'network file: spec (.json, .yaml, .yml) or saved network (.json)')
    .addOption(new Option('--duration-ms <T>', 'simulated time in ms (a whole number of steps; required)').argParser(positiveNumber('a duration > 0 ms')).makeOptionMandatory())
    .addOption(new Option('--seed <S>', "seed for connectivity, initial state and Poisson inputs, an integer ≥ 0 (default: 0; a saved network's own seed)").argParser(seedArg))
    .addOption(new Option('--dt-ms <D>', "time step in ms (default: the spec's dt_ms, else 1)").argParser(positiveNumber('a time step > 0 ms')))
    .addOption(new Option('--out <file>', "write the spikes as JSON to <file> ('-' for stdout)"))
    .addOption(new Option('--max-spikes <N>', 'most spikes recorded per population; more is an error, never silent truncation').argParser(countArg).default(DEFAULT_MAX_SPIKES))
    .addOption(new Option('--save-network <file>', 'after the run, save the network with its (possibly learned) weights to <file>'))
    .addOption(new Option('--plot <file>', 'draw the raster, population rates and probed traces to <file> (.png, .svg or .html)'))
    .addOption(new Option('--probe <pop:i,j>', "probe neurons i, j of population pop (repeatable; 'pop:a-b' for a range)").argParser(collectProbe))
    .addOption(new Option('--probe-var <name>', "state variable the probes sample (default: v, the membrane potential; see the model's variables)"))
    .addOption(new Option('--probe-out <file>', 'write the probed traces to <file> (.json or .csv)'))
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, opts: SimulateOptions) => {
      await simulateAndPlot(file, opts, io);
    });
}

/** The traces of a run (`simulate`'s probes), for a caller that plots them. */
export interface SimulateRun {
  readonly result: SpikeFile;
  readonly net: Network;
  readonly recorders: readonly SpikeRecorder[];
  readonly steps: number;
  readonly traces: readonly Trace[];
}

/** `simulate`, then the figure (--plot); what the command runs. */
export async function simulateAndPlot(file: string, opts: SimulateOptions, io: CliIo = processIo): Promise<SpikeFile> {
  const format = opts.plot !== undefined ? plotFormatOf(opts.plot) : null;
  const run = simulateRun(file, opts, io);
  if (opts.plot !== undefined && format !== null) {
    const title = `${file}, ${opts.durationMs} ms`;
    const figure = await renderPlot(await plotSpec(title, recordedSpikes(run.net, run.recorders, run.steps), run.traces), format, title);
    writeOrFail(opts.plot, figure);
    (opts.out === '-' ? io.err : io.out)(`plot written to ${opts.plot}\n`);
  }
  return run.result;
}

/** The command's work without the figure, callable without commander (throws CliError on user errors). */
export function simulate(file: string, opts: SimulateOptions, io: CliIo = processIo): SpikeFile {
  return simulateRun(file, opts, io).result;
}

function simulateRun(file: string, opts: SimulateOptions, io: CliIo): SimulateRun {
  // Usage errors first, before the network is built or anything runs.
  if (opts.plot !== undefined) plotFormatOf(opts.plot);
  const probeFormat: ProbeFormat | null = opts.probeOut !== undefined ? probeFormatOf(opts.probeOut) : null;
  const requests = opts.probe ?? [];
  if (requests.length === 0 && (opts.probeVar !== undefined || opts.probeOut !== undefined)) {
    throw new CliError(`${opts.probeOut !== undefined ? '--probe-out' : '--probe-var'} needs at least one --probe <population>:<index>[,<index>…]`, 2);
  }
  if (requests.length > 0 && opts.probeOut === undefined && opts.plot === undefined) {
    throw new CliError('--probe records traces for --probe-out <file.json|csv> or --plot <file>; give one of them', 2);
  }
  let net: Network;
  try {
    net = openNetworkFile(file, { seed: opts.seed, dt_ms: opts.dtMs }).net;
  } catch (err) {
    if (err instanceof SpecError) throw new CliError(err.message, 1);
    throw err;
  }
  const dt = net.dt_ms;
  const steps = Math.round(opts.durationMs / dt);
  if (steps < 1 || Math.abs(steps * dt - opts.durationMs) > 1e-9 * Math.max(1, opts.durationMs)) {
    throw new CliError(`--duration-ms ${opts.durationMs} is not a whole number of steps of ${dt} ms`);
  }
  if (steps > limit('steps')) {
    throw new CliError(`--duration-ms ${opts.durationMs} is ${steps} steps of ${dt} ms, more than the limit of ${limit('steps')} steps (raise it with ${LIMIT_ENV.steps}=<n>)`);
  }
  // A neuron spikes at most once per step, so size·steps recorder slots can never overflow.
  const recorders = net.populations.map((p) => addSpikeRecorder(net, p.name, Math.min(p.size * steps, opts.maxSpikes)));
  const probes = requests.map((r) => probeOf(net, r, opts.probeVar ?? 'v', steps));
  const samples = probes.reduce((a, p) => a + p.indices.length, 0) * steps;
  if (samples > limit('steps')) {
    throw new CliError(`the probes would hold ${samples} samples (${steps} steps × ${samples / steps} neurons), more than the limit of ${limit('steps')} (raise it with ${LIMIT_ENV.steps}=<n>, or probe fewer neurons)`, 2);
  }
  runSteps(net, steps);

  const overflow = recorders.filter((r) => r.dropped > 0);
  if (overflow.length > 0) {
    const list = overflow.map((r) => `'${r.population}' emitted ${r.count + r.dropped}`).join(', ');
    throw new CliError(`spike recorder overflow: ${list} spikes, more than --max-spikes ${opts.maxSpikes}; nothing was written (raise --max-spikes or shorten --duration-ms)`, 1);
  }

  const result: SpikeFile = {
    dt_ms: dt,
    duration_ms: opts.durationMs,
    seed: net.seed,
    populations: Object.fromEntries(net.populations.map((p, k) => [p.name, { size: p.size, spikes: spikePairs(recorders[k]!, dt) }])),
  };
  const traces = probes.flatMap((p) => tracesOf(p, dt));
  const toStdout = opts.out === '-';
  if (opts.probeOut !== undefined && probeFormat !== null) writeOrFail(opts.probeOut, formatTraces(traces, probeFormat, dt));
  if (opts.out !== undefined) {
    const json = `${JSON.stringify(result)}\n`;
    if (toStdout) io.out(json);
    else writeOrFail(opts.out, json);
  }
  if (opts.saveNetwork !== undefined) {
    try {
      saveNetwork(net, opts.saveNetwork);
    } catch (err) {
      throw new CliError(`cannot save the network to ${opts.saveNetwork}: ${(err as Error).message}`, 1);
    }
  }
  (toStdout ? io.err : io.out)(summary(file, net, recorders, steps, opts));
  return { result, net, recorders, steps, traces };
}

/** A state probe for one --probe (a wrong population, index or variable is a usage error). */
function probeOf(net: Network, r: ProbeRequest, variable: string, steps: number): StateProbe {
  const pop = net.populations.find((p) => p.name === r.population);
  if (!pop) throw new CliError(`--probe ${r.population}:…: no population '${r.population}'; populations are: ${net.populations.map((p) => p.name).join(', ')}`, 2);
  if (pop.dynamics.kind !== 'neurons') throw new CliError(`--probe ${r.population}:…: '${r.population}' is a spike source and has no state variables; probe a population of neurons`, 2);
  const bad = r.indices.find((i) => i >= pop.size);
  if (bad !== undefined) throw new CliError(`--probe ${r.population}:${bad}: '${r.population}' has ${pop.size} neurons (indices 0 … ${pop.size - 1})`, 2);
  const name = resolveVariable(variable, Object.keys(pop.dynamics.neurons.variables), r.population);
  return addStateProbe(net, r.population, name, r.indices, 1, Math.max(1, steps));
}

function writeOrFail(file: string, text: string | Buffer): void {
  try {
    writeFileAtomic(file, text);
  } catch (err) {
    throw new CliError(`cannot write ${file}: ${(err as Error).message}`, 1);
  }
}

/** Mean rate of a population over the run, in Hz. */
export function meanRate_Hz(spikes: number, size: number, duration_ms: number): number {
  return spikes / size / (duration_ms / 1000);
}

function summary(file: string, net: Network, recs: readonly SpikeRecorder[], steps: number, opts: SimulateOptions): string {
  const rows = net.populations.map((p, k) => [p.name, String(p.size), String(recs[k]!.count), meanRate_Hz(recs[k]!.count, p.size, opts.durationMs).toFixed(2)]);
  const head = ['population', 'size', 'spikes', 'rate_Hz'];
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]) => r.map((x, c) => (c === 0 ? x.padEnd(width[c]!) : x.padStart(width[c]!))).join('  ').trimEnd();
  const lines = [
    `simulated ${file}: ${opts.durationMs} ms (${steps} steps of ${net.dt_ms} ms), seed ${net.seed}`,
    line(head),
    ...rows.map(line),
  ];
  const external = net.populations.filter((p) => p.dynamics.kind === 'source' && p.dynamics.source === 'external').map((p) => `'${p.name}'`);
  if (external.length > 0) {
    lines.push(`note: ${external.join(', ')} ${external.length > 1 ? 'are external sources' : 'is an external source'}: nothing drives ${external.length > 1 ? 'them' : 'it'} in simulate (a controller or ROS does), so ${external.length > 1 ? 'they' : 'it'} fired no spikes; give spike-times or poisson sources in the spec (nir import: --input-rate-hz R)`);
  }
  if (opts.out !== undefined && opts.out !== '-') lines.push(`spikes written to ${opts.out}`);
  if (opts.probeOut !== undefined) lines.push(`traces of ${(opts.probe ?? []).map((p) => `${p.population}:${p.indices.join(',')}`).join(' ')} written to ${opts.probeOut}`);
  if (opts.saveNetwork !== undefined) lines.push(`network saved to ${opts.saveNetwork}`);
  return `${lines.join('\n')}\n`;
}
