/**
 * A closed-loop-style plastic network: 100 input neurons (Poisson, standing in for an encoder)
 * drive 800 excitatory and 200 inhibitory current-based LIF neurons at dt = 1 ms; input→exc
 * and exc→exc synapses learn by R-STDP gated by a dopamine modulator that receives a reward
 * every control period. The shape of a spiking controller's step.
 */
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';

export function plasticLoopSpec(): NetworkSpec {
  const rstdp = { kind: 'rstdp' as const, modulator: 'dopamine', aPlus: 0.5, aMinus: 0.55, tauElig_ms: 1000, eta_per_ms: 0.001, wMin: 0, wMax: 400 };
  const init = { v_mV: { kind: 'uniform' as const, low: -70, high: -56 } };
  return {
    dt_ms: 1,
    populations: [
      { name: 'input', size: 100, source: { kind: 'poisson', rate_Hz: 20 } },
      { name: 'exc', size: 800, neuron: { kind: 'lif' }, init },
      { name: 'inh', size: 200, neuron: { kind: 'lif' }, init },
    ],
    modulators: [{ name: 'dopamine', tau_ms: 200, baseline: { kind: 'running-average', tau_ms: 2000 } }],
    projections: [
      { name: 'in-exc', pre: 'input', post: 'exc', connectivity: { kind: 'fixed-probability', p: 0.2 }, weight: { kind: 'uniform', low: 50, high: 250 }, delay_ms: { kind: 'uniform', low: 1, high: 5 }, plasticity: rstdp },
      { name: 'exc-exc', pre: 'exc', post: 'exc', connectivity: { kind: 'fixed-probability', p: 0.05 }, weight: { kind: 'uniform', low: 0, high: 100 }, delay_ms: { kind: 'uniform', low: 1, high: 10 }, plasticity: rstdp },
      { name: 'exc-inh', pre: 'exc', post: 'inh', connectivity: { kind: 'fixed-probability', p: 0.1 }, weight: 150, delay_ms: 1 },
      { name: 'inh-exc', pre: 'inh', post: 'exc', target: 'inh', connectivity: { kind: 'fixed-probability', p: 0.1 }, weight: 300, delay_ms: 1 },
    ],
  };
}
