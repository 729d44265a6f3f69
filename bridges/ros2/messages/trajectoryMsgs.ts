/** trajectory_msgs (ROS 2 Jazzy): what a ros2_control joint_trajectory_controller takes. */
import type { Duration } from './builtinInterfaces.js';
import { zeroDuration } from './builtinInterfaces.js';
import type { Header } from './stdMsgs.js';
import { emptyHeader } from './stdMsgs.js';

/** trajectory_msgs/msg/JointTrajectoryPoint: arrays index-aligned with the trajectory's joint_names (or empty). */
export interface JointTrajectoryPoint {
  positions: Float64Array;
  velocities: Float64Array;
  accelerations: Float64Array;
  effort: Float64Array;
  time_from_start: Duration;
}

/** trajectory_msgs/msg/JointTrajectory. */
export interface JointTrajectory {
  header: Header;
  joint_names: string[];
  points: JointTrajectoryPoint[];
}

export function emptyJointTrajectoryPoint(): JointTrajectoryPoint {
  return { positions: new Float64Array(0), velocities: new Float64Array(0), accelerations: new Float64Array(0), effort: new Float64Array(0), time_from_start: zeroDuration() };
}

export function emptyJointTrajectory(): JointTrajectory {
  return { header: emptyHeader(), joint_names: [], points: [] };
}
