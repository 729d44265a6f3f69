/** NIR graph builders for the robustness tests (the nir tests' builders, plus Affine). */
import type { NirArray, NirParamNode } from '../../controllers/nir/nirGraph.js';
export { eye, fill, graph, input, lif, output } from '../nir/nirBuilders.js';

export function affine(weight: NirArray, bias: NirArray): NirParamNode<'Affine'> {
  return { type: 'Affine', params: { weight, bias }, metadata: {} };
}
