/** Binds a neuron spec to a population's state (temporary: LIF only until the model registry lands). */
import type { LifParams } from '../neurons/lif.js';
import { LIF_DEFAULTS, lifModel } from '../neurons/lif.js';
import type { CobaLifParams } from '../neurons/cobaLif.js';
import { COBA_LIF_DEFAULTS, cobaLifModel } from '../neurons/cobaLif.js';
import type { BoundNeurons } from './boundNeurons.js';
import { bindNeurons } from './boundNeurons.js';

export type NeuronSpec =
  | { readonly kind: 'lif'; readonly params?: Partial<LifParams> }
  | { readonly kind: 'coba-lif'; readonly params?: Partial<CobaLifParams> };

export function neuronsFromSpec(spec: NeuronSpec, n: number, dt_ms: number): BoundNeurons {
  switch (spec.kind) {
    case 'lif':
      return bindNeurons(lifModel, { ...LIF_DEFAULTS, ...spec.params }, n, dt_ms);
    case 'coba-lif':
      return bindNeurons(cobaLifModel, { ...COBA_LIF_DEFAULTS, ...spec.params }, n, dt_ms);
  }
}
