/** Binds a population's neuron spec (validated and merged over defaults by the registry) to fresh state. */
import type { NeuronKind, NeuronSpec, ResolvedNeuronSpec } from '../neurons/registry.js';
import { neuronModelFor, resolveNeuronSpec } from '../neurons/registry.js';
import type { BoundNeurons } from './boundNeurons.js';
import { bindNeurons } from './boundNeurons.js';

export type { NeuronSpec };

export function neuronsFromSpec(spec: NeuronSpec, n: number, dt_ms: number, where = 'neuron'): BoundNeurons {
  return bindResolved(resolveNeuronSpec(spec, where), n, dt_ms);
}

function bindResolved<K extends NeuronKind>(r: ResolvedNeuronSpec<K>, n: number, dt_ms: number): BoundNeurons {
  return bindNeurons(neuronModelFor(r), r.params, n, dt_ms);
}
