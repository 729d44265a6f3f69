/** nav_msgs (ROS 2 Jazzy) messages the bridge uses. */
import type { PoseWithCovariance, TwistWithCovariance } from './geometryMsgs.js';
import { identityPoseWithCovariance, zeroTwistWithCovariance } from './geometryMsgs.js';
import type { Header } from './stdMsgs.js';
import { emptyHeader } from './stdMsgs.js';

/**
 * nav_msgs/msg/Odometry (REP-105): the pose of `child_frame_id` in `header.frame_id` (e.g.
 * `base_link` in `odom`), and its twist expressed in the child (body) frame.
 */
export interface Odometry {
  header: Header;
  child_frame_id: string;
  pose: PoseWithCovariance;
  twist: TwistWithCovariance;
}

export function identityOdometry(frame_id = '', child_frame_id = ''): Odometry {
  return { header: emptyHeader(frame_id), child_frame_id, pose: identityPoseWithCovariance(), twist: zeroTwistWithCovariance() };
}
