/**
 * A `RosNode` whose publishers do nothing and whose subscriptions are called directly by the
 * benchmark (`deliver`), with ROS time set by hand: what is left of a control step is the
 * bridge's own work — the subscription callback, decoding (mapping, reductions, frame
 * conversions), the safety checks and filling the outgoing messages — with no transport.
 */
import { resolveTopicName } from '../../bridges/ros2/transport/rosNames.js';
import type { ParameterValue, RosNode, RosPublisher, RosSubscription } from '../../bridges/ros2/transport/transport.js';

export class NoopNode implements RosNode {
  readonly name = 'bridge_bench';
  readonly namespace = '/';
  readonly useSimTime = true;
  /** ROS time returned by `now_ns` (set by the benchmark). */
  time_ns = 0n;
  /** Messages handed to publishers (and dropped). */
  published = 0;
  private readonly subs = new Map<string, (message: unknown) => void>();

  private resolve(topic: string): string {
    return resolveTopicName(topic, this.namespace, this.name, []);
  }

  publisher<T>(topic: string, _type: string): RosPublisher<T> {
    const node = this;
    return {
      topic: this.resolve(topic),
      publish(_message: T): void {
        node.published++;
      },
    };
  }

  subscribe<T>(topic: string, _type: string, callback: (message: T) => void): RosSubscription {
    const resolved = this.resolve(topic);
    this.subs.set(resolved, callback as (m: unknown) => void);
    return { topic: resolved, close: () => void this.subs.delete(resolved) };
  }

  /** The subscription callback of `topic` (resolved as subscriptions are), to call once per delivered message. */
  callbackOf(topic: string): (message: unknown) => void {
    const cb = this.subs.get(this.resolve(topic));
    if (cb === undefined) throw new RangeError(`NoopNode: no subscription on '${topic}' (subscribed: ${[...this.subs.keys()].join(', ')})`);
    return cb;
  }

  onSetParameters(): () => void {
    return () => {};
  }

  declareParameter<T extends ParameterValue>(_name: string, defaultValue: T): T {
    return defaultValue;
  }

  countPublishers(): number {
    return 0;
  }

  countSubscribers(): number {
    return 0;
  }

  callService<Res = unknown>(service: string): Promise<Res> {
    return Promise.reject(new Error(`no-op node: no service '${service}'`));
  }

  serve(): { close(): void } {
    return { close: () => {} };
  }

  now_ns(): bigint {
    return this.time_ns;
  }

  onTimeAdvanced(): () => void {
    return () => {};
  }

  close(): void {
    this.subs.clear();
  }
}
