/**
 * Population firing rates over a whole episode: for each population, the spikes in bins of
 * `bin_s` divided by (population size × bin_s), i.e. the mean rate per neuron in Hz, one line
 * per population. Where a recorder dropped spikes (it keeps the earliest), the chart stops at
 * its last complete step so no bin is undercounted. Mark name: `populationRate`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RecordedSpikes } from '../episodeJob.js';
import { POPULATION_COLORS } from './rasterSpec.js';

export interface RatePoint {
  /** Start of the bin (s). */
  readonly t: number;
  readonly rate_Hz: number;
  readonly population: string;
}

/** Bins cover steps [k·w, (k+1)·w) with w = round(bin_s / dt); a last partial bin is dropped. */
export function populationRates(s: RecordedSpikes, bin_s: number): RatePoint[] {
  if (!(Number.isFinite(bin_s) && bin_s > 0)) throw new RangeError(`populationRates: bin_s must be a number > 0, got ${bin_s}`);
  const dt_s = s.dt_ms / 1000;
  const w = Math.max(1, Math.round(bin_s / dt_s));
  let end = s.steps;
  for (const p of s.populations) if (p.dropped > 0 && p.steps.length > 0) end = Math.min(end, p.steps[p.steps.length - 1]!);
  const bins = Math.floor(end / w);
  const out: RatePoint[] = [];
  for (const p of s.populations) {
    const counts = new Int32Array(bins);
    for (const t of p.steps) {
      const b = Math.floor(t / w);
      if (b < bins) counts[b]!++;
    }
    const norm = 1 / (Math.max(1, p.size) * w * dt_s);
    for (let b = 0; b < bins; b++) out.push({ t: b * w * dt_s, rate_Hz: counts[b]! * norm, population: p.name });
  }
  return out;
}

/** A bin width giving about 200 bins over the episode, rounded to 1, 2 or 5 × 10ⁿ ms (≥ dt). */
export function rateBin_s(s: RecordedSpikes): number {
  const raw_ms = Math.max(s.dt_ms, (s.steps * s.dt_ms) / 200);
  const mag = 10 ** Math.floor(Math.log10(raw_ms));
  const f = raw_ms / mag;
  return ((f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag) / 1000;
}

export function populationRateSpec(s: RecordedSpikes, title: string, width = 640): TopLevelSpec {
  const bin_s = rateBin_s(s);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `mean rate per neuron in ${Number((bin_s * 1000).toPrecision(3))} ms bins` },
    width,
    height: 200,
    data: { values: populationRates(s, bin_s) },
    name: 'populationRate',
    mark: { type: 'line', strokeWidth: 1.2, interpolate: 'step-after' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time in the episode (s)' },
      y: { field: 'rate_Hz', type: 'quantitative', title: 'rate per neuron (Hz)' },
      color: {
        field: 'population',
        type: 'nominal',
        title: 'population',
        scale: { domain: s.populations.map((p) => p.name), range: s.populations.map((_, i) => POPULATION_COLORS[i % POPULATION_COLORS.length]!) },
        legend: { orient: 'bottom', direction: 'horizontal', columns: 2, labelLimit: 0 },
      },
    },
  } as TopLevelSpec;
}
