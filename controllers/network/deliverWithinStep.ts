/**
 * Delivery of delay-0 synapses, within the emitting step (Brian2's default delay). It runs after
 * every population has updated: the spikes of this step walk their delay-0 CSR segment and add
 * their weights straight to the post model's jump variables (`NeuronModel.jumpVariables`, e.g.
 * I_e / g_e), exactly the jump `step` applies to arrivals at its end. So a spike in step s acts on
 * the update of step s + 1 — as Brian2's `on_pre` with delay 0, which runs in the `synapses` slot
 * after `groups` and `thresholds` — one step earlier than spikeloop's shortest delay d = 1, whose
 * arrival (step s + 1, before the update) jumps the variable at the end of step s + 1.
 * deliverArrivals skips the delay-0 segment on its own: at arrival time the history has no slot
 * for the current step yet. Counters as in deliverArrivals.
 */
import type { SynapticCounters } from '../metrics/synapticCounters.js';
import { deliverSegments } from './deliverSegments.js';
import type { NetworkProjection } from './network.js';
import type { Population } from './population.js';

export function deliverWithinStep(np: NetworkProjection, pre: Population, post: Population, t: number, sc: SynapticCounters): number {
  const p = np.syn;
  if (p.dMin !== 0) return 0;
  const kernel = np.deliverWithinKernel;
  if (kernel != null) return kernel(t, sc);
  const dyn = post.dynamics;
  // A spike source as target ignores its input (cleared at its next update); plasticity still runs.
  let acc;
  if (dyn.kind === 'neurons') {
    const jump = dyn.neurons.model.jumpVariables!;
    acc = dyn.neurons.variables[p.target === 'exc' ? jump.exc : jump.inh]!;
  } else {
    acc = p.target === 'exc' ? post.input.exc : post.input.inh;
  }
  const { list, count } = pre.spikes;
  const ops = deliverSegments(np, list, 0, count, 0, t, acc, sc); // k = 0: delay dMin = 0
  if (np.plasticity !== null) sc.plasticUpdates += ops;
  return ops;
}
