/**
 * The pieces every drone profile shares: the channels of the simulated drone's body
 * (scenarios/droneAvoidanceBody.ts) — odometry from nav_msgs/Odometry, the 37-sector front
 * lidar from a LaserScan, velocity commands — so a controller trained in simulation finds the
 * same channels on a real robot.
 */
import type { RobotProfileInput } from '../mapping/profileSchema.js';

type Input = NonNullable<RobotProfileInput['inputs']>[number];
type Actuator = RobotProfileInput['actuators'][number];
type Output = RobotProfileInput['outputs'][number];

/** nav_msgs/Odometry → odom_position, odom_orientation (x, y, z, w), odom_linear_velocity and odom_angular_velocity (body frame, REP-105). */
export function odometryInput(topic: string, timeout_s = 0.5): Input {
  const v = (p: string) => [`${p}.x`, `${p}.y`, `${p}.z`];
  return {
    topic,
    type: 'nav_msgs/msg/Odometry',
    qos: 'sensor_data',
    timeout_s,
    channels: [
      { channel: 'odom_position', unit: 'm', fields: v('pose.pose.position') },
      { channel: 'odom_orientation', unit: '1', fields: [...v('pose.pose.orientation'), 'pose.pose.orientation.w'] },
      { channel: 'odom_linear_velocity', unit: 'm/s', fields: v('twist.twist.linear') },
      { channel: 'odom_angular_velocity', unit: 'rad/s', fields: v('twist.twist.angular') },
    ],
  };
}

/** Beams of the simulated front lidar: 37, 5° apart, −90° … +90°. */
export const FRONT_SECTORS = 37;
const HALF_SECTOR_rad = Math.PI / 72;

/**
 * sensor_msgs/LaserScan → `lidar`: the minimum range in each of 37 sectors of 5° centred on
 * −90°, −85°, …, +90° (the simulated lidar's beam angles, so a 37-beam scan maps 1:1 and a
 * denser scanner is reduced safely by minimum). ±Inf pass (REP-117: no return / too close).
 */
export function frontLidarInput(topic: string, timeout_s = 0.5): Input {
  return {
    topic,
    type: 'sensor_msgs/msg/LaserScan',
    qos: 'sensor_data',
    timeout_s,
    channels: [
      {
        channel: 'lidar',
        unit: 'm',
        array: 'ranges',
        reduce: { sectors: FRONT_SECTORS, by: 'min', window_rad: [-Math.PI / 2 - HALF_SECTOR_rad, Math.PI / 2 + HALF_SECTOR_rad] },
        nonfinite: 'allow_inf',
        doc: 'minimum range per 5° sector, −90° (right) … +90° (left); +Inf no return',
      },
    ],
  };
}

/** A real robot has no collision channel: it reads 0 (the simulated drone's contact flag). */
export const NO_COLLISION_SENSOR = { channel: 'collision', unit: '1', value: [0], doc: 'constant 0: no contact sensor on the robot' };

/** Velocity commands: body frame (FLU) linear velocity and yaw rate; safe = hover in place. */
export const DRONE_ACTUATORS: Actuator[] = [
  { channel: 'cmd_linear', size: 3, unit: 'm/s', safe: [0, 0, 0], doc: 'velocity setpoint, body frame x forward, y left, z up' },
  { channel: 'cmd_yaw_rate', size: 1, unit: 'rad/s', safe: [0], doc: 'yaw rate setpoint, counter-clockwise seen from above' },
];

/**
 * geometry_msgs/Twist on `topic` from the velocity commands: linear.x/y/z ← cmd_linear, angular.z
 * ← cmd_yaw_rate; `extra` adds to the output (e.g. a frame conversion).
 */
export function twistOutput(topic: string, extra: Partial<Output> = {}): Output {
  return {
    topic,
    type: 'geometry_msgs/msg/Twist',
    ...extra,
    fields: {
      'linear.x': { channel: 'cmd_linear', index: 0 },
      'linear.y': { channel: 'cmd_linear', index: 1 },
      'linear.z': { channel: 'cmd_linear', index: 2 },
      'angular.z': { channel: 'cmd_yaw_rate', index: 0 },
    },
  };
}
