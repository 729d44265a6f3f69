/**
 * Running mean, variance and extremes of a stream of samples (Welford 1962), O(1) per sample
 * and allocation-free: for live statistics such as control-period jitter.
 */
export interface RunningStats {
  /** Samples seen. */
  n: number;
  mean: number;
  /** Sum of squared deviations from the mean (Welford's M2). */
  m2: number;
  min: number;
  max: number;
}

export function createRunningStats(): RunningStats {
  return { n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity };
}

/** Adds one sample. */
export function pushSample(s: RunningStats, x: number): void {
  s.n++;
  const d = x - s.mean;
  s.mean += d / s.n;
  s.m2 += d * (x - s.mean);
  if (x < s.min) s.min = x;
  if (x > s.max) s.max = x;
}

/** Population standard deviation √(M2 / n) (0 for fewer than two samples). */
export function runningStd(s: RunningStats): number {
  return s.n < 2 ? 0 : Math.sqrt(s.m2 / s.n);
}

/** Mean of the samples (NaN if there are none). */
export function runningMean(s: RunningStats): number {
  return s.n === 0 ? Number.NaN : s.mean;
}
