/**
 * px4_msgs (PX4 v1.15 over uXRCE-DDS) messages the bridge uses; definitions in
 * px4MsgDefinitions.ts. Frames are PX4's: world NED (x north, y east, z down), body FRD; the
 * bridge converts from ENU/FLU at its edge. Timestamps are microseconds since the vehicle booted
 * (uint64, as bigint). A NaN set-point field means "not controlled".
 */

/** px4_msgs/msg/TrajectorySetpoint (NED). */
export interface TrajectorySetpoint {
  /** uint64, µs since system start. */
  timestamp: bigint;
  /** float32[3] (m) */
  position: Float32Array;
  /** float32[3] (m/s) */
  velocity: Float32Array;
  /** float32[3] (m/s²) */
  acceleration: Float32Array;
  /** float32[3] (m/s³, logging only) */
  jerk: Float32Array;
  /** Yaw (rad, −π..π, NED: clockwise from north). */
  yaw: number;
  /** Yaw rate about NED z (rad/s). */
  yawspeed: number;
}

/** px4_msgs/msg/OffboardControlMode: the heartbeat that keeps offboard mode alive (≥ 2 Hz). */
export interface OffboardControlMode {
  timestamp: bigint;
  position: boolean;
  velocity: boolean;
  acceleration: boolean;
  attitude: boolean;
  body_rate: boolean;
  thrust_and_torque: boolean;
  direct_actuator: boolean;
}

/** Values of `VehicleOdometry.pose_frame`. */
export const PX4_POSE_FRAME = { UNKNOWN: 0, NED: 1, FRD: 2 } as const;
/** Values of `VehicleOdometry.velocity_frame`. */
export const PX4_VELOCITY_FRAME = { UNKNOWN: 0, NED: 1, FRD: 2, BODY_FRD: 3 } as const;

/** px4_msgs/msg/VehicleOdometry (REP-147 for aerial vehicles). */
export interface VehicleOdometry {
  timestamp: bigint;
  timestamp_sample: bigint;
  /** uint8, PX4_POSE_FRAME */
  pose_frame: number;
  /** float32[3] (m) */
  position: Float32Array;
  /** float32[4], Hamilton (w, x, y, z): FRD body → pose frame. */
  q: Float32Array;
  /** uint8, PX4_VELOCITY_FRAME */
  velocity_frame: number;
  /** float32[3] (m/s) */
  velocity: Float32Array;
  /** float32[3] (rad/s, body FRD) */
  angular_velocity: Float32Array;
  /** float32[3] */
  position_variance: Float32Array;
  /** float32[3] */
  orientation_variance: Float32Array;
  /** float32[3] */
  velocity_variance: Float32Array;
  /** uint8 */
  reset_counter: number;
  /** int8 */
  quality: number;
}

/** The `VehicleCommand.command` values the bridge sends (MAVLink MAV_CMD ids). */
export const PX4_VEHICLE_CMD = {
  NAV_LAND: 21,
  NAV_TAKEOFF: 22,
  /** param1 = 1 (custom mode), param2 = 6 (PX4 main mode OFFBOARD). */
  DO_SET_MODE: 176,
  /** param1 = 1 arm, 0 disarm. */
  COMPONENT_ARM_DISARM: 400,
} as const;

/** px4_msgs/msg/VehicleCommand (MAVLink COMMAND_LONG semantics). */
export interface VehicleCommand {
  timestamp: bigint;
  param1: number;
  param2: number;
  param3: number;
  param4: number;
  /** float64 */
  param5: number;
  /** float64 */
  param6: number;
  param7: number;
  /** uint32 */
  command: number;
  /** uint8 */
  target_system: number;
  /** uint8 */
  target_component: number;
  /** uint8 */
  source_system: number;
  /** uint16 */
  source_component: number;
  /** uint8 */
  confirmation: number;
  from_external: boolean;
}

/** A set-point with every field zero. (A real one sets the uncontrolled fields to NaN.) */
export function zeroTrajectorySetpoint(): TrajectorySetpoint {
  return { timestamp: 0n, position: new Float32Array(3), velocity: new Float32Array(3), acceleration: new Float32Array(3), jerk: new Float32Array(3), yaw: 0, yawspeed: 0 };
}

export function noOffboardControlMode(): OffboardControlMode {
  return { timestamp: 0n, position: false, velocity: false, acceleration: false, attitude: false, body_rate: false, thrust_and_torque: false, direct_actuator: false };
}

export function zeroVehicleOdometry(): VehicleOdometry {
  return {
    timestamp: 0n,
    timestamp_sample: 0n,
    pose_frame: PX4_POSE_FRAME.UNKNOWN,
    position: new Float32Array(3),
    q: new Float32Array(4),
    velocity_frame: PX4_VELOCITY_FRAME.UNKNOWN,
    velocity: new Float32Array(3),
    angular_velocity: new Float32Array(3),
    position_variance: new Float32Array(3),
    orientation_variance: new Float32Array(3),
    velocity_variance: new Float32Array(3),
    reset_counter: 0,
    quality: 0,
  };
}

export function zeroVehicleCommand(): VehicleCommand {
  return {
    timestamp: 0n,
    param1: 0,
    param2: 0,
    param3: 0,
    param4: 0,
    param5: 0,
    param6: 0,
    param7: 0,
    command: 0,
    target_system: 0,
    target_component: 0,
    source_system: 0,
    source_component: 0,
    confirmation: 0,
    from_external: false,
  };
}
