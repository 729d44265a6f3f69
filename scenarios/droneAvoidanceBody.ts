/**
 * The drone the crossing scenarios fly: a Crazyflie 2.x at the `velocity` command level (a ROS
 * `cmd_vel`), with a forward-looking planar lidar, odometry and the collision channel. Rotors
 * start at hover speed so an episode starts in flight.
 */
import type { LidarParams } from '../sim/sensors/lidar.js';
import { CRAZYFLIE_2X, hoverRpm } from '../sim/quadrotor/airframe.js';
import type { QuadrotorSensorOptions } from '../sim/quadrotor/quadrotorBody.js';
import { QuadrotorBody } from '../sim/quadrotor/quadrotorBody.js';
import type { LayoutFn } from '../sim/world/obstacles.js';

/** 37 beams 5° apart over the front half-plane (−90° right … +90° left), 0.05–5 m. */
export const FRONT_LIDAR_37: LidarParams = {
  name: 'lidar',
  beams: 37,
  angleMin_rad: -Math.PI / 2,
  angleIncrement_rad: Math.PI / 36,
  rangeMin_m: 0.05,
  rangeMax_m: 5,
};

export interface AvoidanceBodyOptions {
  readonly layout: LayoutFn;
  /** Start position (m). @default [0, 0, 1] */
  readonly start_m?: readonly [number, number, number];
  /** Start heading (rad, from +x), fixed or drawn from the seed. @default 0 */
  readonly yaw_rad?: number | ((seed: number) => number);
  /** Its sensors. @default { lidar: FRONT_LIDAR_37, imu: false } (odometry on) */
  readonly sensors?: QuadrotorSensorOptions;
}

export function createAvoidanceBody(o: AvoidanceBodyOptions): QuadrotorBody {
  return new QuadrotorBody({
    control: { level: 'velocity' },
    layout: o.layout,
    start: (seed: number) => ({
      position_m: o.start_m ?? [0, 0, 1],
      yaw_rad: typeof o.yaw_rad === 'function' ? o.yaw_rad(seed) : (o.yaw_rad ?? 0),
      initialRpm: hoverRpm(CRAZYFLIE_2X),
    }),
    sensors: o.sensors ?? { lidar: FRONT_LIDAR_37, imu: false },
  });
}
