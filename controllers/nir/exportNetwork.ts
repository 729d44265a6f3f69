/**
 * A built spikeloop network as a NIR graph (the inverse of importGraph.ts):
 *  - each source population → an Input node of its size;
 *  - each neuron population → a neuron node (neuronToNir.ts) and an Output node `<name>_out`
 *    (every population is observable; a reader keeps the outputs it needs);
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
import type { NeuronPopulationSpec, SourcePopulationSpec } from '../network/networkSpec.js';
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

  const exported = new Map<number, ExportedNeuron>();
  const outputs: Record<string, string> = {};
  const refractory: string[] = [];
  net.populations.forEach((pop, k) => {
    const ps = net.spec.populations[k]!;
    if ('source' in ps) {
      const src = (ps as SourcePopulationSpec).source;
      nodes[pop.name] = { type: 'Input', shape: [pop.size], metadata: { [SPIKELOOP_META.source]: JSON.stringify(src) } };
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
    for (const [name, v] of Object.entries(ex.values)) params[name] = { shape: [pop.size], data: new Float64Array(pop.size).fill(v) };
    const metadata: Record<string, NirMetadataValue> = { [SPIKELOOP_META.neuron]: JSON.stringify({ kind: resolved.kind, params: resolved.params }) };
    if (nps.init && Object.keys(nps.init).length > 0) {
      metadata[SPIKELOOP_META.init] = JSON.stringify(nps.init);
      warnings.push(`${where} draws its initial state (${Object.keys(nps.init).join(', ')}) from distributions; NIR neurons start at rest (kept in spikeloop metadata)`);
    }
    nodes[pop.name] = { type: ex.type, params, metadata };
    const out = fresh(`${pop.name}_out`);
    nodes[out] = { type: 'Output', shape: [pop.size], metadata: {} };
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
