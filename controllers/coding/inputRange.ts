/**
 * How encoders read one sensor value against its declared range [low, high]:
 * - values outside the range are clipped (±Infinity included: a range sensor reports +Inf for
 *   "no hit", which means "beyond the far end", so clipping gives the right meaning);
 * - NaN means "no reading": the encoder treats it as no drive (no spikes, no event, state kept),
 *   so a missing sample can never put NaN into a rate, a phase or a level.
 */

/** `x` clipped to [low, high]; NaN stays NaN. */
export function clipInput(x: number, low: number, high: number): number {
  if (x >= high) return high;
  if (x <= low) return low;
  return x; // inside the range, or NaN
}

/** `(x − low) / (high − low)` clipped to [0, 1]; NaN stays NaN. */
export function normalizedInput(x: number, low: number, high: number): number {
  if (x >= high) return 1;
  if (x <= low) return 0;
  return (x - low) / (high - low); // NaN propagates
}

/**
 * Centre `j` of `n` ≥ 2 preferred values spread evenly over [low, high], ends included:
 * low + j·(high − low)/(n − 1). Shared by the Gaussian population encoder and the
 * population-vector decoder so that their centres agree bit for bit.
 */
export function evenCentre(low: number, high: number, n: number, j: number): number {
  return low + j * ((high - low) / (n - 1));
}
