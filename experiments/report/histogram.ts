/**
 * Equal-width histograms. Bin i covers [edges[i], edges[i+1]) and the last bin includes its
 * upper edge, so every finite value inside [min, max] lands in exactly one bin; values outside
 * the range and NaN are counted in `outside`.
 */
export interface Histogram {
  /** bins + 1 edges, increasing. */
  readonly edges: Float64Array;
  readonly counts: Int32Array;
  readonly outside: number;
}

/** The smallest and largest finite value over all arrays (null if there is none). */
export function finiteRange(arrays: ReadonlyArray<ArrayLike<number>>): { readonly min: number; readonly max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : null;
}

export function histogram(values: ArrayLike<number>, bins: number, min: number, max: number): Histogram {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError(`histogram: bins must be an integer ≥ 1, got ${bins}`);
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max)) throw new RangeError(`histogram: expected finite min ≤ max, got [${min}, ${max}]`);
  // A single value still gets a bin of non-zero width.
  const lo = min;
  const hi = max > min ? max : min + 1;
  const width = (hi - lo) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = i === bins ? hi : lo + i * width;
  const counts = new Int32Array(bins);
  let outside = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!(v >= lo && v <= hi)) {
      outside++;
      continue;
    }
    let i = Math.floor((v - lo) / width);
    if (i >= bins) i = bins - 1;
    // Rounding in (v − lo)/width can put a value one bin off its edges; settle it on the edges.
    while (i > 0 && v < edges[i]) i--;
    while (i < bins - 1 && v >= edges[i + 1]) i++;
    counts[i]++;
  }
  return { edges, counts, outside };
}
