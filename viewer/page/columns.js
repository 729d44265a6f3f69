// @ts-check
/**
 * Numeric columns of a series, kept in step with it: `column(series, key, f)` is a Float64Array
 * with f(message) for every message so far (NaN where f gives no number), extended only by the
 * messages added since the last call. Plots read windows of these arrays without rebuilding them.
 */

/** @type {WeakMap<object, Map<string, {values: Float64Array, filled: number}>>} */
const cache = new WeakMap();

/**
 * @param {import('./store.js').Series} series
 * @param {string} key names f (one key, one function)
 * @param {(m: any, i: number) => number | null | undefined} f
 */
export function column(series, key, f) {
  let byKey = cache.get(series);
  if (!byKey) {
    byKey = new Map();
    cache.set(series, byKey);
  }
  let c = byKey.get(key);
  if (!c) {
    c = { values: new Float64Array(Math.max(256, series.length)), filled: 0 };
    byKey.set(key, c);
  }
  if (series.length > c.values.length) {
    const grown = new Float64Array(2 * series.length);
    grown.set(c.values.subarray(0, c.filled));
    c.values = grown;
  }
  for (let i = c.filled; i < series.length; i++) {
    const v = f(series.messages[i], i);
    c.values[i] = typeof v === 'number' ? v : NaN;
  }
  c.filled = series.length;
  return c.values;
}
