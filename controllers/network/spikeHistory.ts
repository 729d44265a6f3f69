/**
 * The spikes a population emitted in each of its last `length` steps, so projections can deliver
 * events after their per-synapse delays without per-synapse queues. Memory: length × size ints.
 */
import type { SpikeOutput } from '../neurons/model.js';

export interface SpikeHistory {
  readonly length: number;
  readonly size: number;
  /** Spike lists, slot-major: slot k holds indices [k·size, k·size + counts[k]). */
  readonly lists: Int32Array;
  readonly counts: Int32Array;
  /** Step number each slot holds (−1 when empty). */
  readonly stepOf: Float64Array;
}

export function createSpikeHistory(size: number, length: number): SpikeHistory {
  const h: SpikeHistory = {
    length,
    size,
    lists: new Int32Array(length * size),
    counts: new Int32Array(length),
    stepOf: new Float64Array(length),
  };
  clearSpikeHistory(h);
  return h;
}

export function clearSpikeHistory(h: SpikeHistory): void {
  h.counts.fill(0);
  h.stepOf.fill(-1);
}

/** Stores this step's spikes (cost proportional to the spike count). */
export function recordSpikeHistory(h: SpikeHistory, step: number, spikes: SpikeOutput): void {
  const slot = step % h.length;
  const base = slot * h.size;
  const n = spikes.count;
  const { list } = spikes;
  for (let k = 0; k < n; k++) h.lists[base + k] = list[k];
  h.counts[slot] = n;
  h.stepOf[slot] = step;
}

/** Slot holding `step`, or −1 if it is older than the history (or in the future). */
export function historySlot(h: SpikeHistory, step: number): number {
  if (step < 0) return -1;
  const slot = step % h.length;
  return h.stepOf[slot] === step ? slot : -1;
}
