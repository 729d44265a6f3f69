/**
 * Odometry with `nav_msgs/Odometry` semantics (REP-105): the pose of the body (child frame
 * `base_link`) in the world frame (`odom`, ENU) and its twist in the child (body, FLU) frame.
 *
 * Channels (prefix `odom` by default):
 *  - `<prefix>_position` (m): world x, y, z.
 *  - `<prefix>_orientation` (1): quaternion x, y, z, w (ROS order), body → world.
 *  - `<prefix>_linear_velocity` (m/s): Rᵀ v_world, body frame.
 *  - `<prefix>_angular_velocity` (rad/s): Rᵀ ω_world, body frame.
 * This is ground truth; wrap it with `withNoise` for a noisy estimate.
 */
import type * as CANNON from 'cannon-es';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { Sensor } from './sensor.js';
import { rotationFromQuaternion } from './bodyFrame.js';

export interface OdometryParams {
  /** @default 'odom' */
  readonly prefix?: string;
}

export class Odometry implements Sensor {
  readonly channels: readonly ChannelSpec[];
  private readonly body: CANNON.Body;
  private readonly r = new Float64Array(9);
  private readonly names: readonly [string, string, string, string];

  constructor(body: CANNON.Body, params: OdometryParams = {}) {
    const p = params.prefix ?? 'odom';
    this.body = body;
    this.names = [`${p}_position`, `${p}_orientation`, `${p}_linear_velocity`, `${p}_angular_velocity`];
    this.channels = [
      { name: this.names[0], size: 3, low: -Infinity, high: Infinity, unit: 'm', doc: 'world (ENU) position' },
      { name: this.names[1], size: 4, low: -1, high: 1, unit: '1', doc: 'quaternion x, y, z, w, body → world' },
      { name: this.names[2], size: 3, low: -Infinity, high: Infinity, unit: 'm/s', doc: 'linear velocity in the body frame (FLU)' },
      { name: this.names[3], size: 3, low: -Infinity, high: Infinity, unit: 'rad/s', doc: 'angular velocity in the body frame (FLU)' },
    ];
  }

  read(out: Channels): void {
    const b = this.body;
    const r = this.r;
    rotationFromQuaternion(b.quaternion, r);
    const pos = out[this.names[0]]!;
    pos[0] = b.position.x;
    pos[1] = b.position.y;
    pos[2] = b.position.z;
    const q = out[this.names[1]]!;
    q[0] = b.quaternion.x;
    q[1] = b.quaternion.y;
    q[2] = b.quaternion.z;
    q[3] = b.quaternion.w;
    const v = b.velocity;
    const lin = out[this.names[2]]!;
    lin[0] = r[0]! * v.x + r[3]! * v.y + r[6]! * v.z;
    lin[1] = r[1]! * v.x + r[4]! * v.y + r[7]! * v.z;
    lin[2] = r[2]! * v.x + r[5]! * v.y + r[8]! * v.z;
    const w = b.angularVelocity;
    const ang = out[this.names[3]]!;
    ang[0] = r[0]! * w.x + r[3]! * w.y + r[6]! * w.z;
    ang[1] = r[1]! * w.x + r[4]! * w.y + r[7]! * w.z;
    ang[2] = r[2]! * w.x + r[5]! * w.y + r[8]! * w.z;
  }
}
