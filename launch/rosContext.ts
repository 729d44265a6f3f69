/**
 * What the `ros …` commands run on: a transport factory and a stop signal. The default
 * (defaultRosContext) loads rclnodejs after checking that a ROS 2 environment is sourced;
 * `spikeloop launch` passes one in-process graph shared by every node it starts, and its own
 * abort signal so `--duration-s` and Ctrl-C stop all nodes.
 */
import type { RosTransport } from '../bridges/ros2/transport/transport.js';

export interface RosContext {
  /** The transport the node runs on (created on first use; shared by nodes of one launch). */
  transport(): Promise<RosTransport>;
  /** Aborts when the node must stop (launch duration, Ctrl-C of the launcher). */
  readonly signal?: AbortSignal;
  /** Whether the command owns the transport (shuts it down when done): true for a process's own rclnodejs. */
  readonly owned?: boolean;
}
