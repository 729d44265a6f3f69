/**
 * `mirror-lidar[:channel=lidar]` — the lidar mounted upside down: its beams read in reverse
 * order, y[i] = x[n − 1 − i], so an obstacle on the left shows on the right. For a scan
 * symmetric about straight ahead (the crossing scenarios' −90° … +90°) this is exactly a
 * left/right mirror; a reactive avoider then steers into what it should avoid.
 */
import { withSensorPermutation } from '../../loop/wrappers/withSensorPermutation.js';
import type { Perturbation } from './perturbation.js';

export const MIRROR_LIDAR: Perturbation = {
  name: 'mirror-lidar',
  summary: 'lidar beams in reverse order (left/right mirrored)',
  usage: 'mirror-lidar[:channel=lidar]',
  bodyKinds: ['quadrotor'],
  apply(body, args) {
    const channel = args.sensor(body, args.string('channel', 'lidar'), { unit: 'm', minSize: 2, what: 'a range-sensor channel' });
    args.done(['channel']);
    const n = channel.size;
    return withSensorPermutation(body, channel.name, Array.from({ length: n }, (_, i) => n - 1 - i));
  },
};
