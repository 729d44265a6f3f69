/**
 * The Wilson score interval of a binomial proportion (Wilson 1927): for k successes in n trials
 * at confidence z (1.96 for 95 %),
 *
 *   centre = (p̂ + z²/2n) / (1 + z²/n),   half = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
 *
 * Unlike the normal (Wald) interval it stays inside [0, 1] and is not degenerate at 0 or n
 * successes — what a success rate over 20–100 episodes needs (Brown, Cai & DasGupta 2001).
 */

/** z of a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

export function wilsonInterval(successes: number, n: number, z = Z_95): readonly [number, number] {
  if (!(Number.isSafeInteger(n) && n >= 1)) throw new RangeError(`wilsonInterval: n must be an integer ≥ 1, got ${n}`);
  if (!(Number.isFinite(successes) && successes >= 0 && successes <= n)) throw new RangeError(`wilsonInterval: successes must be in [0, ${n}], got ${successes}`);
  if (!(Number.isFinite(z) && z > 0)) throw new RangeError(`wilsonInterval: z must be > 0, got ${z}`);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n successes the bound is exactly 0 or 1 (the formula gives it up to rounding).
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}
