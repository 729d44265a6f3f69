/**
 * ESTIMATED energy of a controller's spiking work on neuromorphic chips and a CPU — published
 * per-event energies multiplied by the counted events. It is an estimate, not a measurement: it
 * prices only the events listed per platform, at the figures' own operating points, with no
 * chip placement (routing distance), idle power, host I/O or memory hierarchy modelled.
 *
 * Per platform (E in joules; counts from the network's counters over the same interval):
 *  - truenorth      E = 26 pJ × effective synaptic ops.
 *                   Merolla et al. 2014, "A million spiking-neuron integrated circuit with a scalable
 *                   communication network and interface", Science 345(6197):668–673: 26 pJ per
 *                   synaptic event, the total chip energy (passive + active) at 20 Hz mean rate, 128
 *                   active synapses per neuron and 0.775 V. It already contains neuron updates,
 *                   spike routing and leakage, so nothing is added to it.
 *  - loihi          E = 23.6 pJ × effective synaptic ops + 120 pJ × plastic synapse updates (only
 *                   when learning) + 52 pJ × neuron updates + 1.7 pJ × spikes.
 *                   Davies et al. 2018, "Loihi: a neuromorphic manycore processor with on-chip
 *                   learning", IEEE Micro 38(1):82–99, Table 2 (figures at 0.75 V from pre-silicon
 *                   simulation): energy per synaptic spike op (min) 23.6 pJ, per synaptic update
 *                   120 pJ, per neuron update 52 pJ inactive / 81 pJ active (the lower figure is
 *                   used), per within-tile spike 1.7 pJ (tile hops, 3–4 pJ each, not counted).
 *  - cpu_dense_fp32 E = 4.6 pJ × dense MACs (every entry of the dense weight matrices every step).
 *                   Horowitz 2014, "Computing's energy problem (and what we can do about it)", ISSCC,
 *                   45 nm, 0.9 V: 32-bit float multiply 3.7 pJ + add 0.9 pJ. Arithmetic only: the
 *                   memory accesses that dominate a real CPU (e.g. 8 KB SRAM read ≈ 10 pJ, DRAM
 *                   ≈ 1.3–2.6 nJ per 64 bits, same source) are not counted, so this is a lower bound.
 *  - cpu_event_fp32 E = 0.9 pJ × effective synaptic ops: the same events accumulated one by one on a
 *                   CPU (one fp32 add each, Horowitz 2014) — separates what sparsity saves from what
 *                   the chip saves. Arithmetic only, like cpu_dense_fp32.
 */

export const ENERGY_PLATFORMS = ['truenorth', 'loihi', 'cpu_dense_fp32', 'cpu_event_fp32'] as const;
export type EnergyPlatform = (typeof ENERGY_PLATFORMS)[number];

/** Energies per event in joules, by source (see the module doc). */
export const ENERGY_PER_EVENT_J = {
  truenorthSynapticEvent: 26e-12,
  loihiSynapticOp: 23.6e-12,
  loihiSynapticUpdate: 120e-12,
  loihiNeuronUpdate: 52e-12,
  loihiSpike: 1.7e-12,
  fp32Multiply: 3.7e-12,
  fp32Add: 0.9e-12,
} as const;

/** The counted work of an interval (an episode, or a sum of episodes). */
export interface EnergyWork {
  /** Synaptic events through non-zero weights (NeuroBench effective ACs). */
  readonly synapticOps: number;
  /** Plastic synapse updates by the learning rule (0 when learning is off). */
  readonly synapticUpdates: number;
  /** Neuron state updates (neurons × steps). */
  readonly neuronUpdates: number;
  /** Spikes emitted, input sources included. */
  readonly spikes: number;
  /** Dense multiply-accumulates: Σ nPre·nPost × steps. */
  readonly denseMacs: number;
}

export type EnergyByPlatform = { readonly [P in EnergyPlatform]: number };

/** Where each platform's figure comes from and what it counts (printed next to every estimate). */
export const ENERGY_ESTIMATE_SOURCES: { readonly [P in EnergyPlatform]: string } = {
  truenorth:
    'Merolla et al. 2014, Science 345:668: 26 pJ per synaptic event (total chip energy at 20 Hz, 128 active synapses, 0.775 V; includes neuron updates, routing and leakage) x effective synaptic ops',
  loihi:
    'Davies et al. 2018, IEEE Micro 38(1):82, Table 2 (pre-silicon, 0.75 V): 23.6 pJ per synaptic op (min) x effective synaptic ops + 120 pJ per synaptic update x plastic updates (learning only) + 52 pJ per neuron update (inactive; 81 active) x neuron updates + 1.7 pJ per within-tile spike x spikes; no tile hops',
  cpu_dense_fp32:
    'Horowitz 2014, ISSCC (45 nm): 3.7 pJ fp32 multiply + 0.9 pJ fp32 add = 4.6 pJ per MAC x dense MACs (all nPre x nPost weights every step); arithmetic only, no memory access (a lower bound)',
  cpu_event_fp32: 'Horowitz 2014, ISSCC (45 nm): 0.9 pJ per fp32 add x effective synaptic ops (event-driven accumulate on a CPU); arithmetic only',
};

function requireCount(name: keyof EnergyWork, v: number): void {
  if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`energy estimate: ${name} must be a count ≥ 0, got ${v}`);
}

/** The estimated energy (J) of `work` on every platform. */
export function estimateEnergy(work: EnergyWork): EnergyByPlatform {
  for (const k of ['synapticOps', 'synapticUpdates', 'neuronUpdates', 'spikes', 'denseMacs'] as const) requireCount(k, work[k]);
  const e = ENERGY_PER_EVENT_J;
  return {
    truenorth: work.synapticOps * e.truenorthSynapticEvent,
    loihi: work.synapticOps * e.loihiSynapticOp + work.synapticUpdates * e.loihiSynapticUpdate + work.neuronUpdates * e.loihiNeuronUpdate + work.spikes * e.loihiSpike,
    cpu_dense_fp32: work.denseMacs * (e.fp32Multiply + e.fp32Add),
    cpu_event_fp32: work.synapticOps * e.fp32Add,
  };
}

/** `energy` times `factor` on every platform (e.g. 1/steps for a per-step figure). */
export function scaleEnergy(energy: EnergyByPlatform, factor: number): EnergyByPlatform {
  const out = {} as { [P in EnergyPlatform]: number };
  for (const p of ENERGY_PLATFORMS) out[p] = energy[p] * factor;
  return out;
}
