/**
 * Episode seeds for training and evaluation, derived from one user seed. Training seeds have
 * the top bit clear and evaluation seeds have it set, so evaluation never replays a layout
 * seen in training, whatever the seeds and episode counts.
 */
import { hashString32 } from './rng.js';

export type SeedSplit = 'train' | 'eval';

/** Seed of episode `k` (0-based) of `split` for the user seed `seed`; an integer in [0, 2³²). */
export function episodeSeed(seed: number, split: SeedSplit, k: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`episodeSeed: seed must be finite, got ${seed}`);
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`episodeSeed: episode index must be an integer ≥ 0, got ${k}`);
  const h = hashString32(`${split}:${seed}:${k}`) & 0x7fffffff;
  return split === 'eval' ? (h | 0x80000000) >>> 0 : h;
}

/** Whether a seed belongs to the evaluation split. */
export function isEvalSeed(s: number): boolean {
  return s >= 0x80000000;
}
