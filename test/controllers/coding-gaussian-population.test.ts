import { describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';
import { clearSpikes, createSpikeOutput } from '../../controllers/neurons/model.js';
import { createDecoder, createEncoder, gaussianCentre, gaussianTuningRate_Hz } from '../../controllers/coding/index.js';
import type { GaussianPopulationEncoderSpec, PopulationVectorDecoderSpec } from '../../controllers/coding/index.js';

function tuning(spec: GaussianPopulationEncoderSpec, x: number, j: number): number {
  const xc = Math.min(spec.high, Math.max(spec.low, x));
  const c = spec.low + (j * (spec.high - spec.low)) / (spec.neuronsPerValue - 1);
  return spec.maxRate_Hz * Math.exp(-((xc - c) ** 2) / (2 * spec.sigma ** 2));
}

function counts(spec: GaussianPopulationEncoderSpec, values: ArrayLike<number>[], dt_ms: number, seed: number) {
  const nIn = values[0].length;
  const enc = createEncoder(spec, nIn, dt_ms);
  const out = createSpikeOutput(enc.size);
  const rng = new Rng(seed, 'poisson');
  const c = new Float64Array(enc.size);
  const trains: number[][] = [];
  for (const v of values) {
    clearSpikes(out);
    enc.step(v, out, rng);
    trains.push(Array.from(out.list.subarray(0, out.count)));
    for (let k = 0; k < out.count; k++) c[out.list[k]]++;
  }
  return { c, trains };
}

const constant = (v: number[], steps: number) => Array.from({ length: steps }, () => Float64Array.from(v));

describe('Gaussian population encoder', () => {
  const base: GaussianPopulationEncoderSpec = {
    kind: 'gaussian-population',
    low: -1,
    high: 1,
    neuronsPerValue: 11,
    sigma: 0.2,
    maxRate_Hz: 100,
    spiking: 'poisson',
  };

  it('centres are spread evenly over [low, high], ends included', () => {
    for (let j = 0; j < base.neuronsPerValue; j++) {
      expect(gaussianCentre(base, j)).toBeCloseTo(-1 + 0.2 * j, 12);
    }
    expect(gaussianCentre(base, 0)).toBe(base.low);
    expect(gaussianCentre(base, base.neuronsPerValue - 1)).toBe(base.high);
  });

  it('Poisson mode: per-neuron counts follow the tuning curve within 4 binomial sd', () => {
    const dt_ms = 1;
    const steps = 20_000;
    const xs = [0.33, -0.9, 1.7]; // 1.7 is clipped to 1
    const { c } = counts(base, constant(xs, steps), dt_ms, 2);
    for (let i = 0; i < xs.length; i++) {
      for (let j = 0; j < base.neuronsPerValue; j++) {
        const rate = tuning(base, xs[i], j);
        expect(gaussianTuningRate_Hz(base, xs[i], j)).toBeCloseTo(rate, 10);
        const p = (rate * dt_ms) / 1000;
        const sd = Math.sqrt(steps * p * (1 - p));
        // A floor of one spike keeps the bound meaningful for far tails (p ~ 1e-30).
        expect(Math.abs(c[i * base.neuronsPerValue + j] - steps * p)).toBeLessThanOrEqual(Math.max(4 * sd, 1));
      }
    }
  });

  it('regular mode: counts are ⌊T·rate·dt⌋ (±1) and inter-spike intervals are ⌊1/q⌋ or ⌈1/q⌉ steps', () => {
    const spec: GaussianPopulationEncoderSpec = { ...base, spiking: 'regular' };
    const dt_ms = 0.5;
    const steps = 10_000;
    const x = 0.13;
    const { c, trains } = counts(spec, constant([x], steps), dt_ms, 0);
    for (let j = 0; j < spec.neuronsPerValue; j++) {
      const q = (tuning(spec, x, j) * dt_ms) / 1000;
      expect(Math.abs(c[j] - steps * q)).toBeLessThanOrEqual(1);
      if (q > 0.01) {
        const times: number[] = [];
        trains.forEach((s, t) => s.includes(j) && times.push(t));
        for (let k = 1; k < times.length; k++) {
          const isi = times[k] - times[k - 1];
          expect(isi === Math.floor(1 / q) || isi === Math.ceil(1 / q)).toBe(true);
        }
      }
    }
  });

  it('regular mode: out-of-range and ±Infinity are clipped, NaN freezes the phases (no spikes, no drift)', () => {
    const spec: GaussianPopulationEncoderSpec = { ...base, spiking: 'regular' };
    const a = counts(spec, constant([1], 2000), 1, 0).trains;
    const b = counts(spec, constant([9], 2000), 1, 0).trains;
    const inf = counts(spec, constant([Infinity], 2000), 1, 0).trains;
    expect(b).toEqual(a);
    expect(inf).toEqual(a);
    // Insert NaN steps: they emit nothing, and removing them gives back the plain train.
    const seq: Float64Array[] = [];
    const isNaNStep: boolean[] = [];
    for (let t = 0; t < 3000; t++) {
      const nan = t % 3 === 1;
      seq.push(Float64Array.of(nan ? NaN : 0.4));
      isNaNStep.push(nan);
    }
    const mixed = counts(spec, seq, 1, 0).trains;
    const plain = counts(spec, constant([0.4], 2000), 1, 0).trains;
    expect(mixed.filter((_, t) => isNaNStep[t]).every((s) => s.length === 0)).toBe(true);
    expect(mixed.filter((_, t) => !isNaNStep[t])).toEqual(plain);
  });

  it('Poisson mode: same seed ⇒ identical, different seed ⇒ different', () => {
    const a = counts(base, constant([0.2], 1000), 1, 9).trains;
    expect(counts(base, constant([0.2], 1000), 1, 9).trains).toEqual(a);
    expect(counts(base, constant([0.2], 1000), 1, 10).trains).not.toEqual(a);
  });
});

describe('Gaussian population → population vector', () => {
  const enc: GaussianPopulationEncoderSpec = {
    kind: 'gaussian-population',
    low: -1,
    high: 1,
    neuronsPerValue: 21,
    sigma: 0.1,
    maxRate_Hz: 200,
    spiking: 'poisson',
  };
  const dec: PopulationVectorDecoderSpec = {
    kind: 'population-vector',
    tau_ms: 100,
    low: -1,
    high: 1,
    neuronsPerValue: 21,
    silentValue: 0,
    silentBelow_Hz: 0,
  };

  it('recovers the encoded value within bias + 4 sd of the filtered-Poisson decoding noise', () => {
    const dt_ms = 1;
    const a = Math.exp(-dt_ms / dec.tau_ms);
    const jump_Hz = (1000 * (1 - a)) / dt_ms;
    const readEvery = 2 * dec.tau_ms; // reads 2τ apart are nearly independent (correlation e^-2)
    const reads = 100;
    for (const x of [-0.6, -0.25, 0, 0.37, 0.7]) {
      // Expected decoded value (bias from truncated tuning curves) and the linearised sd
      // of one read: Var x̂ = Σ (c_j − x̄)² Var r_j / (Σ λ_j)², Var r_j = jump² q(1−q)/(1 − a²).
      let sumL = 0;
      let sumLC = 0;
      for (let j = 0; j < enc.neuronsPerValue; j++) {
        const l = tuning(enc, x, j);
        sumL += l;
        sumLC += l * gaussianCentre(enc, j);
      }
      const xBar = sumLC / sumL;
      let varNum = 0;
      for (let j = 0; j < enc.neuronsPerValue; j++) {
        const q = (tuning(enc, x, j) * dt_ms) / 1000;
        varNum += (gaussianCentre(enc, j) - xBar) ** 2 * ((jump_Hz * jump_Hz * q * (1 - q)) / (1 - a * a));
      }
      const sdOne = Math.sqrt(varNum) / sumL;
      // Interior points: the truncation bias is tiny (< 1e-3) next to the noise.
      expect(Math.abs(xBar - x)).toBeLessThan(1e-3);

      const e = createEncoder(enc, 1, dt_ms);
      const d = createDecoder(dec, 1, dt_ms);
      const spikes = createSpikeOutput(e.size);
      const rng = new Rng(100, 'poisson');
      const v = Float32Array.of(x);
      const o = new Float32Array(1);
      let sum = 0;
      let worst = 0;
      const warm = 10 * dec.tau_ms;
      for (let t = 0; t < warm + reads * readEvery; t++) {
        clearSpikes(spikes);
        e.step(v, spikes, rng);
        d.step(spikes);
        if (t >= warm && (t - warm) % readEvery === readEvery - 1) {
          d.read(o);
          sum += o[0];
          worst = Math.max(worst, Math.abs(o[0] - xBar));
        }
      }
      const mean = sum / reads;
      // Mean of 100 reads: sd/10 (reads 2τ apart; residual correlation e^-2 ≈ 0.14 allowed for by
      // the factor sqrt((1+ρ)/(1−ρ)) ≈ 1.15).
      const rho = Math.exp(-readEvery / dec.tau_ms);
      const sdMean = (sdOne / Math.sqrt(reads)) * Math.sqrt((1 + rho) / (1 - rho));
      expect(Math.abs(mean - xBar)).toBeLessThanOrEqual(4 * sdMean);
      expect(Math.abs(mean - x)).toBeLessThan(0.01);
      // Single reads stay within 4.5 sd (100 reads: a 4 sd excursion is plausible once).
      expect(worst).toBeLessThanOrEqual(4.5 * sdOne);
      expect(sdOne).toBeLessThan(0.015); // the stated single-read accuracy of this setup
    }
  });
});
