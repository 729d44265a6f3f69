/**
 * Trailing moving average: out[i] is the mean of the finite values among xs[max(0, i−w+1) … i]
 * (NaN if there is none). Each window is summed afresh (no running sum whose rounding drifts);
 * curves have thousands of points and windows of tens, so this stays cheap.
 */
export function movingAverage(xs: ArrayLike<number>, window: number): Float64Array {
  if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`movingAverage: window must be an integer ≥ 1, got ${window}`);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, i - window + 1); j <= i; j++) {
      const v = xs[j];
      if (Number.isFinite(v)) {
        sum += v;
        count++;
      }
    }
    out[i] = count > 0 ? sum / count : NaN;
  }
  return out;
}

/** Window (episodes) of the moving averages in progress lines and reports. */
export const MOVING_WINDOW_EPISODES = 20;
