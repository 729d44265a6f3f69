/**
 * A RosNode in a worker thread that stands for a real node in the thread that started it
 * (nodeProxyHost.ts; the protocol in nodeProxyMessages.ts). It lets the control loop run in a
 * thread of its own while the node, its DDS callbacks, a viewer and logging stay on the main
 * thread: a busy main event loop then delays messages, not control ticks.
 *
 * What differs from the node it stands for:
 *  - messages are copies (structured clone) and arrive after the host's event loop handled
 *    them; publications leave when the host's event loop takes them;
 *  - ROS time: on wall time the proxy reads the same monotonic clock as the host (offset given
 *    at start), so `now_ns()` agrees across the threads; on sim time it is the host's last
 *    `/clock`, forwarded in order with the messages;
 *  - parameters set at run time are checked by the host node against their declared type and
 *    range and accepted there; the proxy's callbacks then see them (a refusal by one of them
 *    is logged by the caller, it cannot be returned to `ros2 param set` any more);
 *  - `serve` is not available (offering services stays with the host).
 */
import { receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { FromWorker, ProxiedNodeInfo, SyncReply, SyncRequest, ToWorker } from './nodeProxyMessages.js';
import { reviveError } from './nodeProxyMessages.js';
import type { ParameterDescriptor, ParameterValue, QosName, RosNode, RosPublisher, RosSubscription, SetParametersCallback } from './transport.js';

/** How the proxy reaches its host: the data port both ways, the sync port and its cell. */
export interface ProxyPorts {
  /** Posts a FromWorker message to the host (parentPort.postMessage). */
  readonly post: (m: FromWorker) => void;
  readonly syncPort: MessagePort;
  /** Int32Array over a SharedArrayBuffer of 4 bytes: the host sets it to 1 when the answer is posted. */
  readonly syncCell: Int32Array;
}

export class PortRosNode implements RosNode {
  readonly name: string;
  readonly namespace: string;
  readonly useSimTime: boolean;
  private simTime_ns: bigint;
  private readonly wallOffset_ns: bigint;
  private readonly subs = new Map<number, (m: unknown) => void>();
  private nextSub = 1;
  private nextPub = 1;
  private nextCall = 1;
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly timeCallbacks = new Set<() => void>();
  private readonly paramCallbacks: SetParametersCallback[] = [];
  private watchingParams = false;
  private poll: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  /** Called with the reason when the host aborts the run. */
  onAbort: ((reason: Error) => void) | null = null;
  /** Called when a proxied parameter callback refuses a change the host already accepted. */
  onRefusedParameter: ((reason: string) => void) | null = null;

  constructor(
    info: ProxiedNodeInfo,
    private readonly ports: ProxyPorts,
  ) {
    this.name = info.name;
    this.namespace = info.namespace;
    this.useSimTime = info.useSimTime;
    this.simTime_ns = info.time_ns;
    this.wallOffset_ns = info.wallOffset_ns;
  }

  /** Handles one message from the host (the worker's parentPort listener calls this). */
  receive(m: ToWorker): void {
    switch (m.t) {
      case 'msg':
        this.subs.get(m.sub)?.(m.m);
        return;
      case 'time':
        this.simTime_ns = m.ns;
        for (const cb of [...this.timeCallbacks]) cb();
        return;
      case 'params':
        for (const cb of [...this.paramCallbacks]) {
          const r = cb(m.changes);
          if (!r.successful) {
            this.onRefusedParameter?.(r.reason);
            break;
          }
        }
        return;
      case 'reply': {
        const c = this.calls.get(m.call);
        if (c === undefined) return;
        this.calls.delete(m.call);
        if (m.ok) c.resolve(m.value);
        else c.reject(reviveError(m.error));
        return;
      }
      case 'abort':
        this.onAbort?.(reviveError(m.reason));
        return;
    }
  }

  private sync(req: SyncRequest): unknown {
    const { syncPort, syncCell } = this.ports;
    Atomics.store(syncCell, 0, 0);
    syncPort.postMessage(req);
    let got: { message: unknown } | undefined;
    // The host sets the cell after posting; the answer is then on the port.
    while ((got = receiveMessageOnPort(syncPort)) === undefined) Atomics.wait(syncCell, 0, 0, 50);
    const r = got.message as SyncReply;
    if (!r.ok) throw reviveError(r.error);
    return r.value;
  }

  private assertOpen(what: string): void {
    if (this.closed) throw new Error(`node '${this.name}' (worker proxy) is closed: cannot ${what}`);
  }

  publisher<T>(topic: string, type: string, qos?: QosName): RosPublisher<T> {
    this.assertOpen(`create a publisher on ${topic}`);
    const pub = this.nextPub++;
    const resolved = this.sync({ t: 'publisher', pub, topic, type, ...(qos !== undefined ? { qos } : {}) }) as string;
    const post = this.ports.post;
    return {
      topic: resolved,
      publish: (message: T) => {
        if (!this.closed) post({ t: 'publish', pub, m: message });
      },
    };
  }

  subscribe<T>(topic: string, type: string, callback: (message: T) => void, qos?: QosName): RosSubscription {
    this.assertOpen(`subscribe to ${topic}`);
    const sub = this.nextSub++;
    const resolved = this.sync({ t: 'subscribe', sub, topic, type, ...(qos !== undefined ? { qos } : {}) }) as string;
    this.subs.set(sub, callback as (m: unknown) => void);
    return {
      topic: resolved,
      close: () => {
        if (this.subs.delete(sub) && !this.closed) this.ports.post({ t: 'unsub', sub });
      },
    };
  }

  declareParameter<T extends ParameterValue>(name: string, defaultValue: T, descriptor: string | ParameterDescriptor): T {
    return this.sync({ t: 'declare', name, defaultValue, descriptor }) as T;
  }

  onSetParameters(callback: SetParametersCallback): () => void {
    this.paramCallbacks.push(callback);
    if (!this.watchingParams) {
      this.watchingParams = true;
      this.ports.post({ t: 'watchParams' });
    }
    return () => {
      const i = this.paramCallbacks.indexOf(callback);
      if (i >= 0) this.paramCallbacks.splice(i, 1);
    };
  }

  callService<Res = unknown>(service: string, type: string, request: unknown, timeout_s: number): Promise<Res> {
    const call = this.nextCall++;
    return new Promise<Res>((resolve, reject) => {
      this.calls.set(call, { resolve: resolve as (v: unknown) => void, reject });
      this.ports.post({ t: 'call', call, service, type, request, timeout_s });
    });
  }

  serve(service: string): { close(): void } {
    throw new Error(`node '${this.name}' runs in a worker thread: it cannot offer the service ${service} (offer services from the main thread)`);
  }

  countPublishers(topic: string): number {
    return this.sync({ t: 'countPublishers', topic }) as number;
  }

  countSubscribers(topic: string): number {
    return this.sync({ t: 'countSubscribers', topic }) as number;
  }

  now_ns(): bigint {
    return this.useSimTime ? this.simTime_ns : this.wallOffset_ns + process.hrtime.bigint();
  }

  onTimeAdvanced(callback: () => void): () => void {
    this.assertOpen('register a time callback');
    this.timeCallbacks.add(callback);
    // wall time: a 1 ms poll, as the transports do
    if (!this.useSimTime && this.poll === undefined) this.poll = setInterval(() => this.timeCallbacks.forEach((cb) => cb()), 1);
    return () => {
      this.timeCallbacks.delete(callback);
      if (this.timeCallbacks.size === 0 && this.poll !== undefined) {
        clearInterval(this.poll);
        this.poll = undefined;
      }
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.poll !== undefined) clearInterval(this.poll);
    this.timeCallbacks.clear();
    for (const sub of this.subs.keys()) this.ports.post({ t: 'unsub', sub });
    this.subs.clear();
    for (const c of this.calls.values()) c.reject(new Error(`node '${this.name}' (worker proxy) closed before the service call returned`));
    this.calls.clear();
  }
}
