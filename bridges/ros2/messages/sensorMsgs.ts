/**
 * sensor_msgs (ROS 2 Jazzy) messages the bridge uses. Ranges follow REP-117: −Inf closer than
 * range_min, +Inf nothing within range_max, NaN an invalid reading.
 */
import type { Quaternion, Vector3 } from './geometryMsgs.js';
import { identityQuaternion, zeroVector3 } from './geometryMsgs.js';
import type { Header } from './stdMsgs.js';
import { emptyHeader } from './stdMsgs.js';

/** sensor_msgs/msg/LaserScan: beam i at angle_min + i·angle_increment, counter-clockwise from the frame's +x. */
export interface LaserScan {
  header: Header;
  angle_min: number;
  angle_max: number;
  angle_increment: number;
  /** Time between measurements (s). */
  time_increment: number;
  /** Time between scans (s). */
  scan_time: number;
  range_min: number;
  range_max: number;
  ranges: Float32Array;
  intensities: Float32Array;
}

/**
 * sensor_msgs/msg/Imu. A covariance whose element 0 is −1 means "not provided" (REP-145), e.g.
 * an IMU without an orientation estimate.
 */
export interface Imu {
  header: Header;
  orientation: Quaternion;
  /** float64[9] */
  orientation_covariance: Float64Array;
  angular_velocity: Vector3;
  /** float64[9] */
  angular_velocity_covariance: Float64Array;
  linear_acceleration: Vector3;
  /** float64[9] */
  linear_acceleration_covariance: Float64Array;
}

/** sensor_msgs/msg/JointState: arrays index-aligned with `name` (rad, rad/s, N·m for revolute joints). */
export interface JointState {
  header: Header;
  name: string[];
  position: Float64Array;
  velocity: Float64Array;
  effort: Float64Array;
}

/** Values of `Range.radiation_type`. */
export const RANGE_RADIATION = { ULTRASOUND: 0, INFRARED: 1 } as const;

/** sensor_msgs/msg/Range: one distance reading along the frame's +x axis. */
export interface Range {
  header: Header;
  /** uint8, RANGE_RADIATION */
  radiation_type: number;
  /** Full cone angle (rad). */
  field_of_view: number;
  min_range: number;
  max_range: number;
  range: number;
  /** Variance of the range (m²); 0 if unknown. */
  variance: number;
}

/** sensor_msgs/msg/CompressedImage (a field of visualization_msgs/Marker). */
export interface CompressedImage {
  header: Header;
  format: string;
  data: Uint8Array;
}

/** A scan of `beams` zero ranges (empty by default). */
export function emptyLaserScan(beams = 0, frame_id = ''): LaserScan {
  return {
    header: emptyHeader(frame_id),
    angle_min: 0,
    angle_max: 0,
    angle_increment: 0,
    time_increment: 0,
    scan_time: 0,
    range_min: 0,
    range_max: 0,
    ranges: new Float32Array(beams),
    intensities: new Float32Array(0),
  };
}

/** An Imu with identity orientation, zero readings and zero covariances. */
export function zeroImu(frame_id = ''): Imu {
  return {
    header: emptyHeader(frame_id),
    orientation: identityQuaternion(),
    orientation_covariance: new Float64Array(9),
    angular_velocity: zeroVector3(),
    angular_velocity_covariance: new Float64Array(9),
    linear_acceleration: zeroVector3(),
    linear_acceleration_covariance: new Float64Array(9),
  };
}

/** A JointState for `names` with zero position, velocity and effort. */
export function zeroJointState(names: readonly string[] = [], frame_id = ''): JointState {
  const n = names.length;
  return { header: emptyHeader(frame_id), name: [...names], position: new Float64Array(n), velocity: new Float64Array(n), effort: new Float64Array(n) };
}

export function zeroRange(frame_id = ''): Range {
  return { header: emptyHeader(frame_id), radiation_type: RANGE_RADIATION.ULTRASOUND, field_of_view: 0, min_range: 0, max_range: 0, range: 0, variance: 0 };
}

export function emptyCompressedImage(): CompressedImage {
  return { header: emptyHeader(), format: '', data: new Uint8Array(0) };
}
