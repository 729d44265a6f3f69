/**
 * Symmetric per-projection weight quantisation, as digital neuromorphic chips store weights
 * (signed integers times one scale per synapse group; cf. Loihi's weight mantissa and exponent,
 * Davies et al. 2018).
 *
 * b ≥ 2 bits: q_max = 2^(b−1) − 1 levels each side of 0 (the most negative code is unused, so
 * the grid is symmetric), scale s = max|w| / q_max over the projection, and
 *   w_q = s · clamp(round(w / s), −q_max, q_max),
 * rounding half away from zero. Every |w| ≤ max|w|, so nothing clips and |w_q − w| ≤ s/2.
 * A projection of positive weights uses only the positive half: b bits give 2^(b−1) − 1 levels
 * above 0 — the cost of a symmetric grid, stated rather than hidden.
 *
 * b = 1: the sign is kept and the magnitude becomes the projection's mean |w| over its non-zero
 * weights, α = mean|w| (the L2-optimal scale for a sign code; Rastegari et al. 2016, XNOR-Net):
 *   w_q = α · sign(w).
 * For every b a weight of exactly 0 is an absent synapse and stays 0 (on a chip it is a
 * connectivity bit, not a weight), so a 1-bit projection is {−α, absent, +α}.
 */

/** Levels each side of 0 for b ≥ 2 bits: 2^(b−1) − 1. */
export function quantLevels(bits: number): number {
  if (!(Number.isInteger(bits) && bits >= 2 && bits <= 31)) throw new RangeError(`quantLevels: expected an integer number of bits from 2 to 31, got ${bits}`);
  return 2 ** (bits - 1) - 1;
}

/** max|w| / q_max: the step of a b-bit (b ≥ 2) symmetric grid over `w` (0 if every weight is 0). */
export function symmetricScale(w: ArrayLike<number>, bits: number): number {
  const q = quantLevels(bits);
  let m = 0;
  for (let i = 0; i < w.length; i++) {
    const a = Math.abs(w[i]!);
    if (a > m) m = a;
  }
  return m / q;
}

/** mean |w| over the non-zero weights of `w` (0 if there are none): the 1-bit scale α. */
export function binaryScale(w: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < w.length; i++) {
    const a = Math.abs(w[i]!);
    if (a !== 0) {
      sum += a;
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

/**
 * Writes the b-bit quantised `src` into `out` (may be the same array) and returns the scale
 * (s for b ≥ 2, α for b = 1). Allocates nothing.
 */
export function quantizeWeights(src: ArrayLike<number>, bits: number, out: Float32Array): number {
  if (out.length !== src.length) throw new RangeError(`quantizeWeights: out has ${out.length} values, src ${src.length}`);
  if (bits === 1) {
    const alpha = binaryScale(src);
    for (let i = 0; i < src.length; i++) {
      const w = src[i]!;
      out[i] = w > 0 ? alpha : w < 0 ? -alpha : 0;
    }
    return alpha;
  }
  const q = quantLevels(bits);
  const s = symmetricScale(src, bits);
  if (s === 0) {
    out.fill(0);
    return 0;
  }
  for (let i = 0; i < src.length; i++) {
    const w = src[i]!;
    const k = Math.min(q, Math.floor(Math.abs(w) / s + 0.5));
    out[i] = (w < 0 ? -k : k) * s;
  }
  return s;
}
