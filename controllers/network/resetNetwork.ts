/**
 * Resets a network's dynamic state for a new episode: membranes, synaptic currents, traces,
 * eligibility, modulators, spike history, monitors and counters; initial state variables are
 * redrawn from the seed. Learned weights are kept.
 */
import { Rng } from '../../loop/rng.js';
import { resetCounters } from '../monitors/counters.js';
import { resetSynapticCounters } from '../metrics/synapticCounters.js';
import { clearSpikeRecorder } from '../monitors/spikeRecorder.js';
import { clearStateProbe } from '../monitors/stateProbe.js';
import { clearSpikes } from '../neurons/model.js';
import { resetModulator } from '../plasticity/modulator.js';
import { settleProjection } from '../plasticity/plasticityRule.js';
import { sample, validateDistribution } from './distribution.js';
import type { StateArray } from './boundNeurons.js';
import type { Network } from './network.js';
import type { NeuronPopulationSpec } from './networkSpec.js';
import { clearSpikeHistory } from './spikeHistory.js';

export function resetNetwork(net: Network, seed: number): void {
  // Settle pending (lazy) weight changes before the eligibility is cleared.
  for (const np of net.projections) settleProjection(np);
  net.populations.forEach((pop, k) => {
    const spec = net.spec.populations[k]!;
    pop.input.exc.fill(0);
    pop.input.inh.fill(0);
    clearSpikes(pop.spikes);
    clearSpikeHistory(pop.history);
    pop.spikeTotal = 0;
    const dyn = pop.dynamics;
    if (dyn.kind === 'neurons') {
      dyn.neurons.reset();
      initVariables(spec as NeuronPopulationSpec, dyn.neurons.variables, new Rng(seed, `init:${pop.name}`), k);
    } else {
      dyn.rewind();
    }
  });
  net.populations.forEach((p, k) => {
    net.sourceRngs[k] = p.dynamics.kind === 'source' ? new Rng(seed, `source:${p.name}`) : null;
  });
  for (const np of net.projections) {
    for (const st of np.rules) st.rule.reset(st);
  }
  for (const m of net.modulators) resetModulator(m);
  for (const mon of net.monitors) {
    if (mon.kind === 'spikes') clearSpikeRecorder(mon);
    else clearStateProbe(mon);
  }
  resetCounters(net.counters);
  resetSynapticCounters(net.synaptic);
  net.step = 0;
  net.seed = seed;
}

function initVariables(spec: NeuronPopulationSpec, vars: Readonly<Record<string, StateArray>>, rng: Rng, k: number): void {
  for (const [name, dist] of Object.entries(spec.init ?? {})) {
    const where = `populations[${k}].init.${name}`;
    const arr = vars[name];
    if (!arr) throw new RangeError(`${where}: '${spec.neuron.kind}' has no state variable '${name}'; variables are: ${Object.keys(vars).join(', ')}`);
    validateDistribution(dist, where);
    for (let i = 0; i < arr.length; i++) arr[i] = sample(dist, rng);
  }
}
