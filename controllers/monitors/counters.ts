/**
 * Activity counters for NeuroBench-style metrics: spikes and synaptic operations (events
 * delivered: one per spike per existing outgoing synapse) per step and in total, and neuron
 * updates. Updated by the network step; cheap (a few adds per step).
 */
export interface NetworkCounters {
  steps: number;
  spikesLastStep: number;
  synOpsLastStep: number;
  spikesTotal: number;
  synOpsTotal: number;
  neuronUpdatesTotal: number;
}

export function createCounters(): NetworkCounters {
  return { steps: 0, spikesLastStep: 0, synOpsLastStep: 0, spikesTotal: 0, synOpsTotal: 0, neuronUpdatesTotal: 0 };
}

export function resetCounters(c: NetworkCounters): void {
  c.steps = c.spikesLastStep = c.synOpsLastStep = c.spikesTotal = c.synOpsTotal = c.neuronUpdatesTotal = 0;
}
