import { describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';
import { clearSpikes, createSpikeOutput } from '../../controllers/neurons/model.js';
import { createEncoder, latency_ms } from '../../controllers/coding/index.js';
import type { LatencyEncoderSpec } from '../../controllers/coding/index.js';

/** Spike times (ms, step n at n·dt) per neuron. */
function spikeTimes(spec: LatencyEncoderSpec, valuesAt: (t: number) => ArrayLike<number>, n: number, steps: number, dt_ms: number) {
  const enc = createEncoder(spec, n, dt_ms);
  const out = createSpikeOutput(enc.size);
  const rng = new Rng(0, 'unused');
  const times: number[][] = Array.from({ length: n }, () => []);
  for (let t = 0; t < steps; t++) {
    clearSpikes(out);
    enc.step(valuesAt(t), out, rng);
    for (let k = 0; k < out.count; k++) times[out.list[k]].push(t * dt_ms);
  }
  return { times, enc };
}

describe('latency (time-to-first-spike) encoder', () => {
  const spec: LatencyEncoderSpec = { kind: 'latency', low: 0, high: 1, window_ms: 20 };

  for (const dt_ms of [1, 0.1]) {
    it(`one spike per window at t = window·(1 − u), exactly on the grid (dt = ${dt_ms} ms)`, () => {
      // Normalised values whose latencies are whole steps at both dt: 0, 5, 14, 19.5 (dt 0.1 only), 20 ms.
      const xs = [1, 0.75, 0.3, 0.5, 1.4, 0.025];
      const windows = 3;
      const W = Math.round(spec.window_ms / dt_ms);
      const { times } = spikeTimes(spec, () => xs, xs.length, windows * W, dt_ms);
      for (let i = 0; i < xs.length; i++) {
        const lat = latency_ms(spec, xs[i]);
        const u = Math.min(1, Math.max(0, (xs[i] - spec.low) / (spec.high - spec.low)));
        expect(lat).toBeCloseTo(spec.window_ms * (1 - u), 12);
        const onGrid = Math.abs(lat / dt_ms - Math.round(lat / dt_ms)) < 1e-9;
        if (Math.round(lat / dt_ms) >= W) {
          // Latency rounds to the window length (19.5 ms at dt = 1 ms): outside the window, silent.
          expect(times[i]).toEqual([]);
          continue;
        }
        expect(times[i]).toHaveLength(windows);
        for (let m = 0; m < windows; m++) {
          const expected = m * spec.window_ms + lat;
          if (onGrid) expect(Math.abs(times[i][m] - expected)).toBeLessThan(1e-9);
          else expect(Math.abs(times[i][m] - expected)).toBeLessThanOrEqual(dt_ms / 2 + 1e-9);
        }
      }
    });
  }

  it('larger values fire earlier; off-grid latencies round to the nearest step', () => {
    const dt_ms = 1;
    const xs = [0.33, 0.66, 0.99]; // latencies 13.4, 6.8, 0.2 ms → steps 13, 7, 0
    const { times } = spikeTimes(spec, () => xs, xs.length, 20, dt_ms);
    for (let i = 0; i < xs.length; i++) {
      expect(times[i]).toEqual([Math.round(spec.window_ms * (1 - xs[i]) / dt_ms) * dt_ms]);
    }
    expect(times[2][0]).toBeLessThan(times[1][0]);
    expect(times[1][0]).toBeLessThan(times[0][0]);
  });

  it('the minimum value, values below the range, −Infinity and NaN never fire', () => {
    const xs = [0, -5, -Infinity, NaN];
    const { times } = spikeTimes(spec, () => xs, xs.length, 200, 1);
    for (const t of times) expect(t).toEqual([]);
  });

  it('the value is latched at the window start: changes within a window move only the next spike', () => {
    const dt_ms = 1;
    // 0.9 during window 0's first step, then 0.2 (latency 16) — window 0 still fires at 2 ms.
    const { times } = spikeTimes(spec, (t) => [t === 0 ? 0.9 : 0.2], 1, 40, dt_ms);
    expect(times[0]).toHaveLength(2);
    expect(Math.abs(times[0][0] - latency_ms(spec, 0.9))).toBeLessThan(1e-9);
    expect(Math.abs(times[0][1] - (spec.window_ms + latency_ms(spec, 0.2)))).toBeLessThan(1e-9);
  });

  it('a NaN at a window start silences that window only; reset restarts the window', () => {
    const { times } = spikeTimes(spec, (t) => [t < 20 ? NaN : 0.5], 1, 60, 1);
    expect(times[0]).toEqual([30, 50]);
    const { enc } = spikeTimes(spec, () => [0.5], 1, 7, 1); // stopped mid-window
    enc.reset();
    const out = createSpikeOutput(1);
    const rng = new Rng(0);
    const fired: number[] = [];
    for (let t = 0; t < 20; t++) {
      clearSpikes(out);
      enc.step([0.5], out, rng);
      if (out.count) fired.push(t);
    }
    expect(fired).toEqual([10]);
  });

  it('rejects a window that is not a whole number of steps', () => {
    expect(() => createEncoder({ ...spec, window_ms: 2.5 }, 1, 1)).toThrow(/window_ms must be a whole number/);
    expect(() => createEncoder({ ...spec, window_ms: 0.05 }, 1, 0.1)).toThrow(RangeError);
  });
});
