/**
 * The standard topics and frames of a spikeloop robot (the contract between the simulator, the
 * recordings, the ROS nodes and the viewer; issue 5). Frames follow REP-103/105: SI units, z up,
 * world ENU, body FLU.
 */
export const TOPIC = {
  /** rosgraph_msgs/msg/Clock: simulated time, for nodes with use_sim_time. */
  clock: '/clock',
  /** nav_msgs/msg/Odometry: `odom` → `base_link`, twist in the body frame. */
  odom: '/odom',
  /** tf2_msgs/msg/TFMessage: odom → base_link (drone); base_link → link1 → … → tool (arm). */
  tf: '/tf',
  /** tf2_msgs/msg/TFMessage: sensor mounts, once per episode. */
  tfStatic: '/tf_static',
  /** sensor_msgs/msg/LaserScan in frame `lidar`. */
  scan: '/scan',
  /** event_camera_msgs/msg/EventPacket (`mono`) in frame `event_camera`: the drivers' default camera name and topic. */
  events: '/event_camera/events',
  /** sensor_msgs/msg/Imu in frame `base_link`. */
  imu: '/imu',
  /** sensor_msgs/msg/JointState (arm). */
  jointStates: '/joint_states',
  /** geometry_msgs/msg/Twist: velocity command, body frame (angular.z = yaw rate). */
  cmdVel: '/cmd_vel',
  /** std_msgs/msg/Float64MultiArray: ros2_control forward_command_controller commands. */
  forwardVelocityCommands: '/forward_velocity_controller/commands',
  forwardEffortCommands: '/forward_effort_controller/commands',
  forwardPositionCommands: '/forward_position_controller/commands',
  /** std_msgs/msg/Float64MultiArray: rotor speeds (rad/s) in the body's rotor order. */
  rotors: '/spikeloop/rotors',
  /** visualization_msgs/msg/MarkerArray: obstacles, goal, target, arm links; at each episode start. */
  scene: '/spikeloop/scene',
  /** std_msgs/msg/Float64: reward delivered this control step. */
  reward: '/spikeloop/reward',
  /** std_msgs/msg/Float64: neuromodulator level (the first modulator's; see modulatorTopic for several). */
  dopamine: '/spikeloop/dopamine',
  /** std_msgs/msg/String: JSON episode events (episodeEvent.ts). */
  episode: '/spikeloop/episode',
  /** diagnostic_msgs/msg/DiagnosticArray. */
  diagnostics: '/diagnostics',
} as const;

/** `/spikeloop/spikes/<population>`: std_msgs/msg/UInt32MultiArray of (neuron, step) pairs. */
export function spikesTopic(population: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(population)) {
    throw new RangeError(`spikesTopic: population name '${population}' is not a valid ROS topic token (a letter, then letters, digits or '_')`);
  }
  return `/spikeloop/spikes/${population}`;
}

/** `/spikeloop/modulator/<name>`: std_msgs/msg/Float64, each neuromodulator's level when a network has several. */
export function modulatorTopic(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new RangeError(`modulatorTopic: modulator name '${name}' is not a valid ROS topic token (a letter, then letters, digits or '_')`);
  return `/spikeloop/modulator/${name}`;
}

/** Standard frame ids. */
export const FRAME = {
  odom: 'odom',
  baseLink: 'base_link',
  lidar: 'lidar',
  eventCamera: 'event_camera',
  tool: 'tool',
} as const;

/** Frame of arm link i (0-based joint index): 'link1', 'link2', …. */
export function armLinkFrame(i: number): string {
  return `link${i + 1}`;
}

/** Marker namespaces of `/spikeloop/scene`. */
export const SCENE_NS = { obstacles: 'obstacles', goal: 'goal', target: 'target', arm: 'arm' } as const;
