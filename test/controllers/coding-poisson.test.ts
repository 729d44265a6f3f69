import { describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';
import { clearSpikes, createSpikeOutput } from '../../controllers/neurons/model.js';
import { createEncoder, poissonSpikeProbability } from '../../controllers/coding/index.js';
import type { PoissonEncoderSpec } from '../../controllers/coding/index.js';

/** Runs an encoder on constant values; returns spike counts per neuron and the spike list per step. */
function run(spec: PoissonEncoderSpec, values: number[], steps: number, dt_ms: number, seed: number) {
  const enc = createEncoder(spec, values.length, dt_ms);
  const out = createSpikeOutput(enc.size);
  const rng = new Rng(seed, 'poisson');
  const counts = new Float64Array(enc.size);
  const trains: number[][] = [];
  const v = Float32Array.from(values);
  for (let t = 0; t < steps; t++) {
    clearSpikes(out);
    enc.step(v, out, rng);
    const step: number[] = [];
    for (let k = 0; k < out.count; k++) {
      counts[out.list[k]]++;
      step.push(out.list[k]);
    }
    trains.push(step);
  }
  return { counts, trains, size: enc.size };
}

describe('Poisson rate encoder', () => {
  const spec: PoissonEncoderSpec = { kind: 'poisson', low: 0, high: 10, maxRate_Hz: 100, neuronsPerValue: 4 };

  it('spike counts match rate·dt·T within 4 binomial standard deviations, per neuron', () => {
    const dt_ms = 1;
    const steps = 20_000;
    // Interior values, both ends, out-of-range (clipped) and ±Infinity (clipped).
    const values = [0, 2.5, 5, 7.3, 10, 12, -3, Infinity, -Infinity];
    const { counts } = run(spec, values, steps, dt_ms, 1);
    for (let i = 0; i < values.length; i++) {
      const u = Math.min(1, Math.max(0, (values[i] - spec.low) / (spec.high - spec.low)));
      const p = (u * spec.maxRate_Hz * dt_ms) / 1000;
      expect(poissonSpikeProbability(spec, values[i], dt_ms)).toBeCloseTo(p, 15);
      const sd = Math.sqrt(steps * p * (1 - p));
      for (let j = 0; j < spec.neuronsPerValue; j++) {
        const c = counts[i * spec.neuronsPerValue + j];
        if (p === 0) expect(c).toBe(0);
        else expect(Math.abs(c - steps * p)).toBeLessThanOrEqual(4 * sd);
      }
    }
  });

  it('empirical rate in Hz matches at dt = 0.1 ms (probability = rate·dt)', () => {
    const s: PoissonEncoderSpec = { kind: 'poisson', low: -1, high: 1, maxRate_Hz: 250, neuronsPerValue: 10 };
    const dt_ms = 0.1;
    const steps = 50_000; // 5 s
    const x = 0.4;
    const { counts } = run(s, [x], steps, dt_ms, 7);
    const total = counts.reduce((a, b) => a + b, 0);
    const rateTarget_Hz = ((x - s.low) / (s.high - s.low)) * s.maxRate_Hz;
    const p = (rateTarget_Hz * dt_ms) / 1000;
    const n = steps * s.neuronsPerValue;
    const sdCount = Math.sqrt(n * p * (1 - p));
    const rate_Hz = total / s.neuronsPerValue / ((steps * dt_ms) / 1000);
    const sdRate_Hz = sdCount / s.neuronsPerValue / ((steps * dt_ms) / 1000);
    expect(Math.abs(rate_Hz - rateTarget_Hz)).toBeLessThanOrEqual(4 * sdRate_Hz);
  });

  it('draws are independent across copies and across steps (coincidences ≈ p²)', () => {
    const steps = 40_000;
    const { trains } = run(spec, [10], steps, 1, 3); // p = 0.1 per neuron
    const p = 0.1;
    let together = 0; // copies 0 and 1 in the same step
    let lagged = 0; // copy 0 in consecutive steps
    let prev0 = false;
    for (const step of trains) {
      const has0 = step.includes(0);
      if (has0 && step.includes(1)) together++;
      if (has0 && prev0) lagged++;
      prev0 = has0;
    }
    const q = p * p;
    const sd = Math.sqrt(steps * q * (1 - q));
    expect(Math.abs(together - steps * q)).toBeLessThanOrEqual(4 * sd);
    expect(Math.abs(lagged - (steps - 1) * q)).toBeLessThanOrEqual(4 * sd);
  });

  it('fires every step at probability 1 (maxRate·dt = 1) and never at the low end', () => {
    const s: PoissonEncoderSpec = { kind: 'poisson', low: 0, high: 1, maxRate_Hz: 1000, neuronsPerValue: 1 };
    const { counts } = run(s, [1, 0], 5000, 1, 11);
    expect(counts[0]).toBe(5000);
    expect(counts[1]).toBe(0);
  });

  it('same seed ⇒ identical spikes; different seed ⇒ different spikes', () => {
    const a = run(spec, [3, 6, 9], 2000, 1, 42).trains;
    const b = run(spec, [3, 6, 9], 2000, 1, 42).trains;
    const c = run(spec, [3, 6, 9], 2000, 1, 43).trains;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    const differingSteps = a.filter((s, t) => s.join() !== c[t].join()).length;
    expect(differingSteps).toBeGreaterThan(100);
  });

  it('NaN means no drive: no spikes from that value, other values unaffected, stream position kept', () => {
    const withNaN = run(spec, [5, NaN], 3000, 1, 5);
    const withZero = run(spec, [5, 0], 3000, 1, 5);
    for (let j = 0; j < spec.neuronsPerValue; j++) expect(withNaN.counts[spec.neuronsPerValue + j]).toBe(0);
    // One draw per neuron per step whatever the value, so value 0's spikes are identical.
    expect(withNaN.trains).toEqual(withZero.trains);
  });
});
