import { describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';
import { binaryScale, quantizeWeights, quantLevels, symmetricScale } from '../../controllers/hardware/index.js';

function weights(n: number, seed: number, signed: boolean): Float32Array {
  const rng = new Rng(seed, 'w');
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = i % 10 === 0 ? 0 : signed ? rng.range(-300, 300) : rng.range(0, 250);
  return w;
}

describe('symmetric per-projection quantiser', () => {
  for (const bits of [2, 3, 4, 6, 8]) {
    it(`${bits} bits: at most 2^b − 1 levels, multiples of s = max|w|/(2^(b−1) − 1), error ≤ s/2, zeros kept`, () => {
      const w = weights(5000, bits, true);
      const q = new Float32Array(w.length);
      const s = quantizeWeights(w, bits, q);
      const qMax = 2 ** (bits - 1) - 1;
      let maxAbs = 0;
      for (const x of w) maxAbs = Math.max(maxAbs, Math.abs(x));
      expect(s).toBeCloseTo(maxAbs / qMax, 12);
      expect(quantLevels(bits)).toBe(qMax);
      const codes = new Set<number>();
      let offGrid = 0;
      let maxCode = 0;
      let maxErr = 0;
      let zerosMoved = 0;
      for (let i = 0; i < w.length; i++) {
        const c = q[i]! / s;
        offGrid = Math.max(offGrid, Math.abs(c - Math.round(c)));
        maxCode = Math.max(maxCode, Math.abs(Math.round(c)));
        codes.add(Math.round(c));
        maxErr = Math.max(maxErr, Math.abs(q[i]! - w[i]!));
        if (w[i] === 0 && q[i] !== 0) zerosMoved++;
      }
      expect(offGrid).toBeLessThan(1e-5); // on the grid (to float32 rounding)
      expect(maxCode).toBe(qMax);
      expect(maxErr).toBeLessThanOrEqual((s / 2) * (1 + 1e-6));
      expect(maxErr).toBeGreaterThan(0.45 * s); // and the bound is nearly reached
      expect(zerosMoved).toBe(0);
      expect(codes.size).toBeLessThanOrEqual(2 ** bits - 1);
      // 5000 uniform weights fill every level of the grid.
      expect(codes.size).toBe(2 * qMax + 1);
    });
  }

  it('rounds half away from zero', () => {
    // max 3 → s = 1 at 3 bits; ±0.5 and ±1.5 sit exactly between two codes.
    const q = new Float32Array(5);
    quantizeWeights(Float32Array.of(3, 0.5, -0.5, 1.5, -1.5), 3, q);
    expect(Array.from(q)).toEqual([3, 1, -1, 2, -2]);
  });

  it('1 bit keeps the sign and sets every magnitude to the mean |w| of the non-zero weights', () => {
    const w = weights(1000, 9, true);
    const q = new Float32Array(w.length);
    const alpha = quantizeWeights(w, 1, q);
    let sum = 0;
    let n = 0;
    for (const x of w) if (x !== 0) (sum += Math.abs(x), n++);
    expect(alpha).toBeCloseTo(sum / n, 10);
    expect(binaryScale(w)).toBe(alpha);
    let signs = 0;
    let magnitudes = 0;
    for (let i = 0; i < w.length; i++) {
      if (Math.sign(q[i]!) !== Math.sign(w[i]!)) signs++;
      if (w[i] !== 0 && Math.abs(Math.abs(q[i]!) - alpha) > 1e-4 * alpha) magnitudes++;
    }
    expect(signs).toBe(0);
    expect(magnitudes).toBe(0);
  });

  it('in place, all-zero projections and bad bit counts', () => {
    const w = weights(100, 4, false);
    const copy = w.slice();
    const out = new Float32Array(100);
    quantizeWeights(copy, 4, out);
    quantizeWeights(copy, 4, copy);
    expect(Array.from(copy)).toEqual(Array.from(out));
    const z = new Float32Array(4);
    expect(quantizeWeights(new Float32Array(4), 8, z)).toBe(0);
    expect(symmetricScale(new Float32Array(4), 8)).toBe(0);
    expect(() => quantLevels(1)).toThrow('quantLevels: expected an integer number of bits from 2 to 31, got 1');
    expect(() => quantizeWeights(w, 8, new Float32Array(3))).toThrow('quantizeWeights: out has 3 values, src 100');
  });
});
