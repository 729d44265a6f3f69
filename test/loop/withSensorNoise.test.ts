import { describe, expect, it } from 'vitest';
import { allocateChannels } from '../../loop/channels.js';
import { withSensorNoise } from '../../loop/wrappers/withSensorNoise.js';
import { FAKE_SENSORS, FakeBody } from './fakes.js';

/** Standard normal CDF from the Maclaurin series of erf (exact to ~1e-15 for |z| < 3). */
function phi(z: number): number {
  const x = z / Math.SQRT2;
  let sum = 0;
  let term = x;
  for (let n = 0; Math.abs(term) > 1e-17; ) {
    sum += term / (2 * n + 1);
    n++;
    term *= (-x * x) / n;
  }
  return 0.5 * (1 + (2 / Math.sqrt(Math.PI)) * sum);
}

function sample(seed: number, observes: number, noise: Parameters<typeof withSensorNoise>[1]): Float64Array {
  const body = withSensorNoise(new FakeBody(), noise);
  body.reset(seed);
  const obs = allocateChannels(FAKE_SENSORS);
  const n = obs['flat']!.length;
  const out = new Float64Array(observes * n);
  for (let k = 0; k < observes; k++) {
    body.observe(obs);
    out.set(obs['flat']!, k * n);
  }
  return out;
}

describe('withSensorNoise', () => {
  it('adds Gaussian noise with the requested mean and sd (bounds from n: 4 standard errors)', () => {
    const sd = 0.3;
    const bias = -0.05;
    const x = sample(11, 5000, { flat: { sd, bias } });
    const n = x.length;
    let mean = 0;
    for (const v of x) mean += v;
    mean /= n;
    let ss = 0;
    let m4 = 0;
    for (const v of x) {
      ss += (v - mean) ** 2;
      m4 += (v - mean) ** 4;
    }
    const s = Math.sqrt(ss / (n - 1));
    // Standard error of the mean: sd/√n; of the sd of a normal sample: sd/√(2(n−1)).
    expect(Math.abs(mean - bias)).toBeLessThan((4 * sd) / Math.sqrt(n));
    expect(Math.abs(s - sd)).toBeLessThan((4 * sd) / Math.sqrt(2 * (n - 1)));
    // Gaussian, not just the right sd: kurtosis 3 (standard error √(24/n)).
    const kurtosis = m4 / n / (ss / n) ** 2;
    expect(Math.abs(kurtosis - 3)).toBeLessThan(4 * Math.sqrt(24 / n));
    // White: lag-1 autocorrelation 0 (standard error 1/√n).
    let c1 = 0;
    for (let i = 1; i < n; i++) c1 += (x[i]! - mean) * (x[i - 1]! - mean);
    expect(Math.abs(c1 / ss)).toBeLessThan(4 / Math.sqrt(n));
  });

  it('is deterministic by seed, differs between seeds, and leaves other channels and ±Inf untouched', () => {
    const a = sample(3, 200, { flat: { sd: 1 } });
    const b = sample(3, 200, { flat: { sd: 1 } });
    const c = sample(4, 200, { flat: { sd: 1 } });
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === c[i]) same++;
    expect(same).toBe(0);
    // Adding noise to another channel draws from another stream: 'flat' is unchanged bit for bit.
    const d = sample(3, 200, { flat: { sd: 1 }, pos: { sd: 5 } });
    expect(Buffer.from(a.buffer).equals(Buffer.from(d.buffer))).toBe(true);

    const plain = new FakeBody();
    const noisy = withSensorNoise(new FakeBody(), { range: { sd: 2 }, flat: { sd: 1 } });
    plain.reset(5);
    noisy.reset(5);
    const o1 = allocateChannels(FAKE_SENSORS);
    const o2 = allocateChannels(FAKE_SENSORS);
    plain.observe(o1);
    noisy.observe(o2);
    expect([...o2['range']!]).toEqual([Infinity, -Infinity]);
    for (const name of ['count', 'pos', 'unit']) expect([...o2[name]!]).toEqual([...o1[name]!]);
  });

  it('clamps noisy readings into the channel bounds', () => {
    const body = withSensorNoise(new FakeBody(), { unit: { sd: 1 } });
    body.reset(0);
    const obs = allocateChannels(FAKE_SENSORS);
    let atLow = 0;
    let atHigh = 0;
    let outside = 0;
    const trials = 2000;
    for (let k = 0; k < trials; k++) {
      body.observe(obs);
      for (const v of obs['unit']!) {
        if (!(v >= 0 && v <= 1)) outside++;
        if (v === 0) atLow++;
        if (v === 1) atHigh++;
      }
    }
    expect(outside).toBe(0);
    // Element j reads x_j + N(0, 1) with x = [0.5, 0.99]: it clamps to 0 with probability
    // Φ(−x_j) and to 1 with probability Φ(x_j − 1); counts are binomial.
    const x = [0.5, 0.99];
    const pLow = x.map((v) => phi(-v));
    const pHigh = x.map((v) => phi(v - 1));
    const sdOf = (ps: number[]) => Math.sqrt(ps.reduce((a, q) => a + trials * q * (1 - q), 0));
    expect(Math.abs(atLow - trials * (pLow[0]! + pLow[1]!))).toBeLessThan(4 * sdOf(pLow));
    expect(Math.abs(atHigh - trials * (pHigh[0]! + pHigh[1]!))).toBeLessThan(4 * sdOf(pHigh));
  });

  it('rejects unknown channels (listing the valid ones) and bad sd or bias', () => {
    expect(() => withSensorNoise(new FakeBody(), { lidar: { sd: 1 } })).toThrow(/no sensor channel 'lidar'; the body has 'count', 'pos', 'flat', 'unit', 'range'/);
    expect(() => withSensorNoise(new FakeBody(), { pos: { sd: -1 } })).toThrow(/'pos'.sd must be a finite standard deviation ≥ 0 \(m\), got -1/);
    expect(() => withSensorNoise(new FakeBody(), { pos: { sd: Number.NaN } })).toThrow(RangeError);
    expect(() => withSensorNoise(new FakeBody(), { pos: { sd: 1, bias: Infinity } })).toThrow(/'pos'.bias must be finite/);
  });
});
