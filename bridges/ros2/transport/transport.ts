/**
 * The transport: the small surface of ROS 2 the bridge needs — nodes, publishers, subscriptions,
 * parameters, ROS time and shutdown — so that everything else (mappings, conversions, safety,
 * pacing) is written once and tested here without ROS 2. Two implementations: the rclnodejs
 * adapter (rclnodejsTransport.ts, the only file that touches rclnodejs) and the in-process graph
 * (inProcessTransport.ts), which delivers messages between nodes of one process.
 *
 * Messages are plain objects shaped like the ROS 2 message (our own types in ../messages/);
 * types are named the ROS 2 way, 'geometry_msgs/msg/Twist'.
 */

/** A QoS profile, by name. */
export type QosName =
  /** rmw_qos_profile_sensor_data: best effort, depth 5, volatile — sensors. */
  | 'sensor_data'
  /**
   * Best effort, depth 1000, volatile — event-camera packets, as metavision_driver and
   * libcaer_driver publish them (KeepLast(send_queue_size = 1000), best_effort, volatile): a
   * driver sends a packet every millisecond or so, more than sensor_data's depth 5 holds.
   */
  | 'event_data'
  /** The default: reliable, depth 10, volatile — commands, diagnostics. */
  | 'reliable'
  /** Reliable, depth 1, transient local: late joiners get the last message (scene, static tf). */
  | 'latched';

/** A parameter value, as ROS 2 parameters can hold. */
export type ParameterValue = boolean | number | string | readonly boolean[] | readonly number[] | readonly string[];

/**
 * How a parameter may be set after start-up, as rcl_interfaces/msg/ParameterDescriptor says it:
 * `ros2 param describe` shows it, `ros2 param set` is checked against it.
 */
export interface ParameterDescriptor {
  readonly description: string;
  /**
   * Set at start-up only (`-p`, a params file, a launch argument): `ros2 param set` is refused
   * with a reason saying so, and the value stays.
   */
  readonly readOnly?: boolean;
  /** Numbers: the smallest value accepted (inclusive unless `minExclusive`). */
  readonly min?: number;
  readonly minExclusive?: boolean;
  /** Numbers: the largest value accepted (inclusive). */
  readonly max?: number;
}

/** One parameter of a `ros2 param set` (or `set_parameters` service call). */
export interface ParameterChange {
  readonly name: string;
  readonly value: ParameterValue;
}

/** rcl_interfaces/msg/SetParametersResult. */
export interface SetParametersResult {
  readonly successful: boolean;
  /** Why it was refused ('' when successful). */
  readonly reason: string;
}

/**
 * Called when parameters of the node are set at run time, with values already checked against
 * their declared type, `readOnly` and range: apply them and return `{successful: true}`, or
 * refuse with a reason (the values then stay as they were). Callbacks run in registration order
 * and the first refusal ends the set; each callback should only look at the names it owns.
 */
export type SetParametersCallback = (changes: readonly ParameterChange[]) => SetParametersResult;

/** Why `value` breaks `descriptor`'s range, or null. */
export function parameterRangeProblem(name: string, value: ParameterValue, d: ParameterDescriptor): string | null {
  if (typeof value !== 'number') return null;
  if (!Number.isFinite(value)) return `out of range: '${name}' must be a finite number, got ${value}`;
  if (d.min !== undefined && (d.minExclusive ? !(value > d.min) : !(value >= d.min))) return `out of range: '${name}' must be ${d.minExclusive ? '>' : '≥'} ${d.min}, got ${value}`;
  if (d.max !== undefined && !(value <= d.max)) return `out of range: '${name}' must be ≤ ${d.max}, got ${value}`;
  return null;
}

/** The reason a read-only parameter gives when set at run time. */
export function readOnlyReason(name: string): string {
  return `read-only: '${name}' is read at start-up only (set it with -p ${name}:=…, a params file or a launch argument and restart the node)`;
}

export interface RosPublisher<T> {
  /** The resolved topic name (after namespace and remapping). */
  readonly topic: string;
  publish(message: T): void;
}

export interface RosSubscription {
  /** The resolved topic name (after namespace and remapping). */
  readonly topic: string;
  close(): void;
}

export interface RosNode {
  readonly name: string;
  /** '/' or '/ns'. */
  readonly namespace: string;
  /** Whether the node's clock follows `/clock` (parameter `use_sim_time`). */
  readonly useSimTime: boolean;
  /** `topic` is resolved against the node's namespace and the remappings, as rcl does. */
  publisher<T>(topic: string, type: string, qos?: QosName): RosPublisher<T>;
  subscribe<T>(topic: string, type: string, callback: (message: T) => void, qos?: QosName): RosSubscription;
  /**
   * Declares a parameter and returns its value: the override given at startup (launch file,
   * `--ros-args -p`, `--params-file`) if any, else `defaultValue`. An override of another type
   * is a RangeError naming the parameter and both types. `descriptor` (or just a description)
   * says whether `ros2 param set` may change it later and within which range; an override out
   * of that range is a RangeError too.
   */
  declareParameter<T extends ParameterValue>(name: string, defaultValue: T, descriptor: string | ParameterDescriptor): T;
  /**
   * Registers a callback for parameters set at run time (`ros2 param set`, the
   * `set_parameters` service); see {@link SetParametersCallback}. Returns the unregister function.
   */
  onSetParameters(callback: SetParametersCallback): () => void;
  /**
   * Calls a service (its name resolved as rcl resolves service names) and resolves with the
   * response; rejects with an Error naming the service when no server appears within
   * `timeout_s`, or the call does not complete within it.
   */
  callService<Res = unknown>(service: string, type: string, request: unknown, timeout_s: number): Promise<Res>;
  /** Offers a service (simulated robots, tests): `handler` returns the response. */
  serve(service: string, type: string, handler: (request: unknown) => unknown): { close(): void };
  /** Publishers / subscriptions the graph knows on `topic` (resolved like the others), this node's included. */
  countPublishers(topic: string): number;
  countSubscribers(topic: string): number;
  /** ROS time in ns: sim time from `/clock` when `useSimTime` (0 before the first message), else wall time. */
  now_ns(): bigint;
  /** Calls `callback` whenever ROS time advances (each `/clock` message, or each wall-clock poll). */
  onTimeAdvanced(callback: () => void): () => void;
  close(): void;
}

/** Options of a node: what `--ros-args` and launch files set. */
export interface RosNodeOptions {
  /** Default node name; `__node:=` in the ROS arguments overrides it. */
  readonly name: string;
  /** Default namespace; `__ns:=` in the ROS arguments overrides it. */
  readonly namespace?: string;
  /** The ROS arguments after `--ros-args` (remaps, `-p`, `--params-file`, `__ns`, `__node`). */
  readonly rosArgs?: readonly string[];
}

export interface RosTransport {
  readonly kind: 'rclnodejs' | 'in-process';
  createNode(options: RosNodeOptions): Promise<RosNode>;
  /** Stops spinning and releases every node this transport created. */
  shutdown(): Promise<void>;
}
