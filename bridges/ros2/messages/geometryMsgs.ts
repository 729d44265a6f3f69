/** geometry_msgs (ROS 2 Jazzy) messages the bridge uses. Frames follow REP-103 (x forward, y left, z up). */
import type { Header } from './stdMsgs.js';
import { emptyHeader } from './stdMsgs.js';

/** geometry_msgs/msg/Vector3. */
export interface Vector3 {
  x: number;
  y: number;
  z: number;
}

/** geometry_msgs/msg/Point. */
export interface Point {
  x: number;
  y: number;
  z: number;
}

/** geometry_msgs/msg/Quaternion (x, y, z, w; the definition's default is the identity). */
export interface Quaternion {
  x: number;
  y: number;
  z: number;
  w: number;
}

/** geometry_msgs/msg/Pose. */
export interface Pose {
  position: Point;
  orientation: Quaternion;
}

/** geometry_msgs/msg/PoseStamped. */
export interface PoseStamped {
  header: Header;
  pose: Pose;
}

/** geometry_msgs/msg/PoseWithCovariance: covariance is 6×6 row-major over (x, y, z, rot x, rot y, rot z). */
export interface PoseWithCovariance {
  pose: Pose;
  /** float64[36] */
  covariance: Float64Array;
}

/** geometry_msgs/msg/Twist. */
export interface Twist {
  linear: Vector3;
  angular: Vector3;
}

/** geometry_msgs/msg/TwistStamped. */
export interface TwistStamped {
  header: Header;
  twist: Twist;
}

/** geometry_msgs/msg/TwistWithCovariance. */
export interface TwistWithCovariance {
  twist: Twist;
  /** float64[36] */
  covariance: Float64Array;
}

/** geometry_msgs/msg/Transform: the child frame's origin and orientation in the parent frame. */
export interface Transform {
  translation: Vector3;
  rotation: Quaternion;
}

/** geometry_msgs/msg/TransformStamped: header.frame_id is the parent frame. */
export interface TransformStamped {
  header: Header;
  child_frame_id: string;
  transform: Transform;
}

export function zeroVector3(): Vector3 {
  return { x: 0, y: 0, z: 0 };
}

export function zeroPoint(): Point {
  return { x: 0, y: 0, z: 0 };
}

/** The identity rotation (the definition's default), not all zeros. */
export function identityQuaternion(): Quaternion {
  return { x: 0, y: 0, z: 0, w: 1 };
}

export function identityPose(): Pose {
  return { position: zeroPoint(), orientation: identityQuaternion() };
}

export function identityPoseStamped(frame_id = ''): PoseStamped {
  return { header: emptyHeader(frame_id), pose: identityPose() };
}

export function identityPoseWithCovariance(): PoseWithCovariance {
  return { pose: identityPose(), covariance: new Float64Array(36) };
}

export function zeroTwist(): Twist {
  return { linear: zeroVector3(), angular: zeroVector3() };
}

export function zeroTwistStamped(frame_id = ''): TwistStamped {
  return { header: emptyHeader(frame_id), twist: zeroTwist() };
}

export function zeroTwistWithCovariance(): TwistWithCovariance {
  return { twist: zeroTwist(), covariance: new Float64Array(36) };
}

export function identityTransform(): Transform {
  return { translation: zeroVector3(), rotation: identityQuaternion() };
}

export function identityTransformStamped(parent = '', child = ''): TransformStamped {
  return { header: emptyHeader(parent), child_frame_id: child, transform: identityTransform() };
}
