/**
 * What a NIR file holds, for `spikeloop nir info`: version and writer, every node (nested ones
 * as `graph.node`) with its type and parameter shapes, the edges, and the time unit the
 * parameters would be read in — with the values it gives in ms and the unit heuristics.
 */
import type { NirFile, NirGraphNode } from './nirGraph.js';
import { SPIKELOOP_META, metaString } from './spikeloopMetadata.js';
import type { TimeUnit } from './timeUnit.js';
import { DEFAULT_TIME_UNIT, isTimeUnit, msPerUnit, timeUnitWarnings, timeValues } from './timeUnit.js';

export interface NirNodeInfo {
  readonly name: string;
  readonly type: string;
  readonly supported: boolean;
  /** Parameter (dataset) shapes by name; Input/Output list their `shape`. */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
}

export interface NirInfo {
  readonly version: string;
  readonly generator: string;
  readonly timeUnit: TimeUnit;
  readonly timeUnitFrom: 'option' | 'file metadata' | 'default';
  /** Smallest and largest time constant in ms under that unit, or null without any. */
  readonly tauRange_ms: readonly [number, number] | null;
  readonly nodes: readonly NirNodeInfo[];
  readonly edges: ReadonlyArray<readonly [string, string]>;
  readonly warnings: readonly string[];
}

export function nirInfo(file: NirFile, timeUnit?: TimeUnit): NirInfo {
  const g = file.graph;
  const recorded = metaString(g.metadata, SPIKELOOP_META.timeUnit);
  const unit = timeUnit ?? (isTimeUnit(recorded) ? recorded : DEFAULT_TIME_UNIT);
  const from = timeUnit !== undefined ? 'option' : isTimeUnit(recorded) ? 'file metadata' : 'default';
  const taus = timeValues(g).filter((t) => !t.where.endsWith('.delay')).map((t) => t.value * msPerUnit(unit));
  const nodes: NirNodeInfo[] = [];
  const edges: Array<[string, string]> = [];
  collect(g, '', nodes, edges);
  return {
    version: file.version || 'unknown',
    generator: metaString(g.metadata, SPIKELOOP_META.generator) ?? 'unknown',
    timeUnit: unit,
    timeUnitFrom: from,
    tauRange_ms: taus.length > 0 ? [taus.reduce((a, b) => Math.min(a, b)), taus.reduce((a, b) => Math.max(a, b))] : null,
    nodes,
    edges,
    warnings: timeUnitWarnings(g, unit),
  };
}

function collect(g: NirGraphNode, prefix: string, nodes: NirNodeInfo[], edges: Array<[string, string]>): void {
  for (const [name, n] of Object.entries(g.nodes)) {
    const full = prefix + name;
    switch (n.type) {
      case 'NIRGraph':
        nodes.push({ name: full, type: 'NIRGraph', supported: true, shapes: {} });
        collect(n, `${full}.`, nodes, edges);
        break;
      case 'Input':
      case 'Output':
        nodes.push({ name: full, type: n.type, supported: true, shapes: { shape: n.shape } });
        break;
      case 'Flatten':
        nodes.push({ name: full, type: n.type, supported: true, shapes: n.inputShape ? { input_type: n.inputShape } : {} });
        break;
      case 'Conv2d':
        nodes.push({ name: full, type: n.type, supported: true, shapes: { weight: n.weight.shape, bias: n.bias.shape, ...(n.inputShape ? { input_shape: n.inputShape } : {}) } });
        break;
      case 'SumPool2d':
      case 'AvgPool2d':
        nodes.push({ name: full, type: n.type, supported: true, shapes: { kernel_size: n.kernelSize } });
        break;
      case 'Unsupported':
        nodes.push({ name: full, type: n.nirType, supported: false, shapes: n.shapes });
        break;
      default:
        nodes.push({ name: full, type: n.type, supported: true, shapes: Object.fromEntries(Object.entries(n.params).map(([k, a]) => [k, a.shape])) });
    }
  }
  for (const [a, b] of g.edges) edges.push([prefix + a, prefix + b]);
}

const UNIT_NOTE: Readonly<Record<NirInfo['timeUnitFrom'], string>> = {
  option: 'as asked',
  'file metadata': 'recorded in the file',
  default: "the default: snnTorch, Norse and Rockpool write seconds, though NIR's documentation labels τ in ms",
};

/** The info as text, one table of nodes and a list of edges. */
export function formatNirInfo(source: string, info: NirInfo): string {
  const lines = [
    `${source}: NIR ${info.version}, written by ${info.generator}; ${info.nodes.length} nodes, ${info.edges.length} edges`,
    `time unit: ${info.timeUnit} (${UNIT_NOTE[info.timeUnitFrom]})${info.tauRange_ms ? `; time constants ${fmt(info.tauRange_ms[0])} … ${fmt(info.tauRange_ms[1])} ms` : ''}`,
  ];
  const rows = info.nodes.map((n) => [n.name, n.supported ? n.type : `${n.type} (not importable)`, Object.entries(n.shapes).map(([k, s]) => `${k} [${s.join(', ')}]`).join(', ')]);
  const head = ['node', 'type', 'parameters (shapes)'];
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]) => r.map((x, c) => (c < r.length - 1 ? x.padEnd(w[c]!) : x)).join('  ').trimEnd();
  lines.push('', line(head), ...rows.map(line), '', 'edges:', ...info.edges.map(([a, b]) => `  ${a} → ${b}`));
  for (const m of info.warnings) lines.push(`warning: ${m}`);
  return `${lines.join('\n')}\n`;
}

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
