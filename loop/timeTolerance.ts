/**
 * Tolerance for comparing times built from sums or products of control periods. A period such
 * as 1/35 s has no exact binary form, so 7 · (1/35) lands one ulp below 0.2; comparing
 * `t_s >= limit_s - TIME_TOLERANCE_s` makes "at 0.2 s" mean the seventh step, not the eighth.
 * One nanosecond is far below any control period and far above the rounding of n·T (a few ulps)
 * or of a running sum of periods (summing 1/f for 300 s at f = 7…240 Hz drifts < 2e-10 s).
 */
export const TIME_TOLERANCE_s = 1e-9;

/** Whether `t_s` has reached `at_s`, forgiving the rounding of period arithmetic. */
export function timeReached(t_s: number, at_s: number): boolean {
  return t_s >= at_s - TIME_TOLERANCE_s;
}
