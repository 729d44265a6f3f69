/**
 * ROS 2 message type names (`'pkg/msg/Name'`, as rclnodejs and rosbag2 spell them), the map from
 * name to our TypeScript type — so `serialize('geometry_msgs/msg/Twist', m)` checks `m` at compile
 * time — and one zero-message factory per type (`zeroMessage(type)` returns a fresh object).
 */
import type { Duration, Time } from './builtinInterfaces.js';
import { zeroDuration, zeroTime } from './builtinInterfaces.js';
import type { EmptyResponse, Hover, LandRequest, TakeoffRequest } from './crazyflieInterfaces.js';
import { emptyResponse, zeroHover, zeroLandRequest, zeroTakeoffRequest } from './crazyflieInterfaces.js';
import type { DiagnosticArray, DiagnosticStatus, KeyValue } from './diagnosticMsgs.js';
import { emptyDiagnosticArray, emptyKeyValue, okDiagnosticStatus } from './diagnosticMsgs.js';
import type {
  Point,
  Pose,
  PoseStamped,
  PoseWithCovariance,
  Quaternion,
  Transform,
  TransformStamped,
  Twist,
  TwistStamped,
  TwistWithCovariance,
  Vector3,
} from './geometryMsgs.js';
import {
  identityPose,
  identityPoseStamped,
  identityPoseWithCovariance,
  identityQuaternion,
  identityTransform,
  identityTransformStamped,
  zeroPoint,
  zeroTwist,
  zeroTwistStamped,
  zeroTwistWithCovariance,
  zeroVector3,
} from './geometryMsgs.js';
import type { EventPacket } from './eventCameraMsgs.js';
import { emptyEventPacket } from './eventCameraMsgs.js';
import type { Odometry } from './navMsgs.js';
import { identityOdometry } from './navMsgs.js';
import type { OffboardControlMode, TrajectorySetpoint, VehicleCommand, VehicleOdometry } from './px4Msgs.js';
import { noOffboardControlMode, zeroTrajectorySetpoint, zeroVehicleCommand, zeroVehicleOdometry } from './px4Msgs.js';
import type { Clock } from './rosgraphMsgs.js';
import { zeroClock } from './rosgraphMsgs.js';
import type { CompressedImage, Imu, JointState, LaserScan, Range } from './sensorMsgs.js';
import { emptyCompressedImage, emptyLaserScan, zeroImu, zeroJointState, zeroRange } from './sensorMsgs.js';
import type { Bool, ColorRGBA, Empty, Float64, Float64MultiArray, Header, MultiArrayDimension, MultiArrayLayout, StringMsg, UInt32MultiArray } from './stdMsgs.js';
import {
  emptyFloat64MultiArray,
  emptyHeader,
  emptyMessage,
  emptyMultiArrayLayout,
  emptyString,
  emptyUInt32MultiArray,
  falseBool,
  zeroColorRGBA,
  zeroFloat64,
  zeroMultiArrayDimension,
} from './stdMsgs.js';
import type { TFMessage } from './tf2Msgs.js';
import { emptyTFMessage } from './tf2Msgs.js';
import type { JointTrajectory, JointTrajectoryPoint } from './trajectoryMsgs.js';
import { emptyJointTrajectory, emptyJointTrajectoryPoint } from './trajectoryMsgs.js';
import type { Marker, MarkerArray, MeshFile, UVCoordinate } from './visualizationMsgs.js';
import { emptyMarker, emptyMarkerArray, emptyMeshFile, zeroUVCoordinate } from './visualizationMsgs.js';

/** Type names of every message the bridge uses, by short name. */
export const MSG = {
  Time: 'builtin_interfaces/msg/Time',
  Duration: 'builtin_interfaces/msg/Duration',
  Header: 'std_msgs/msg/Header',
  String: 'std_msgs/msg/String',
  Float64: 'std_msgs/msg/Float64',
  Bool: 'std_msgs/msg/Bool',
  Empty: 'std_msgs/msg/Empty',
  ColorRGBA: 'std_msgs/msg/ColorRGBA',
  MultiArrayDimension: 'std_msgs/msg/MultiArrayDimension',
  MultiArrayLayout: 'std_msgs/msg/MultiArrayLayout',
  Float64MultiArray: 'std_msgs/msg/Float64MultiArray',
  UInt32MultiArray: 'std_msgs/msg/UInt32MultiArray',
  Vector3: 'geometry_msgs/msg/Vector3',
  Point: 'geometry_msgs/msg/Point',
  Quaternion: 'geometry_msgs/msg/Quaternion',
  Pose: 'geometry_msgs/msg/Pose',
  PoseStamped: 'geometry_msgs/msg/PoseStamped',
  PoseWithCovariance: 'geometry_msgs/msg/PoseWithCovariance',
  Twist: 'geometry_msgs/msg/Twist',
  TwistStamped: 'geometry_msgs/msg/TwistStamped',
  TwistWithCovariance: 'geometry_msgs/msg/TwistWithCovariance',
  Transform: 'geometry_msgs/msg/Transform',
  TransformStamped: 'geometry_msgs/msg/TransformStamped',
  Odometry: 'nav_msgs/msg/Odometry',
  LaserScan: 'sensor_msgs/msg/LaserScan',
  Imu: 'sensor_msgs/msg/Imu',
  JointState: 'sensor_msgs/msg/JointState',
  Range: 'sensor_msgs/msg/Range',
  CompressedImage: 'sensor_msgs/msg/CompressedImage',
  TFMessage: 'tf2_msgs/msg/TFMessage',
  Clock: 'rosgraph_msgs/msg/Clock',
  KeyValue: 'diagnostic_msgs/msg/KeyValue',
  DiagnosticStatus: 'diagnostic_msgs/msg/DiagnosticStatus',
  DiagnosticArray: 'diagnostic_msgs/msg/DiagnosticArray',
  JointTrajectoryPoint: 'trajectory_msgs/msg/JointTrajectoryPoint',
  JointTrajectory: 'trajectory_msgs/msg/JointTrajectory',
  UVCoordinate: 'visualization_msgs/msg/UVCoordinate',
  MeshFile: 'visualization_msgs/msg/MeshFile',
  Marker: 'visualization_msgs/msg/Marker',
  MarkerArray: 'visualization_msgs/msg/MarkerArray',
  TrajectorySetpoint: 'px4_msgs/msg/TrajectorySetpoint',
  OffboardControlMode: 'px4_msgs/msg/OffboardControlMode',
  VehicleOdometry: 'px4_msgs/msg/VehicleOdometry',
  VehicleCommand: 'px4_msgs/msg/VehicleCommand',
  Hover: 'crazyflie_interfaces/msg/Hover',
  TakeoffRequest: 'crazyflie_interfaces/srv/Takeoff_Request',
  TakeoffResponse: 'crazyflie_interfaces/srv/Takeoff_Response',
  LandRequest: 'crazyflie_interfaces/srv/Land_Request',
  LandResponse: 'crazyflie_interfaces/srv/Land_Response',
  EventPacket: 'event_camera_msgs/msg/EventPacket',
} as const;

/** The TypeScript type of each message, by ROS 2 type name. */
export interface MessageTypes {
  'builtin_interfaces/msg/Time': Time;
  'builtin_interfaces/msg/Duration': Duration;
  'std_msgs/msg/Header': Header;
  'std_msgs/msg/String': StringMsg;
  'std_msgs/msg/Float64': Float64;
  'std_msgs/msg/Bool': Bool;
  'std_msgs/msg/Empty': Empty;
  'std_msgs/msg/ColorRGBA': ColorRGBA;
  'std_msgs/msg/MultiArrayDimension': MultiArrayDimension;
  'std_msgs/msg/MultiArrayLayout': MultiArrayLayout;
  'std_msgs/msg/Float64MultiArray': Float64MultiArray;
  'std_msgs/msg/UInt32MultiArray': UInt32MultiArray;
  'geometry_msgs/msg/Vector3': Vector3;
  'geometry_msgs/msg/Point': Point;
  'geometry_msgs/msg/Quaternion': Quaternion;
  'geometry_msgs/msg/Pose': Pose;
  'geometry_msgs/msg/PoseStamped': PoseStamped;
  'geometry_msgs/msg/PoseWithCovariance': PoseWithCovariance;
  'geometry_msgs/msg/Twist': Twist;
  'geometry_msgs/msg/TwistStamped': TwistStamped;
  'geometry_msgs/msg/TwistWithCovariance': TwistWithCovariance;
  'geometry_msgs/msg/Transform': Transform;
  'geometry_msgs/msg/TransformStamped': TransformStamped;
  'nav_msgs/msg/Odometry': Odometry;
  'sensor_msgs/msg/LaserScan': LaserScan;
  'sensor_msgs/msg/Imu': Imu;
  'sensor_msgs/msg/JointState': JointState;
  'sensor_msgs/msg/Range': Range;
  'sensor_msgs/msg/CompressedImage': CompressedImage;
  'tf2_msgs/msg/TFMessage': TFMessage;
  'rosgraph_msgs/msg/Clock': Clock;
  'diagnostic_msgs/msg/KeyValue': KeyValue;
  'diagnostic_msgs/msg/DiagnosticStatus': DiagnosticStatus;
  'diagnostic_msgs/msg/DiagnosticArray': DiagnosticArray;
  'trajectory_msgs/msg/JointTrajectoryPoint': JointTrajectoryPoint;
  'trajectory_msgs/msg/JointTrajectory': JointTrajectory;
  'visualization_msgs/msg/UVCoordinate': UVCoordinate;
  'visualization_msgs/msg/MeshFile': MeshFile;
  'visualization_msgs/msg/Marker': Marker;
  'visualization_msgs/msg/MarkerArray': MarkerArray;
  'px4_msgs/msg/TrajectorySetpoint': TrajectorySetpoint;
  'px4_msgs/msg/OffboardControlMode': OffboardControlMode;
  'px4_msgs/msg/VehicleOdometry': VehicleOdometry;
  'px4_msgs/msg/VehicleCommand': VehicleCommand;
  'crazyflie_interfaces/msg/Hover': Hover;
  'crazyflie_interfaces/srv/Takeoff_Request': TakeoffRequest;
  'crazyflie_interfaces/srv/Takeoff_Response': EmptyResponse;
  'crazyflie_interfaces/srv/Land_Request': LandRequest;
  'crazyflie_interfaces/srv/Land_Response': EmptyResponse;
  'event_camera_msgs/msg/EventPacket': EventPacket;
}

/** A type name the bridge has a TypeScript type for. */
export type MessageTypeName = keyof MessageTypes;

/** The zero message of each type (fresh object per call; the defaults of the definitions, e.g. identity quaternions). */
export const ZERO_MESSAGES: { readonly [K in MessageTypeName]: () => MessageTypes[K] } = {
  'builtin_interfaces/msg/Time': zeroTime,
  'builtin_interfaces/msg/Duration': zeroDuration,
  'std_msgs/msg/Header': () => emptyHeader(),
  'std_msgs/msg/String': emptyString,
  'std_msgs/msg/Float64': zeroFloat64,
  'std_msgs/msg/Bool': falseBool,
  'std_msgs/msg/Empty': emptyMessage,
  'std_msgs/msg/ColorRGBA': zeroColorRGBA,
  'std_msgs/msg/MultiArrayDimension': zeroMultiArrayDimension,
  'std_msgs/msg/MultiArrayLayout': emptyMultiArrayLayout,
  'std_msgs/msg/Float64MultiArray': () => emptyFloat64MultiArray(),
  'std_msgs/msg/UInt32MultiArray': emptyUInt32MultiArray,
  'geometry_msgs/msg/Vector3': zeroVector3,
  'geometry_msgs/msg/Point': zeroPoint,
  'geometry_msgs/msg/Quaternion': identityQuaternion,
  'geometry_msgs/msg/Pose': identityPose,
  'geometry_msgs/msg/PoseStamped': () => identityPoseStamped(),
  'geometry_msgs/msg/PoseWithCovariance': identityPoseWithCovariance,
  'geometry_msgs/msg/Twist': zeroTwist,
  'geometry_msgs/msg/TwistStamped': () => zeroTwistStamped(),
  'geometry_msgs/msg/TwistWithCovariance': zeroTwistWithCovariance,
  'geometry_msgs/msg/Transform': identityTransform,
  'geometry_msgs/msg/TransformStamped': () => identityTransformStamped(),
  'nav_msgs/msg/Odometry': () => identityOdometry(),
  'sensor_msgs/msg/LaserScan': () => emptyLaserScan(),
  'sensor_msgs/msg/Imu': () => zeroImu(),
  'sensor_msgs/msg/JointState': () => zeroJointState(),
  'sensor_msgs/msg/Range': () => zeroRange(),
  'sensor_msgs/msg/CompressedImage': emptyCompressedImage,
  'tf2_msgs/msg/TFMessage': emptyTFMessage,
  'rosgraph_msgs/msg/Clock': zeroClock,
  'diagnostic_msgs/msg/KeyValue': emptyKeyValue,
  'diagnostic_msgs/msg/DiagnosticStatus': () => okDiagnosticStatus(),
  'diagnostic_msgs/msg/DiagnosticArray': emptyDiagnosticArray,
  'trajectory_msgs/msg/JointTrajectoryPoint': emptyJointTrajectoryPoint,
  'trajectory_msgs/msg/JointTrajectory': emptyJointTrajectory,
  'visualization_msgs/msg/UVCoordinate': zeroUVCoordinate,
  'visualization_msgs/msg/MeshFile': emptyMeshFile,
  'visualization_msgs/msg/Marker': emptyMarker,
  'visualization_msgs/msg/MarkerArray': emptyMarkerArray,
  'px4_msgs/msg/TrajectorySetpoint': zeroTrajectorySetpoint,
  'px4_msgs/msg/OffboardControlMode': noOffboardControlMode,
  'px4_msgs/msg/VehicleOdometry': zeroVehicleOdometry,
  'px4_msgs/msg/VehicleCommand': zeroVehicleCommand,
  'crazyflie_interfaces/msg/Hover': () => zeroHover(),
  'crazyflie_interfaces/srv/Takeoff_Request': zeroTakeoffRequest,
  'crazyflie_interfaces/srv/Takeoff_Response': emptyResponse,
  'crazyflie_interfaces/srv/Land_Request': zeroLandRequest,
  'crazyflie_interfaces/srv/Land_Response': emptyResponse,
  'event_camera_msgs/msg/EventPacket': () => emptyEventPacket(),
};

/** Every type name in MessageTypes, in MSG order. */
export const MESSAGE_TYPE_NAMES: readonly MessageTypeName[] = Object.values(MSG);

export function isMessageTypeName(type: string): type is MessageTypeName {
  return Object.prototype.hasOwnProperty.call(ZERO_MESSAGES, type);
}

/** A fresh zero message of `type`; a RangeError lists the known types for an unknown one. */
export function zeroMessage<K extends MessageTypeName>(type: K): MessageTypes[K] {
  if (!isMessageTypeName(type)) throw new RangeError(`zeroMessage: no message type '${String(type)}'; known types are ${MESSAGE_TYPE_NAMES.join(', ')}`);
  return ZERO_MESSAGES[type]();
}
