import { describe, expect, it } from 'vitest';
import { clearSpikes, createSpikeOutput, emitSpike } from '../../controllers/neurons/model.js';
import type { SpikeOutput } from '../../controllers/neurons/model.js';
import {
  createDecoder,
  createPopulationVectorDecoder,
  populationVectorCentre,
  populationVectorDecoderRead,
} from '../../controllers/coding/index.js';
import type { Decoder, DecoderSpec } from '../../controllers/coding/index.js';

/** Sets `out` to the neurons of `periods` (neuron → period in steps, -1 = silent) firing at step t (t mod M = phase). */
function regular(out: SpikeOutput, periods: readonly number[], t: number, phase = 0): void {
  clearSpikes(out);
  for (let i = 0; i < periods.length; i++) if (periods[i] > 0 && t % periods[i] === phase) emitSpike(out, i);
}

/** Runs `steps` steps of regular trains and returns the read-out after each of the last `window` steps. */
function runRegular(d: Decoder, periods: readonly number[], steps: number, window: number): Float32Array[] {
  const s = createSpikeOutput(d.size);
  const o = new Float32Array(d.outputs);
  const reads: Float32Array[] = [];
  for (let t = 0; t < steps; t++) {
    regular(s, periods, t);
    d.step(s);
    if (t >= steps - window) {
      d.read(o);
      reads.push(o.slice());
    }
  }
  return reads;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('filtered-rate decoder', () => {
  for (const [dt_ms, tau_ms, M] of [
    [1, 50, 25],
    [0.1, 20, 73],
  ] as const) {
    it(`regular train, period ${M} steps at dt = ${dt_ms} ms: steady-state period mean = f, peak and trough analytic`, () => {
      const f_Hz = 1000 / (M * dt_ms);
      const d = createDecoder({ kind: 'filtered-rate', tau_ms, neuronsPerOutput: 1 }, 1, dt_ms);
      const steps = Math.ceil((40 * tau_ms) / dt_ms / M) * M; // ≥ 40 τ, whole periods
      const reads = runRegular(d, [M], steps, M).map((r) => r[0]);
      // Derivation (see rateTrace.ts): jump J = (1 − a)/dt with a = e^{−dt/τ}; k steps after a
      // spike the steady trace is J a^k / (1 − a^M); its mean over a period is J/(M(1 − a)) = 1/(M dt).
      expect(relErr(mean(reads), f_Hz)).toBeLessThan(1e-6);
      const a = Math.exp(-dt_ms / tau_ms);
      const J_Hz = (1000 * (1 - a)) / dt_ms;
      const peak = J_Hz / (1 - a ** M);
      // The last M reads cover steps steps−M … steps−1; the spike steps are multiples of M.
      expect(relErr(reads[0], peak)).toBeLessThan(1e-6);
      expect(relErr(reads[M - 1], peak * a ** (M - 1))).toBeLessThan(1e-6);
      // The continuous kernel's peak would be (1/τ)/(1 − e^{−T/τ}); the discrete jump tends to it.
      expect(relErr(J_Hz, 1000 / tau_ms)).toBeLessThan(dt_ms / tau_ms);
    });
  }

  it('converges from rest as 1 − a^{Mn} after n spikes', () => {
    const dt_ms = 1;
    const tau_ms = 30;
    const M = 10;
    const a = Math.exp(-dt_ms / tau_ms);
    const d = createDecoder({ kind: 'filtered-rate', tau_ms, neuronsPerOutput: 1 }, 1, dt_ms);
    const s = createSpikeOutput(1);
    const o = new Float32Array(1);
    const peakSteady = ((1000 * (1 - a)) / dt_ms) / (1 - a ** M);
    for (let t = 0; t < 200; t++) {
      regular(s, [M], t);
      d.step(s);
      if (t % M === 0) {
        const n = t / M + 1;
        d.read(o);
        expect(relErr(o[0], peakSteady * (1 - a ** (M * n)))).toBeLessThan(1e-6);
      }
    }
  });

  it('each output is the mean over its group of neurons', () => {
    const periods = [10, 20, 25, 50, 4, -1, -1, -1]; // two outputs of 4 neurons
    const d = createDecoder({ kind: 'filtered-rate', tau_ms: 20, neuronsPerOutput: 4 }, 2, 1);
    const reads = runRegular(d, periods, 2000, 100); // lcm of the periods = 100
    const f = periods.map((p) => (p > 0 ? 1000 / p : 0));
    expect(relErr(mean(reads.map((r) => r[0])), mean(f.slice(0, 4)))).toBeLessThan(1e-6);
    expect(relErr(mean(reads.map((r) => r[1])), mean(f.slice(4, 8)))).toBeLessThan(1e-6);
  });

  it('reset clears the traces', () => {
    const d = createDecoder({ kind: 'filtered-rate', tau_ms: 20, neuronsPerOutput: 1 }, 1, 1);
    runRegular(d, [5], 100, 1);
    d.reset();
    const o = Float32Array.of(NaN);
    d.read(o);
    expect(o[0]).toBe(0);
  });
});

describe('antagonistic-pair decoder', () => {
  const gain = 0.02; // command units per Hz

  it('halves: output = gain · (rate_L − rate_R) per pair, sign follows the stronger side', () => {
    // 2 outputs × 3 neurons per side: lefts are neurons 0–5, rights 6–11.
    const periods = [10, 10, 10, 50, 50, 50, /* rights */ 25, 25, 25, 10, 10, 10];
    const spec: DecoderSpec = { kind: 'antagonistic-pair', tau_ms: 25, neuronsPerSide: 3, gain_perHz: gain, layout: 'halves' };
    const d = createDecoder(spec, 2, 1);
    expect(d.size).toBe(12);
    const reads = runRegular(d, periods, 3000, 50);
    const expected0 = gain * (100 - 40); // +1.2
    const expected1 = gain * (20 - 100); // −1.6
    expect(relErr(mean(reads.map((r) => r[0])), expected0)).toBeLessThan(1e-5);
    expect(relErr(mean(reads.map((r) => r[1])), expected1)).toBeLessThan(1e-5);
    // Swapping sides negates exactly; a negative gain flips the sign.
    const swapped = runRegular(createDecoder(spec, 2, 1), [...periods.slice(6), ...periods.slice(0, 6)], 3000, 50);
    swapped.forEach((r, k) => {
      expect(r[0]).toBe(-reads[k][0]);
      expect(r[1]).toBe(-reads[k][1]);
    });
    const neg = runRegular(createDecoder({ ...spec, gain_perHz: -gain }, 2, 1), periods, 3000, 50);
    neg.forEach((r, k) => expect(r[0]).toBe(-reads[k][0]));
  });

  it('two populations give exactly the halves result; missing right source is an error', () => {
    const spec: DecoderSpec = { kind: 'antagonistic-pair', tau_ms: 25, neuronsPerSide: 2, gain_perHz: gain, layout: 'halves' };
    const half = createDecoder(spec, 1, 1);
    const two = createDecoder({ ...spec, layout: 'two-populations' }, 1, 1);
    expect(two.sources).toBe(2);
    const whole = createSpikeOutput(4);
    const left = createSpikeOutput(2);
    const right = createSpikeOutput(2);
    const a = new Float32Array(1);
    const b = new Float32Array(1);
    const periods = [7, 11, 5, 13];
    for (let t = 0; t < 500; t++) {
      regular(whole, periods, t);
      regular(left, periods.slice(0, 2), t);
      regular(right, periods.slice(2), t);
      half.step(whole);
      two.step(left, right);
      half.read(a);
      two.read(b);
      expect(b[0]).toBe(a[0]);
    }
    expect(a[0]).toBeLessThan(0); // right side fires faster (1/5 + 1/13 > 1/7 + 1/11)
    expect(() => two.step(left)).toThrow(TypeError);
  });

  it('silent pair outputs exactly 0', () => {
    const d = createDecoder({ kind: 'antagonistic-pair', tau_ms: 25, neuronsPerSide: 2, gain_perHz: gain, layout: 'halves' }, 1, 1);
    const reads = runRegular(d, [-1, -1, -1, -1], 100, 1);
    expect(reads[0][0]).toBe(0);
  });
});

describe('winner-take-all decoder', () => {
  const base = { kind: 'winner-take-all', tau_ms: 20, options: 4, neuronsPerOption: 2, silentValue: -1, silentBelow_Hz: 0 } as const;

  it('picks the group with the highest mean rate (not the single fastest neuron); maps it through values', () => {
    // Group means (spikes/step): option 0 (1/3 + 0)/2 = 0.167, option 1 (1/4 + 1/4)/2 = 0.25,
    // option 2 (1/10 + 1/10)/2 = 0.1, option 3 silent. Option 0 holds the fastest neuron, option 1 wins.
    const periods = [3, -1, 4, 4, 10, 10, -1, -1];
    const reads = runRegular(createDecoder(base, 1, 1), periods, 1000, 200);
    for (const r of reads) expect(r[0]).toBe(1);
    const values = [-0.5, 0, 0.5, 1];
    const mapped = runRegular(createDecoder({ ...base, values }, 1, 1), periods, 1000, 200);
    for (const r of mapped) expect(r[0]).toBe(values[1]);
  });

  it('a clear winner is chosen at every read', () => {
    const periods = [-1, -1, 20, 20, 4, 5, 50, -1];
    const reads = runRegular(createDecoder(base, 1, 1), periods, 500, 100);
    for (const r of reads) expect(r[0]).toBe(2);
  });

  it('ties go to the lowest index', () => {
    const periods = [-1, -1, 6, 6, -1, -1, 6, 6]; // options 1 and 3 identical
    const reads = runRegular(createDecoder(base, 1, 1), periods, 300, 50);
    for (const r of reads) expect(r[0]).toBe(1);
  });

  it('no spikes ⇒ silentValue; a decaying winner turns silent at the analytic step', () => {
    const silent = runRegular(createDecoder(base, 1, 1), Array(8).fill(-1), 100, 1);
    expect(silent[0][0]).toBe(base.silentValue);
    const dt_ms = 1;
    const thr = 5;
    const d = createDecoder({ ...base, neuronsPerOption: 1, silentBelow_Hz: thr }, 1, dt_ms);
    const s = createSpikeOutput(4);
    const o = new Float32Array(1);
    const a = Math.exp(-dt_ms / base.tau_ms);
    const J = (1000 * (1 - a)) / dt_ms;
    // One spike of option 3 at step 0: rate J·a^k after k further steps; silent once J·a^k ≤ thr.
    const kSilent = Math.ceil(Math.log(thr / J) / Math.log(a));
    const outputs: number[] = [];
    for (let t = 0; t <= kSilent + 5; t++) {
      clearSpikes(s);
      if (t === 0) emitSpike(s, 3);
      d.step(s);
      d.read(o);
      outputs.push(o[0]);
    }
    for (let t = 0; t < kSilent; t++) expect(outputs[t]).toBe(3);
    for (let t = kSilent; t < outputs.length; t++) expect(outputs[t]).toBe(base.silentValue);
  });

  it('several outputs decide independently', () => {
    const periods = [5, -1, -1, -1, -1, -1, -1, -1, /* output 1 */ -1, -1, -1, -1, -1, -1, 5, 5];
    const reads = runRegular(createDecoder(base, 2, 1), periods, 200, 10);
    for (const r of reads) expect([r[0], r[1]]).toEqual([0, 3]);
  });
});

describe('population-vector decoder', () => {
  const spec = {
    kind: 'population-vector',
    tau_ms: 20,
    low: -2,
    high: 2,
    neuronsPerValue: 9,
    silentValue: 0.25,
    silentBelow_Hz: 0,
  } as const;

  it('one active neuron decodes to its centre; two equal ones to their midpoint', () => {
    const one = Array(9).fill(-1);
    one[6] = 7;
    const r1 = runRegular(createDecoder(spec, 1, 1), one, 200, 20);
    const c6 = populationVectorCentre(spec, 6);
    expect(c6).toBe(-2 + 6 * 0.5);
    for (const r of r1) expect(r[0]).toBe(Math.fround(c6));
    const two = Array(9).fill(-1);
    two[1] = 7;
    two[4] = 7;
    const r2 = runRegular(createDecoder(spec, 1, 1), two, 200, 20);
    for (const r of r2) expect(r[0]).toBeCloseTo((-1.5 + 0) / 2, 6);
  });

  it('weights the centres by rate: Σ r c / Σ r', () => {
    const p = { ...spec };
    const st = createPopulationVectorDecoder(p, 1, 1);
    const rates = [0, 3, 40, 12.5, 0, 0, 7, 1, 0];
    st.trace.rate_Hz.set(rates);
    const o = new Float32Array(1);
    populationVectorDecoderRead(p, st, o);
    let num = 0;
    let den = 0;
    rates.forEach((r, j) => {
      num += r * (-2 + j * 0.5);
      den += r;
    });
    expect(o[0]).toBeCloseTo(num / den, 6);
  });

  it('silent population ⇒ silentValue; silentBelow_Hz applies to the group mean', () => {
    const d = createDecoder(spec, 2, 1);
    const periods = Array(18).fill(-1);
    periods[3] = 10; // output 0 active, output 1 silent
    const reads = runRegular(d, periods, 200, 1);
    expect(reads[0][0]).toBe(Math.fround(populationVectorCentre(spec, 3)));
    expect(reads[0][1]).toBe(spec.silentValue);
    // Group mean of output 0 at steady state is (1/10 per step = 100 Hz)/9 ≈ 11 Hz: a 50 Hz floor silences it.
    const loud = runRegular(createDecoder({ ...spec, silentBelow_Hz: 50 }, 2, 1), periods, 200, 1);
    expect(loud[0][0]).toBe(spec.silentValue);
  });
});
