import { describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';

describe('Rng', () => {
  it('replays a stream exactly from the same (seed, name) and separates names and seeds', () => {
    const draw = (seed: number, name: string) => Array.from({ length: 20 }, ((r) => () => r.nextU32())(new Rng(seed, name)));
    expect(draw(1, 'world')).toEqual(draw(1, 'world'));
    expect(draw(1, 'world')).not.toEqual(draw(1, 'noise'));
    expect(draw(1, 'world')).not.toEqual(draw(2, 'world'));
    expect(draw(2 ** 33 + 1, 'x')).not.toEqual(draw(1, 'x')); // seeds above 2^32 are not truncated
  });
  it('uniform draws have the moments of U[0,1) within 5 standard errors', () => {
    const r = new Rng(7, 'stats');
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      s += u;
      s2 += u * u;
    }
    expect(outside).toBe(0);
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - 1 / 3)).toBeLessThan(5 * Math.sqrt((1 / 5 - 1 / 9) / n));
  });
  it('normal draws have mean 0, variance 1 and the normal kurtosis within 5 standard errors', () => {
    const r = new Rng(8, 'stats');
    const n = 200_000;
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      m1 += x;
      m2 += x * x;
      m4 += x ** 4;
    }
    expect(Math.abs(m1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });
  it('int(n) covers [0, n) uniformly (χ² below the 0.999 quantile) and shuffle permutes', () => {
    const r = new Rng(9, 'ints');
    const k = 10;
    const n = 100_000;
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) counts[r.int(k)]!++;
    const chi2 = counts.reduce((a, c) => a + (c - n / k) ** 2 / (n / k), 0);
    expect(chi2).toBeLessThan(27.88); // χ²(9) 0.999 quantile
    const a = Array.from({ length: 50 }, (_, i) => i);
    r.shuffle(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
  it('rejects a non-finite seed', () => {
    expect(() => new Rng(NaN)).toThrow('Rng: seed must be a finite number, got NaN');
  });
});
