/**
 * Channels of the posture-holding presets (a two-joint arm in torque mode): they read the joint
 * encoders and the posture to hold, and write joint torques.
 */
import type { ChannelSpec } from '../../loop/channels.js';

export const ARM_HOLD_JOINTS = 2;

export const ARM_HOLD_SENSORS: readonly ChannelSpec[] = [
  { name: 'joint_position', size: ARM_HOLD_JOINTS, low: -Math.PI, high: Math.PI, unit: 'rad' },
  { name: 'joint_velocity', size: ARM_HOLD_JOINTS, low: -Infinity, high: Infinity, unit: 'rad/s' },
  { name: 'posture_target', size: ARM_HOLD_JOINTS, low: -Math.PI, high: Math.PI, unit: 'rad' },
];

export const ARM_HOLD_ACTUATORS: readonly ChannelSpec[] = [{ name: 'joint_torque', size: ARM_HOLD_JOINTS, low: -12, high: 12, unit: 'N*m' }];
