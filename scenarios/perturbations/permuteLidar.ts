/**
 * `permute-lidar[:seed=S][,channel=lidar]` — the lidar's beams re-wired in a random order drawn
 * once from `seed` (Fisher–Yates on the stream 'perturb-permute-lidar'), the same order in every
 * episode: a sensor whose map the controller must learn afresh. Seed 0 by default.
 */
import { Rng } from '../../loop/rng.js';
import { withSensorPermutation } from '../../loop/wrappers/withSensorPermutation.js';
import type { Perturbation } from './perturbation.js';

/** The permutation of 0 … n−1 that `permute-lidar:seed=seed` applies. */
export function seededPermutation(n: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed, 'perturb-permute-lidar');
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

export const PERMUTE_LIDAR: Perturbation = {
  name: 'permute-lidar',
  summary: 'lidar beams re-wired in a seeded random order',
  usage: 'permute-lidar[:seed=<integer ≥ 0>][,channel=lidar]',
  bodyKinds: ['quadrotor'],
  apply(body, args) {
    const seed = args.number('seed', { fallback: 0, min: 0, integer: true });
    const channel = args.sensor(body, args.string('channel', 'lidar'), { unit: 'm', minSize: 2, what: 'a range-sensor channel' });
    args.done(['seed', 'channel']);
    return withSensorPermutation(body, channel.name, seededPermutation(channel.size, seed));
  },
};
