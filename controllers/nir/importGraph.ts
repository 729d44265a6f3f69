/**
 * A NIR graph as a spikeloop network spec (networkSpec.ts), runnable by `buildNetwork` and
 * `spikeloop simulate`.
 *
 * Mapping:
 *  - top-level Input → an input population (source 'external' unless told otherwise: a
 *    controller's encoder or a test's spike times drive it). Its values are spikes: 1 or 0.
 *  - neuron nodes (LIF, CubaLIF, IF, LI, CubaLI, I, Threshold) → neuron populations, one per
 *    distinct parameter set: NIR parameters are per element, a population's are shared, so a
 *    node whose elements differ is split (`<node>.g0`, `<node>.g1`, …; usually there is one).
 *  - the wiring between them (Affine, Linear, Scale, Delay, Flatten, Conv2d, SumPool2d,
 *    AvgPool2d, subgraph boundaries) → projections with explicit synapses: each path from an
 *    emitting node to a neuron node is composed into one sparse weight matrix (linearMap.ts;
 *    convolutions and pooling expanded exactly, conv2d.ts, bounded per node). Zero weights make
 *    no synapse. A path through a convolution or pooling node keeps its nodes as the
 *    projection's `origin` (projectionOrigin.ts), so that export writes them back.
 *  - Affine biases → one 'clock' neuron (nir-threshold, threshold −1: fires every step) whose
 *    projection adds each bias once per step, i.e. a constant input, starting at the step the
 *    node's first input can arrive (see Timing).
 *  - top-level Output → the population(s) of the node feeding it: spikes of a spiking node, or
 *    the state `v` of a non-spiking one (LI, CubaLI, I).
 *
 * Timing: an imported projection takes at least one step (projection.ts), where discrete-time
 * NIR backends pass a spike through a feedforward edge within the step. A NIR Delay of τ
 * becomes 1 + round(τ/dt) steps. For feedforward graphs and one-population recurrences the
 * result is the reference run shifted by one step per layer (a recurrent edge takes one step
 * in those backends too), biases included; a loop through several populations runs one step
 * slower per extra edge. (spikeloop's delay 0 — Brian2's, delivered within the step into a
 * synaptic variable, acting on the next update — is not NIR's within-step pass-through, and
 * NIR's neuron models take their input within the step, so the importer never makes one.)
 * Refractory: NIR neurons have none; a spikeloop file's metadata restores periods and the
 * network's refractory convention ('spikeloop' = 'nest' unless it records 'brian2').
 *
 * Not representable, and refused with the node named: node types outside nirNodeTypes.ts
 * (Conv1d, …); a non-spiking node feeding anything but an Output (spikeloop
 * transmits spikes only); an Output fed through wiring rather than by a node; cycles made of
 * wiring alone (algebraic loops).
 */
import type { InputSourceSpec } from '../network/inputSource.js';
import type { NetworkSpec, NeuronPopulationSpec, PopulationSpec, ProjectionOrigin, ProjectionSpec } from '../network/networkSpec.js';
import { MAX_DELAY_STEPS } from '../network/networkSpec.js';
import { REFRACTORY_CONVENTIONS } from '../neurons/refractoryConvention.js';
import { SpecError } from '../network/specIssues.js';
import type { FlatGraph, FlatNode } from './flattenGraph.js';
import { flattenGraph } from './flattenGraph.js';
import type { SparseMap } from './linearMap.js';
import { identityMap } from './linearMap.js';
import type { Discretisation } from './neuronFromNir.js';
import { eventWeight } from './neuronFromNir.js';
import type { NeuronGroups } from './neuronGroups.js';
import { groupNeurons } from './neuronGroups.js';
import type { NirGraphNode, NirParamNode } from './nirGraph.js';
import { shapeSize } from './nirGraph.js';
import { NIR_SUPPORTED_TYPES, isNeuronType } from './nirNodeTypes.js';
import { SPIKELOOP_META, metaInit, metaNumber, metaSource, metaString } from './spikeloopMetadata.js';
import { isPassThrough, wiringConstants, wiringShapes, wiringTransform } from './wiring.js';
import { NIR_MAX_EXPANDED_SYNAPSES } from './conv2d.js';
import { NIR_ORIGIN_FORMAT, originRecord } from './projectionOrigin.js';
import type { TimeUnit } from './timeUnit.js';
import { DEFAULT_TIME_UNIT, isTimeUnit, msPerUnit, timeUnitWarnings } from './timeUnit.js';

export interface NirImportOptions {
  /** SNN step. @default the step recorded by spikeloop in the file, else 1 ms */
  readonly dt_ms?: number;
  /** Unit of the file's time constants and delays. @default the file's recorded unit, else 's' (timeUnit.ts) */
  readonly timeUnit?: TimeUnit;
  /** How neuron nodes are integrated (neuronFromNir.ts). @default 'euler' */
  readonly discretisation?: Discretisation;
  /** Rebuild spikeloop-exported networks exactly from their metadata (spikeloopMetadata.ts). @default true */
  readonly useSpikeloopMetadata?: boolean;
  /** Source of an Input node's population, by node name. @default external (or the recorded source) */
  readonly inputs?: Readonly<Record<string, InputSourceSpec>>;
  /** Name of the file, for messages. @default 'NIR graph' */
  readonly source?: string;
}

export interface NirInputPort {
  readonly population: string;
  readonly size: number;
}

export interface NirOutputPort {
  /** The NIR node feeding the Output. */
  readonly node: string;
  /** Its populations, in element order. */
  readonly populations: readonly string[];
  readonly size: number;
  /** Spikes of a spiking node or input; the state `v` of LI, CubaLI or I. */
  readonly signal: 'spikes' | 'state';
}

export interface NirImport {
  readonly spec: NetworkSpec;
  readonly dt_ms: number;
  readonly timeUnit: TimeUnit;
  /** Where the time unit came from. */
  readonly timeUnitFrom: 'option' | 'file metadata' | 'default';
  readonly discretisation: Discretisation;
  /** Population of each Input node. */
  readonly inputs: Readonly<Record<string, NirInputPort>>;
  /** What each Output node reads. */
  readonly outputs: Readonly<Record<string, NirOutputPort>>;
  /** Populations of each neuron node. */
  readonly neurons: Readonly<Record<string, readonly string[]>>;
  /** Neuron nodes rebuilt from spikeloop metadata (their recorded spec, not the discretisation option). */
  readonly restored: readonly string[];
  readonly warnings: readonly string[];
}

type Role = 'input' | 'output' | 'spiking' | 'state' | 'wiring';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const STATE_TYPES: readonly string[] = ['LI', 'CubaLI', 'I'];

export function nirToNetwork(graph: NirGraphNode, opts: NirImportOptions = {}): NirImport {
  const source = opts.source ?? 'NIR graph';
  const fail = (path: string, message: string): never => {
    throw new SpecError(source, [{ path, message }]);
  };
  const warnings: string[] = [];
  const useMeta = opts.useSpikeloopMetadata ?? true;
  const gm = graph.metadata;

  const metaUnit = useMeta ? metaString(gm, SPIKELOOP_META.timeUnit) : undefined;
  const fileUnit = isTimeUnit(metaUnit) ? metaUnit : undefined;
  const timeUnit = opts.timeUnit ?? fileUnit ?? DEFAULT_TIME_UNIT;
  const timeUnitFrom = opts.timeUnit !== undefined ? 'option' : fileUnit !== undefined ? 'file metadata' : 'default';
  if (opts.timeUnit !== undefined && fileUnit !== undefined && opts.timeUnit !== fileUnit) {
    warnings.push(`the file records time unit '${fileUnit}'; reading it as '${opts.timeUnit}' as asked`);
  }
  const f = msPerUnit(timeUnit);
  warnings.push(...timeUnitWarnings(graph, timeUnit));

  const metaDt = useMeta ? metaNumber(gm, SPIKELOOP_META.dt) : undefined;
  const metaRefractory = useMeta ? metaString(gm, SPIKELOOP_META.refractory) : undefined;
  const refractory = REFRACTORY_CONVENTIONS.find((c) => c === metaRefractory);
  if (metaRefractory !== undefined && refractory === undefined) {
    warnings.push(`unknown refractory convention '${metaRefractory}' in the file's metadata; counting refractory periods as 'spikeloop' does`);
  }
  const fileDt_ms = metaDt !== undefined ? metaDt * f : undefined;
  const dt_ms = opts.dt_ms ?? fileDt_ms ?? 1;
  if (!(Number.isFinite(dt_ms) && dt_ms > 0)) fail('', `dt: expected a step > 0 ms, got ${dt_ms}`);
  if (fileDt_ms !== undefined && Math.abs(dt_ms - fileDt_ms) > 1e-9 * fileDt_ms) {
    warnings.push(
      `the weights were written for dt = ${fileDt_ms} ms (a spike is input 1 for one step); at dt = ${dt_ms} ms each spike acts ${(dt_ms / fileDt_ms).toPrecision(3)}× as strongly on synaptic currents`,
    );
  }
  const disc = opts.discretisation ?? 'euler';

  const flat = flattenGraph(graph, source);
  const unsupported = [...flat.nodes].filter(([, n]) => n.type === 'Unsupported');
  if (unsupported.length > 0) {
    const list = unsupported.slice(0, 3).map(([name, n]) => `node '${name}' has type '${n.type === 'Unsupported' ? n.nirType : ''}'`);
    fail(`nodes.${unsupported[0]![0]}`, `${list.join('; ')}${unsupported.length > 3 ? ` (and ${unsupported.length - 3} more)` : ''}, which spikeloop cannot import; supported types: ${NIR_SUPPORTED_TYPES.join(', ')}`);
  }
  const role = (n: FlatNode): Role => {
    if (n.type === 'Input') return 'input';
    if (n.type === 'Output') return 'output';
    if (n.type === 'Flatten' || n.type === 'Identity' || n.type === 'Unsupported' || n.type === 'Conv2d' || n.type === 'SumPool2d' || n.type === 'AvgPool2d') return 'wiring';
    return isNeuronType(n.type) ? (STATE_TYPES.includes(n.type) ? 'state' : 'spiking') : 'wiring';
  };
  const node = (name: string): FlatNode => flat.nodes.get(name)!;
  const succ = successors(flat);
  const preds = predecessors(flat);

  // ---- populations ----------------------------------------------------------------------
  const used = new Set<string>();
  const popName = (name: string): string => {
    let base = NAME.test(name) ? name : `n_${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    if (!NAME.test(base)) base = `n_${base}`;
    let s = base;
    for (let k = 1; used.has(s); k++) s = `${base}_${k}`;
    used.add(s);
    return s;
  };
  const populations: PopulationSpec[] = [];
  const inputs: Record<string, NirInputPort> = {};
  const inputPop = new Map<string, string>();
  for (const [name, n] of flat.nodes) {
    if (n.type !== 'Input') continue;
    const size = shapeSize(n.shape);
    if (size < 1) fail(`nodes.${name}.shape`, `an Input of shape [${n.shape.join(', ')}] has no elements`);
    const pop = popName(name);
    const src = opts.inputs?.[name] ?? (useMeta ? metaSource(n.metadata) : undefined) ?? { kind: 'external' as const };
    populations.push({ name: pop, size, source: src });
    inputs[name] = { population: pop, size };
    inputPop.set(name, pop);
  }
  for (const k of Object.keys(opts.inputs ?? {})) {
    if (!(k in inputs)) fail('', `a source was given for Input '${k}', but the graph's Input nodes are: ${Object.keys(inputs).join(', ') || 'none'}`);
  }

  const groups = new Map<string, NeuronGroups>();
  const restored: string[] = [];
  for (const [name, n] of flat.nodes) {
    if (role(n) !== 'spiking' && role(n) !== 'state') continue;
    const pn = n as NirParamNode;
    const size = shapeSize(Object.values(pn.params)[0]!.shape);
    if (size < 1) fail(`nodes.${name}`, `a ${pn.type} node with no elements`);
    const g = groupNeurons(name, pn, size, f, disc, dt_ms, useMeta, warnings, fail);
    if (g.restored) restored.push(name);
    const init = useMeta ? metaInit(pn.metadata) : undefined;
    g.neurons.forEach((neuron, k) => {
      const pop = popName(g.neurons.length === 1 ? name : `${name}.g${k}`);
      g.pops.push(pop);
      const count = g.groupOf.reduce((c, x) => c + (x === k ? 1 : 0), 0);
      const ps: NeuronPopulationSpec = { name: pop, size: count, neuron: neuron.spec, ...(init ? { init } : {}) };
      populations.push(ps);
    });
    groups.set(name, g);
  }

  // ---- element → (population, index) for emitters ------------------------------------------
  const sizeOf = (name: string): number => {
    const n = node(name);
    if (n.type === 'Input' || n.type === 'Output' || n.type === 'Identity') return shapeSize(n.shape);
    const g = groups.get(name);
    return g ? g.groupOf.length : -1;
  };
  const emitterAt = (name: string, i: number): [string, number] => {
    const g = groups.get(name);
    return g ? [g.pops[g.groupOf[i]!]!, g.localOf[i]!] : [inputPop.get(name)!, i];
  };

  // ---- wiring: constants (biases) and paths -------------------------------------------------
  const shapes = wiringShapes(flat, preds, fail);
  const transform = (name: string, m: SparseMap, from: string): SparseMap => wiringTransform(name, node(name), m, from, fail, shapes);
  const constantOf = wiringConstants(flat, preds, fail, shapes);
  const STRUCTURED: readonly string[] = ['Conv2d', 'SumPool2d', 'AvgPool2d'];
  const multiDim = (name: string): readonly number[] | undefined => {
    const s = shapes.outShape(name);
    return s !== null && s.length > 1 ? s : undefined;
  };

  const projections: ProjectionSpec[] = [];
  const projNames = new Set<string>();
  const uniqueProjName = (base: string): string => {
    let s = base;
    for (let k = 1; projNames.has(s); k++) s = `${base}#${k}`;
    projNames.add(s);
    return s;
  };

  /** Synapses from emitter `from` to neuron node `to` along `path`, as projections. */
  const connect = (from: string, to: string, path: readonly string[], m: SparseMap, name?: string): void => {
    const g = groups.get(to)!;
    if (m.size !== g.groupOf.length) {
      fail(`edges ${path[path.length - 1] ?? from} → ${to}`, `${m.size} values arrive at ${node(to).type} '${to}', which has ${g.groupOf.length} elements`);
    }
    let target: 'exc' | 'inh' = 'exc';
    let base = name ?? (path.length === 0 ? `${from}->${to}` : `${from}->${path.join('->')}->${to}`);
    if (useMeta) {
      for (const w of path) {
        const md = (node(w) as { metadata?: NirParamNode['metadata'] }).metadata ?? {};
        if (metaString(md, SPIKELOOP_META.target) === 'inh') target = 'inh';
        base = metaString(md, SPIKELOOP_META.projection) ?? base;
      }
    }
    type Bucket = { pre: string; post: string; steps: number; pairs: Array<[number, number]>; weights: number[] };
    const buckets = new Map<string, Bucket>();
    let offGrid = 0;
    for (let e = 0; e < m.pre.length; e++) {
      const [prePop, i] = emitterAt(from, m.pre[e]!);
      const j = m.post[e]!;
      const gk = g.groupOf[j]!;
      const w = eventWeight(m.weight[e]!, g.neurons[gk]!, dt_ms);
      if (w === 0) continue;
      const exact = (m.delay[e]! * f) / dt_ms;
      const steps = 1 + Math.round(exact);
      if (!(steps >= 1 && steps <= MAX_DELAY_STEPS)) {
        fail(`edges ${path[path.length - 1] ?? from} → ${to}`, `a delay of ${(m.delay[e]! * f).toPrecision(6)} ms on the path ${base} is ${steps} steps of ${dt_ms} ms; spikeloop delays are 0 to ${MAX_DELAY_STEPS - 1} steps beyond the projection's own step (check the time unit, or use a larger --dt-ms)`);
      }
      if (Math.abs(exact - Math.round(exact)) > 1e-6) offGrid++;
      const key = `${prePop}|${g.pops[gk]}|${steps}`;
      let b = buckets.get(key);
      if (!b) buckets.set(key, (b = { pre: prePop, post: g.pops[gk]!, steps, pairs: [], weights: [] }));
      b.pairs.push([i, g.localOf[j]!]);
      b.weights.push(target === 'inh' ? -w : w);
    }
    if (offGrid > 0) warnings.push(`${offGrid} delays on the path ${base} are not whole steps of ${dt_ms} ms and were rounded`);
    // A path through a convolution or pooling keeps its nodes, when it is one projection between
    // one emitting and one receiving population (export writes them back, exportNetwork.ts).
    let origin: ProjectionOrigin | undefined;
    if (buckets.size === 1 && g.pops.length === 1 && (groups.get(from)?.pops.length ?? 1) === 1 && path.some((w) => STRUCTURED.includes(node(w).type))) {
      const nodes = path.map((w) => originRecord(w, node(w), f)).filter((r) => r !== null);
      const preShape = multiDim(from);
      const postShape = multiDim(to);
      origin = { format: NIR_ORIGIN_FORMAT, nodes, ...(preShape ? { preShape } : {}), ...(postShape ? { postShape } : {}) };
    }
    for (const b of buckets.values()) {
      const order = b.pairs.map((_, k) => k).sort((x, y) => b.pairs[x]![0] - b.pairs[y]![0] || b.pairs[x]![1] - b.pairs[y]![1]);
      projections.push({
        name: uniqueProjName(buckets.size === 1 ? base : `${base}[${b.pre}->${b.post}+${b.steps}]`),
        pre: b.pre,
        post: b.post,
        ...(target === 'inh' ? { target } : {}),
        connectivity: { kind: 'list', pairs: order.map((k) => b.pairs[k]!) },
        weight: 0,
        weights: order.map((k) => b.weights[k]!),
        delay_ms: b.steps * dt_ms,
        ...(origin ? { origin } : {}),
      });
    }
  };

  const walk = (from: string, at: string, m: SparseMap, path: string[], prev: string): void => {
    if (path.includes(at)) fail(`nodes.${at}`, `a cycle through wiring nodes only (${[...path, at].join(' → ')}): an algebraic loop with no neuron to break it`);
    const m2 = transform(at, m, prev);
    if (m2.pre.length > NIR_MAX_EXPANDED_SYNAPSES) {
      fail(`nodes.${at}`, `the path ${[from, ...path, at].join(' → ')} expands into ${m2.pre.length} synapses, above the limit of ${NIR_MAX_EXPANDED_SYNAPSES} for one path (NIR_MAX_EXPANDED_SYNAPSES)`);
    }
    const here = [...path, at];
    for (const next of succ.get(at) ?? []) route(from, next, m2, here, at);
  };

  const outputs: Record<string, NirOutputPort> = {};
  const passThrough = (name: string) => isPassThrough(node(name));
  const notSpiking = (from: string, at: string): never =>
    fail(`edges ${from} → ${at}`, `${node(from).type} '${from}' does not spike, and spikeloop transmits only spikes between populations; a non-spiking node can only feed an Output`);

  const route = (from: string, to: string, m: SparseMap, path: string[], prev: string): void => {
    const r = role(node(to));
    const state = role(node(from)) === 'state';
    if (r === 'output') {
      // An Output reads the node itself: only reshapes and subgraph boundaries may lie between.
      if (!path.every(passThrough)) {
        fail(`edges ${prev} → ${to}`, `Output '${to}' is fed through ${node(prev).type} '${prev}'; spikeloop reads an Output from the node that feeds it directly (a neuron's spikes or state), not from weighted sums`);
      }
      if (outputs[to]) fail(`edges ${prev} → ${to}`, `Output '${to}' has more than one incoming edge (${outputs[to]!.node}, ${from}); spikeloop maps an Output to one node`);
      const want = shapeSize((node(to) as { shape: readonly number[] }).shape);
      if (m.size !== want) fail(`edges ${prev} → ${to}`, `${from} has ${m.size} elements, Output '${to}' has shape of ${want}`);
      const g = groups.get(from);
      outputs[to] = { node: from, populations: g ? [...g.pops] : [inputPop.get(from)!], size: m.size, signal: state ? 'state' : 'spikes' };
    } else if (r === 'input') {
      fail(`edges ${prev} → ${to}`, `an edge into Input '${to}': Inputs take no edges`);
    } else if (state && !(r === 'wiring' && passThrough(to))) {
      notSpiking(from, path[0] ?? to);
    } else if (r === 'wiring') {
      walk(from, to, m, path, prev);
    } else {
      connect(from, to, path, m);
    }
  };

  for (const [a, b] of flat.edges) {
    const ra = role(node(a));
    if (ra === 'output') fail(`edges ${a} → ${b}`, `an edge out of Output '${a}': Outputs have no successors`);
    if (ra !== 'wiring') route(a, b, identityMap(sizeOf(a), shapes.outShape(a) ?? undefined), [], a);
  }

  // Biases: constant inputs, delivered by a clock neuron firing every step. A node d steps
  // (projections) from the Inputs runs d steps behind the zero-latency reference, so its bias
  // starts arriving at step d, which is the reference's step 0.
  const depth = stepsFromInputs(populations, projections, dt_ms);
  let clock: string | null = null;
  for (const [name, g] of groups) {
    let bias: Float64Array | null = null;
    for (const p of preds.get(name) ?? []) {
      if (role(node(p)) !== 'wiring') continue;
      const c = constantOf(p);
      if (c === null) continue;
      bias ??= new Float64Array(c.length);
      for (let k = 0; k < c.length; k++) bias[k] += c[k]!;
    }
    if (bias === null || bias.every((x) => x === 0)) continue;
    if (clock === null) {
      clock = popName('bias_clock');
      populations.push({ name: clock, size: 1, neuron: { kind: 'nir-threshold', params: { threshold: -1 } } });
    }
    const d = g.pops.reduce((m, pop) => Math.min(m, depth.get(pop) ?? Infinity), Infinity);
    const lag = Number.isFinite(d) ? (((d - 1) * dt_ms) / f) : 0;
    const m: SparseMap = { size: bias.length, pre: [], post: [], weight: [], delay: [] };
    bias.forEach((b, j) => {
      if (b === 0) return;
      m.pre.push(0);
      m.post.push(j);
      m.weight.push(b);
      m.delay.push(lag);
    });
    inputPop.set(clock, clock);
    connect(clock, name, [], m, `bias->${name}`);
  }

  for (const [name, n] of flat.nodes) if (n.type === 'Output' && !outputs[name]) warnings.push(`Output '${name}' has no incoming edge`);
  // simulate refuses a network without populations: say so here, not after writing it.
  if (populations.length === 0) fail('nodes', 'the graph has no Input and no neuron node (LIF, CubaLIF, IF, LI, CubaLI, I, Threshold): nothing to import as a network');

  const neurons: Record<string, readonly string[]> = {};
  for (const [name, g] of groups) neurons[name] = g.pops;
  return {
    spec: { dt_ms, ...(refractory !== undefined ? { refractory } : {}), populations, projections },
    dt_ms,
    timeUnit,
    timeUnitFrom,
    discretisation: disc,
    inputs,
    outputs,
    neurons,
    restored,
    warnings,
  };
}

/** Fewest steps from any source population to each population along projections (Dijkstra). */
function stepsFromInputs(pops: readonly PopulationSpec[], projs: readonly ProjectionSpec[], dt_ms: number): Map<string, number> {
  const dist = new Map<string, number>();
  for (const p of pops) if ('source' in p) dist.set(p.name, 0);
  const done = new Set<string>();
  const byPre = new Map<string, ProjectionSpec[]>();
  for (const pr of projs) {
    const l = byPre.get(pr.pre);
    if (l) l.push(pr);
    else byPre.set(pr.pre, [pr]);
  }
  for (;;) {
    let best: string | null = null;
    for (const [k, v] of dist) if (!done.has(k) && (best === null || v < dist.get(best)!)) best = k;
    if (best === null) return dist;
    done.add(best);
    for (const pr of byPre.get(best) ?? []) {
      const d = dist.get(best)! + Math.round((pr.delay_ms as number) / dt_ms);
      if (d < (dist.get(pr.post) ?? Infinity)) dist.set(pr.post, d);
    }
  }
}

function successors(g: FlatGraph): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [a, b] of g.edges) {
    const l = m.get(a);
    if (l) l.push(b);
    else m.set(a, [b]);
  }
  return m;
}

function predecessors(g: FlatGraph): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [a, b] of g.edges) {
    const l = m.get(b);
    if (l) l.push(a);
    else m.set(b, [a]);
  }
  return m;
}
