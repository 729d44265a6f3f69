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
  /** Start of the drawn time window (s; 0 unless a window was chosen). */
  readonly start_s: number;
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

export function rasterData(s: RecordedSpikes, maxSpikes: number, window: RasterWindow | null = null): RasterData {
  if (!(Number.isSafeInteger(maxSpikes) && maxSpikes >= 1)) throw new RangeError(`rasterData: maxSpikes must be an integer ≥ 1, got ${maxSpikes}`);
  const dt_s = s.dt_ms / 1000;
  let from = 0;
  let cut: number;
  if (window) {
    from = window.from_step;
    cut = window.to_step;
  } else cut = cutoffStep(s, maxSpikes);
  const endStep = Number.isFinite(cut) ? Math.max(from + 1, cut) : Math.max(1, s.steps);
  const points: RasterPoint[] = [];
  let total = 0;
  let base = 0;
  for (const p of s.populations) {
    total += p.steps.length + p.dropped;
    for (let i = 0; i < p.steps.length; i++) {
      const t = p.steps[i]!;
      if (t >= cut || t < from) continue;
      points.push({ t: t * dt_s, neuron: base + p.neurons[i]!, population: p.name });
    }
    base += p.size;
  }
  return { points, total, end_s: endStep * dt_s, neurons: base, start_s: from * dt_s };
}

/** A window of SNN steps [from_step, to_step). */
export interface RasterWindow {
  readonly from_step: number;
  readonly to_step: number;
}

/**
 * The window the raster shows when the episode has more spikes than it may draw: as long as
 * the average rate lets about `maxSpikes` spikes fit, placed where the populations' activity
 * rise most above their own episode averages (Σ over populations of max(0, n − e) / (e + 5), n
 * the spikes in the window and e the population's mean count for a window that long), and
 * shortened if it still holds more than `maxSpikes`. In a drone episode that is an event —
 * proximity inputs surging and turn or slide outputs answering near an obstacle — rather than
 * the first second of cruising or steady tonic firing. Null when every spike fits.
 */
export function mostActiveWindow(s: RecordedSpikes, maxSpikes: number): RasterWindow | null {
  const steps = Math.max(1, s.steps);
  let end = steps;
  for (const p of s.populations) if (p.dropped > 0 && p.steps.length > 0) end = Math.min(end, p.steps[p.steps.length - 1]!);
  // Prefix sums per population: cum[k][t] = spikes of population k in steps < t.
  const cum = s.populations.map((p) => {
    const c = new Float64Array(end + 1);
    for (const t of p.steps) if (t < end) c[t + 1]!++;
    for (let t = 1; t <= end; t++) c[t]! += c[t - 1]!;
    return c;
  });
  const all = new Float64Array(end + 1);
  for (const c of cum) for (let t = 0; t <= end; t++) all[t]! += c[t]!;
  const recorded = all[end]!;
  if (recorded <= maxSpikes && end === steps) return null;
  let w = Math.max(1, Math.min(end, Math.floor((0.9 * maxSpikes * end) / Math.max(1, recorded))));
  for (;;) {
    const stride = Math.max(1, Math.floor(w / 40));
    const expected = cum.map((c) => (c[end]! * w) / end);
    let best = -1;
    let bestFrom = -1;
    for (let f = 0; f + w <= end; f += stride) {
      if (all[f + w]! - all[f]! > maxSpikes) continue;
      let score = 0;
      cum.forEach((c, k) => {
        // Surges only (a population falling silent at the end is not an event), relative to the
        // population's own average, so a small output population answering counts as much as a
        // large input one.
        score += Math.max(0, c[f + w]! - c[f]! - expected[k]!) / (expected[k]! + 5);
      });
      if (score > best) (best = score), (bestFrom = f);
    }
    if (bestFrom >= 0) return { from_step: bestFrom, to_step: bestFrom + w };
    if (w === 1) return { from_step: 0, to_step: 1 };
    w = Math.max(1, Math.floor(w / 2));
  }
}

export interface RasterOptions {
  readonly title: string;
  readonly maxSpikes: number;
  /** @default 640 */
  readonly width?: number;
  /**
   * Which spikes when not all fit: 'earliest' (from t = 0) or 'most-active' (mostActiveWindow:
   * where the populations fire most above their average rates). @default 'earliest'
   */
  readonly window?: 'earliest' | 'most-active' | { readonly around_s: number; readonly why: string };
}

/**
 * A window as long as the average rate lets about `maxSpikes` spikes fit, centred on `t_s`
 * (kept inside the episode) and shortened until it holds at most `maxSpikes`; null when every
 * spike fits.
 */
export function windowAround(s: RecordedSpikes, maxSpikes: number, t_s: number): RasterWindow | null {
  let end = Math.max(1, s.steps);
  for (const p of s.populations) if (p.dropped > 0 && p.steps.length > 0) end = Math.min(end, p.steps[p.steps.length - 1]!);
  const perStep = new Float64Array(end + 1);
  for (const p of s.populations) for (const t of p.steps) if (t < end) perStep[t + 1]!++;
  for (let t = 1; t <= end; t++) perStep[t]! += perStep[t - 1]!;
  const recorded = perStep[end]!;
  if (recorded <= maxSpikes && end === s.steps) return null;
  const centre = Math.min(end, Math.max(0, Math.round((t_s * 1000) / s.dt_ms)));
  let w = Math.max(1, Math.min(end, Math.floor((0.9 * maxSpikes * end) / Math.max(1, recorded))));
  for (;;) {
    const from = Math.max(0, Math.min(end - w, centre - Math.floor(w / 2)));
    if (perStep[from + w]! - perStep[from]! <= maxSpikes || w === 1) return { from_step: from, to_step: from + w };
    w = Math.max(1, Math.floor(w * 0.8));
  }
}

/** Distinct colours for up to 10 populations (Tableau 10), then repeating. */
export const POPULATION_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

export function rasterSpec(s: RecordedSpikes, o: RasterOptions): TopLevelSpec {
  const around = typeof o.window === 'object' ? o.window : null;
  const window = around ? windowAround(s, o.maxSpikes, around.around_s) : o.window === 'most-active' ? mostActiveWindow(s, o.maxSpikes) : null;
  const d = rasterData(s, o.maxSpikes, window);
  const all = d.points.length === d.total;
  const span = `${d.start_s.toFixed(2)} – ${d.end_s.toFixed(2)} s`;
  const subtitle = all
    ? `all ${d.total} spikes of the episode`
    : window
      ? `${span}, ${around ? around.why : 'where the populations fire most above their average'}: ${d.points.length} of ${d.total} spikes (the rate chart covers the whole episode)`
      : `first ${d.end_s.toFixed(3)} s: ${d.points.length} of ${d.total} spikes (the rate chart covers the whole episode)`;
  // About 2 px per neuron, within reason.
  const height = Math.min(520, Math.max(180, 2 * d.neurons));
  const label = (name: string) => `${name} (${s.populations.find((p) => p.name === name)?.size ?? 0} neurons)`;
  const names = s.populations.map((p) => label(p.name));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: o.title, subtitle },
    width: o.width ?? 640,
    height,
    data: { values: d.points.map((p) => ({ t: p.t, neuron: p.neuron, population: label(p.population), top: p.neuron + 0.85 })) },
    name: 'spikes',
    mark: { type: 'rule', strokeWidth: 1, aria: false },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time in the episode (s)', scale: { domain: [d.start_s, d.end_s], nice: false } },
      y: { field: 'neuron', type: 'quantitative', title: 'neuron (stacked by population)', scale: { domain: [0, Math.max(1, d.neurons)], nice: false } },
      y2: { field: 'top' },
      color: {
        field: 'population',
        type: 'nominal',
        title: 'population',
        scale: { domain: names, range: names.map((_, i) => POPULATION_COLORS[i % POPULATION_COLORS.length]!) },
        legend: { orient: 'bottom', direction: 'horizontal', columns: 2, labelLimit: 0, symbolType: 'stroke', symbolStrokeWidth: 5 },
      },
    },
  } as TopLevelSpec;
}
