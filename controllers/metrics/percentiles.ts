/**
 * Summary of a sample distribution by nearest-rank percentiles: the p-th percentile is the
 * smallest sample x such that at least p % of the samples are ≤ x, i.e. the sorted sample at
 * rank ⌈p/100 · n⌉ (1-based). Nearest-rank never interpolates, so every reported percentile is
 * a value that was observed (a latency of 20 ms, never 17.3 ms between two control periods).
 */

export interface Percentiles {
  readonly n: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentile of ascending `sorted` (p in (0, 100]). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('nearestRank: no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`nearestRank: expected a percentile in (0, 100], got ${p}`);
  return sorted[Math.min(n, Math.max(1, Math.ceil((p / 100) * n))) - 1]!;
}

/** The distribution of the finite values of `xs` (null if there are none). */
export function percentilesOf(xs: ArrayLike<number>): Percentiles | null {
  const v: number[] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) v.push(xs[i]!);
  if (v.length === 0) return null;
  v.sort((a, b) => a - b);
  let sum = 0;
  for (const x of v) sum += x;
  return { n: v.length, mean: sum / v.length, p50: nearestRank(v, 50), p90: nearestRank(v, 90), p99: nearestRank(v, 99), max: v[v.length - 1]! };
}

/**
 * The distribution of a histogram: `counts[i]` samples of value `valueAt(i)`, values ascending in
 * i (e.g. latencies in whole control periods). Null if it holds no sample.
 */
export function percentilesOfCounts(counts: ArrayLike<number>, valueAt: (i: number) => number): Percentiles | null {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    n += counts[i]!;
    sum += counts[i]! * valueAt(i);
  }
  if (n === 0) return null;
  const at = (p: number): number => {
    const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
    let c = 0;
    for (let i = 0; i < counts.length; i++) {
      c += counts[i]!;
      if (c >= rank) return valueAt(i);
    }
    throw new Error('unreachable: ranks are within the total count');
  };
  return { n, mean: sum / n, p50: at(50), p90: at(90), p99: at(99), max: at(100) };
}
