/**
 * Scalar distributions used to initialise weights, delays and state variables from a spec.
 * A bare number is a constant.
 */
import type { Rng } from '../../loop/rng.js';

export type Distribution =
  | number
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  /** Normal, redrawn (not clamped) until inside [low, high] when bounds are given. */
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number; readonly low?: number; readonly high?: number };

/** Checks a distribution's parameters; `where` names it in the message. */
export function validateDistribution(d: Distribution, where: string): void {
  if (typeof d === 'number') {
    if (!Number.isFinite(d)) throw new RangeError(`${where}: expected a finite number, got ${d}`);
    return;
  }
  switch (d.kind) {
    case 'constant':
      if (!Number.isFinite(d.value)) throw new RangeError(`${where}.value: expected a finite number, got ${d.value}`);
      return;
    case 'uniform':
      if (!(d.low <= d.high)) throw new RangeError(`${where}: uniform needs low ≤ high, got low=${d.low}, high=${d.high}`);
      return;
    case 'normal': {
      if (!(d.sd >= 0)) throw new RangeError(`${where}.sd: expected ≥ 0, got ${d.sd}`);
      const lo = d.low ?? -Infinity;
      const hi = d.high ?? Infinity;
      if (!(lo <= hi)) throw new RangeError(`${where}: normal needs low ≤ high, got low=${lo}, high=${hi}`);
      // Reject bounds that leave (almost) no probability mass: redrawing would never finish.
      if (d.sd === 0 ? d.mean < lo || d.mean > hi : Math.min(hi - d.mean, d.mean - lo) < -4 * d.sd) {
        throw new RangeError(`${where}: bounds [${lo}, ${hi}] exclude the bulk of normal(${d.mean}, ${d.sd})`);
      }
      return;
    }
  }
}

/** Draws one value. */
export function sample(d: Distribution, rng: Rng): number {
  if (typeof d === 'number') return d;
  switch (d.kind) {
    case 'constant':
      return d.value;
    case 'uniform':
      return rng.range(d.low, d.high);
    case 'normal': {
      const lo = d.low ?? -Infinity;
      const hi = d.high ?? Infinity;
      for (;;) {
        const x = rng.gauss(d.mean, d.sd);
        if (x >= lo && x <= hi) return x;
      }
    }
  }
}

/** Fills `out` with independent draws. */
export function sampleInto(d: Distribution, rng: Rng, out: Float32Array | Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = sample(d, rng);
}
