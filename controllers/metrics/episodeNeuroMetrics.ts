/**
 * One episode's NeuroBench-style metrics of a spiking controller, read from its network's counters
 * at the end of the episode (everything since the last reset, the `finish` steps included):
 * activity (spikes, effective and all synaptic events, dense MACs, neuron and synapse updates),
 * the static metrics of the network as it ran (networkStructure.ts, networkFootprint.ts) and the
 * closed-loop latencies (latencyTracker.ts). Plain numbers, so it crosses worker threads as is.
 */
import type { Network } from '../network/network.js';
import type { EpisodeLatencies } from './latencyTracker.js';
import type { FootprintPrecision } from './networkFootprint.js';
import { networkFootprint } from './networkFootprint.js';
import { networkStructure } from './networkStructure.js';

export interface EpisodeNeuroMetrics {
  readonly dt_ms: number;
  /** SNN steps run. */
  readonly snnSteps: number;
  /** Control periods run. */
  readonly controlSteps: number;
  /** Whether plasticity was on (synapse updates are counted only then). */
  readonly learning: boolean;
  readonly neurons: number;
  readonly inputNeurons: number;
  /** Spikes of neuron populations. */
  readonly neuronSpikes: number;
  /** Spikes of source (encoder) populations. */
  readonly inputSpikes: number;
  /** Synaptic events through every existing synapse (zero weights included). */
  readonly synapticEvents: number;
  /** Synaptic events through non-zero weights (NeuroBench effective ACs). */
  readonly synapticOps: number;
  /** Σ nPre·nPost × SNN steps. */
  readonly denseMacs: number;
  /** Neuron state updates: neurons × SNN steps. */
  readonly neuronUpdates: number;
  /** Plastic synapse updates (0 when learning was off). */
  readonly synapticUpdates: number;
  readonly synapses: number;
  readonly nonzeroSynapses: number;
  readonly denseSynapses: number;
  readonly parameterBytes: number;
  readonly stateBytes: number;
  readonly latency: EpisodeLatencies | null;
}

export function collectEpisodeMetrics(
  net: Network,
  controlSteps: number,
  learning: boolean,
  latency: EpisodeLatencies | null,
  precision: FootprintPrecision = {},
): EpisodeNeuroMetrics {
  const st = networkStructure(net);
  const fp = networkFootprint(net, precision);
  let neuronSpikes = 0;
  let inputSpikes = 0;
  for (const p of net.populations) {
    if (p.dynamics.kind === 'neurons') neuronSpikes += p.spikeTotal;
    else inputSpikes += p.spikeTotal;
  }
  const c = net.counters;
  return {
    dt_ms: net.dt_ms,
    snnSteps: c.steps,
    controlSteps,
    learning,
    neurons: st.neurons,
    inputNeurons: st.inputNeurons,
    neuronSpikes,
    inputSpikes,
    synapticEvents: c.synOpsTotal,
    synapticOps: net.synaptic.effectiveOps,
    denseMacs: st.denseSynapses * c.steps,
    neuronUpdates: c.neuronUpdatesTotal,
    synapticUpdates: learning ? net.synaptic.plasticUpdates : 0,
    synapses: st.synapses,
    nonzeroSynapses: st.nonzeroSynapses,
    denseSynapses: st.denseSynapses,
    parameterBytes: fp.parameterBytes,
    stateBytes: fp.stateBytes,
    latency,
  };
}
