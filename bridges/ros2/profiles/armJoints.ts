/**
 * Arms through ros2_control: `/joint_states` (sensor_msgs/JointState) in, selected by joint
 * name, and one of three command interfaces out — forward_command_controller with velocity or
 * effort interfaces (std_msgs/Float64MultiArray), or joint_trajectory_controller
 * (trajectory_msgs/JointTrajectory, one point of velocities). The channels are the joint
 * channels of the simulated arm (sim/sensors/jointEncoder.ts); an arm controller that also
 * needs Cartesian channels (end-effector pose, target, obstacle) needs a profile that adds
 * topics for them.
 */
import type { RobotProfileInput } from '../mapping/profileSchema.js';

type Input = NonNullable<RobotProfileInput['inputs']>[number];

/** The simulated planar arm's joints. */
export const ARM_JOINTS = ['joint1', 'joint2'];

export function jointStatesInput(names: readonly string[] = ARM_JOINTS): Input {
  const select = { names_field: 'name', names: [...names] };
  return {
    topic: '/joint_states',
    type: 'sensor_msgs/msg/JointState',
    qos: 'sensor_data',
    timeout_s: 0.5,
    channels: [
      { channel: 'joint_position', unit: 'rad', array: 'position', select },
      { channel: 'joint_velocity', unit: 'rad/s', array: 'velocity', select },
      { channel: 'joint_effort', unit: 'N*m', array: 'effort', select },
    ],
  };
}

const indices = ARM_JOINTS.map((_, i) => i);

export const ARM_VELOCITY: RobotProfileInput = {
  name: 'arm-velocity',
  description: 'ros2_control arm, forward_command_controller (velocity): /forward_velocity_controller/commands out; /joint_states in. Safe: zero velocity (hold)',
  rate_hz: 50,
  inputs: [jointStatesInput()],
  actuators: [{ channel: 'joint_velocity_target', size: ARM_JOINTS.length, unit: 'rad/s', safe: ARM_JOINTS.map(() => 0) }],
  outputs: [
    {
      topic: '/forward_velocity_controller/commands',
      type: 'std_msgs/msg/Float64MultiArray',
      template: { data: ARM_JOINTS.map(() => 0) },
      fields: { data: { channel: 'joint_velocity_target', indices } },
    },
  ],
};

export const ARM_EFFORT: RobotProfileInput = {
  name: 'arm-effort',
  description: 'ros2_control arm, forward_command_controller (effort): /forward_effort_controller/commands out; /joint_states in. Safe: zero torque (the arm goes limp: use a brake or gravity compensation on the robot)',
  rate_hz: 50,
  inputs: [jointStatesInput()],
  actuators: [{ channel: 'joint_torque', size: ARM_JOINTS.length, unit: 'N*m', safe: ARM_JOINTS.map(() => 0) }],
  outputs: [
    {
      topic: '/forward_effort_controller/commands',
      type: 'std_msgs/msg/Float64MultiArray',
      template: { data: ARM_JOINTS.map(() => 0) },
      fields: { data: { channel: 'joint_torque', indices } },
    },
  ],
};

export const ARM_TRAJECTORY: RobotProfileInput = {
  name: 'arm-trajectory',
  description: 'ros2_control arm, joint_trajectory_controller: one-point velocity trajectories on /joint_trajectory_controller/joint_trajectory; /joint_states in. Safe: zero velocity (hold)',
  rate_hz: 50,
  inputs: [jointStatesInput()],
  actuators: [{ channel: 'joint_velocity_target', size: ARM_JOINTS.length, unit: 'rad/s', safe: ARM_JOINTS.map(() => 0) }],
  outputs: [
    {
      topic: '/joint_trajectory_controller/joint_trajectory',
      type: 'trajectory_msgs/msg/JointTrajectory',
      template: {
        joint_names: [...ARM_JOINTS],
        points: [{ positions: [], velocities: ARM_JOINTS.map(() => 0), accelerations: [], effort: [], time_from_start: { sec: 0, nanosec: 20_000_000 } }],
      },
      fields: { 'header.stamp': { time: 'stamp' }, 'points[0].velocities': { channel: 'joint_velocity_target', indices } },
    },
  ],
};
