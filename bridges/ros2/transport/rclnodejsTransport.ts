/**
 * The transport over rclnodejs 2.x — with rosEnvironment.ts (which checks the environment and
 * then loads the module), the only code that touches rclnodejs. Thin on purpose:
 * nodes, publishers, subscriptions (typed arrays on), parameters, ROS time, shutdown. The ROS
 * arguments go to `rclnodejs.init` so rcl applies remaps, `__ns`, `__node`, `-p` and
 * `--params-file` exactly as for any ROS 2 node. With `use_sim_time`, ROS time is read from our
 * own `/clock` subscription so `now_ns()` and `onTimeAdvanced` agree (two subscriptions of one
 * topic have no defined callback order in rclnodejs).
 */
import { parameterRangeProblem } from './transport.js';
import type { ParameterDescriptor, ParameterValue, QosName, RosNode, RosNodeOptions, RosPublisher, RosSubscription, RosTransport, SetParametersCallback, SetParametersResult } from './transport.js';
import { loadRclnodejs, RosEnvironmentError } from './rosEnvironment.js';
import { setupCommand } from './rclnodejsLocation.js';

/* Our own minimal view of rclnodejs' API (its types come with the local ROS install). */
interface RclParameter {
  readonly name: string;
  readonly value: unknown;
}
interface RclNode {
  createPublisher(type: string, topic: string, options?: object): { readonly topic: string; publish(m: unknown): void };
  createSubscription(type: string, topic: string, options: object, cb: (m: unknown) => void): object;
  destroySubscription(s: object): void;
  createClient(type: string, name: string): { waitForService(timeout_ms: number): Promise<boolean>; sendRequestAsync(req: unknown, o: { timeout: number }): Promise<unknown> };
  destroyClient(c: object): void;
  createService(type: string, name: string, cb: (req: unknown, res: { send(r: unknown): void }) => void): object;
  destroyService(s: object): void;
  resolveServiceName(name: string): string;
  declareParameter(p: unknown, descriptor?: unknown): RclParameter;
  /** rclnodejs 2.x: called (front of the list first) on declaration and on every set, after its own checks (declared, read-only, type, range); `{successful: false, reason}` vetoes. */
  addOnSetParametersCallback(cb: (parameters: RclParameter[]) => { successful: boolean; reason: string }): void;
  getParameter(name: string): RclParameter;
  hasParameter(name: string): boolean;
  resolveTopicName(name: string): string;
  countPublishers(topic: string): number;
  countSubscribers(topic: string): number;
  now(): { readonly nanoseconds: bigint };
  name(): string;
  namespace(): string;
  spin(): void;
  destroy(): void;
}
interface Rcl {
  init(context?: unknown, argv?: string[]): Promise<void>;
  shutdown(): void;
  isShutdown(): boolean;
  removeSignalHandlers(): void;
  Node: new (name: string, namespace?: string) => RclNode;
  Parameter: new (name: string, type: number, value: unknown) => unknown;
  /** rclnodejs 2.x lib/parameter.js: (name, type, description, readOnly, range). */
  ParameterDescriptor: new (name: string, type: number, description?: string, readOnly?: boolean) => unknown;
  ParameterType: Record<string, number>;
  QoS: (new (history: number, depth: number, reliability: number, durability: number) => unknown) & {
    profileDefault: string;
    profileSensorData: string;
    HistoryPolicy: Record<string, number>;
    ReliabilityPolicy: Record<string, number>;
    DurabilityPolicy: Record<string, number>;
  };
}

function qosOf(rcl: Rcl, q: QosName): unknown {
  if (q === 'sensor_data') return rcl.QoS.profileSensorData;
  if (q === 'reliable') return rcl.QoS.profileDefault;
  if (q === 'event_data') return new rcl.QoS(rcl.QoS.HistoryPolicy.RMW_QOS_POLICY_HISTORY_KEEP_LAST!, 1000, rcl.QoS.ReliabilityPolicy.RMW_QOS_POLICY_RELIABILITY_BEST_EFFORT!, rcl.QoS.DurabilityPolicy.RMW_QOS_POLICY_DURABILITY_VOLATILE!);
  return new rcl.QoS(rcl.QoS.HistoryPolicy.RMW_QOS_POLICY_HISTORY_KEEP_LAST!, 1, rcl.QoS.ReliabilityPolicy.RMW_QOS_POLICY_RELIABILITY_RELIABLE!, rcl.QoS.DurabilityPolicy.RMW_QOS_POLICY_DURABILITY_TRANSIENT_LOCAL!);
}

function parameterTypeOf(rcl: Rcl, v: ParameterValue, integer: boolean): number {
  const T = rcl.ParameterType;
  if (typeof v === 'boolean') return T.PARAMETER_BOOL!;
  if (typeof v === 'number') return integer ? T.PARAMETER_INTEGER! : T.PARAMETER_DOUBLE!;
  if (typeof v === 'string') return T.PARAMETER_STRING!;
  const first = v[0];
  if (typeof first === 'boolean') return T.PARAMETER_BOOL_ARRAY!;
  if (typeof first === 'string') return T.PARAMETER_STRING_ARRAY!;
  return integer ? T.PARAMETER_INTEGER_ARRAY! : T.PARAMETER_DOUBLE_ARRAY!;
}

/**
 * rclnodejs knows only the messages it generated at install time, from the packages of the ROS 2
 * sourced then. A type it lacks (a minimal install without visualization_msgs, or a package
 * installed after `spikeloop ros setup`) surfaced as rclnodejs' ValidationError with a stack trace
 * ("The message required does not exist: visualization_msgs, msg, MarkerArray at …/generated/");
 * it becomes one located RosEnvironmentError saying what to do.
 */
function missingType<T>(type: string, name: string, create: () => T): T {
  try {
    return create();
  } catch (e) {
    const message = (e as Error).message ?? '';
    if (!/required does not exist/.test(message)) throw e;
    const pkg = type.split('/')[0];
    throw new RosEnvironmentError(
      `'${name}' (${type}): rclnodejs has no such message — ${message.replace(/\s+at \S+generated\/?\s*$/, '')}. ` +
        `Is ${pkg} in the sourced ROS 2 (AMENT_PREFIX_PATH=${process.env.AMENT_PREFIX_PATH ?? ''})? ` +
        `If it was installed after rclnodejs, generate its messages again: ${setupCommand({ args: '--reinstall' })}` +
        // event_camera_msgs keeps its .msg in msg_ros2/: rclnodejs' .msg generator names the type
        // 'event_camera_msgs/msg_ros2/EventPacket'; from the .idl (share/…/msg/) it is right.
        (pkg === 'event_camera_msgs' ? ` — then, for event_camera_msgs, from its .idl files: node <rclnodejs>/scripts/generate_messages.cjs --idl (its .msg files are in msg_ros2/, which rclnodejs' default generator names 'event_camera_msgs/msg_ros2/EventPacket')` : ''),
    );
  }
}

class RclnodejsNode implements RosNode {
  readonly name: string;
  readonly namespace: string;
  readonly useSimTime: boolean;
  private simNow_ns = 0n;
  private readonly timeListeners = new Set<() => void>();
  private wallTimer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  /** Our descriptors (ranges are checked here, with our reasons: rclnodejs' ranges have steps and inclusive ends). */
  private readonly descriptors = new Map<string, ParameterDescriptor>();
  private readonly setCallbacks: SetParametersCallback[] = [];
  /** While we declare: rclnodejs runs the set callbacks on declaration too, and a declaration is not a change. */
  private declaring = false;

  constructor(
    private readonly rcl: Rcl,
    private readonly node: RclNode,
  ) {
    node.addOnSetParametersCallback((params) => this.onRclSet(params));
    this.name = node.name();
    this.namespace = node.namespace() || '/';
    this.useSimTime = node.hasParameter('use_sim_time') && node.getParameter('use_sim_time').value === true;
    if (this.useSimTime) {
      this.subscribe<{ clock: { sec: number; nanosec: number } }>('/clock', 'rosgraph_msgs/msg/Clock', (m) => {
        this.simNow_ns = BigInt(m.clock.sec) * 1_000_000_000n + BigInt(m.clock.nanosec);
        for (const l of this.timeListeners) l();
      }, 'sensor_data');
    }
  }

  publisher<T>(topic: string, type: string, qos: QosName = 'reliable'): RosPublisher<T> {
    const pub = missingType(type, topic, () => this.node.createPublisher(type, topic, { qos: qosOf(this.rcl, qos) }));
    return { topic: this.node.resolveTopicName(topic), publish: (m: T) => pub.publish(m) };
  }

  subscribe<T>(topic: string, type: string, callback: (message: T) => void, qos: QosName = 'reliable'): RosSubscription {
    const sub = missingType(type, topic, () => this.node.createSubscription(type, topic, { qos: qosOf(this.rcl, qos), enableTypedArray: true }, (m) => callback(m as T)));
    return { topic: this.node.resolveTopicName(topic), close: () => this.closed || this.node.destroySubscription(sub) };
  }

  declareParameter<T extends ParameterValue>(name: string, defaultValue: T, descriptorOrDescription: string | ParameterDescriptor): T {
    if (this.node.hasParameter(name)) return this.node.getParameter(name).value as T;
    const d = typeof descriptorOrDescription === 'string' ? { description: descriptorOrDescription } : descriptorOrDescription;
    const declare = (integer: boolean) => {
      const type = parameterTypeOf(this.rcl, defaultValue, integer);
      this.declaring = true;
      try {
        return this.node.declareParameter(new this.rcl.Parameter(name, type, defaultValue), new this.rcl.ParameterDescriptor(name, type, d.description, d.readOnly ?? false)).value;
      } finally {
        this.declaring = false;
      }
    };
    let value: T;
    try {
      value = normalise(declare(false)) as T;
    } catch (e) {
      // A whole-number override (`-p rate_hz:=50`) of a double parameter: ROS types it as an integer.
      if (typeof defaultValue !== 'number' && !(Array.isArray(defaultValue) && typeof defaultValue[0] === 'number')) throw e;
      try {
        value = normalise(declare(true)) as T;
      } catch {
        throw new RangeError(`parameter '${name}': ${(e as Error).message}`);
      }
    }
    const problem = parameterRangeProblem(name, value, d);
    if (problem !== null) throw new RangeError(`parameter '${name}': ${problem}`);
    this.descriptors.set(name, d);
    return value;
  }

  onSetParameters(callback: SetParametersCallback): () => void {
    this.setCallbacks.push(callback);
    return () => {
      const i = this.setCallbacks.indexOf(callback);
      if (i >= 0) this.setCallbacks.splice(i, 1);
    };
  }

  /** rclnodejs has checked declared, read-only and type; we check our ranges, then our callbacks. */
  private onRclSet(params: RclParameter[]): SetParametersResult {
    if (this.declaring) return { successful: true, reason: '' };
    const changes = params.map((p) => ({ name: p.name, value: normalise(p.value) as ParameterValue }));
    for (const c of changes) {
      const d = this.descriptors.get(c.name);
      const problem = d ? parameterRangeProblem(c.name, c.value, d) : null;
      if (problem !== null) return { successful: false, reason: problem };
    }
    for (const cb of [...this.setCallbacks]) {
      try {
        const r = cb(changes);
        if (!r.successful) return r;
      } catch (e) {
        return { successful: false, reason: (e as Error).message };
      }
    }
    return { successful: true, reason: '' };
  }

  async callService<Res = unknown>(service: string, type: string, request: unknown, timeout_s: number): Promise<Res> {
    const client = missingType(type, service, () => this.node.createClient(type, service));
    try {
      const name = this.node.resolveServiceName(service);
      if (!(await client.waitForService(Math.round(timeout_s * 1000)))) throw new Error(`service '${name}' (${type}): no server within ${timeout_s} s`);
      return (await client.sendRequestAsync(request, { timeout: Math.round(timeout_s * 1000) })) as Res;
    } finally {
      this.node.destroyClient(client);
    }
  }

  serve(service: string, type: string, handler: (request: unknown) => unknown): { close(): void } {
    const srv = missingType(type, service, () => this.node.createService(type, service, (req, res) => res.send(handler(req))));
    return { close: () => this.closed || this.node.destroyService(srv) };
  }

  countPublishers(topic: string): number {
    return this.node.countPublishers(this.node.resolveTopicName(topic));
  }

  countSubscribers(topic: string): number {
    return this.node.countSubscribers(this.node.resolveTopicName(topic));
  }

  now_ns(): bigint {
    return this.useSimTime ? this.simNow_ns : this.node.now().nanoseconds;
  }

  onTimeAdvanced(callback: () => void): () => void {
    this.timeListeners.add(callback);
    if (!this.useSimTime && this.wallTimer === null) this.wallTimer = setInterval(() => this.timeListeners.forEach((l) => l()), 1);
    return () => {
      this.timeListeners.delete(callback);
      if (this.timeListeners.size === 0 && this.wallTimer !== null) {
        clearInterval(this.wallTimer);
        this.wallTimer = null;
      }
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.wallTimer !== null) clearInterval(this.wallTimer);
    this.node.destroy();
  }
}

function normalise(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'bigint' ? Number(x) : x));
  return v;
}

/**
 * A transport on rclnodejs for one process; `rosArgs` are the process's ROS arguments (after
 * `--ros-args`). Throws a RosEnvironmentError when ROS 2 or rclnodejs is missing.
 */
export async function createRclnodejsTransport(rosArgs: readonly string[] = []): Promise<RosTransport> {
  const rcl = (await loadRclnodejs()) as Rcl;
  // rclnodejs shuts every context down on SIGINT; our nodes handle Ctrl-C themselves, because the
  // safe command must still be published before the context goes.
  rcl.removeSignalHandlers();
  await rcl.init(undefined, ['spikeloop', ...(rosArgs.length > 0 ? ['--ros-args', ...rosArgs] : [])]);
  const nodes: RclnodejsNode[] = [];
  return {
    kind: 'rclnodejs',
    async createNode(o: RosNodeOptions): Promise<RosNode> {
      const n = new rcl.Node(o.name, o.namespace ?? '');
      n.spin();
      const node = new RclnodejsNode(rcl, n);
      nodes.push(node);
      return node;
    },
    async shutdown(): Promise<void> {
      for (const n of nodes) n.close();
      if (!rcl.isShutdown()) rcl.shutdown();
    },
  };
}
