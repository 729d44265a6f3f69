/**
 * MAVROS (ArduPilot or PX4 over MAVLink): `/mavros/setpoint_velocity/cmd_vel_unstamped`
 * (geometry_msgs/Twist in the local ENU frame, so the body-frame command is rotated by the
 * vehicle's yaw) out; `/mavros/local_position/odom` (pose ENU, twist in the body frame) and
 * `scan` in. The vehicle must be in GUIDED/OFFBOARD mode.
 */
import type { RobotProfileInput } from '../mapping/profileSchema.js';
import { DRONE_ACTUATORS, frontLidarInput, NO_COLLISION_SENSOR, odometryInput, twistOutput } from './droneChannels.js';

export const MAVROS: RobotProfileInput = {
  name: 'mavros',
  description: 'MAVROS: setpoint_velocity/cmd_vel_unstamped (ENU) out; local_position/odom and scan in',
  rate_hz: 50,
  inputs: [odometryInput('/mavros/local_position/odom'), frontLidarInput('scan')],
  constants: [NO_COLLISION_SENSOR],
  actuators: DRONE_ACTUATORS,
  outputs: [twistOutput('/mavros/setpoint_velocity/cmd_vel_unstamped', { convert: [{ channel: 'cmd_linear', to: 'enu_world', heading: 'odom_orientation' }] })],
};
