/**
 * The weight update of one training round. Every episode of the round starts from the same
 * weights w; episode i ends with wᵢ. The round's result is
 *
 *   w' = clip(w + Σᵢ (wᵢ − w), low, high)
 *
 * summed in float64 in episode order (so the result never depends on which thread finished
 * first) and stored as float32. The clip is the plasticity rule's own weight range
 * (parameterBounds.ts), for arrays that have one: each episode stays inside it, but a sum of
 * several changes does not (on the point-mass fixture, batches of 4 drove excitatory weights
 * to −200 pA and silenced the network). Episodes that ended in an error (physics blow-up)
 * contribute nothing, nor does one whose parameters hold a NaN (it would poison every weight);
 * the caller records both.
 */
import type { ParameterBound } from './parameterBounds.js';


export type Parameters = Readonly<Record<string, Float32Array>>;

/** The name and index of the first NaN (or ±Infinity) in `p`, or null. */
export function firstNonFinite(p: Parameters): { readonly name: string; readonly index: number } | null {
  for (const [name, a] of Object.entries(p)) {
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return { name, index: i };
  }
  return null;
}

/**
 * w + Σ (finalᵢ − w) over the given final parameters (in the order given), clipped to
 * `bounds[name]` where given. Every final must have exactly w's arrays and lengths.
 */
export function sumOfChanges(current: Parameters, finals: readonly Parameters[], bounds: Readonly<Record<string, ParameterBound>> = {}): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, w] of Object.entries(current)) {
    const acc = Float64Array.from(w);
    for (const [k, f] of finals.entries()) {
      const wi = f[name];
      if (!wi || wi.length !== w.length) throw new RangeError(`batch update: episode ${k} has ${wi ? `${wi.length} values` : 'no array'} for '${name}', expected ${w.length}`);
      for (let j = 0; j < acc.length; j++) acc[j] += wi[j] - w[j];
    }
    const b = bounds[name];
    if (b) for (let j = 0; j < acc.length; j++) acc[j] = acc[j] < b.low ? b.low : acc[j] > b.high ? b.high : acc[j];
    out[name] = Float32Array.from(acc);
  }
  return out;
}
