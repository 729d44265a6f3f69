/**
 * A seeded percentile-bootstrap interval of a mean (Efron & Tibshirani 1993, ch. 13): resample
 * the values with replacement `resamples` times, take each resample's mean, and report the
 * (1 − level)/2 and (1 + level)/2 quantiles of those means. Seeded (stream 'bootstrap'), so the
 * same values give the same interval bit for bit. Non-finite values are dropped first; with
 * fewer than 2 values the interval is [mean, mean] (nothing to resample), null with none.
 */
import { Rng } from '../../loop/rng.js';

export interface BootstrapOptions {
  /** @default 0 */
  readonly seed?: number;
  /** @default 2000 */
  readonly resamples?: number;
  /** @default 0.95 */
  readonly level?: number;
}

export function bootstrapMeanInterval(values: readonly number[], o: BootstrapOptions = {}): readonly [number, number] | null {
  const resamples = o.resamples ?? 2000;
  const level = o.level ?? 0.95;
  if (!(Number.isSafeInteger(resamples) && resamples >= 1)) throw new RangeError(`bootstrapMeanInterval: resamples must be an integer ≥ 1, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrapMeanInterval: level must be in (0, 1), got ${level}`);
  const xs = values.filter(Number.isFinite);
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return [mean, mean];
  const rng = new Rng(o.seed ?? 0, 'bootstrap');
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += xs[rng.int(n)]!;
    means[b] = s / n;
  }
  means.sort();
  return [quantile(means, (1 - level) / 2), quantile(means, (1 + level) / 2)];
}

/** Linear-interpolated quantile q of sorted values (type 7, as R's default). */
export function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
