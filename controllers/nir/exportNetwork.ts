/**
 * A built spikeloop network as a NIR graph (the inverse of importGraph.ts):
 *  - each source population → an Input node of its size;
 *  - each neuron population → a neuron node (neuronToNir.ts) and an Output node `<name>_out`
 *    (every population is observable; a reader keeps the outputs it needs);
 *  - a projection imported through a convolution or pooling (its `origin`, projectionOrigin.ts)
 *    → the recorded nodes again (Conv2d, SumPool2d, AvgPool2d, Flatten, Affine …, biases zero:
 *    they were imported as the bias clock's projection), when its synapses are still exactly
 *    what those nodes compute; otherwise (trained, edited) as below, with a warning. Populations
 *    recorded with a [C, H, W] shape keep it (NIR readers infer convolution types from it);
 *  - each projection → an Affine node (weights [post, pre], zero bias) per delay it uses, with
 *    NIR weights W = event weight × (τ_syn/dt for a CubaLIF target); inhibitory projections
 *    have negative weights. A delay of d steps adds a Delay node of (d − 1)·dt, the first step
 *    being the engine's own (importGraph.ts). A delay-0 synapse (delivered within the step,
 *    deliverWithinStep.ts) has no NIR form under that convention: it is exported like a
 *    one-step one, with a warning, and re-imports one step slower.
 * Conventions: delays as above; refractory periods and the network's refractory convention
 * ('spikeloop' = 'nest', or 'brian2': refractoryConvention.ts) only in spikeloop metadata.
 *
 * Weights are the network's current ones (pending R-STDP changes settled first). What NIR
 * cannot carry is reported as warnings and, where spikeloop needs it to rebuild the same
 * network, kept in metadata (spikeloopMetadata.ts): refractory periods, Poisson and
 * spike-time sources, initial-state distributions. Not exported at all: plasticity rules,
 * eligibility and modulators (the graph is the frozen network), homeostasis, and everything
 * outside the network — a controller's encoders, decoders and non-spiking terms.
 * Refused: neuron kinds without a NIR form (coba-lif, adaptive-lif, izhikevich) and LIF
 * populations whose two synaptic time constants differ.
 */
import type { Network } from '../network/network.js';
import { settleWeights } from '../network/networkAccess.js';
import type { NeuronPopulationSpec, ProjectionOrigin, ProjectionSpec, SourcePopulationSpec } from '../network/networkSpec.js';
import type { Projection } from '../network/projection.js';
import type { FlatGraph, FlatNode } from './flattenGraph.js';
import { identityMap } from './linearMap.js';
import { NIR_ORIGIN_FORMAT, nirNodeOfRecord } from './projectionOrigin.js';
import { wiringShapes, wiringTransform } from './wiring.js';
import { shapeSize } from './nirGraph.js';
import { resolveNeuronSpec } from '../neurons/registry.js';
import type { ExportedNeuron } from './neuronToNir.js';
import { neuronToNir, nirWeight } from './neuronToNir.js';
import type { NirArray, NirFile, NirGraphNode, NirMetadataValue, NirNode } from './nirGraph.js';
import { SPIKELOOP_META } from './spikeloopMetadata.js';
import type { TimeUnit } from './timeUnit.js';
import { DEFAULT_TIME_UNIT, msPerUnit } from './timeUnit.js';
import { NIR_WRITE_VERSION } from './writeNir.js';

export interface NirExportOptions {
  /** Unit written for time constants and delays. @default 's' (timeUnit.ts) */
  readonly timeUnit?: TimeUnit;
  /** Extra graph metadata (e.g. the controller preset). */
  readonly metadata?: Readonly<Record<string, NirMetadataValue>>;
}

export interface NirExport {
  readonly file: NirFile;
  /** What the graph does not carry, one sentence each. */
  readonly warnings: readonly string[];
  /** Output node of each neuron population. */
  readonly outputs: Readonly<Record<string, string>>;
}

export function networkToNir(net: Network, opts: NirExportOptions = {}): NirExport {
  const unit = opts.timeUnit ?? DEFAULT_TIME_UNIT;
  const f = msPerUnit(unit);
  const dt = net.dt_ms;
  const warnings: string[] = [];
  settleWeights(net);
  const nodes: Record<string, NirNode> = {};
  const edges: Array<[string, string]> = [];
  const taken = new Set(net.populations.map((p) => p.name));
  const fresh = (base: string): string => {
    let s = base.replace(/\//g, '_');
    for (let k = 1; taken.has(s); k++) s = `${base.replace(/\//g, '_')}_${k}`;
    taken.add(s);
    return s;
  };

  // Shapes recorded by the importer for populations that were [C, H, W] tensors in NIR.
  const specOf = new Map<string, ProjectionSpec>((net.spec.projections ?? []).map((ps) => [ps.name ?? `${ps.pre}->${ps.post}`, ps]));
  const shapeOf = new Map<string, readonly number[]>();
  for (const ps of specOf.values()) {
    const o = ps.origin;
    if (o?.format !== NIR_ORIGIN_FORMAT) continue;
    if (o.preShape) shapeOf.set(ps.pre, o.preShape);
    if (o.postShape) shapeOf.set(ps.post, o.postShape);
  }
  const popShape = (name: string, size: number): number[] => {
    const s = shapeOf.get(name);
    return s !== undefined && shapeSize(s) === size ? [...s] : [size];
  };

  const exported = new Map<number, ExportedNeuron>();
  const outputs: Record<string, string> = {};
  const refractory: string[] = [];
  net.populations.forEach((pop, k) => {
    const ps = net.spec.populations[k]!;
    if ('source' in ps) {
      const src = (ps as SourcePopulationSpec).source;
      nodes[pop.name] = { type: 'Input', shape: popShape(pop.name, pop.size), metadata: { [SPIKELOOP_META.source]: JSON.stringify(src) } };
      if (src.kind === 'poisson') {
        warnings.push(`'${pop.name}' is a Poisson source (${JSON.stringify(src.rate_Hz)} Hz): exported as an Input, since NIR has no stochastic source; drive it with Poisson spikes (spikeloop restores it from metadata)`);
      } else if (src.kind === 'spike-times') {
        warnings.push(`'${pop.name}' is a spike-time source: exported as an Input; its spike times are kept only in spikeloop metadata`);
      }
      return;
    }
    const nps = ps as NeuronPopulationSpec;
    const where = `population '${pop.name}'`;
    const resolved = resolveNeuronSpec(nps.neuron, where);
    const ex = neuronToNir(resolved, f, where);
    exported.set(k, ex);
    if (resolved.kind === 'lif' && resolved.params.tRef_ms > 0) refractory.push(`'${pop.name}' (${resolved.params.tRef_ms} ms)`);
    const params: Record<string, NirArray> = {};
    const shape = popShape(pop.name, pop.size);
    for (const [name, v] of Object.entries(ex.values)) params[name] = { shape, data: new Float64Array(pop.size).fill(v) };
    const metadata: Record<string, NirMetadataValue> = { [SPIKELOOP_META.neuron]: JSON.stringify({ kind: resolved.kind, params: resolved.params }) };
    if (nps.init && Object.keys(nps.init).length > 0) {
      metadata[SPIKELOOP_META.init] = JSON.stringify(nps.init);
      warnings.push(`${where} draws its initial state (${Object.keys(nps.init).join(', ')}) from distributions; NIR neurons start at rest (kept in spikeloop metadata)`);
    }
    nodes[pop.name] = { type: ex.type, params, metadata };
    const out = fresh(`${pop.name}_out`);
    nodes[out] = { type: 'Output', shape, metadata: {} };
    edges.push([pop.name, out]);
    outputs[pop.name] = out;
  });
  if (refractory.length > 0) {
    warnings.push(
      `refractory periods of ${refractory.join(', ')} cannot be expressed in NIR (its neurons have none): other tools will run these neurons without one; spikeloop restores them from metadata`,
    );
  }

  let multapses = 0;
  for (const np of net.projections) {
    const p = np.syn;
    const pre = net.populations[p.preIndex]!;
    const post = net.populations[p.postIndex]!;
    const ex = exported.get(p.postIndex);
    if (ex === undefined) {
      warnings.push(`projection '${p.name}' targets the source population '${post.name}' (a teacher signal): not exported`);
      continue;
    }
    if (np.plasticity !== null) warnings.push(`projection '${p.name}' is plastic (${np.plasticity.kind}): exported with its current weights; the learning rule, its traces and modulators are not part of NIR`);
    if (np.homeostasis !== null) warnings.push(`projection '${p.name}' has synaptic scaling: exported with its current weights only`);
    const origin = specOf.get(p.name)?.origin;
    if (origin?.format === NIR_ORIGIN_FORMAT && p.target !== 'inh') {
      const why = originMismatch(origin, p, ex, dt, f);
      if (why === null) {
        let prev = pre.name;
        for (const [k, rec] of origin.nodes.entries()) {
          const { name, node } = nirNodeOfRecord(rec, `projection '${p.name}'.origin.nodes[${k}]`, f);
          const n = fresh(name);
          nodes[n] = withoutBias(node);
          edges.push([prev, n]);
          prev = n;
        }
        edges.push([prev, post.name]);
        continue;
      }
      warnings.push(`projection '${p.name}' was imported from ${origin.nodes.map((n) => String(n.type)).join(' → ')}, but its synapses no longer match those nodes (${why}): exported as an Affine of its synapses, the expanded form`);
    }
    const sign = p.target === 'inh' ? -1 : 1;
    const delays = [...new Set(p.delayOf)].sort((a, b) => a - b);
    for (const d of delays) {
      const w = new Float64Array(p.nPost * p.nPre);
      const seen = new Uint8Array(p.nPost * p.nPre);
      for (let s = 0; s < p.nSyn; s++) {
        if (p.delayOf[s] !== d) continue;
        const at = p.postOf[s]! * p.nPre + p.preOf[s]!;
        if (seen[at]) multapses++;
        seen[at] = 1;
        w[at] += sign * nirWeight(p.weight[s]!, ex, dt);
      }
      const name = fresh(delays.length === 1 ? p.name : `${p.name}@${d}`);
      nodes[name] = {
        type: 'Affine',
        params: { weight: { shape: [p.nPost, p.nPre], data: w }, bias: { shape: [p.nPost], data: new Float64Array(p.nPost) } },
        metadata: { [SPIKELOOP_META.projection]: p.name, [SPIKELOOP_META.target]: p.target },
      };
      edges.push([pre.name, name]);
      if (d <= 1) {
        if (d === 0) warnings.push(`projection '${p.name}' has delay-0 synapses (delivered within the step): NIR edges take the engine's one step here, so they are exported as one-step synapses and re-import one step slower`);
        edges.push([name, post.name]);
      } else {
        const dn = fresh(`${name}.delay`);
        nodes[dn] = { type: 'Delay', params: { delay: { shape: [p.nPost], data: new Float64Array(p.nPost).fill(((d - 1) * dt) / f) } }, metadata: {} };
        edges.push([name, dn], [dn, post.name]);
      }
    }
  }
  if (multapses > 0) warnings.push(`${multapses} synapses repeat a (pre, post, delay) triple; NIR weights are a matrix, so they were summed into one`);
  if (net.modulators.length > 0) warnings.push(`modulators (${net.modulators.map((m) => m.params.name).join(', ')}) are not part of NIR`);

  const graph: NirGraphNode = {
    type: 'NIRGraph',
    nodes,
    edges,
    metadata: {
      [SPIKELOOP_META.generator]: 'spikeloop',
      [SPIKELOOP_META.timeUnit]: unit,
      [SPIKELOOP_META.dt]: dt / f,
      ...(net.spec.refractory !== undefined && net.spec.refractory !== 'spikeloop' ? { [SPIKELOOP_META.refractory]: net.spec.refractory } : {}),
      [SPIKELOOP_META.discretisation]: [...exported.values()].some((e) => e.factor !== null) ? 'exact' : 'euler',
      ...opts.metadata,
    },
  };
  return { file: { version: NIR_WRITE_VERSION, graph }, warnings, outputs };
}

/** A wiring node as written back: biases zeroed (the importer delivers them by the bias clock). */
function withoutBias(n: NirNode): NirNode {
  if (n.type === 'Conv2d') return { ...n, bias: { shape: [...n.bias.shape], data: new Float64Array(n.bias.data.length) } };
  if (n.type === 'Affine') return { ...n, params: { ...n.params, bias: { shape: [...n.params.bias!.shape], data: new Float64Array(n.params.bias!.data.length) } } };
  return n;
}

/**
 * Why projection `p` no longer computes what its recorded nodes do (null when it still does):
 * the nodes are applied to the identity on the pre population (as the importer composed them),
 * and every synapse must carry that weight (in NIR units, to float32 rounding) at that delay.
 */
function originMismatch(o: ProjectionOrigin, p: Projection, ex: ExportedNeuron, dt_ms: number, msPerUnit: number): string | null {
  const fail = (path: string, message: string): never => {
    throw new RangeError(`${path}: ${message}`);
  };
  try {
    const nodes = new Map<string, FlatNode>();
    const pre = '\u0000pre';
    nodes.set(pre, { type: 'Input', shape: o.preShape && shapeSize(o.preShape) === p.nPre ? o.preShape : [p.nPre], metadata: {} });
    const names: string[] = [];
    o.nodes.forEach((rec, k) => {
      const { node } = nirNodeOfRecord(rec, `origin.nodes[${k}]`, msPerUnit);
      if (node.type === 'Input' || node.type === 'Output' || node.type === 'NIRGraph' || node.type === 'Unsupported') fail(`origin.nodes[${k}]`, 'not a wiring node');
      const name = `${k}`;
      nodes.set(name, node as FlatNode);
      names.push(name);
    });
    const edges = names.map((n, k) => [k === 0 ? pre : names[k - 1]!, n] as const);
    const flat: FlatGraph = { nodes, edges };
    const preds = new Map(edges.map(([a, b]) => [b, [a]]));
    const shapes = wiringShapes(flat, preds, fail);
    let m = identityMap(p.nPre, nodes.get(pre)!.type === 'Input' ? (nodes.get(pre) as { shape: readonly number[] }).shape : undefined);
    let prev = pre;
    for (const n of names) {
      m = wiringTransform(n, nodes.get(n)!, m, prev, fail, shapes);
      prev = n;
    }
    if (m.size !== p.nPost) return `they output ${m.size} values for ${p.nPost} neurons`;
    const want = new Map<number, { w: number; steps: number }>();
    for (let e = 0; e < m.pre.length; e++) {
      if (m.weight[e] === 0) continue;
      const key = m.post[e]! * p.nPre + m.pre[e]!;
      if (want.has(key)) return 'a connection through two different delays';
      want.set(key, { w: m.weight[e]!, steps: 1 + Math.round((m.delay[e]! * msPerUnit) / dt_ms) });
    }
    if (want.size !== p.nSyn) return `${p.nSyn} synapses where the nodes make ${want.size}`;
    for (let s = 0; s < p.nSyn; s++) {
      const w = want.get(p.postOf[s]! * p.nPre + p.preOf[s]!);
      if (w === undefined) return `a synapse ${p.preOf[s]} → ${p.postOf[s]} the nodes do not make`;
      const got = nirWeight(p.weight[s]!, ex, dt_ms);
      if (Math.abs(got - w.w) > 1e-6 * Math.abs(w.w) + 1e-9) return `synapse ${p.preOf[s]} → ${p.postOf[s]} has weight ${got}, the nodes give ${w.w}`;
      if (p.delayOf[s] !== w.steps) return `synapse ${p.preOf[s]} → ${p.postOf[s]} has a delay of ${p.delayOf[s]} steps, the nodes give ${w.steps}`;
    }
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
