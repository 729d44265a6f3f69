import { describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';
import { clearSpikes, createSpikeOutput } from '../../controllers/neurons/model.js';
import { createDecoder, createEncoder, DECODER_KINDS, ENCODER_KINDS } from '../../controllers/coding/index.js';
import type { DecoderSpec, EncoderSpec } from '../../controllers/coding/index.js';

const encoders: EncoderSpec[] = [
  { kind: 'poisson', low: 0, high: 1, maxRate_Hz: 100, neuronsPerValue: 3 },
  { kind: 'gaussian-population', low: -1, high: 1, neuronsPerValue: 5, sigma: 0.5, maxRate_Hz: 100, spiking: 'poisson' },
  { kind: 'gaussian-population', low: -1, high: 1, neuronsPerValue: 5, sigma: 0.5, maxRate_Hz: 100, spiking: 'regular' },
  { kind: 'latency', low: 0, high: 1, window_ms: 10 },
  { kind: 'send-on-delta', low: -1, high: 1, threshold: 0.1 },
];

const decoders: DecoderSpec[] = [
  { kind: 'filtered-rate', tau_ms: 20, neuronsPerOutput: 2 },
  { kind: 'population-vector', tau_ms: 20, low: -1, high: 1, neuronsPerValue: 5, silentValue: 0, silentBelow_Hz: 0 },
  { kind: 'antagonistic-pair', tau_ms: 20, neuronsPerSide: 2, gain_perHz: 0.01, layout: 'halves' },
  { kind: 'winner-take-all', tau_ms: 20, options: 3, neuronsPerOption: 2, silentValue: -1, silentBelow_Hz: 1 },
];

describe('encoder specs', () => {
  it('covers every kind, with the documented neuron counts', () => {
    expect(new Set(encoders.map((e) => e.kind))).toEqual(new Set(ENCODER_KINDS));
    const sizes = encoders.map((e) => createEncoder(e, 4, 1).size);
    expect(sizes).toEqual([4 * 3, 4 * 5, 4 * 5, 4, 4 * 2]);
  });

  it('NaN, ±Infinity and huge inputs never break an encoder, and it keeps working afterwards', () => {
    const bad = [NaN, Infinity, -Infinity, 1e308, -1e308];
    for (const spec of encoders) {
      const enc = createEncoder(spec, bad.length, 1);
      const out = createSpikeOutput(enc.size);
      const rng = new Rng(1, 'poisson');
      let after = 0;
      for (let t = 0; t < 500; t++) {
        clearSpikes(out);
        // Alternate garbage with a mid-range ramp so stateful encoders must recover.
        const v = t % 2 === 0 ? bad : bad.map(() => (t % 40) / 40);
        enc.step(v, out, rng);
        for (let k = 0; k < out.count; k++) {
          expect(out.list[k]).toBeGreaterThanOrEqual(0);
          expect(out.list[k]).toBeLessThan(enc.size);
          expect(out.flags[out.list[k]]).toBe(1);
        }
        if (t >= 250) after += out.count;
      }
      expect(after, spec.kind).toBeGreaterThan(0);
    }
  });

  it('an all-NaN input produces no spikes at all', () => {
    for (const spec of encoders) {
      const enc = createEncoder(spec, 3, 1);
      const out = createSpikeOutput(enc.size);
      const rng = new Rng(2);
      let n = 0;
      for (let t = 0; t < 300; t++) {
        clearSpikes(out);
        enc.step([NaN, NaN, NaN], out, rng);
        n += out.count;
      }
      expect(n, spec.kind).toBe(0);
    }
  });

  it('rejects bad parameters with a RangeError/TypeError naming the field', () => {
    const p = encoders[0];
    const cases: [EncoderSpec, RegExp][] = [
      [{ ...p, low: 1, high: 1 } as EncoderSpec, /low must be < high/],
      [{ ...p, high: NaN } as EncoderSpec, /high must be a finite number/],
      [{ ...p, maxRate_Hz: -5 } as EncoderSpec, /maxRate_Hz must be a finite number > 0, got -5/],
      [{ ...p, neuronsPerValue: 1.5 } as EncoderSpec, /neuronsPerValue must be an integer ≥ 1, got 1.5/],
      [{ ...p, maxRate_Hz: 2000 } as EncoderSpec, /maxRate_Hz × dt_ms \/ 1000 must be ≤ 1/],
      [{ ...encoders[1], neuronsPerValue: 1 } as EncoderSpec, /neuronsPerValue must be an integer ≥ 2/],
      [{ ...encoders[1], sigma: 0 } as EncoderSpec, /sigma must be a finite number > 0/],
      [{ ...encoders[1], spiking: 'bursty' } as unknown as EncoderSpec, /spiking must be 'poisson' or 'regular'/],
      [{ ...encoders[4], threshold: -0.1 } as EncoderSpec, /threshold must be a finite number > 0/],
      [{ ...encoders[3], window_ms: 0 } as EncoderSpec, /window_ms must be a finite number > 0/],
      [{ kind: 'morse' } as unknown as EncoderSpec, /kind must be one of poisson, gaussian-population, latency, send-on-delta, got "morse"/],
    ];
    for (const [spec, msg] of cases) expect(() => createEncoder(spec, 2, 1)).toThrow(msg);
    expect(() => createEncoder({ ...p, maxRate_Hz: '100' } as unknown as EncoderSpec, 2, 1)).toThrow(TypeError);
    expect(() => createEncoder(p, 0, 1)).toThrow(/nInputs must be an integer ≥ 1/);
    expect(() => createEncoder(p, 2, 0)).toThrow(/dt_ms must be a finite number > 0/);
  });

  it('rejects a wrongly sized output population or too few values at step time', () => {
    const enc = createEncoder(encoders[0], 2, 1);
    const rng = new Rng(0);
    expect(() => enc.step([0.5, 0.5], createSpikeOutput(5), rng)).toThrow(/must have 6 neurons, got 5/);
    expect(() => enc.step([0.5], createSpikeOutput(6), rng)).toThrow(/at least 2 values, got 1/);
  });

  it('copies the spec: later edits to the caller object do not change the encoder', () => {
    const spec = { kind: 'poisson' as const, low: 0, high: 1, maxRate_Hz: 1000, neuronsPerValue: 1 };
    const enc = createEncoder(spec, 1, 1);
    spec.maxRate_Hz = 0.001;
    const out = createSpikeOutput(1);
    let n = 0;
    const rng = new Rng(0);
    for (let t = 0; t < 100; t++) {
      clearSpikes(out);
      enc.step([1], out, rng);
      n += out.count;
    }
    expect(n).toBe(100); // probability 1 per step, as created
  });
});

describe('decoder specs', () => {
  it('covers every kind, with the documented sizes', () => {
    expect(new Set(decoders.map((d) => d.kind))).toEqual(new Set(DECODER_KINDS));
    expect(decoders.map((d) => createDecoder(d, 3, 1).size)).toEqual([3 * 2, 3 * 5, 3 * 2 * 2, 3 * 3 * 2]);
  });

  it('outputs are finite before any spike and after reset', () => {
    for (const spec of decoders) {
      const d = createDecoder(spec, 3, 1);
      const o = new Float32Array(3).fill(NaN);
      d.read(o);
      for (const x of o) expect(Number.isFinite(x), spec.kind).toBe(true);
      const s = createSpikeOutput(d.size);
      for (let i = 0; i < d.size; i++) {
        s.flags[i] = 1;
        s.list[i] = i;
      }
      s.count = d.size;
      d.step(s);
      d.reset();
      o.fill(NaN);
      d.read(o);
      for (const x of o) expect(Number.isFinite(x), spec.kind).toBe(true);
    }
  });

  it('rejects bad parameters naming the field', () => {
    const cases: [DecoderSpec, RegExp][] = [
      [{ ...decoders[0], tau_ms: 0 } as DecoderSpec, /tau_ms must be a finite number > 0, got 0/],
      [{ ...decoders[0], neuronsPerOutput: 0 } as DecoderSpec, /neuronsPerOutput must be an integer ≥ 1/],
      [{ ...decoders[1], silentValue: NaN } as DecoderSpec, /silentValue must be a finite number/],
      [{ ...decoders[1], silentBelow_Hz: -1 } as DecoderSpec, /silentBelow_Hz must be a finite number ≥ 0/],
      [{ ...decoders[2], gain_perHz: Infinity } as DecoderSpec, /gain_perHz must be a finite number/],
      [{ ...decoders[2], layout: 'thirds' } as unknown as DecoderSpec, /layout must be 'halves' or 'two-populations'/],
      [{ ...decoders[3], options: 1 } as DecoderSpec, /options must be an integer ≥ 2/],
      [{ ...decoders[3], values: [1, 2] } as DecoderSpec, /values must have 3 elements, got 2/],
      [{ ...decoders[3], values: [1, NaN, 2] } as DecoderSpec, /values\[1\] must be a finite number/],
      [{ kind: 'mean' } as unknown as DecoderSpec, /kind must be one of filtered-rate, population-vector, antagonistic-pair, winner-take-all/],
    ];
    for (const [spec, msg] of cases) expect(() => createDecoder(spec, 1, 1)).toThrow(msg);
  });

  it('rejects wrongly sized spike sources and output buffers', () => {
    const d = createDecoder(decoders[0], 3, 1);
    expect(() => d.step(createSpikeOutput(5))).toThrow(/must have 6 neurons, got 5/);
    expect(() => d.read(new Float32Array(2))).toThrow(/out must hold 3 values, got 2/);
  });
});
