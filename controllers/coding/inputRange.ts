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
