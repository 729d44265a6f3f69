/**
 * The one tick schedule of the spiking network, in one place (Brian2's explicit schedule).
 * Step t:
 *   1. arrivals   — events emitted d steps ago reach their synapses (pre-side plasticity);
 *   2. update     — sources emit, neuron models integrate their inputs and spike; delay-0
 *                   synapses deliver this step's spikes (deliverWithinStep.ts); then the
 *                   network's `afterUpdate` hook, if any (e.g. hardware state grids);
 *   3. history    — this step's spikes are stored for delayed delivery;
 *   4. plasticity — post-side STDP on this step's spikes, trace decay, eligibility integration,
 *                   homeostasis; then modulators decay;
 *   5. monitors   — recorders, probes, counters.
 * Rewards (modulator pulses) and encoder inputs are applied between steps by the caller.
 */
import { recordSpikes } from '../monitors/spikeRecorder.js';
import { sampleState } from '../monitors/stateProbe.js';
import { clearSpikes } from '../neurons/model.js';
import { decayModulator } from '../plasticity/modulator.js';
import { deliverArrivals } from './deliver.js';
import { deliverWithinStep } from './deliverWithinStep.js';
import type { Network } from './network.js';
import { recordSpikeHistory } from './spikeHistory.js';

export function networkStep(net: Network): void {
  const t = net.step;
  const pops = net.populations;
  const c = net.counters;

  const sc = net.synaptic;
  let ops = 0;
  const all = net.deliverAll;
  if (all !== null) ops += all(t, sc);
  else for (const np of net.projections) ops += deliverArrivals(np, pops[np.syn.preIndex], pops[np.syn.postIndex], t, sc);

  let spikes = 0;
  // Populations update independently: the grouped ones (one wasm call) first, then the rest in order.
  const group = net.stepGroup;
  if (group !== null) group();
  for (let k = 0; k < pops.length; k++) {
    const pop = pops[k];
    const dyn = pop.dynamics;
    if (dyn.kind === 'neurons') {
      if (!pop.grouped) {
        clearSpikes(pop.spikes);
        dyn.neurons.step(pop.input, pop.spikes);
      }
      c.neuronUpdatesTotal += pop.size;
    } else {
      clearSpikes(pop.spikes);
      if (dyn.driver !== null) dyn.driver(pop.spikes, t, net.sourceRngs[k]!);
      if (pop.hasIncoming) {
        pop.input.exc.fill(0);
        pop.input.inh.fill(0);
      }
    }
    recordSpikeHistory(pop.history, t, pop.spikes);
    pop.spikeTotal += pop.spikes.count;
    spikes += pop.spikes.count;
  }
  // Delay-0 synapses (Brian2's default) jump their targets within the step, after every update.
  for (const np of net.projections) if (np.syn.dMin === 0) ops += deliverWithinStep(np, pops[np.syn.preIndex], pops[np.syn.postIndex], t, sc);
  const after = net.afterUpdate;
  if (after !== null) after(net);

  for (const np of net.projections) {
    const rules = np.rules;
    if (rules.length === 0) continue;
    const post = pops[np.syn.postIndex].spikes;
    if (np.plasticity !== null) {
      // A learning rule's post side touches every synapse onto a neuron that spiked.
      const colStart = np.syn.colStart;
      for (let q = 0; q < post.count; q++) {
        const j = post.list[q];
        sc.plasticUpdates += colStart[j + 1] - colStart[j];
      }
    }
    // Every rule's post side first, then every rule's end of step (the contract's order).
    for (let r = 0; r < rules.length; r++) {
      const st = rules[r];
      if (st.rule.onPostSpikes !== undefined) st.rule.onPostSpikes(st, np.syn, post, t);
    }
    for (let r = 0; r < rules.length; r++) {
      const st = rules[r];
      if (st.rule.endStep !== undefined) st.rule.endStep(st, np, post, t);
    }
  }
  for (const m of net.modulators) decayModulator(m);

  for (const mon of net.monitors) {
    if (mon.kind === 'spikes') recordSpikes(mon, pops[mon.populationIndex].spikes, t);
    else sampleState(mon, t);
  }
  c.steps++;
  c.spikesLastStep = spikes;
  c.synOpsLastStep = ops;
  c.spikesTotal += spikes;
  c.synOpsTotal += ops;
  net.step = t + 1;
}

/** Runs `steps` steps. */
export function runSteps(net: Network, steps: number): void {
  for (let k = 0; k < steps; k++) networkStep(net);
}
