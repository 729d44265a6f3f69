/**
 * The in-process graph: a `RosTransport` whose nodes all live in this process and share topics,
 * so that the simulator node, the controller node and recorders can be wired together and tested
 * without ROS 2 (and `spikeloop launch` can run a launch file in one process).
 *
 * What it keeps of ROS 2:
 * - names: node name, namespace, remaps and parameter overrides from the ROS arguments exactly as
 *   rcl applies them (rosArgs.ts), process-wide arguments (`transportFor`) behind the node's own;
 * - topics: a message goes to every subscription of the same resolved topic that exists when it is
 *   published; one type per topic (a second type is a RangeError naming the topic and both types);
 * - QoS: a reliable subscription to a best-effort publisher, or a transient-local ('latched')
 *   subscription to a volatile publisher, is incompatible in ROS 2 (it silently receives nothing);
 *   here it is a RangeError naming the topic and both profiles. A 'latched' subscription created
 *   after a 'latched' publisher published receives that publisher's last message;
 * - time: `use_sim_time` is declared on every node (default false, as rclcpp does); with it, ROS
 *   time follows `/clock` (rosgraph_msgs/msg/Clock) and is 0 before the first message; without it,
 *   it is wall time (epoch ns at graph creation, advanced by the monotonic `process.hrtime`).
 *
 * Delivery is asynchronous and FIFO across all topics of the graph: one queue, drained in a
 * `setImmediate` loop, so messages arrive in the order they were published ("sensors, then
 * /clock" stays in that order). Queue depths are not modelled: nothing is dropped.
 */
import { nodeIdentity, parameterOverrides, parseRosArgs } from './rosArgs.js';
import type { ParsedRosArgs } from './rosArgs.js';
import { resolveTopicName } from './rosNames.js';
import type { RosRemap } from './rosNames.js';
import { parameterRangeProblem, readOnlyReason } from './transport.js';
import type { ParameterChange, ParameterDescriptor, ParameterValue, QosName, RosNode, RosNodeOptions, RosPublisher, RosSubscription, RosTransport, SetParametersCallback, SetParametersResult } from './transport.js';

export interface InProcessGraph extends RosTransport {
  readonly kind: 'in-process';
  /**
   * A view of this graph for one "process": nodes created through it also take `globalRosArgs`
   * (the process's `--ros-args`) behind their own. Its `shutdown()` closes only its nodes.
   * Throws a RangeError when the arguments are invalid.
   */
  transportFor(globalRosArgs: readonly string[], source?: string): RosTransport;
  /** Resolves once every message published so far (and those its delivery publishes) is delivered. */
  flush(): Promise<void>;
  /** The topics in use: resolved name → message type. */
  topics(): Map<string, string>;
  /**
   * Sets parameters of the node `node` (its full name, '/ns/name') as `ros2 param set` does —
   * one at a time, each checked against its declared type, read-only flag and range, then
   * offered to the node's set-parameters callbacks — and returns one result per parameter. A
   * refused parameter keeps its value. Unknown node: a RangeError.
   */
  setParameters(node: string, parameters: Readonly<Record<string, ParameterValue>>): SetParametersResult[];
  /** A declared parameter's current value (`ros2 param get`); undefined when not declared. */
  getParameter(node: string, name: string): ParameterValue | undefined;
}

export interface InProcessGraphOptions {
  /**
   * Called when a subscription callback (or a time callback) throws; delivery goes on. Default:
   * rethrown from a fresh task, so an error is never silently lost (as a throwing callback ends
   * `spin` in rclnodejs).
   */
  readonly onCallbackError?: (error: unknown, where: string) => void;
}

const QOS: Record<QosName, { reliable: boolean; transientLocal: boolean }> = {
  sensor_data: { reliable: false, transientLocal: false },
  event_data: { reliable: false, transientLocal: false },
  reliable: { reliable: true, transientLocal: false },
  latched: { reliable: true, transientLocal: true },
};

/** Why a publisher and a subscription with these profiles do not match in ROS 2 (DDS request/offer rules), or null. */
function qosProblem(pub: QosName, sub: QosName): string | null {
  if (QOS[sub].reliable && !QOS[pub].reliable) return `a reliable subscription ('${sub}') receives nothing from a best-effort publisher ('${pub}')`;
  if (QOS[sub].transientLocal && !QOS[pub].transientLocal) return `a transient-local subscription ('${sub}') receives nothing from a volatile publisher ('${pub}')`;
  return null;
}

const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*\/msg\/[A-Za-z][A-Za-z0-9_]*$/;
const CLOCK_TYPE = 'rosgraph_msgs/msg/Clock';

interface PubRecord {
  readonly node: NodeImpl;
  readonly qos: QosName;
  open: boolean;
  hasLast: boolean;
  last: unknown;
}

interface SubRecord {
  readonly node: NodeImpl;
  readonly qos: QosName;
  readonly callback: (message: unknown) => void;
  readonly where: string;
  open: boolean;
}

interface Topic {
  readonly name: string;
  type: string;
  readonly pubs: Set<PubRecord>;
  /** Replaced, never mutated, when subscriptions change: a publish keeps a reference, not a copy. */
  subs: readonly SubRecord[];
}

function typeOfValue(v: ParameterValue): string {
  if (Array.isArray(v)) return v.length === 0 ? 'array' : `${typeof v[0]} array`;
  return typeof v;
}

function sameType(override: ParameterValue, defaultValue: ParameterValue): boolean {
  if (Array.isArray(defaultValue) || Array.isArray(override)) {
    if (!Array.isArray(defaultValue) || !Array.isArray(override)) return false;
    // an empty array has no element type: either side empty matches any array
    return defaultValue.length === 0 || override.length === 0 || typeof defaultValue[0] === typeof override[0];
  }
  return typeof override === typeof defaultValue;
}

const describe = (v: ParameterValue) => JSON.stringify(v);

class NodeImpl implements RosNode {
  readonly fullName: string;
  readonly useSimTime: boolean;
  private readonly declared = new Map<string, { value: ParameterValue; descriptor: ParameterDescriptor }>();
  private readonly setCallbacks: SetParametersCallback[] = [];
  private readonly overrides: Map<string, ParameterValue>;
  private readonly pubs = new Set<PubRecord>();
  private readonly subs = new Set<SubRecord>();
  private readonly timeCallbacks = new Set<() => void>();
  private poll: ReturnType<typeof setInterval> | undefined;
  private simTime_ns = 0n;
  closed = false;

  constructor(
    private readonly graph: Graph,
    readonly name: string,
    readonly namespace: string,
    private readonly remaps: readonly RosRemap[],
    argsForParams: readonly ParsedRosArgs[],
    private readonly onClose: (n: NodeImpl) => void,
  ) {
    this.fullName = namespace === '/' ? `/${name}` : `${namespace}/${name}`;
    this.overrides = parameterOverrides(argsForParams, this.fullName);
    this.useSimTime = this.declareParameter('use_sim_time', false, { description: 'ROS time follows /clock when true (declared by the transport)', readOnly: true });
    if (this.useSimTime) this.subscribeClock();
  }

  private assertOpen(what: string): void {
    if (this.closed) throw new Error(`node '${this.fullName}' is closed: cannot ${what}.`);
  }

  private resolve(topic: string): string {
    return resolveTopicName(topic, this.namespace, this.name, this.remaps);
  }

  countPublishers(topic: string): number {
    return this.graph.endpointCounts(this.resolve(topic)).publishers;
  }

  private readonly served = new Set<string>();

  serve(service: string, type: string, handler: (request: unknown) => unknown): { close(): void } {
    this.assertOpen(`offer service '${service}'`);
    const name = resolveTopicName(service, this.namespace, this.name, this.remaps, 'service');
    if (this.graph.services.has(name)) throw new RangeError(`service '${name}' is already offered (by node '${this.graph.services.get(name)!.node}')`);
    this.graph.services.set(name, { type, handler, node: this.fullName });
    this.served.add(name);
    return {
      close: () => {
        this.served.delete(name);
        this.graph.services.delete(name);
      },
    };
  }

  async callService<Res = unknown>(service: string, type: string, request: unknown, timeout_s: number): Promise<Res> {
    this.assertOpen(`call service '${service}'`);
    const name = resolveTopicName(service, this.namespace, this.name, this.remaps, 'service');
    const deadline = performance.now() + timeout_s * 1000;
    while (!this.graph.services.has(name)) {
      if (performance.now() >= deadline || this.closed) throw new Error(`service '${name}' (${type}): no server within ${timeout_s} s`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const server = this.graph.services.get(name)!;
    if (server.type !== type) throw new RangeError(`service '${name}': called as '${type}' but served as '${server.type}'`);
    await new Promise((r) => setImmediate(r)); // a service answers asynchronously, as over DDS
    return structuredClone(await server.handler(structuredClone(request))) as Res;
  }

  countSubscribers(topic: string): number {
    return this.graph.endpointCounts(this.resolve(topic)).subscribers;
  }

  publisher<T>(topic: string, type: string, qos: QosName = 'reliable'): RosPublisher<T> {
    this.assertOpen(`create a publisher on '${topic}'`);
    const name = this.resolve(topic);
    const rec: PubRecord = { node: this, qos, open: true, hasLast: false, last: undefined };
    const t = this.graph.attachPublisher(name, type, rec);
    this.pubs.add(rec);
    const graph = this.graph;
    const node = this;
    return {
      topic: name,
      publish(message: T): void {
        if (!rec.open) throw new Error(`publisher of '${name}' on node '${node.fullName}' is closed.`);
        // A snapshot, as rclnodejs serializes at publish: publishers reuse their message objects.
        const snapshot = structuredClone(message);
        if (qos === 'latched') {
          rec.hasLast = true;
          rec.last = snapshot;
        }
        graph.enqueue(t.subs, snapshot);
      },
    };
  }

  subscribe<T>(topic: string, type: string, callback: (message: T) => void, qos: QosName = 'reliable'): RosSubscription {
    this.assertOpen(`subscribe to '${topic}'`);
    const name = this.resolve(topic);
    const rec: SubRecord = { node: this, qos, callback: callback as (m: unknown) => void, where: `subscription of node '${this.fullName}' to '${name}'`, open: true };
    this.graph.attachSubscription(name, type, rec);
    this.subs.add(rec);
    return {
      topic: name,
      close: () => {
        if (!rec.open) return;
        rec.open = false;
        this.subs.delete(rec);
        this.graph.detachSubscription(name, rec);
      },
    };
  }

  private subscribeClock(): void {
    this.subscribe<{ clock?: { sec?: unknown; nanosec?: unknown } }>(
      '/clock',
      CLOCK_TYPE,
      (m) => {
        const sec = m?.clock?.sec;
        const nanosec = m?.clock?.nanosec;
        if (!Number.isSafeInteger(sec) || !Number.isSafeInteger(nanosec) || (nanosec as number) < 0 || (nanosec as number) >= 1e9) {
          throw new RangeError(`node '${this.fullName}': a /clock message must be {clock: {sec, nanosec}} with integer sec and 0 ≤ nanosec < 1e9, got ${JSON.stringify(m)}.`);
        }
        this.simTime_ns = BigInt(sec as number) * 1_000_000_000n + BigInt(nanosec as number);
        this.fireTime();
      },
      'sensor_data', // accepts any publisher's QoS
    );
  }

  private fireTime(): void {
    for (const cb of this.timeCallbacks) {
      try {
        cb();
      } catch (err) {
        this.graph.callbackError(err, `time callback of node '${this.fullName}'`);
      }
    }
  }

  declareParameter<T extends ParameterValue>(name: string, defaultValue: T, descriptorOrDescription: string | ParameterDescriptor): T {
    const descriptor = typeof descriptorOrDescription === 'string' ? { description: descriptorOrDescription } : descriptorOrDescription;
    this.assertOpen(`declare parameter '${name}'`);
    if (this.declared.has(name)) {
      const hint = name === 'use_sim_time' ? ' (the transport declares it on every node: read node.useSimTime)' : '';
      throw new RangeError(`parameter '${name}' of node '${this.fullName}' is already declared${hint}.`);
    }
    const override = this.overrides.get(name);
    if (override !== undefined && !sameType(override, defaultValue)) {
      throw new RangeError(`parameter '${name}' of node '${this.fullName}': the override ${describe(override)} is a ${typeOfValue(override)} but the parameter is a ${typeOfValue(defaultValue)} (default ${describe(defaultValue)}).`);
    }
    const value = (override ?? defaultValue) as T;
    const problem = parameterRangeProblem(name, value, descriptor);
    if (problem !== null) throw new RangeError(`parameter '${name}' of node '${this.fullName}': ${problem}.`);
    this.declared.set(name, { value, descriptor });
    return value;
  }

  onSetParameters(callback: SetParametersCallback): () => void {
    this.assertOpen('register a set-parameters callback');
    this.setCallbacks.push(callback);
    return () => {
      const i = this.setCallbacks.indexOf(callback);
      if (i >= 0) this.setCallbacks.splice(i, 1);
    };
  }

  getParameter(name: string): ParameterValue | undefined {
    return this.declared.get(name)?.value;
  }

  /** One parameter set at run time (see InProcessGraph.setParameters). */
  setParameter(change: ParameterChange): SetParametersResult {
    const { name, value } = change;
    const d = this.declared.get(name);
    if (d === undefined) return { successful: false, reason: `parameter '${name}' is not declared by node '${this.fullName}'` };
    if (d.descriptor.readOnly) return { successful: false, reason: readOnlyReason(name) };
    if (!sameType(value, d.value)) return { successful: false, reason: `wrong type: '${name}' is a ${typeOfValue(d.value)}, got a ${typeOfValue(value)} (${describe(value)})` };
    const problem = parameterRangeProblem(name, value, d.descriptor);
    if (problem !== null) return { successful: false, reason: problem };
    for (const cb of [...this.setCallbacks]) {
      let r: SetParametersResult;
      try {
        r = cb([{ name, value }]);
      } catch (e) {
        r = { successful: false, reason: (e as Error).message };
      }
      if (!r.successful) return r;
    }
    d.value = value;
    return { successful: true, reason: '' };
  }

  now_ns(): bigint {
    return this.useSimTime ? this.simTime_ns : this.graph.wallNow_ns();
  }

  onTimeAdvanced(callback: () => void): () => void {
    this.assertOpen('register a time callback');
    this.timeCallbacks.add(callback);
    if (!this.useSimTime && this.poll === undefined) this.poll = setInterval(() => this.fireTime(), 1);
    return () => {
      this.timeCallbacks.delete(callback);
      if (this.timeCallbacks.size === 0) this.stopPoll();
    };
  }

  private stopPoll(): void {
    if (this.poll !== undefined) clearInterval(this.poll);
    this.poll = undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopPoll();
    this.timeCallbacks.clear();
    this.setCallbacks.length = 0;
    for (const s of this.subs) {
      s.open = false;
      this.graph.detachSubscription(null, s);
    }
    this.subs.clear();
    for (const p of this.pubs) {
      p.open = false;
      this.graph.detachPublisher(p);
    }
    this.pubs.clear();
    for (const name of this.served) this.graph.services.delete(name);
    this.served.clear();
    this.onClose(this);
  }
}

class Graph {
  private readonly topicsByName = new Map<string, Topic>();
  /** Offered services by resolved name. */
  readonly services = new Map<string, { type: string; handler: (request: unknown) => unknown; node: string }>();
  // the delivery queue: parallel arrays (subscriber list, message) read from `head`
  private qSubs: Array<readonly SubRecord[]> = [];
  private qMsgs: unknown[] = [];
  private head = 0;
  private scheduled: ReturnType<typeof setImmediate> | undefined;
  private readonly wallOrigin_ns = BigInt(Date.now()) * 1_000_000n;
  private readonly hrOrigin_ns = process.hrtime.bigint();
  readonly nodes = new Set<NodeImpl>();
  down = false;

  constructor(private readonly options: InProcessGraphOptions) {}

  wallNow_ns(): bigint {
    return this.wallOrigin_ns + (process.hrtime.bigint() - this.hrOrigin_ns);
  }

  callbackError(err: unknown, where: string): void {
    if (this.options.onCallbackError) this.options.onCallbackError(err, where);
    else
      setImmediate(() => {
        throw err;
      });
  }

  private topic(name: string, type: string, role: string, node: NodeImpl): Topic {
    if (!TYPE_NAME.test(type)) throw new RangeError(`${role} of node '${node.fullName}' on '${name}': expected a ROS 2 message type such as 'geometry_msgs/msg/Twist', got '${type}'.`);
    let t = this.topicsByName.get(name);
    if (t === undefined) {
      t = { name, type, pubs: new Set(), subs: [] };
      this.topicsByName.set(name, t);
    } else if (t.type !== type) {
      throw new RangeError(`topic '${name}': the ${role} of node '${node.fullName}' has type '${type}' but the topic already carries '${t.type}'.`);
    }
    return t;
  }

  endpointCounts(name: string): { publishers: number; subscribers: number } {
    const t = this.topicsByName.get(name);
    if (t === undefined) return { publishers: 0, subscribers: 0 };
    let publishers = 0;
    for (const p of t.pubs) if (p.open) publishers++;
    return { publishers, subscribers: t.subs.filter((s) => s.open).length };
  }

  attachPublisher(name: string, type: string, rec: PubRecord): Topic {
    const t = this.topic(name, type, 'publisher', rec.node);
    for (const s of t.subs) {
      const p = qosProblem(rec.qos, s.qos);
      if (p !== null) throw new RangeError(`topic '${name}': incompatible QoS between the publisher of node '${rec.node.fullName}' and the subscription of node '${s.node.fullName}': ${p}.`);
    }
    t.pubs.add(rec);
    return t;
  }

  attachSubscription(name: string, type: string, rec: SubRecord): void {
    const t = this.topic(name, type, 'subscription', rec.node);
    for (const p of t.pubs) {
      const problem = qosProblem(p.qos, rec.qos);
      if (problem !== null) throw new RangeError(`topic '${name}': incompatible QoS between the publisher of node '${p.node.fullName}' and the subscription of node '${rec.node.fullName}': ${problem}.`);
    }
    t.subs = [...t.subs, rec];
    if (rec.qos === 'latched') {
      for (const p of t.pubs) if (p.hasLast) this.enqueue([rec], p.last);
    }
  }

  detachSubscription(name: string | null, rec: SubRecord): void {
    for (const t of name === null ? this.topicsByName.values() : [this.topicsByName.get(name)]) {
      if (t === undefined || !t.subs.includes(rec)) continue;
      t.subs = t.subs.filter((s) => s !== rec);
      this.dropIfUnused(t);
    }
  }

  detachPublisher(rec: PubRecord): void {
    for (const t of this.topicsByName.values()) {
      if (t.pubs.delete(rec)) this.dropIfUnused(t);
    }
  }

  private dropIfUnused(t: Topic): void {
    if (t.pubs.size === 0 && t.subs.length === 0) this.topicsByName.delete(t.name);
  }

  enqueue(subs: readonly SubRecord[], message: unknown): void {
    if (this.down || subs.length === 0) return;
    this.qSubs.push(subs);
    this.qMsgs.push(message);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled === undefined) this.scheduled = setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = undefined;
    // deliver what is queued now; what callbacks publish goes after it, in a later turn, so a
    // publish/subscribe loop cannot starve timers and I/O
    const end = this.qMsgs.length;
    while (this.head < end && !this.down) {
      const subs = this.qSubs[this.head]!;
      const msg = this.qMsgs[this.head];
      this.qSubs[this.head] = [];
      this.qMsgs[this.head] = undefined;
      this.head++;
      for (const s of subs) {
        if (!s.open) continue;
        try {
          s.callback(msg);
        } catch (err) {
          this.callbackError(err, s.where);
        }
      }
    }
    if (this.head >= this.qMsgs.length) {
      this.qSubs.length = 0;
      this.qMsgs.length = 0;
      this.head = 0;
    } else if (!this.down) this.schedule();
  }

  pending(): boolean {
    return this.scheduled !== undefined || this.head < this.qMsgs.length;
  }

  topicTypes(): Map<string, string> {
    return new Map([...this.topicsByName.values()].map((t) => [t.name, t.type]));
  }

  shutdown(): void {
    for (const n of [...this.nodes]) n.close();
    this.down = true;
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.qSubs = [];
    this.qMsgs = [];
    this.head = 0;
  }

  createNode(options: RosNodeOptions, global: ParsedRosArgs | undefined, owner: Set<NodeImpl>): NodeImpl {
    if (this.down) throw new Error(`the in-process graph is shut down: cannot create node '${options.name}'.`);
    const local = parseRosArgs(options.rosArgs ?? [], `ROS arguments of node '${options.name}'`);
    const remapOrder = global === undefined ? [local] : [local, global];
    const id = nodeIdentity(remapOrder, options.name, options.namespace);
    const node = new NodeImpl(
      this,
      id.name,
      id.namespace,
      remapOrder.flatMap((a) => a.remaps),
      global === undefined ? [local] : [global, local],
      (n) => {
        this.nodes.delete(n);
        owner.delete(n);
      },
    );
    this.nodes.add(node);
    owner.add(node);
    return node;
  }
}

/** A new, empty in-process graph. */
export function createInProcessGraph(options: InProcessGraphOptions = {}): InProcessGraph {
  const graph = new Graph(options);
  const own = new Set<NodeImpl>();
  const view = (global: ParsedRosArgs | undefined, owner: Set<NodeImpl>): RosTransport => ({
    kind: 'in-process',
    createNode: async (o) => graph.createNode(o, global, owner),
    shutdown: async () => {
      for (const n of [...owner]) n.close();
    },
  });
  return {
    kind: 'in-process',
    createNode: async (o) => graph.createNode(o, undefined, own),
    shutdown: async () => graph.shutdown(),
    transportFor(globalRosArgs, source = 'process ROS arguments') {
      return view(parseRosArgs(globalRosArgs, source), new Set());
    },
    async flush() {
      while (graph.pending()) await new Promise<void>((r) => setImmediate(r));
    },
    topics: () => graph.topicTypes(),
    setParameters(node, parameters) {
      const n = [...graph.nodes].find((x) => x.fullName === node);
      if (n === undefined) throw new RangeError(`no node '${node}' on the in-process graph (nodes: ${[...graph.nodes].map((x) => x.fullName).join(', ') || 'none'})`);
      return Object.entries(parameters).map(([name, value]) => n.setParameter({ name, value }));
    },
    getParameter(node, name) {
      return [...graph.nodes].find((x) => x.fullName === node)?.getParameter(name);
    },
  };
}
