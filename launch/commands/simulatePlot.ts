/**
 * What `spikeloop simulate` draws and probes: `--plot raster.png|svg|html` (a spike raster, the
 * population rates and, with --probe, the probed traces) and `--probe pop:i,j --probe-var v`
 * (state probes on the network's monitors, written with --probe-out as JSON or CSV).
 *
 * The charts are the report's (experiments/report: rasterSpec, populationRateSpec, renderChart),
 * stacked in one figure; every axis is titled with its unit and populations get distinct colours.
 * A trace sample taken after step k is the state at the end of that step, time (k+1)·dt.
 */
import { extname } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { RecordedSpikes } from '../../experiments/episodeJob.js';
import type { SpikeRecorder } from '../../controllers/monitors/spikeRecorder.js';
import type { StateProbe } from '../../controllers/monitors/stateProbe.js';
import type { Network } from '../../controllers/network/network.js';
import { CliError } from '../cliError.js';

/** Output formats of --plot, by extension. */
export const PLOT_FORMATS = ['png', 'svg', 'html'] as const;
export type PlotFormat = (typeof PLOT_FORMATS)[number];
/** Output formats of --probe-out, by extension. */
export const PROBE_FORMATS = ['json', 'csv'] as const;
export type ProbeFormat = (typeof PROBE_FORMATS)[number];

/** Most spikes drawn in the raster (the earliest; the rate chart covers the whole run). */
export const PLOT_MAX_SPIKES = 20_000;

function formatOf<T extends string>(file: string, option: string, formats: readonly T[]): T {
  const ext = extname(file).slice(1).toLowerCase();
  if (!(formats as readonly string[]).includes(ext)) {
    throw new CliError(`${option} ${file}: the format comes from the extension, one of ${formats.map((f) => `.${f}`).join(', ')}${ext ? ` (not .${ext})` : ''}`, 2);
  }
  return ext as T;
}

export const plotFormatOf = (file: string): PlotFormat => formatOf(file, '--plot', PLOT_FORMATS);
export const probeFormatOf = (file: string): ProbeFormat => formatOf(file, '--probe-out', PROBE_FORMATS);

/** One `--probe pop:index,index` as given. */
export interface ProbeRequest {
  readonly population: string;
  readonly indices: readonly number[];
}

/** Parses `pop:i,j,…` (indices are integers ≥ 0; `a-b` is the range a … b); a syntax error is a usage error. */
export function parseProbe(raw: string): ProbeRequest {
  const colon = raw.lastIndexOf(':');
  const bad = (why: string) => new CliError(`--probe '${raw}': ${why}; expected <population>:<index>[,<index>…], e.g. --probe relay:0,2 or relay:0-9`, 2);
  if (colon <= 0) throw bad('no population name before ":"');
  const population = raw.slice(0, colon);
  const list = raw.slice(colon + 1);
  if (list.trim() === '') throw bad('no neuron index after ":"');
  const indices: number[] = [];
  for (const part of list.split(',')) {
    const m = /^\s*(\d{1,9})\s*(?:-\s*(\d{1,9})\s*)?$/.exec(part);
    if (!m) throw bad(`'${part}' is not an index (an integer ≥ 0) or a range a-b`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw bad(`the range '${part}' is empty`);
    if (b - a + indices.length > 10_000) throw bad('more than 10 000 neurons');
    for (let i = a; i <= b; i++) if (!indices.includes(i)) indices.push(i);
  }
  return { population, indices };
}

/** Commander's collector for a repeatable --probe. */
export function collectProbe(raw: string, prev: readonly ProbeRequest[] = []): ProbeRequest[] {
  return [...prev, parseProbe(raw)];
}

/** The variable `name` asks for among `variables`: an exact name, or one with a unit suffix (`v` → `v_mV`). */
export function resolveVariable(name: string, variables: readonly string[], population: string): string {
  if (variables.includes(name)) return name;
  const suffixed = variables.filter((v) => v.startsWith(`${name}_`));
  if (suffixed.length === 1) return suffixed[0]!;
  throw new CliError(`--probe-var ${name}: population '${population}' has no such variable; its variables are: ${variables.join(', ')}`, 2);
}

/** The unit in a variable's name (`v_mV` → mV, `iExc_pA` → pA), or null. */
export function unitOf(variable: string): string | null {
  const m = /_([A-Za-zµ]+)$/.exec(variable);
  return m ? m[1]! : null;
}

/** One probed neuron's trace. */
export interface Trace {
  readonly population: string;
  readonly index: number;
  readonly variable: string;
  readonly unit: string | null;
  /** End of each sampled step (ms). */
  readonly t_ms: number[];
  readonly values: number[];
}

const roundTime = (t: number) => Math.round(t * 1e9) / 1e9;

/** The traces a probe holds, one per neuron. Values are float32 as sampled (printed as the nearest double). */
export function tracesOf(p: StateProbe, dt_ms: number): Trace[] {
  const t_ms = Array.from(p.steps.subarray(0, p.count), (k) => roundTime((k + 1) * dt_ms));
  const n = p.indices.length;
  return Array.from(p.indices, (index, q) => {
    const values = new Array<number>(p.count);
    for (let k = 0; k < p.count; k++) values[k] = p.data[k * n + q]!;
    return { population: p.population, index, variable: p.variable, unit: unitOf(p.variable), t_ms, values };
  });
}

/** The traces as --probe-out writes them. */
export function formatTraces(traces: readonly Trace[], format: ProbeFormat, dt_ms: number): string {
  if (format === 'json') {
    return `${JSON.stringify({ dt_ms, time: 'end of each step (ms)', traces: traces.map((t) => ({ population: t.population, index: t.index, variable: t.variable, unit: t.unit, t_ms: t.t_ms, values: t.values })) })}\n`;
  }
  // CSV: one row per sample, one column per trace (all probes sample every step, so times agree).
  const head = ['t_ms', ...traces.map((t) => `${t.population}[${t.index}].${t.variable}`)];
  const rows = (traces[0]?.t_ms ?? []).map((t, k) => [t, ...traces.map((tr) => tr.values[k]!)].join(','));
  return `${[head.join(','), ...rows].join('\n')}\n`;
}

/** What the recorders hold, in the report's form. */
export function recordedSpikes(net: Network, recorders: readonly SpikeRecorder[], steps: number): RecordedSpikes {
  return {
    dt_ms: net.dt_ms,
    steps,
    populations: net.populations.map((p, k) => {
      const r = recorders[k]!;
      return { name: p.name, size: p.size, steps: r.steps.slice(0, r.count), neurons: r.neurons.slice(0, r.count), dropped: r.dropped };
    }),
  };
}

type Spec = Record<string, unknown> & { encoding: Record<string, Record<string, unknown>>; title: { text: string; subtitle?: string } };

/** The figure: raster, population rates and (with traces) the probed variable, one above the other. */
export async function plotSpec(title: string, spikes: RecordedSpikes, traces: readonly Trace[], width = 640): Promise<TopLevelSpec> {
  const [{ rasterSpec, rasterData }, { populationRateSpec }] = await Promise.all([import('../../experiments/report/rasterSpec.js'), import('../../experiments/report/populationRateSpec.js')]);
  const strip = (s: TopLevelSpec): Spec => {
    const { $schema: _s, ...rest } = s as unknown as Spec & { $schema?: string };
    return rest as Spec;
  };
  const raster = strip(rasterSpec(spikes, { title: `${title}: spikes`, maxSpikes: PLOT_MAX_SPIKES, width }));
  const d = rasterData(spikes, PLOT_MAX_SPIKES);
  const start_ms = roundTime((d.start_s ?? 0) * 1000);
  const end_window_ms = roundTime(d.end_s * 1000);
  raster.title = {
    text: `${title}: spikes`,
    subtitle: d.points.length === d.total ? `all ${d.total} spikes` : `${start_ms}–${end_window_ms} ms: ${d.points.length} of ${d.total} spikes (the rate chart covers the whole run)`,
  };
  // The report's charts count seconds of an episode; a simulation is read in ms.
  const end_ms = spikes.steps * spikes.dt_ms;
  const inMs = (spec: Spec, start: number, end: number) => {
    const data = spec.data as { values: Array<{ t: number }> };
    data.values = data.values.map((v) => ({ ...v, t: roundTime(v.t * 1000) }));
    spec.encoding.x!.title = 'time (ms)';
    spec.encoding.x!.scale = { domain: [start, end], nice: false };
  };
  inMs(raster, start_ms, end_window_ms);
  raster.encoding.y!.title = 'neuron (index; populations stacked)';
  raster.encoding.y!.axis = { tickMinStep: 1 };
  const rates = strip(populationRateSpec(spikes, 'population rates', width));
  inMs(rates, 0, end_ms);
  const charts: Spec[] = [raster, rates];
  if (traces.length > 0) {
    const variable = traces[0]!.variable;
    const unit = traces[0]!.unit;
    charts.push({
      title: { text: `${variable} of the probed neurons` },
      width,
      height: 200,
      data: { values: traces.flatMap((t) => t.t_ms.map((x, k) => ({ t: x, value: t.values[k]!, neuron: `${t.population}[${t.index}]` }))) },
      name: 'trace',
      mark: { type: 'line', strokeWidth: 1.2 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'time (ms)', scale: { domain: [0, end_ms], nice: false } },
        y: { field: 'value', type: 'quantitative', title: unit ? `${variable} (${unit})` : `${variable} (model units)`, scale: { zero: false } },
        color: { field: 'neuron', type: 'nominal', title: 'neuron', scale: { scheme: 'dark2' }, legend: { orient: 'right' } },
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    vconcat: charts,
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** The figure as the file `format` asks for. */
export async function renderPlot(spec: TopLevelSpec, format: PlotFormat, title: string): Promise<string | Buffer> {
  const { renderChartSvg, svgToPng } = await import('../../experiments/report/renderChart.js');
  const chart = await renderChartSvg(spec);
  if (format === 'svg') return chart.svg;
  if (format === 'png') return (await svgToPng(chart.svg)).png;
  const { escapeXml } = await import('../../experiments/report/escapeXml.js');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>\n<body style="margin:16px;font-family:sans-serif">\n${chart.svg}\n</body></html>\n`;
}
