/**
 * A NIR neuron node as groups of elements with equal parameters — NIR parameters are per
 * element, a spikeloop population's are shared — each group one population. A node spikeloop
 * exported carries its population's spec in metadata (spikeloopMetadata.ts); it is used when
 * it reproduces the node's datasets, so the node becomes that population again, exactly.
 */
import { resolveNeuronSpec } from '../neurons/registry.js';
import type { Discretisation, ImportedNeuron, NeuronNodeType } from './neuronFromNir.js';
import { neuronFromNir } from './neuronFromNir.js';
import { neuronToNir } from './neuronToNir.js';
import type { NirParamNode } from './nirGraph.js';
import { SPIKELOOP_META, metaNeuron } from './spikeloopMetadata.js';
import type { Fail } from './wiring.js';

/** A neuron node's elements as populations: element i is neuron localOf[i] of pops[groupOf[i]]. */
export interface NeuronGroups {
  /** Rebuilt from spikeloop metadata. */
  readonly restored?: boolean;
  /** Population names, filled in by the importer. */
  readonly pops: string[];
  readonly neurons: ImportedNeuron[];
  readonly groupOf: Int32Array;
  readonly localOf: Int32Array;
}

/**
 * The node's elements grouped by identical neuron spec (and weight factor). With trustworthy
 * spikeloop metadata, the recorded spec for all of them.
 */
export function groupNeurons(
  name: string,
  node: NirParamNode,
  size: number,
  msPerUnit: number,
  disc: Discretisation,
  dt_ms: number,
  useMeta: boolean,
  warnings: string[],
  fail: Fail,
): NeuronGroups {
  const recorded = useMeta ? metaNeuron(node.metadata) : undefined;
  if (recorded !== undefined) {
    const r = fromMetadata(name, node, size, msPerUnit, recorded);
    if (typeof r === 'string') warnings.push(r);
    else return { restored: true, pops: [], neurons: [r], groupOf: new Int32Array(size), localOf: Int32Array.from({ length: size }, (_, k) => k) };
  }
  const byKey = new Map<string, number>();
  const neurons: ImportedNeuron[] = [];
  const groupOf = new Int32Array(size);
  const localOf = new Int32Array(size);
  const counts: number[] = [];
  for (let i = 0; i < size; i++) {
    let n: ImportedNeuron;
    try {
      n = neuronFromNir(name, node, i, msPerUnit, disc);
      // Refuse what the model would refuse at build time, here, with the node named.
      resolveNeuronSpec(n.spec, `nodes.${name}`);
    } catch (e) {
      if (e instanceof RangeError || e instanceof TypeError) fail(`nodes.${name}`, `element ${i}: ${e.message}`);
      throw e;
    }
    const key = JSON.stringify([n.spec, n.factor]);
    let k = byKey.get(key);
    if (k === undefined) {
      k = neurons.length;
      byKey.set(key, k);
      neurons.push(n);
      counts.push(0);
    }
    groupOf[i] = k;
    localOf[i] = counts[k]!++;
  }
  if (neurons.length > 1) warnings.push(`node '${name}' (${node.type}): its ${size} elements have ${neurons.length} different parameter sets, imported as ${neurons.length} populations`);
  // The Euler models refuse dt > τ; say so here, naming the node, rather than at build time.
  for (const n of neurons) {
    for (const [k, v] of Object.entries(n.spec.params)) {
      if (k.startsWith('tau') && k.endsWith('_ms') && n.spec.kind.startsWith('nir-') && dt_ms > v) {
        fail(`nodes.${name}`, `${k.replace('_ms', '')} = ${v} ms is shorter than the step dt = ${dt_ms} ms, which forward Euler cannot integrate (dt/τ > 1): use a step ≤ ${v} ms, or check the time unit`);
      }
    }
  }
  return { pops: [], neurons, groupOf, localOf };
}

/** The recorded spec if it reproduces the node's datasets; otherwise a warning. */
function fromMetadata(name: string, node: NirParamNode, size: number, msPerUnit: number, recorded: NonNullable<ReturnType<typeof metaNeuron>>): ImportedNeuron | string {
  let resolved;
  try {
    resolved = resolveNeuronSpec(recorded, `nodes.${name}.metadata.${SPIKELOOP_META.neuron}`);
  } catch (e) {
    return `node '${name}': ignoring its spikeloop metadata (${(e as Error).message}); using the NIR parameters`;
  }
  let exported;
  try {
    exported = neuronToNir(resolved, msPerUnit, name);
  } catch {
    return `node '${name}': its spikeloop metadata describes a '${resolved.kind}' neuron that has no NIR form; using the NIR parameters`;
  }
  if (exported.type !== (node.type as NeuronNodeType)) return `node '${name}': its spikeloop metadata describes a ${exported.type}, the node is a ${node.type}; using the NIR parameters`;
  for (const [k, v] of Object.entries(exported.values)) {
    const a = node.params[k]!.data;
    for (let i = 0; i < size; i++) {
      if (Math.abs(a[i]! - v) > 1e-9 * Math.max(Math.abs(v), Math.abs(a[i]!))) {
        return `node '${name}': its spikeloop metadata disagrees with ${k}[${i}] (${a[i]} in the file, ${v} recorded; edited after export, or read in another time unit?); using the NIR parameters`;
      }
    }
  }
  const factor = resolved.kind === 'lif' ? { wIn: node.params.w_in!.data[0]!, tauSyn_ms: resolved.params.tauSynExc_ms } : null;
  if (factor !== null && node.params.w_in!.data.some((x) => x !== factor.wIn)) return `node '${name}': w_in differs between elements; using the NIR parameters`;
  return { spec: { kind: resolved.kind, params: resolved.params as unknown as Record<string, number> } as ImportedNeuron['spec'], factor };
}
