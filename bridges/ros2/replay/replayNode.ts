/**
 * A `RosNode` fed from a recording: subscriptions are called by the replay (`deliver`) with the
 * recorded messages, ROS time is the recorded log time set by the replay (sim time: no wall
 * clock anywhere), and every publish is kept for the replay to record and compare. Parameters
 * keep their defaults and services are refused: a replay drives the controller only through
 * the recorded topics.
 */
import { resolveTopicName } from '../transport/rosNames.js';
import type { ParameterValue, RosNode, RosPublisher, RosSubscription } from '../transport/transport.js';

export class ReplayNode implements RosNode {
  readonly namespace = '/';
  readonly useSimTime = true;
  /** ROS time returned by `now_ns` (the log time of the message being replayed). */
  time_ns = 0n;
  private readonly subs = new Map<string, { type: string; callback: (message: unknown) => void }[]>();
  /** Called on every publish, with the resolved topic (the replay records and compares). */
  onPublish: (topic: string, message: unknown) => void = () => {};

  constructor(readonly name = 'spikeloop_controller') {}

  resolve(topic: string): string {
    return resolveTopicName(topic, this.namespace, this.name, []);
  }

  publisher<T>(topic: string, _type: string): RosPublisher<T> {
    const resolved = this.resolve(topic);
    return { topic: resolved, publish: (message: T) => this.onPublish(resolved, message) };
  }

  subscribe<T>(topic: string, type: string, callback: (message: T) => void): RosSubscription {
    const resolved = this.resolve(topic);
    const list = this.subs.get(resolved) ?? [];
    const entry = { type, callback: callback as (m: unknown) => void };
    list.push(entry);
    this.subs.set(resolved, list);
    return {
      topic: resolved,
      close: () => {
        const i = list.indexOf(entry);
        if (i >= 0) list.splice(i, 1);
      },
    };
  }

  /** Resolved topics subscribed to, with the type each subscription expects. */
  subscriptions(): Map<string, string> {
    const m = new Map<string, string>();
    for (const [topic, list] of this.subs) if (list.length > 0) m.set(topic, list[0]!.type);
    return m;
  }

  /** Hands `message` to the subscriptions of the resolved `topic`; false if there are none. */
  deliver(topic: string, message: unknown): boolean {
    const list = this.subs.get(topic);
    if (list === undefined || list.length === 0) return false;
    for (const s of [...list]) s.callback(message);
    return true;
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
    return Promise.reject(new Error(`replay: no service '${service}' (a replay drives the controller through recorded topics only)`));
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
