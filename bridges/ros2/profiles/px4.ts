/**
 * PX4 through uXRCE-DDS (PX4 ≥ 1.14 topics): velocity setpoints on
 * `/fmu/in/trajectory_setpoint` in NED with NaN for every field not controlled, the
 * `/fmu/in/offboard_control_mode` heartbeat (velocity control) every tick — PX4 leaves offboard
 * mode if it stops for more than 0.5 s — and `/fmu/out/vehicle_odometry` in (position NED,
 * attitude quaternion w, x, y, z NED/FRD, velocity in the NED world frame, body rates FRD),
 * converted to the ENU/FLU channels of the simulated drone. PX4's out topics are best effort.
 * PX4 has no scan: obstacle ranges come from `scan` (a companion lidar) in the node namespace.
 */
import type { RobotProfileInput } from '../mapping/profileSchema.js';
import { PX4_POSE_FRAME, PX4_VELOCITY_FRAME } from '../messages/px4Msgs.js';
import { DRONE_ACTUATORS, frontLidarInput, NO_COLLISION_SENSOR } from './droneChannels.js';

const NAN3 = ['nan', 'nan', 'nan'] as const;

export const PX4: RobotProfileInput = {
  name: 'px4',
  description: 'PX4 via uXRCE-DDS: trajectory_setpoint (velocity, NED) + offboard_control_mode heartbeat out; vehicle_odometry (NED) and a companion scan in',
  rate_hz: 50,
  inputs: [
    {
      topic: '/fmu/out/vehicle_odometry',
      type: 'px4_msgs/msg/VehicleOdometry',
      qos: 'sensor_data',
      timeout_s: 0.5,
      // The conversions below assume NED; other frames (FRD, BODY_FRD) would be converted wrongly.
      expect: [
        { field: 'pose_frame', equals: PX4_POSE_FRAME.NED, why: 'POSE_FRAME_NED: the profile converts NED positions' },
        { field: 'velocity_frame', equals: PX4_VELOCITY_FRAME.NED, why: 'VELOCITY_FRAME_NED: the profile converts NED world velocities' },
      ],
      channels: [
        { channel: 'odom_position', unit: 'm', array: 'position', size: 3, convert: 'ned_to_enu' },
        { channel: 'odom_orientation', unit: '1', fields: ['q[0]', 'q[1]', 'q[2]', 'q[3]'], convert: 'quat_ned_frd_to_enu_flu' },
        { channel: 'odom_linear_velocity', unit: 'm/s', array: 'velocity', size: 3, convert: 'ned_world_to_flu_body', attitude_fields: ['q[0]', 'q[1]', 'q[2]', 'q[3]'] },
        { channel: 'odom_angular_velocity', unit: 'rad/s', array: 'angular_velocity', size: 3, convert: 'frd_to_flu' },
      ],
    },
    frontLidarInput('scan'),
  ],
  constants: [NO_COLLISION_SENSOR],
  actuators: DRONE_ACTUATORS,
  outputs: [
    {
      topic: '/fmu/in/trajectory_setpoint',
      type: 'px4_msgs/msg/TrajectorySetpoint',
      convert: [
        { channel: 'cmd_linear', to: 'ned_world', heading: 'odom_orientation' },
        { channel: 'cmd_yaw_rate', to: 'ned' },
      ],
      fields: {
        timestamp: { time: 'now_us' },
        position: { value: [...NAN3] },
        velocity: { channel: 'cmd_linear', indices: [0, 1, 2] },
        acceleration: { value: [...NAN3] },
        jerk: { value: [...NAN3] },
        yaw: { value: 'nan' },
        yawspeed: { channel: 'cmd_yaw_rate', index: 0 },
      },
    },
  ],
  heartbeats: [
    {
      topic: '/fmu/in/offboard_control_mode',
      type: 'px4_msgs/msg/OffboardControlMode',
      fields: {
        timestamp: { time: 'now_us' },
        position: { value: false },
        velocity: { value: true },
        acceleration: { value: false },
        attitude: { value: false },
        body_rate: { value: false },
      },
    },
  ],
};
