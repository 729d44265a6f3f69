/**
 * Populations whose spikes come from outside the neuron models:
 *  - 'spike-times': explicit spike times per neuron (ms), rounded to the step grid;
 *  - 'poisson': independent Poisson trains at a rate per neuron (Bernoulli with p = rate·dt per step);
 *  - 'external': written each step by a driver the caller installs (e.g. a sensor encoder).
 */
import type { Rng } from '../../loop/rng.js';
import type { SpikeOutput } from '../neurons/model.js';
import { emitSpike } from '../neurons/model.js';
import { bernoulliSpikes } from '../neurons/bernoulliSpikes.js';
import { checkLimit, LIMIT_ENV, limit } from '../../loop/limits.js';

export type InputSourceSpec =
  | { readonly kind: 'spike-times'; readonly times_ms: ReadonlyArray<ReadonlyArray<number>> }
  | { readonly kind: 'poisson'; readonly rate_Hz: number | ReadonlyArray<number> }
  | { readonly kind: 'external' };

/** Writes one step's spikes into `out` (already cleared). */
export type SpikeDriver = (out: SpikeOutput, step: number, rng: Rng) => void;

/** Events sorted by step: at step t, neurons idx[ptr[t]…ptr[t+1]) fire. Built once. */
export interface SpikeTimesState {
  readonly steps: Int32Array;
  readonly neurons: Int32Array;
  cursor: number;
}

export function createSpikeTimes(times_ms: ReadonlyArray<ReadonlyArray<number>>, size: number, dt_ms: number, where: string): SpikeTimesState {
  if (times_ms.length !== size) {
    throw new RangeError(
      `${where}.times_ms: ${times_ms.length} neuron list${times_ms.length === 1 ? '' : 's'} for a population of size ${size}; expected one list of spike times per neuron (an empty list [] for a silent neuron)`,
    );
  }
  // Steps are stored as Int32 and a run has at most limit('steps') steps: a later spike would wrap or never come.
  const lastStep = Math.min(limit('steps'), 2 ** 31 - 1);
  let total = 0;
  for (const list of times_ms) total += list.length;
  checkLimit('synapses', total, `${where}.times_ms`, 'the spike lists hold', 'spikes');
  const ev: Array<[number, number]> = [];
  times_ms.forEach((list, i) => {
    list.forEach((t, k) => {
      if (!(Number.isFinite(t) && t >= 0)) throw new RangeError(`${where}.times_ms[${i}][${k}]: expected a time ≥ 0 ms, got ${t}`);
      const step = Math.round(t / dt_ms);
      if (!(step <= lastStep)) {
        throw new RangeError(`${where}.times_ms[${i}][${k}]: a spike at ${t} ms is step ${step} at dt = ${dt_ms} ms, beyond the last step a run can have (${lastStep}; ${LIMIT_ENV.steps})`);
      }
      ev.push([step, i]);
    });
  });
  ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  // Two spikes of one neuron in one step collapse to one (a neuron spikes at most once per step).
  const uniq = ev.filter((e, k) => k === 0 || e[0] !== ev[k - 1]![0] || e[1] !== ev[k - 1]![1]);
  return { steps: Int32Array.from(uniq, (e) => e[0]), neurons: Int32Array.from(uniq, (e) => e[1]), cursor: 0 };
}

export function spikeTimesDriver(st: SpikeTimesState): SpikeDriver {
  return (out, step) => {
    // Events before `step` can only be left over if the driver skipped steps; never replay them.
    while (st.cursor < st.steps.length && st.steps[st.cursor] < step) st.cursor++;
    while (st.cursor < st.steps.length && st.steps[st.cursor] === step) emitSpike(out, st.neurons[st.cursor++]);
  };
}

export function poissonDriver(rate_Hz: number | ReadonlyArray<number>, size: number, dt_ms: number, where: string): SpikeDriver {
  const p = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const r = typeof rate_Hz === 'number' ? rate_Hz : rate_Hz[i];
    if (r === undefined) throw new RangeError(`${where}.rate_Hz: ${(rate_Hz as ReadonlyArray<number>).length} rates for a population of size ${size}`);
    if (!(Number.isFinite(r) && r >= 0)) throw new RangeError(`${where}.rate_Hz: expected rates ≥ 0 Hz, got ${r}`);
    p[i] = (r * dt_ms) / 1000;
    if (p[i] > 1) throw new RangeError(`${where}.rate_Hz: ${r} Hz exceeds one spike per step at dt = ${dt_ms} ms`);
  }
  return (out, _step, rng) => bernoulliSpikes(rng, p, size, out);
}
