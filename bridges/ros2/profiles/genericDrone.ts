/**
 * The generic mobile robot / drone: `cmd_vel` (geometry_msgs/Twist, body frame) out; `odom`
 * (nav_msgs/Odometry) and `scan` (sensor_msgs/LaserScan) in, required; `imu` (sensor_msgs/Imu)
 * and `range` (sensor_msgs/Range) in, optional. This is also what `spikeloop ros sim` speaks, so
 * the simulated drone and a real one look alike to the controller.
 */
import type { RobotProfileInput } from '../mapping/profileSchema.js';
import { DRONE_ACTUATORS, frontLidarInput, NO_COLLISION_SENSOR, odometryInput, twistOutput } from './droneChannels.js';

export const GENERIC_DRONE: RobotProfileInput = {
  name: 'drone',
  description: 'generic mobile robot or drone: cmd_vel out; odom, scan (required), imu, range (optional) in',
  rate_hz: 50,
  inputs: [
    odometryInput('odom'),
    frontLidarInput('scan'),
    {
      topic: 'imu',
      type: 'sensor_msgs/msg/Imu',
      qos: 'sensor_data',
      required: false,
      channels: [
        { channel: 'imu_angular_velocity', unit: 'rad/s', fields: ['angular_velocity.x', 'angular_velocity.y', 'angular_velocity.z'] },
        { channel: 'imu_linear_acceleration', unit: 'm/s^2', fields: ['linear_acceleration.x', 'linear_acceleration.y', 'linear_acceleration.z'] },
      ],
    },
    { topic: 'range', type: 'sensor_msgs/msg/Range', qos: 'sensor_data', required: false, channels: [{ channel: 'range', unit: 'm', fields: ['range'], nonfinite: 'allow_inf' }] },
  ],
  constants: [NO_COLLISION_SENSOR],
  actuators: DRONE_ACTUATORS,
  outputs: [twistOutput('cmd_vel')],
};
