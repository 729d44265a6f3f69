/**
 * Memory footprint of a network in bytes (NeuroBench's "footprint": what it takes to represent
 * the model — parameters and buffers, zero weights included), split into
 *  - parameters: synaptic weights at `weightBits` each, the sparse connectivity the engine keeps
 *    (CSR/CSC indices and delays, Int32) and the neuron models' parameters (one float64 per
 *    parameter per population, shared by its neurons);
 *  - state: the neuron models' state variables (at `variableBits[name]`, default 64 — the
 *    engine's Float64Array), the input accumulators, spike buffers and spike history of every
 *    population, and the plasticity rules' traces and eligibility.
 * With the defaults it is the memory this engine holds; a hardware spec (controllers/hardware)
 * passes its weight and state bit widths to give the deployed footprint.
 */
import type { Network } from '../network/network.js';
import { projectionBytes } from '../network/projection.js';
import type { NeuronPopulationSpec } from '../network/networkSpec.js';
import { resolveNeuronSpec } from '../neurons/registry.js';

export interface FootprintPrecision {
  /** Bits per stored synaptic weight. @default 32 (Float32Array) */
  readonly weightBits?: number;
  /** Bits per value of a neuron state variable by name (e.g. `v_mV`). @default 64 (Float64Array) */
  readonly variableBits?: Readonly<Record<string, number>>;
}

export interface Footprint {
  readonly parameterBytes: number;
  readonly stateBytes: number;
}

/** Bytes of every typed array directly on `o` or one object below it (e.g. a rule's `traces`). */
function typedArrayBytes(o: object, depth = 1): number {
  let b = 0;
  for (const v of Object.values(o)) {
    if (ArrayBuffer.isView(v)) b += v.byteLength;
    else if (depth > 0 && v !== null && typeof v === 'object' && !Array.isArray(v)) b += typedArrayBytes(v as object, depth - 1);
  }
  return b;
}

export function networkFootprint(net: Network, precision: FootprintPrecision = {}): Footprint {
  const weightBits = precision.weightBits ?? 32;
  const varBits = precision.variableBits ?? {};
  let params = 0;
  let state = 0;
  for (const np of net.projections) {
    const p = np.syn;
    params += projectionBytes(p) - p.weight.byteLength + Math.ceil((p.nSyn * weightBits) / 8);
    if (np.plasticity !== null) state += typedArrayBytes(np.plasticity);
    if (np.homeostasis !== null) state += typedArrayBytes(np.homeostasis);
  }
  net.populations.forEach((pop, k) => {
    state += pop.input.exc.byteLength + pop.input.inh.byteLength + pop.input.ext.byteLength;
    state += pop.spikes.flags.byteLength + pop.spikes.list.byteLength;
    state += pop.history.lists.byteLength + pop.history.counts.byteLength + pop.history.stepOf.byteLength;
    if (pop.dynamics.kind === 'neurons') {
      for (const [name, v] of Object.entries(pop.dynamics.neurons.variables)) state += Math.ceil((v.length * (varBits[name] ?? 64)) / 8);
      const spec = net.spec.populations[k] as NeuronPopulationSpec;
      params += Object.keys(resolveNeuronSpec(spec.neuron).params).length * 8;
    }
  });
  return { parameterBytes: params, stateBytes: state };
}
