/**
 * What telemetry needs from one kind of simulated robot: the topics it publishes and how to fill
 * them from an observation or an action. Implementations (quadrotorTopics.ts, armTopics.ts) read
 * one kind of `BodyTelemetry` (sim/bodyTelemetry.ts) — never a body class; they preallocate their
 * messages and write them through the sink, which serializes or copies them during the call.
 */
import type { Channels } from '../../loop/channels.js';
import type { MessageSink } from './messageSink.js';

export interface RobotTopics {
  /** [topic, ROS 2 type] of everything the robot writes. */
  readonly topics: readonly (readonly [string, string])[];
  /** After `reset(seed)`: static transforms and the scene, at the episode's first stamp. */
  episodeStart(sink: MessageSink, seed: number, t_ns: number, stamp: bigint): void;
  /** After `observe`: sensor topics (odometry, TF, scan, …). */
  observed(sink: MessageSink, obs: Channels, t_ns: number, stamp: bigint): void;
  /** After `command`: the command topic. */
  commanded(sink: MessageSink, action: Channels, t_ns: number, stamp: bigint): void;
}
