/**
 * Records (step, neuron) pairs of one population into preallocated arrays. Bounded: once
 * `capacity` spikes are stored, further spikes are counted in `dropped` and not stored, so a
 * long run cannot exhaust memory silently — callers check `dropped`.
 */
import type { SpikeOutput } from '../neurons/model.js';

export interface SpikeRecorder {
  readonly kind: 'spikes';
  readonly population: string;
  readonly populationIndex: number;
  readonly capacity: number;
  readonly steps: Int32Array;
  readonly neurons: Int32Array;
  count: number;
  dropped: number;
}

export function createSpikeRecorder(population: string, populationIndex: number, capacity: number): SpikeRecorder {
  if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`spike recorder '${population}': capacity must be a positive integer, got ${capacity}`);
  return { kind: 'spikes', population, populationIndex, capacity, steps: new Int32Array(capacity), neurons: new Int32Array(capacity), count: 0, dropped: 0 };
}

export function recordSpikes(rec: SpikeRecorder, spikes: SpikeOutput, step: number): void {
  const n = spikes.count;
  let room = rec.capacity - rec.count;
  for (let k = 0; k < n; k++) {
    if (room === 0) {
      rec.dropped += n - k;
      return;
    }
    rec.steps[rec.count] = step;
    rec.neurons[rec.count++] = spikes.list[k];
    room--;
  }
}

export function clearSpikeRecorder(rec: SpikeRecorder): void {
  rec.count = 0;
  rec.dropped = 0;
}

/** Recorded spikes as [t_ms, index] pairs (allocates; for output, not inside loops). */
export function spikePairs(rec: SpikeRecorder, dt_ms: number): Array<[number, number]> {
  const out: Array<[number, number]> = new Array(rec.count);
  for (let k = 0; k < rec.count; k++) out[k] = [roundTime(rec.steps[k] * dt_ms), rec.neurons[k]];
  return out;
}

/** Step times printed without float noise (0.30000000000000004 → 0.3). */
function roundTime(t: number): number {
  return Math.round(t * 1e9) / 1e9;
}
