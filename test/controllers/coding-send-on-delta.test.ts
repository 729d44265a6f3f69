import { describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';
import { clearSpikes, createSpikeOutput } from '../../controllers/neurons/model.js';
import { createEncoder } from '../../controllers/coding/index.js';
import type { SendOnDeltaEncoderSpec } from '../../controllers/coding/index.js';

/** Feeds a sequence of value vectors; returns per-neuron event steps. */
function events(spec: SendOnDeltaEncoderSpec, seq: ArrayLike<number>[]) {
  const n = seq[0].length;
  const enc = createEncoder(spec, n, 1);
  const out = createSpikeOutput(enc.size);
  const rng = new Rng(0);
  const at: number[][] = Array.from({ length: enc.size }, () => []);
  seq.forEach((v, t) => {
    clearSpikes(out);
    enc.step(v, out, rng);
    for (let k = 0; k < out.count; k++) at[out.list[k]].push(t);
  });
  return at;
}

/** Linear ramp from a to b over `steps` steps (both ends included). */
function ramp(a: number, b: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, k) => a + ((b - a) * k) / steps);
}

describe('send-on-delta encoder', () => {
  const spec: SendOnDeltaEncoderSpec = { kind: 'send-on-delta', low: -2, high: 4, threshold: 0.25 };

  it('a slow ramp up then down gives ⌊Δ/threshold⌋ ON then OFF events, on the right neurons', () => {
    const up = ramp(0, 3, 600); // 12 thresholds
    const down = ramp(3, -1.6, 900); // from the level 3: 4.6 / 0.25 = 18.4 → 18
    const seq = [...up, ...down].map((x) => [x, -x]); // value 1 mirrors value 0
    const ev = events(spec, seq);
    const nUpOn = Math.floor((3 - 0) / spec.threshold);
    const nDownOff = Math.floor((3 - -1.6) / spec.threshold);
    const onUp = ev[0].filter((t) => t < up.length).length;
    expect(onUp).toBe(nUpOn);
    expect(ev[1].filter((t) => t < up.length)).toEqual([]); // no OFF while rising
    expect(ev[1].filter((t) => t >= up.length).length).toBe(nDownOff);
    expect(ev[0].filter((t) => t >= up.length)).toEqual([]);
    // The mirrored value: polarities swapped, same counts. (-x ramps to -3, below low = -2: clipped.)
    const nMirrorOff = Math.floor((0 - spec.low) / spec.threshold); // 0 → -2 (clipped), 8 events
    expect(ev[3].filter((t) => t < up.length).length).toBe(nMirrorOff);
    expect(ev[2].filter((t) => t < up.length)).toEqual([]);
  });

  it('each event fires at the step the value first crosses level ± threshold', () => {
    const seq = ramp(0, 1, 100).map((x) => [x]); // +0.01 per step: crossings at steps 25, 50, 75, 100
    const ev = events(spec, seq);
    expect(ev[0]).toEqual([25, 50, 75, 100].map((k) => k));
  });

  it('counts are exact for a non-dyadic threshold (0.1) up to the last multiple', () => {
    const s: SendOnDeltaEncoderSpec = { ...spec, threshold: 0.1 };
    for (const [b, steps] of [
      [1, 1000],
      [1.05, 700],
      [2.999, 333],
    ] as const) {
      const ev = events(s, ramp(0, b, steps).map((x) => [x]));
      expect(ev[0].length).toBe(Math.floor(b / s.threshold + 1e-9));
      expect(ev[1]).toEqual([]);
    }
  });

  it('a jump of several thresholds emits one event per step until caught up (none lost)', () => {
    const seq = [[0], [1.1], [1.1], [1.1], [1.1], [1.1], [1.1], [-0.3], [-0.3], [-0.3], [-0.3], [-0.3], [-0.3], [-0.3]];
    const ev = events(spec, seq);
    const nOn = Math.floor(1.1 / spec.threshold); // 4 events, level 1.0
    expect(ev[0]).toEqual(Array.from({ length: nOn }, (_, k) => 1 + k));
    const nOff = Math.floor((nOn * spec.threshold - -0.3) / spec.threshold); // (1.0 + 0.3)/0.25 → 5
    expect(ev[1]).toEqual(Array.from({ length: nOff }, (_, k) => 7 + k));
  });

  it('NaN samples are ignored (no event, level kept); +Infinity is clipped to high', () => {
    const clean = ramp(0, 3, 300).map((x) => [x]);
    const withNaN: number[][] = [];
    const isNaN: boolean[] = [];
    for (const v of clean) {
      withNaN.push(v, [NaN]);
      isNaN.push(false, true);
    }
    const ev = events(spec, withNaN);
    expect(ev[0].some((t) => isNaN[t])).toBe(false);
    expect(ev[0].length).toBe(Math.floor(3 / spec.threshold));
    expect(ev[1]).toEqual([]);
    // First sample NaN: the first finite sample sets the level.
    expect(events(spec, [[NaN], [1], [1]])[0]).toEqual([]);
    const inf = events(spec, [[0], [Infinity], [Infinity], ...Array.from({ length: 30 }, () => [Infinity])]);
    expect(inf[0].length).toBe(Math.floor((spec.high - 0) / spec.threshold));
  });
});
