/**
 * `spikeloop nir info|import|export`: NIR graphs (neuromorphs/NIR HDF5 files) in and out.
 *
 *   nir info <graph.nir> [--time-unit s|ms] [--json]
 *       nodes (nested ones as graph.node), types, parameter shapes, edges, the time unit assumed
 *   nir import <graph.nir> --out <network.json> [--time-unit s|ms] [--dt-ms D]
 *       [--discretisation euler|exact] [--input-rate-hz R] [--ignore-spikeloop-metadata]
 *       a network spec runnable with `spikeloop simulate`; Inputs are external sources (no
 *       spikes) unless --input-rate-hz makes them Poisson
 *   nir export (--controller <file|preset> | --network <file>) --out <graph.nir> [--time-unit s|ms] [--seed S]
 *       a trained controller's (or a network file's) network as a NIR graph
 *
 * Files are written atomically. What a conversion cannot carry is printed as warnings on
 * stderr; malformed files fail naming the file and the node or dataset.
 */
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { positiveNumber, seedArg } from '../argParsers.js';
import { CliError } from '../cliError.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import { withCliErrors } from '../experimentErrors.js';
import { resolveNamedController } from '../../experiments/resolveController.js';
import { openNetworkFile } from '../../controllers/persistence/openNetworkFile.js';
import { writeFileAtomic } from '../../loop/writeFileAtomic.js';
import type { Discretisation } from '../../controllers/nir/neuronFromNir.js';
import { DISCRETISATIONS } from '../../controllers/nir/neuronFromNir.js';
import type { NirExport } from '../../controllers/nir/exportNetwork.js';
import { networkToNir } from '../../controllers/nir/exportNetwork.js';
import { controllerToNir } from '../../controllers/nir/exportController.js';
import type { NirImport } from '../../controllers/nir/importGraph.js';
import { nirToNetwork } from '../../controllers/nir/importGraph.js';
import { formatNirInfo, nirInfo } from '../../controllers/nir/nirInfo.js';
import type { NirInfo } from '../../controllers/nir/nirInfo.js';
import { readNirBounded as readNir } from '../../controllers/nir/readNirBounded.js';
import { writeNir } from '../../controllers/nir/writeNir.js';
import type { TimeUnit } from '../../controllers/nir/timeUnit.js';
import { TIME_UNITS, isTimeUnit } from '../../controllers/nir/timeUnit.js';

export interface NirInfoOptions {
  readonly timeUnit?: TimeUnit;
  readonly json?: boolean;
}

export interface NirImportCliOptions {
  readonly out: string;
  readonly timeUnit?: TimeUnit;
  readonly dtMs?: number;
  readonly discretisation?: Discretisation;
  readonly inputRateHz?: number;
  /** Commander's name for --ignore-spikeloop-metadata (false when given). */
  readonly spikeloopMetadata?: boolean;
}

export interface NirExportCliOptions {
  readonly controller?: string;
  readonly network?: string;
  readonly out: string;
  readonly timeUnit?: TimeUnit;
  readonly seed?: number;
}

function timeUnitArg(raw: string): TimeUnit {
  if (!isTimeUnit(raw)) throw new InvalidArgumentError(`expected one of ${TIME_UNITS.join(', ')}, got '${raw}'.`);
  return raw;
}

function discretisationArg(raw: string): Discretisation {
  if (!(DISCRETISATIONS as readonly string[]).includes(raw)) throw new InvalidArgumentError(`expected one of ${DISCRETISATIONS.join(', ')}, got '${raw}'.`);
  return raw as Discretisation;
}

function rateArg(raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < 0) throw new InvalidArgumentError(`expected a rate ≥ 0 Hz, got '${raw}'.`);
  return v;
}

const UNIT_HELP = `
Time unit: NIR's documentation labels time constants in ms, but snnTorch, Norse and Rockpool
write seconds (a Norse LIF has tau = 0.0025). spikeloop reads and writes seconds unless told
(--time-unit) or unless the file records its unit (files spikeloop wrote); it warns when the
values look like the other unit.`;

const IMPORT_HELP = `${UNIT_HELP}

Discretisation: 'euler' (default) runs NIR's dimensionless neurons by forward Euler with the
input held over a step and a spike counting as input 1 for one step (the NIR reference
implementation, Norse, snnTorch); 'exact' maps CubaLIF nodes onto the engine's exactly
integrated current-based LIF. Files exported by spikeloop are rebuilt exactly from their
metadata (refractory periods, sources, step) unless --ignore-spikeloop-metadata.
NIR files do not store the step: give --dt-ms (default 1 ms, or the step a spikeloop file records).
Each projection takes one step, where discrete-time NIR backends pass a spike through a
feedforward layer within the step: outputs come one step later per layer.

Examples:
  $ spikeloop nir info lif_norse.nir
  $ spikeloop nir import lif_norse.nir --dt-ms 0.1 --input-rate-hz 200 --out lif.json
  $ spikeloop simulate lif.json --duration-ms 100 --out spikes.json`;

const EXPORT_HELP = `${UNIT_HELP}

Exported: neuron populations (lif as CubaLIF with r = tau_mem/C and weights scaled by tau_syn/dt;
the nir-* kinds as their NIR types), one Output per neuron population, projections as Affine
nodes (Delay nodes for delays beyond one step), sources as Inputs. Not exported (warned):
plasticity rules and modulators (the current weights are), refractory periods, Poisson and
spike-time sources as such, and a controller's encoders and decoders.

Examples:
  $ spikeloop nir export --controller runs/forest/best.json --out forest.nir
  $ spikeloop nir export --network examples/networks/poisson-lif.yaml --out poisson-lif.nir`;

export function registerNir(program: Command, io: CliIo = processIo): void {
  const nir = program.command('nir').description('NIR (Neuromorphic Intermediate Representation) graphs: info, import, export');
  nir
    .command('info')
    .description('show the nodes, edges, parameter shapes and time unit of a NIR file')
    .argument('<graph>', 'NIR file (HDF5)')
    .addOption(new Option('--time-unit <unit>', 'unit of the time constants: s or ms (default: recorded in the file, else s)').argParser(timeUnitArg))
    .option('--json', 'print one JSON object instead of the table', false)
    .addHelpText('after', UNIT_HELP)
    .action(async (file: string, opts: NirInfoOptions) => {
      await nirInfoCommand(file, opts, io);
    });
  nir
    .command('import')
    .description('convert a NIR graph into a network spec (JSON) for spikeloop simulate')
    .argument('<graph>', 'NIR file (HDF5)')
    .addOption(new Option('--out <network.json>', 'network spec to write (required)').makeOptionMandatory())
    .addOption(new Option('--time-unit <unit>', 'unit of the time constants: s or ms (default: recorded in the file, else s)').argParser(timeUnitArg))
    .addOption(new Option('--dt-ms <D>', 'SNN step in ms (default: recorded in the file, else 1)').argParser(positiveNumber('a time step > 0 ms')))
    .addOption(new Option('--discretisation <d>', `neuron integration: ${DISCRETISATIONS.join(' or ')} (default: euler)`).argParser(discretisationArg))
    .addOption(new Option('--input-rate-hz <R>', 'drive every Input with Poisson spikes at R Hz (default: external, no spikes)').argParser(rateArg))
    .option('--ignore-spikeloop-metadata', 'use only the NIR parameters, even for files spikeloop exported')
    .addHelpText('after', IMPORT_HELP)
    .action(async (file: string, opts: NirImportCliOptions) => {
      await nirImportCommand(file, opts, io);
    });
  nir
    .command('export')
    .description("write a controller's (or a network's) spiking network as a NIR graph")
    .addOption(new Option('--controller <file|preset>', 'saved controller file (or a preset id, untrained)'))
    .addOption(new Option('--network <file>', 'network spec or saved network (instead of --controller)'))
    .addOption(new Option('--out <graph.nir>', 'NIR file to write (required)').makeOptionMandatory())
    .addOption(new Option('--time-unit <unit>', 'unit written for time constants and delays: s or ms (default: s)').argParser(timeUnitArg))
    .addOption(new Option('--seed <S>', 'seed a preset or a network spec is built with (default: 0; a file keeps its own)').argParser(seedArg))
    .addHelpText('after', EXPORT_HELP)
    .action(async (opts: NirExportCliOptions) => {
      await nirExportCommand(opts, io);
    });
}

export async function nirInfoCommand(file: string, opts: NirInfoOptions, io: CliIo = processIo): Promise<NirInfo> {
  return withCliErrors(async () => {
    const info = nirInfo(await readNir(file), opts.timeUnit);
    io.out(opts.json ? `${JSON.stringify(info)}\n` : formatNirInfo(file, info));
    return info;
  });
}

export async function nirImportCommand(file: string, opts: NirImportCliOptions, io: CliIo = processIo): Promise<NirImport> {
  return withCliErrors(async () => {
    const nir = await readNir(file);
    const probe = opts.inputRateHz === undefined ? undefined : nirToNetwork(nir.graph, { source: file, timeUnit: opts.timeUnit, dt_ms: opts.dtMs, discretisation: opts.discretisation });
    const inputs = probe && Object.fromEntries(Object.keys(probe.inputs).map((k) => [k, { kind: 'poisson' as const, rate_Hz: opts.inputRateHz! }]));
    const imp = nirToNetwork(nir.graph, {
      source: file,
      timeUnit: opts.timeUnit,
      dt_ms: opts.dtMs,
      discretisation: opts.discretisation,
      useSpikeloopMetadata: opts.spikeloopMetadata !== false,
      inputs,
    });
    write(opts.out, `${JSON.stringify(imp.spec)}\n`);
    for (const w of imp.warnings) io.err(`warning: ${w}\n`);
    io.out(importSummary(file, opts.out, imp));
    return imp;
  });
}

export async function nirExportCommand(opts: NirExportCliOptions, io: CliIo = processIo): Promise<NirExport & { readonly bytes: number }> {
  return withCliErrors(async () => {
    if ((opts.controller === undefined) === (opts.network === undefined)) throw new CliError('give exactly one of --controller <file|preset> and --network <file>', 2);
    let ex: NirExport;
    let what: string;
    if (opts.controller !== undefined) {
      // The control rate does not change a controller's network; a file keeps its own anyway.
      const r = resolveNamedController(opts.controller, { seed: opts.seed ?? 0, controlRate_Hz: 50 });
      ex = controllerToNir(r.controller, { timeUnit: opts.timeUnit });
      what = `controller ${r.source}`;
    } else {
      const { net } = openNetworkFile(opts.network!, { seed: opts.seed });
      ex = networkToNir(net, { timeUnit: opts.timeUnit });
      what = `network '${opts.network}'`;
    }
    let bytes: number;
    try {
      bytes = await writeNir(opts.out, ex.file);
    } catch (e) {
      throw new CliError(`cannot write ${opts.out}: ${(e as Error).message}`, 1);
    }
    for (const w of ex.warnings) io.err(`warning: ${w}\n`);
    const g = ex.file.graph;
    const count = (t: string) => Object.values(g.nodes).filter((n) => n.type === t).length;
    // Convolution paths imported from NIR are written back as their nodes (exportNetwork.ts).
    const structural = ['Conv2d', 'SumPool2d', 'AvgPool2d', 'Flatten'].filter((t) => count(t) > 0).map((t) => `, ${count(t)} ${t}`).join('');
    io.out(
      `exported ${what} to ${opts.out} (${bytes} bytes): ${Object.keys(g.nodes).length} nodes (${count('Input')} Input, ${count('Output')} Output, ${count('Affine')} Affine, ${count('Delay')} Delay${structural}), ${g.edges.length} edges; time unit ${ex.file.graph.metadata.time_unit}\n`,
    );
    return { ...ex, bytes };
  });
}

function write(file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch (e) {
    throw new CliError(`cannot write ${file}: ${(e as Error).message}`, 1);
  }
}

function importSummary(file: string, out: string, imp: NirImport): string {
  const spec = imp.spec;
  const synapses = (spec.projections ?? []).reduce((n, p) => n + (p.weights?.length ?? 0), 0);
  const lines = [
    `imported ${file} → ${out}: dt ${imp.dt_ms} ms, time unit ${imp.timeUnit} (${imp.timeUnitFrom}), discretisation ${imp.discretisation}`,
    `${spec.populations.length} populations, ${(spec.projections ?? []).length} projections, ${synapses} synapses${imp.restored.length > 0 ? `; ${imp.restored.length} neuron node(s) rebuilt exactly from spikeloop metadata` : ''}`,
    ...spec.populations.map((p) => `  ${p.name}: ${p.size} ${'neuron' in p ? p.neuron.kind : `source (${p.source.kind})`}`),
    ...Object.entries(imp.inputs).map(([k, v]) => `  Input '${k}' → population ${v.population}`),
    ...Object.entries(imp.outputs).map(([k, v]) => `  Output '${k}' ← ${v.signal} of ${v.populations.join(', ')}`),
  ];
  // External inputs get no spikes in `simulate` (a controller or the ROS bridge drives them): say so, with the fix.
  const external = spec.populations.filter((p) => 'source' in p && p.source.kind === 'external').map((p) => p.name);
  if (external.length > 0) {
    lines.push(`note: ${external.join(', ')} ${external.length > 1 ? 'are external inputs' : 'is an external input'}: spikeloop simulate gives ${external.length > 1 ? 'them' : 'it'} no spikes; import with --input-rate-hz R to drive ${external.length > 1 ? 'them' : 'it'} with Poisson spikes`);
  }
  return `${lines.join('\n')}\n`;
}
