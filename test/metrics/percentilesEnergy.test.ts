import { describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';
import { ENERGY_ESTIMATE_SOURCES, ENERGY_PLATFORMS, estimateEnergy, formatJoules, nearestRank, percentilesOf, percentilesOfCounts } from '../../controllers/metrics/index.js';

describe('nearest-rank percentiles', () => {
  it('the p-th percentile is the smallest sample with at least p % of the samples at or below it', () => {
    const rng = new Rng(3, 'pct');
    for (const n of [1, 2, 7, 100, 1001]) {
      const xs = Array.from({ length: n }, () => Math.round(rng.range(0, 50)));
      const sorted = [...xs].sort((a, b) => a - b);
      for (const p of [1, 50, 90, 99, 100]) {
        const v = nearestRank(sorted, p);
        const atOrBelow = xs.filter((x) => x <= v).length;
        const below = xs.filter((x) => x < v).length;
        expect(atOrBelow).toBeGreaterThanOrEqual((p / 100) * n);
        expect(below).toBeLessThan((p / 100) * n);
      }
      const d = percentilesOf([...xs, NaN, Infinity])!;
      expect(d.n).toBe(n);
      expect(d.max).toBe(sorted[n - 1]);
      expect(d.mean).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / n, 12);
    }
    expect(percentilesOf([NaN])).toBeNull();
    expect(() => nearestRank([1], 0)).toThrow('nearestRank: expected a percentile in (0, 100], got 0');
  });

  it('a histogram gives the percentiles of the samples it counts', () => {
    const counts = [0, 3, 0, 7, 1, 0, 9];
    const at = (i: number) => 20 * (i + 1);
    const samples = counts.flatMap((c, i) => Array<number>(c).fill(at(i)));
    expect(percentilesOfCounts(counts, at)).toEqual(percentilesOf(samples));
    expect(percentilesOfCounts([0, 0], at)).toBeNull();
  });
});

describe('energy estimate', () => {
  // Published per-event energies (see controllers/metrics/energyEstimate.ts for the sources).
  const TRUENORTH_PJ = 26; // Merolla et al. 2014
  const LOIHI_SOP_PJ = 23.6; // Davies et al. 2018, Table 2
  const LOIHI_UPDATE_PJ = 120;
  const LOIHI_NEURON_PJ = 52;
  const LOIHI_SPIKE_PJ = 1.7;
  const FP32_MULT_PJ = 3.7; // Horowitz 2014
  const FP32_ADD_PJ = 0.9;

  it('prices each counted event at its published energy', () => {
    const w = { synapticOps: 1.5e6, synapticUpdates: 2e5, neuronUpdates: 1e6, spikes: 1e5, denseMacs: 4e7 };
    const e = estimateEnergy(w);
    expect(e.truenorth).toBeCloseTo(w.synapticOps * TRUENORTH_PJ * 1e-12, 18);
    expect(e.loihi).toBeCloseTo((w.synapticOps * LOIHI_SOP_PJ + w.synapticUpdates * LOIHI_UPDATE_PJ + w.neuronUpdates * LOIHI_NEURON_PJ + w.spikes * LOIHI_SPIKE_PJ) * 1e-12, 18);
    expect(e.cpu_dense_fp32).toBeCloseTo(w.denseMacs * (FP32_MULT_PJ + FP32_ADD_PJ) * 1e-12, 18);
    expect(FP32_MULT_PJ + FP32_ADD_PJ).toBeCloseTo(4.6, 12);
    expect(e.cpu_event_fp32).toBeCloseTo(w.synapticOps * FP32_ADD_PJ * 1e-12, 18);
    // Every platform has its source stated.
    for (const p of ENERGY_PLATFORMS) expect(ENERGY_ESTIMATE_SOURCES[p]).toMatch(/\d{4}/);
  });

  it('rejects counts that are not counts', () => {
    expect(() => estimateEnergy({ synapticOps: -1, synapticUpdates: 0, neuronUpdates: 0, spikes: 0, denseMacs: 0 })).toThrow('energy estimate: synapticOps must be a count ≥ 0, got -1');
    expect(() => estimateEnergy({ synapticOps: 0, synapticUpdates: NaN, neuronUpdates: 0, spikes: 0, denseMacs: 0 })).toThrow('synapticUpdates must be a count ≥ 0, got NaN');
  });

  it('formats joules with an SI prefix', () => {
    expect(formatJoules(5.32e-5)).toBe('53.2 µJ');
    expect(formatJoules(4e-8)).toBe('40.0 nJ');
    expect(formatJoules(2.5)).toBe('2.50 J');
    expect(formatJoules(0)).toBe('0 J');
  });
});
