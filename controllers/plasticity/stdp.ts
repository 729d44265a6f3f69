/**
 * Pair-based STDP applied directly to weights (see stdpParams.ts for the rule).
 * Pre side (in delivery, at arrival): depression by the post trace, then the pre trace update.
 * Post side (after the neurons spiked): potentiation of every synapse onto a spiking neuron by
 * its pre trace, then the post trace update. Arrivals are processed before post spikes of the
 * same step, so a coincident pair counts as Δt = 0 (potentiation).
 */
import type { Projection } from '../network/projection.js';
import type { SpikeOutput } from '../neurons/model.js';
import type { StdpParams } from './stdpParams.js';
import { clipWeight, depressionFactor, potentiationFactor } from './stdpParams.js';
import type { StdpTraces } from './stdpTraces.js';
import { createStdpTraces, decayPostTraces, preTraceAt, registerArrival, registerPostSpike, resetStdpTraces } from './stdpTraces.js';

export interface StdpState {
  readonly kind: 'stdp';
  readonly params: StdpParams;
  readonly traces: StdpTraces;
}

export function createStdpState(p: StdpParams, proj: Projection, dt_ms: number): StdpState {
  return { kind: 'stdp', params: p, traces: createStdpTraces(p, proj.nSyn, proj.nPost, dt_ms) };
}

export function resetStdpState(st: StdpState): void {
  resetStdpTraces(st.traces);
}

/** A spike arrives at synapse s in step t: depress, then update the pre trace. */
export function stdpOnArrival(st: StdpState, proj: Projection, s: number, t: number): void {
  const p = st.params;
  const y = st.traces.yPost[proj.postOf[s]];
  if (y !== 0) {
    const w = proj.weight[s];
    proj.weight[s] = clipWeight(p, w - p.aMinus * depressionFactor(p, w) * y);
  }
  registerArrival(st.traces, s, t);
}

/** Post neurons spiked in step t: potentiate their incoming synapses. */
export function stdpOnPostSpikes(st: StdpState, proj: Projection, spikes: SpikeOutput, t: number): void {
  const p = st.params;
  const { colStart, colSyn, weight } = proj;
  for (let k = 0; k < spikes.count; k++) {
    const j = spikes.list[k];
    for (let c = colStart[j]; c < colStart[j + 1]; c++) {
      const s = colSyn[c];
      const x = preTraceAt(st.traces, s, t);
      if (x !== 0) {
        const w = weight[s];
        weight[s] = clipWeight(p, w + p.aPlus * potentiationFactor(p, w) * x);
      }
    }
    registerPostSpike(st.traces, j);
  }
}

export function stdpEndStep(st: StdpState): void {
  decayPostTraces(st.traces);
}
