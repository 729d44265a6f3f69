/**
 * A spike raster: one short vertical rule per spike, time on x, neuron on y (populations
 * stacked bottom to top in network order, coloured by population). A drone episode fires
 * ~10⁵ spikes, more than an SVG should hold, so at most `maxSpikes` are drawn: the earliest
 * ones, with the time axis ending where the drawn spikes end (the subtitle says so) rather than
 * thinning them out, which would fake lower rates. The whole episode's activity is the
 * population-rate chart (populationRateSpec.ts). Mark name: `spikes` (aria off: one label per
 * spike would triple the file).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RecordedSpikes } from '../episodeJob.js';

export interface RasterPoint {
  /** Time in the episode (s). */
  readonly t: number;
  /** Neuron index over all populations (population k starts after the sizes of 0 … k−1). */
  readonly neuron: number;
  readonly population: string;
}

export interface RasterData {
  readonly points: readonly RasterPoint[];
  /** Spikes in the episode (recorded and dropped by the recorder). */
  readonly total: number;
  /** End of the drawn time window (s). */
  readonly end_s: number;
  readonly neurons: number;
}

/** Step of the `maxSpikes`-th earliest spike over all populations (Infinity when all fit). */
function cutoffStep(s: RecordedSpikes, maxSpikes: number): number {
  let recorded = 0;
  for (const p of s.populations) recorded += p.steps.length;
  const dropped = s.populations.some((p) => p.dropped > 0);
  if (recorded <= maxSpikes && !dropped) return Infinity;
  const perStep = new Int32Array(s.steps + 1);
  for (const p of s.populations) for (const t of p.steps) perStep[Math.min(t, s.steps)]++;
  // A recorder that dropped spikes holds the earliest ones only: stop where its record ends.
  let end = s.steps + 1;
  for (const p of s.populations) if (p.dropped > 0 && p.steps.length > 0) end = Math.min(end, p.steps[p.steps.length - 1]!);
  let n = 0;
  for (let t = 0; t < end; t++) {
    n += perStep[t]!;
    if (n > maxSpikes) return t; // steps < t fit
  }
  return end;
}

export function rasterData(s: RecordedSpikes, maxSpikes: number): RasterData {
  if (!(Number.isSafeInteger(maxSpikes) && maxSpikes >= 1)) throw new RangeError(`rasterData: maxSpikes must be an integer ≥ 1, got ${maxSpikes}`);
  const cut = cutoffStep(s, maxSpikes);
  const endStep = Number.isFinite(cut) ? Math.max(1, cut) : Math.max(1, s.steps);
  const dt_s = s.dt_ms / 1000;
  const points: RasterPoint[] = [];
  let total = 0;
  let base = 0;
  for (const p of s.populations) {
    total += p.steps.length + p.dropped;
    for (let i = 0; i < p.steps.length; i++) {
      if (p.steps[i]! >= cut) continue;
      points.push({ t: p.steps[i]! * dt_s, neuron: base + p.neurons[i]!, population: p.name });
    }
    base += p.size;
  }
  return { points, total, end_s: endStep * dt_s, neurons: base };
}

export interface RasterOptions {
  readonly title: string;
  readonly maxSpikes: number;
  /** @default 640 */
  readonly width?: number;
}

export function rasterSpec(s: RecordedSpikes, o: RasterOptions): TopLevelSpec {
  const d = rasterData(s, o.maxSpikes);
  const all = d.points.length === d.total;
  const subtitle = all ? `all ${d.total} spikes of the episode` : `first ${d.end_s.toFixed(3)} s: ${d.points.length} of ${d.total} spikes (the rate chart covers the whole episode)`;
  // About 2 px per neuron, within reason.
  const height = Math.min(520, Math.max(180, 2 * d.neurons));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: o.title, subtitle },
    width: o.width ?? 640,
    height,
    data: { values: d.points.map((p) => ({ ...p, top: p.neuron + 0.85 })) },
    name: 'spikes',
    mark: { type: 'rule', strokeWidth: 1, aria: false },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time in the episode (s)', scale: { domain: [0, d.end_s], nice: false } },
      y: { field: 'neuron', type: 'quantitative', title: 'neuron', scale: { domain: [0, Math.max(1, d.neurons)], nice: false } },
      y2: { field: 'top' },
      color: { field: 'population', type: 'nominal', title: 'population', scale: { domain: s.populations.map((p) => p.name) }, legend: { orient: 'right' } },
    },
  } as TopLevelSpec;
}
