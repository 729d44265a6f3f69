/**
 * Static, per-controller metrics of a network (NeuroBench's static metrics, Yik et al.
 * arXiv:2304.04640, adapted to sparse projections):
 *  - connection sparsity = 1 − (synapses with a non-zero weight) / Σ_projections nPre·nPost —
 *    the fraction of zeros in the dense weight matrices the projections stand for (a synapse
 *    that does not exist is a zero; NeuroBench: 0 = fully connected, 1 = no connection);
 *  - dense MACs per step = Σ nPre·nPost: the multiply-accumulates a dense implementation does
 *    every SNN step, zero weights and silent neurons included (NeuroBench's "Dense" synaptic
 *    operations);
 *  - memory footprint (networkFootprint.ts).
 * Neurons are the populations with neuron models; spike sources (encoder inputs) are counted
 * apart, as NeuroBench counts a model's layers and not its input data.
 */
import type { Network } from '../network/network.js';

export interface NetworkStructure {
  /** Neurons of the populations with neuron models. */
  readonly neurons: number;
  /** Neurons of spike-source populations (encoders, Poisson, spike times). */
  readonly inputNeurons: number;
  /** Existing synapses (zero weights included). */
  readonly synapses: number;
  /** Synapses whose weight is not 0. */
  readonly nonzeroSynapses: number;
  /** Σ nPre·nPost over projections: entries of the dense weight matrices. */
  readonly denseSynapses: number;
  readonly connectionSparsity: number;
}

export function networkStructure(net: Network): NetworkStructure {
  let neurons = 0;
  let inputNeurons = 0;
  for (const p of net.populations) {
    if (p.dynamics.kind === 'neurons') neurons += p.size;
    else inputNeurons += p.size;
  }
  let synapses = 0;
  let nonzero = 0;
  let dense = 0;
  for (const np of net.projections) {
    const w = np.syn.weight;
    synapses += np.syn.nSyn;
    dense += np.syn.nPre * np.syn.nPost;
    for (let s = 0; s < w.length; s++) if (w[s] !== 0) nonzero++;
  }
  return { neurons, inputNeurons, synapses, nonzeroSynapses: nonzero, denseSynapses: dense, connectionSparsity: dense > 0 ? 1 - nonzero / dense : 0 };
}
