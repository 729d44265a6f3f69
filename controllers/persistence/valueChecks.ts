/**
 * Checks on loaded weight and parameter arrays, shared by controller files and saved networks:
 * every value finite and of sane magnitude, and inside the plasticity bounds where there are some.
 */

/**
 * Largest magnitude of any parameter value, bounded or not (weights in pA, gains, critic values
 * are all far below): larger ones, like 3e38, overflow Float32 sums to ±Infinity.
 */
export const MAX_PARAMETER_MAGNITUDE = 1e9;

/** Why `a` may not be loaded (a non-finite value, a value outside `bound`), or null. */
export function valueProblem(a: Float32Array, bound: { readonly low: number; readonly high: number } | undefined): string | null {
  let firstBad = -1;
  let bad = 0;
  for (let k = 0; k < a.length; k++) {
    if (!Number.isFinite(a[k])) {
      if (bad++ === 0) firstBad = k;
    }
  }
  if (bad > 0) return `value [${firstBad}] is ${a[firstBad]}; ${bad} of ${a.length} values are not finite numbers`;
  for (let k = 0; k < a.length; k++) {
    if (Math.abs(a[k]!) > MAX_PARAMETER_MAGNITUDE) {
      if (bad++ === 0) firstBad = k;
    }
  }
  if (bad > 0) return `value [${firstBad}] = ${a[firstBad]} exceeds the largest magnitude a parameter may have (${MAX_PARAMETER_MAGNITUDE}); ${bad} of ${a.length} values do`;
  if (!bound) return null;
  // Weights are stored as Float32: a weight clipped to wMax is fround(wMax), which may lie just above wMax.
  const low = Math.fround(bound.low);
  const high = Math.fround(bound.high);
  let out = 0;
  for (let k = 0; k < a.length; k++) {
    if (a[k]! < low || a[k]! > high) {
      if (out++ === 0) firstBad = k;
    }
  }
  if (out > 0) return `value [${firstBad}] = ${a[firstBad]} is outside the plasticity bounds [${bound.low}, ${bound.high}]; ${out} of ${a.length} values are`;
  return null;
}
