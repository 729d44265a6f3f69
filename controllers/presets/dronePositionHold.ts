/**
 * Position hold through the drone's velocity interface — what the hold controllers
 * ('drone-hold-reflex-snn', 'drone-hold-pid') share: their channels, the set-point and the
 * frame conversion.
 *
 * Set-point: the position at the first control step after `reset` (a flight controller's
 * "position hold" holds where it was engaged), so the controller needs no knowledge of the
 * scenario. Errors are world frame (ENU): e = p − p_ref.
 *
 * Commands: a world-frame velocity (vx, vy, vz) is turned into the body's `cmd_linear`, whose
 * vx, vy are in the heading frame (REP-103 `cmd_vel`: the body frame turned by yaw ψ only), by
 * the rotation R(−ψ); vz stays along world z. ψ = atan2(2(wz + xy), 1 − 2(y² + z²)) from the
 * odometry quaternion (x, y, z, w). The yaw rate is held at 0.
 */
import type { ChannelSpec, Channels } from '../../loop/channels.js';

/** Sensor channels the hold controllers read (the quadrotor body's odometry). */
export const HOLD_SENSORS: readonly ChannelSpec[] = [
  { name: 'odom_position', size: 3, low: -Infinity, high: Infinity, unit: 'm', doc: 'world (ENU) position' },
  { name: 'odom_orientation', size: 4, low: -1, high: 1, unit: '1', doc: 'quaternion x, y, z, w, body → world' },
  { name: 'odom_linear_velocity', size: 3, low: -Infinity, high: Infinity, unit: 'm/s', doc: 'linear velocity in the body frame (FLU)' },
];

/** Actuator channels they write (the quadrotor body's velocity level). */
export const HOLD_ACTUATORS: readonly ChannelSpec[] = [
  { name: 'cmd_linear', size: 3, low: -Infinity, high: Infinity, unit: 'm/s', doc: 'vx, vy in the heading frame; vz along world z' },
  { name: 'cmd_yaw_rate', size: 1, low: -Infinity, high: Infinity, unit: 'rad/s', doc: 'yaw rate, counter-clockwise seen from above' },
];

/** The latched set-point and the latest world-frame error and velocity, preallocated. */
export class HoldState {
  /** Set-point (m, world). */
  readonly setpoint = new Float64Array(3);
  /** e = p − p_ref (m, world), refreshed by `update`. */
  readonly error = new Float64Array(3);
  /** Velocity (m/s, world), refreshed by `update`. */
  readonly velocity = new Float64Array(3);
  private latched = false;

  /** Forget the set-point: the next `update` latches a new one. */
  clear(): void {
    this.latched = false;
    this.error.fill(0);
    this.velocity.fill(0);
  }

  /** Reads position and velocity from `obs`; latches the set-point on the first call after `clear`. */
  update(obs: Channels): void {
    const p = obs['odom_position']!;
    if (!this.latched) {
      this.setpoint[0] = p[0]!;
      this.setpoint[1] = p[1]!;
      this.setpoint[2] = p[2]!;
      this.latched = true;
    }
    this.error[0] = p[0]! - this.setpoint[0]!;
    this.error[1] = p[1]! - this.setpoint[1]!;
    this.error[2] = p[2]! - this.setpoint[2]!;
    // v_world = R v_body, R from the quaternion (row-major, body → world).
    const q = obs['odom_orientation']!;
    const v = obs['odom_linear_velocity']!;
    const x = q[0]!, y = q[1]!, z = q[2]!, w = q[3]!;
    const vb0 = v[0]!, vb1 = v[1]!, vb2 = v[2]!;
    this.velocity[0] = (1 - 2 * (y * y + z * z)) * vb0 + 2 * (x * y - z * w) * vb1 + 2 * (x * z + y * w) * vb2;
    this.velocity[1] = 2 * (x * y + z * w) * vb0 + (1 - 2 * (x * x + z * z)) * vb1 + 2 * (y * z - x * w) * vb2;
    this.velocity[2] = 2 * (x * z - y * w) * vb0 + 2 * (y * z + x * w) * vb1 + (1 - 2 * (x * x + y * y)) * vb2;
  }
}

/** Heading ψ (rad) of a quaternion (x, y, z, w). */
export function headingOf(q: Float32Array): number {
  const x = q[0]!, y = q[1]!, z = q[2]!, w = q[3]!;
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

/** Writes a world-frame velocity command into `cmd_linear` (heading frame) and zero yaw rate. */
export function commandWorldVelocity(vx: number, vy: number, vz: number, obs: Channels, action: Channels): void {
  const psi = headingOf(obs['odom_orientation']!);
  const c = Math.cos(psi);
  const s = Math.sin(psi);
  const lin = action['cmd_linear']!;
  lin[0] = c * vx + s * vy;
  lin[1] = -s * vx + c * vy;
  lin[2] = vz;
  action['cmd_yaw_rate']![0] = 0;
}
