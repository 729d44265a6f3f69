/**
 * IMU: gyroscope and accelerometer in the body frame (FLU), like `sensor_msgs/Imu`'s
 * `angular_velocity` and `linear_acceleration`.
 *
 * The accelerometer measures specific force f = a − g (g = (0, 0, −9.81) in ENU), expressed in
 * the body frame: a drone resting level reads (0, 0, +9.81); in free fall it reads 0. The
 * acceleration a is the change of the body's world velocity over the last physics step,
 * (v_k − v_{k−1})/h, so it includes contact and constraint impulses the way a real
 * accelerometer feels them. Before the first step a = 0 is assumed (the body starts at rest).
 * The gyroscope reads ω_body = Rᵀ ω_world (cannon-es stores angular velocity in world axes).
 *
 * Bias and noise are added by wrapping the IMU with `withNoise` (noise.ts).
 */
import type * as CANNON from 'cannon-es';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { Sensor } from './sensor.js';
import { rotationFromQuaternion } from './bodyFrame.js';

export interface ImuParams {
  /** Channel name prefix: `<prefix>_angular_velocity`, `<prefix>_linear_acceleration`. @default 'imu' */
  readonly prefix?: string;
}

export class Imu implements Sensor {
  readonly channels: readonly ChannelSpec[];
  /** Specific force of the last step in world axes (m/s²). */
  readonly specificForceWorld = new Float64Array(3);
  private readonly body: CANNON.Body;
  private readonly gravity: CANNON.Vec3;
  private readonly vPrev = new Float64Array(3);
  private readonly r = new Float64Array(9);
  private readonly gyroName: string;
  private readonly accName: string;

  constructor(body: CANNON.Body, gravity: CANNON.Vec3, params: ImuParams = {}) {
    const prefix = params.prefix ?? 'imu';
    this.body = body;
    this.gravity = gravity;
    this.gyroName = `${prefix}_angular_velocity`;
    this.accName = `${prefix}_linear_acceleration`;
    this.channels = [
      { name: this.gyroName, size: 3, low: -Infinity, high: Infinity, unit: 'rad/s', doc: 'body-frame (FLU) angular velocity' },
      { name: this.accName, size: 3, low: -Infinity, high: Infinity, unit: 'm/s^2', doc: 'body-frame specific force (a − g); +9.81 on z at rest' },
    ];
    this.reset();
  }

  reset(_seed?: number): void {
    const v = this.body.velocity;
    this.vPrev[0] = v.x;
    this.vPrev[1] = v.y;
    this.vPrev[2] = v.z;
    const g = this.gravity;
    this.specificForceWorld[0] = -g.x;
    this.specificForceWorld[1] = -g.y;
    this.specificForceWorld[2] = -g.z;
  }

  afterPhysicsStep(dt_s: number): void {
    const v = this.body.velocity;
    const g = this.gravity;
    this.specificForceWorld[0] = (v.x - this.vPrev[0]!) / dt_s - g.x;
    this.specificForceWorld[1] = (v.y - this.vPrev[1]!) / dt_s - g.y;
    this.specificForceWorld[2] = (v.z - this.vPrev[2]!) / dt_s - g.z;
    this.vPrev[0] = v.x;
    this.vPrev[1] = v.y;
    this.vPrev[2] = v.z;
  }

  read(out: Channels): void {
    const r = this.r;
    rotationFromQuaternion(this.body.quaternion, r);
    const w = this.body.angularVelocity;
    const gyro = out[this.gyroName]!;
    gyro[0] = r[0]! * w.x + r[3]! * w.y + r[6]! * w.z;
    gyro[1] = r[1]! * w.x + r[4]! * w.y + r[7]! * w.z;
    gyro[2] = r[2]! * w.x + r[5]! * w.y + r[8]! * w.z;
    const f = this.specificForceWorld;
    const acc = out[this.accName]!;
    acc[0] = r[0]! * f[0]! + r[3]! * f[1]! + r[6]! * f[2]!;
    acc[1] = r[1]! * f[0]! + r[4]! * f[1]! + r[7]! * f[2]!;
    acc[2] = r[2]! * f[0]! + r[5]! * f[1]! + r[8]! * f[2]!;
  }
}
