/**
 * The unit of each projection's weights, for the weight histograms' axes: a weight is an input
 * jump of the post-synaptic population's neuron model (controllers/neurons/model.ts): pA for
 * current-based LIF, nS for conductance-based LIF, the paper's units for Izhikevich, NIR's
 * dimensionless units for the NIR models. Arrays that are not projection weights get no unit.
 */
import type { Network } from '../../controllers/network/network.js';

const UNIT_OF_MODEL: Readonly<Record<string, string>> = {
  lif: 'pA',
  'adaptive-lif': 'pA',
  'coba-lif': 'nS',
  izhikevich: 'Izhikevich input units',
};

export function parameterUnits(network: Network | null): Record<string, string> {
  if (!network) return {};
  const modelOf = new Map<string, string>();
  for (const p of network.spec.populations) if ('neuron' in p && p.neuron) modelOf.set(p.name, String((p.neuron as { kind?: unknown }).kind ?? ''));
  const out: Record<string, string> = {};
  for (const pr of network.spec.projections ?? []) {
    const model = modelOf.get(pr.post) ?? '';
    out[pr.name ?? `${pr.pre}->${pr.post}`] = UNIT_OF_MODEL[model] ?? (model.startsWith('nir-') ? 'NIR units' : 'model input units');
  }
  return out;
}
