/**
 * Tolerance for comparing times built from sums or products of control periods. A period such
 * as 1/30 s has no exact binary form, so 3 · (1/30) may land a few ulps below 0.1; comparing
 * `t_s >= limit_s - TIME_TOLERANCE_s` makes "at 0.1 s" mean the third step, not the fourth.
 * One nanosecond is far below any control period and far above the rounding error of summing
 * millions of periods of a few milliseconds (≈ n · 1e-19 s).
 */
export const TIME_TOLERANCE_s = 1e-9;

/** Whether `t_s` has reached `at_s`, forgiving the rounding of period arithmetic. */
export function reached(t_s: number, at_s: number): boolean {
  return t_s >= at_s - TIME_TOLERANCE_s;
}
