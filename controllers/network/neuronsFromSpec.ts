/** Binds a population's neuron spec (validated and merged over defaults by the registry) to fresh state. */
import type { NeuronCreateOptions } from '../neurons/refractoryConvention.js';
import type { NeuronKind, NeuronSpec, ResolvedNeuronSpec } from '../neurons/registry.js';
import { customNeuronModel, neuronModelFor, resolveCustomNeuronSpec, resolveNeuronSpec } from '../neurons/registry.js';
import type { BoundNeurons } from './boundNeurons.js';
import { bindNeurons } from './boundNeurons.js';

export type { NeuronSpec };

export function neuronsFromSpec(spec: NeuronSpec, n: number, dt_ms: number, where = 'neuron', opts?: NeuronCreateOptions): BoundNeurons {
  // A model registered at run time (registerNeuronModel) runs through the same shell.
  if (typeof spec === 'object' && spec !== null && typeof spec.kind === 'string' && customNeuronModel(spec.kind) !== undefined) {
    const { definition, params } = resolveCustomNeuronSpec(spec as Parameters<typeof resolveCustomNeuronSpec>[0], where);
    return bindNeurons(definition.model, params, n, dt_ms, opts);
  }
  return bindResolved(resolveNeuronSpec(spec, where), n, dt_ms, opts);
}

function bindResolved<K extends NeuronKind>(r: ResolvedNeuronSpec<K>, n: number, dt_ms: number, opts?: NeuronCreateOptions): BoundNeurons {
  return bindNeurons(neuronModelFor(r), r.params, n, dt_ms, opts);
}
