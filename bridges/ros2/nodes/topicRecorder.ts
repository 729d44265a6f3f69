/**
 * Records what a node sees and does: `recorder.node` stands in for the node, and every
 * subscription made through it records each message as received, every publisher each message
 * as published, on the resolved topic with its ROS 2 type, stamped with the node's ROS time
 * (`now_ns()`: sim time from `/clock` with use_sim_time, else wall time). Run the controller
 * node on `recorder.node` and the recording holds the profile's inputs, outputs and heartbeats,
 * the reward, episode announcements and `/diagnostics` — including the safe command published
 * on stop — with no change to the node itself. `tick()` adds the controller's spikes and
 * neuromodulator levels (SpikeTelemetry) once per control tick; run the controller as
 * `recorder.controller(c)` so that the spikes of an episode's `finish` (after its last command)
 * go out as one more message when it returns, as SimTelemetry's `endEpisode` writes them, and
 * none leak into the next episode's first tick.
 *
 * Recording never stops control: a topic whose type has no message definition here is not
 * recorded (said once through `log`), and a message that fails to serialize or a spike source
 * that misreports is skipped and said once per topic. After `stop()` nothing more is written,
 * so the sink (an MCAP file) can be closed while late deliveries are still in flight.
 */
import type { MessageSink } from '../../recording/messageSink.js';
import type { SpikeTelemetry } from '../../recording/spikeTelemetry.js';
import type { Channels } from '../../../loop/channels.js';
import type { Controller } from '../../../loop/controller.js';
import type { ParameterDescriptor, ParameterValue, QosName, RosNode, RosPublisher, RosSubscription, SetParametersCallback } from '../transport/transport.js';

export interface TopicRecorderOptions {
  /** The controller's spikes and neuromodulators, written by `tick()`. @default none */
  readonly spikes?: SpikeTelemetry | null;
  /** Where "not recorded" notices go (stderr in the CLI). @default silent */
  readonly log?: (line: string) => void;
}

export class TopicRecorder {
  /** The node to run on: the recorded node's own surface, with publishers and subscriptions recorded. */
  readonly node: RosNode;
  /** Messages written to the sink so far (spikes and levels included). */
  written = 0;
  /** Messages not written (no definition for the type, or serialization failed). */
  skipped = 0;
  private readonly declared = new Set<string>();
  private readonly unrecordable = new Set<string>();
  private readonly complained = new Set<string>();
  private readonly spikes: SpikeTelemetry | null;
  private readonly log: (line: string) => void;
  private stopped = false;

  constructor(
    readonly inner: RosNode,
    readonly sink: MessageSink,
    opts: TopicRecorderOptions = {},
  ) {
    this.spikes = opts.spikes ?? null;
    this.log = opts.log ?? (() => {});
    if (this.spikes) for (const [topic, type] of this.spikes.topics) this.declare(topic, type);
    const rec = this;
    this.node = {
      get name() {
        return inner.name;
      },
      get namespace() {
        return inner.namespace;
      },
      get useSimTime() {
        return inner.useSimTime;
      },
      publisher<T>(topic: string, type: string, qos?: QosName): RosPublisher<T> {
        const pub = inner.publisher<T>(topic, type, qos);
        const resolved = pub.topic;
        rec.declare(resolved, type);
        return {
          topic: resolved,
          publish(message: T): void {
            pub.publish(message);
            rec.record(resolved, message);
          },
        };
      },
      subscribe<T>(topic: string, type: string, callback: (message: T) => void, qos?: QosName): RosSubscription {
        // The resolved name is known once the subscription exists; no message arrives before
        // (delivery is asynchronous in both transports).
        let resolved = '';
        const sub = inner.subscribe<T>(
          topic,
          type,
          (m) => {
            rec.record(resolved, m);
            callback(m);
          },
          qos,
        );
        resolved = sub.topic;
        rec.declare(resolved, type);
        return sub;
      },
      declareParameter<T extends ParameterValue>(name: string, defaultValue: T, descriptor: string | ParameterDescriptor): T {
        return inner.declareParameter(name, defaultValue, descriptor);
      },
      onSetParameters: (callback: SetParametersCallback) => inner.onSetParameters(callback),
      countPublishers: (topic: string) => inner.countPublishers(topic),
      countSubscribers: (topic: string) => inner.countSubscribers(topic),
      callService: <Res = unknown>(service: string, type: string, request: unknown, timeout_s: number) => inner.callService<Res>(service, type, request, timeout_s),
      serve: (service: string, type: string, handler: (request: unknown) => unknown) => inner.serve(service, type, handler),
      now_ns: () => inner.now_ns(),
      onTimeAdvanced: (callback: () => void) => inner.onTimeAdvanced(callback),
      close: () => inner.close(),
    };
  }

  /** Writes the spikes and neuromodulator levels of the control period that just ended, at the node's time. */
  tick(): void {
    if (this.stopped || this.spikes === null) return;
    try {
      this.spikes.write(this.sink, this.inner.now_ns());
      this.written += this.spikes.topics.length;
    } catch (e) {
      this.skipped++;
      this.complainOnce('spikes', `spikes not recorded this tick: ${(e as Error).message}`);
    }
  }

  /** `inner`, with the spikes of its `finish` recorded when it returns and any left at a reset discarded. */
  controller(inner: Controller): Controller {
    const spikes = this.spikes;
    if (spikes === null) return inner;
    const c: Controller = {
      sensors: inner.sensors,
      actuators: inner.actuators,
      reset(seed: number): void {
        spikes.discard();
        inner.reset(seed);
      },
      act(obs: Channels, reward: number, dt_s: number, out: Channels): void {
        inner.act(obs, reward, dt_s, out);
      },
    };
    if (inner.finish) {
      c.finish = (obs, reward) => {
        inner.finish!(obs, reward);
        this.tick();
      };
    }
    if (inner.activity) c.activity = () => inner.activity!();
    return c;
  }

  /** Stops recording: later messages are not written. */
  stop(): void {
    this.stopped = true;
  }

  private declare(topic: string, type: string): void {
    if (this.declared.has(topic) || this.unrecordable.has(topic)) return;
    try {
      this.sink.channel(topic, type);
      this.declared.add(topic);
    } catch (e) {
      this.unrecordable.add(topic);
      this.log(`not recording ${topic} (${type}): ${(e as Error).message}`);
    }
  }

  private record(topic: string, message: unknown): void {
    if (this.stopped) return;
    if (!this.declared.has(topic)) {
      this.skipped++;
      return;
    }
    try {
      this.sink.write(topic, this.inner.now_ns(), message);
      this.written++;
    } catch (e) {
      this.skipped++;
      this.complainOnce(topic, `a message on ${topic} was not recorded: ${(e as Error).message}`);
    }
  }

  private complainOnce(key: string, line: string): void {
    if (this.complained.has(key)) return;
    this.complained.add(key);
    this.log(`${line} (said once)`);
  }
}
