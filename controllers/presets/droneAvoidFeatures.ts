/**
 * What the drone avoidance controllers read and write, and the features they compute from it:
 * lidar sector proximity, bearing to the goal direction, and the innate altitude hold.
 *
 * Sectors: the front lidar's beams (beam 0 at −90°, right; the last at +90°, left; FLU) are
 * split into S equal angular sectors, sector 0 rightmost. A sector's proximity is
 * max over its beams of clip(1 − d/range_m, 0, 1): 1 touching, 0 nothing within range
 * (+Inf → 0; −Inf, closer than the lidar's minimum, → 1; NaN → 0).
 */
import type { ChannelSpec, Channels } from '../../loop/channels.js';

export const AVOID_LIDAR_BEAMS = 37;

export const AVOID_SENSORS: readonly ChannelSpec[] = [
  { name: 'lidar', size: AVOID_LIDAR_BEAMS, low: -Infinity, high: Infinity, unit: 'm', doc: 'front lidar, −90° … +90° (FLU), 5° apart' },
  { name: 'odom_position', size: 3, low: -Infinity, high: Infinity, unit: 'm', doc: 'world (ENU) position' },
  { name: 'odom_orientation', size: 4, low: -1, high: 1, unit: '1', doc: 'quaternion x, y, z, w' },
];

export const AVOID_ACTUATORS: readonly ChannelSpec[] = [
  { name: 'cmd_linear', size: 3, low: -Infinity, high: Infinity, unit: 'm/s', doc: 'vx, vy (heading frame), vz' },
  { name: 'cmd_yaw_rate', size: 1, low: -Infinity, high: Infinity, unit: 'rad/s', doc: 'yaw rate, counter-clockwise' },
];

/** Angle (rad, FLU, + left) of the centre of sector k of S over the front half-plane. */
export function sectorAngle(k: number, sectors: number): number {
  return -Math.PI / 2 + ((k + 0.5) * Math.PI) / sectors;
}

/** Writes the proximity of `out.length` sectors from a front lidar scan. */
export function sectorProximity(ranges: Float32Array, range_m: number, out: Float32Array): void {
  const beams = ranges.length;
  const sectors = out.length;
  out.fill(0);
  for (let i = 0; i < beams; i++) {
    // Beam i sits at fraction i/(beams−1) of the half-plane; the end beams belong to the end sectors.
    const k = Math.min(sectors - 1, Math.floor(((i + 0.5) / beams) * sectors));
    const d = ranges[i]!;
    let p = 0;
    if (d === -Infinity) p = 1;
    else if (d < range_m) p = Math.max(0, Math.min(1, 1 - d / range_m)); // NaN and +Inf fail the test: 0
    if (p > out[k]!) out[k] = p;
  }
}

/** Heading (rad, counter-clockwise from world +x) from an x, y, z, w quaternion. */
export function yawOf(q: Float32Array): number {
  const x = q[0]!, y = q[1]!, z = q[2]!, w = q[3]!;
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

/** Bearing (rad, + left) from the drone's heading to the goal direction +x, in (−π, π]. */
export function goalBearing(obs: Channels): number {
  const b = -yawOf(obs['odom_orientation']!);
  return b > Math.PI ? b - 2 * Math.PI : b <= -Math.PI ? b + 2 * Math.PI : b;
}

/** Innate altitude hold: vertical speed (m/s) towards `zRef_m`, P gain `gain_perS`, limited to ±0.5 m/s. */
export function altitudeHold(obs: Channels, zRef_m: number, gain_perS: number): number {
  const v = gain_perS * (zRef_m - obs['odom_position']![2]!);
  return v > 0.5 ? 0.5 : v < -0.5 ? -0.5 : v;
}
