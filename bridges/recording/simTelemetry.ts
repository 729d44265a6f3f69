/**
 * Telemetry of a simulated episode: the standard topics (standardTopics.ts) written to a
 * `MessageSink` as the loop runs. The robot-specific topics come from a `RobotTopics`
 * (quadrotorTopics.ts, armTopics.ts); this class adds what every robot has — `/clock`, the
 * reward, episode events, spikes and the neuromodulator — and keeps the time.
 *
 * Time: each episode starts at an offset (0 for the first; for each later one, the previous
 * episode's last stamp plus `episodeGap_s`) so stamps and `/clock` never go back within a
 * recording; within an episode the stamp is the simulated time since reset, summed in whole
 * nanoseconds from `advance` (exact for any number of control periods).
 *
 * Per control step (one loop tick, loop/controlTick.ts):
 *   observe → /clock and the sensor topics, at t
 *   evaluate (withRewardTelemetry) → /spikeloop/reward, at t
 *   command → the command topic, the spikes of the period the controller just ran, the
 *             neuromodulator level, at t
 * at reset: `/spikeloop/episode` {event: 'start'}, `/tf_static`, `/spikeloop/scene`; and at
 * `endEpisode`: the spikes since the last command (one more message per population) and
 * {event: 'end'}. Spikes of an episode that is not ended that way are dropped at the next reset.
 */
import type { Body } from '../../loop/body.js';
import type { Channels } from '../../loop/channels.js';
import { telemetryLayerOf } from '../../sim/bodyTelemetry.js';
import { MSG } from '../ros2/messages/messageTypes.js';
import { zeroClock } from '../ros2/messages/rosgraphMsgs.js';
import { setTime } from '../ros2/messages/builtinInterfaces.js';
import type { Float64, StringMsg } from '../ros2/messages/stdMsgs.js';
import type { ArmTopicOptions } from './armTopics.js';
import { armTopics } from './armTopics.js';
import { episodeEventJson } from './episodeEvent.js';
import type { MessageSink } from './messageSink.js';
import type { QuadrotorTopicOptions } from './quadrotorTopics.js';
import { quadrotorTopics } from './quadrotorTopics.js';
import type { RobotTopics } from './robotTopics.js';
import type { SpikeTelemetry } from './spikeTelemetry.js';
import { TOPIC } from './standardTopics.js';

export interface SimTelemetryOptions {
  /** Scenario id written in episode events. */
  readonly scenario: string;
  /** Spikes and neuromodulator of the controller. @default none */
  readonly spikes?: SpikeTelemetry | null;
  /** Sim time between one episode's last stamp and the next one's first. @default 1 */
  readonly episodeGap_s?: number;
}

/** How an episode ended, for its 'end' event. */
export interface EpisodeSummary {
  readonly outcome: string;
  readonly return: number;
  readonly metrics: Readonly<Record<string, number>>;
}

export class SimTelemetry {
  /** Episodes begun so far. */
  episodes = 0;
  private seed = 0;
  private offset_ns = 0;
  private t_ns = 0;
  private last_ns = -1;
  private readonly gap_ns: number;
  private readonly clock = zeroClock();
  private readonly reward: Float64 = { data: 0 };
  private readonly event: StringMsg = { data: '' };
  private readonly spikes: SpikeTelemetry | null;

  constructor(
    readonly robot: RobotTopics,
    readonly sink: MessageSink,
    readonly opts: SimTelemetryOptions,
  ) {
    const gap = opts.episodeGap_s ?? 1;
    if (!(Number.isFinite(gap) && gap >= 0)) throw new RangeError(`SimTelemetry: episodeGap_s must be ≥ 0 and finite, got ${gap}`);
    this.gap_ns = Math.round(gap * 1e9);
    this.spikes = opts.spikes ?? null;
    for (const [topic, type] of this.topics()) sink.channel(topic, type);
  }

  /** Every [topic, type] this telemetry writes. */
  topics(): (readonly [string, string])[] {
    return [
      [TOPIC.clock, MSG.Clock],
      ...this.robot.topics,
      [TOPIC.reward, MSG.Float64],
      [TOPIC.episode, MSG.String],
      ...(this.spikes?.topics ?? []),
    ];
  }

  /** The current stamp (ns since the recording's origin). */
  get time_ns(): number {
    return this.offset_ns + this.t_ns;
  }

  /** After `body.reset(seed)`: a new episode at the next offset; start event, static TF and scene. */
  beginEpisode(seed: number): void {
    this.offset_ns = this.last_ns < 0 ? 0 : this.last_ns + this.gap_ns;
    this.t_ns = 0;
    this.seed = seed;
    const stamp = this.stamp();
    this.writeEvent(stamp, { scenario: this.opts.scenario, seed, episode: this.episodes, event: 'start' });
    this.episodes++;
    // Spikes of the previous episode's final, uncommanded step belong to no control period.
    this.spikes?.discard();
    this.robot.episodeStart(this.sink, seed, this.time_ns, stamp);
  }

  /** After `body.observe(obs)`. */
  observed(obs: Channels): void {
    this.requireEpisode('observe');
    const stamp = this.stamp();
    setTime(this.clock.clock, this.time_ns);
    this.sink.write(TOPIC.clock, stamp, this.clock);
    this.robot.observed(this.sink, obs, this.time_ns, stamp);
  }

  /** After `body.command(action)`: the command, then the spikes and modulator of the period the controller just ran. */
  commanded(action: Channels): void {
    this.requireEpisode('command');
    const stamp = this.stamp();
    this.robot.commanded(this.sink, action, this.time_ns, stamp);
    this.spikes?.write(this.sink, stamp);
  }

  /** After `task.evaluate`: the reward of the period that just ended. */
  rewarded(total: number): void {
    this.requireEpisode('reward');
    this.reward.data = total;
    this.sink.write(TOPIC.reward, this.stamp(), this.reward);
  }

  /** After `body.advance(dt_s)`. */
  advanced(dt_s: number): void {
    this.t_ns += Math.round(dt_s * 1e9);
  }

  /**
   * The episode's end: the spikes the controller produced after its last command (a controller
   * may run on to deliver the final reward), then the 'end' event (outcome, return, metrics).
   */
  endEpisode(summary: EpisodeSummary): void {
    this.requireEpisode('endEpisode');
    const stamp = this.stamp();
    this.spikes?.write(this.sink, stamp);
    this.writeEvent(stamp, { scenario: this.opts.scenario, seed: this.seed, episode: this.episodes - 1, event: 'end', outcome: summary.outcome, return: summary.return, metrics: summary.metrics });
  }

  private stamp(): bigint {
    const t = this.time_ns;
    if (t > this.last_ns) this.last_ns = t;
    return BigInt(t);
  }

  private writeEvent(stamp: bigint, e: Parameters<typeof episodeEventJson>[0]): void {
    this.event.data = episodeEventJson(e);
    this.sink.write(TOPIC.episode, stamp, this.event);
  }

  private requireEpisode(what: string): void {
    if (this.episodes === 0) throw new Error(`SimTelemetry: ${what} before the first episode began; reset the body (withTelemetry) first`);
  }
}

export interface SimTelemetryForOptions extends SimTelemetryOptions, QuadrotorTopicOptions, ArmTopicOptions {}

/** A body telemetry has no standard topics for (it reports no `BodyTelemetry`: sim/bodyTelemetry.ts). */
export class NoRobotTopicsError extends TypeError {
  constructor(readonly bodyClass: string) {
    super(`telemetry: no standard topics for this body (${bodyClass}); it knows bodies that report their telemetry (QuadrotorBody, ArmBody, ArmTaskBody: sim/bodyTelemetry.ts)`);
    this.name = 'NoRobotTopicsError';
  }
}

/** The robot topics of a simulated body (under any wrappers), by the kind of telemetry it reports. */
export function robotTopicsFor(body: Body, opts: QuadrotorTopicOptions & ArmTopicOptions = {}): RobotTopics {
  const layer = telemetryLayerOf(body);
  if (layer === null) throw new NoRobotTopicsError(body.constructor.name);
  const t = layer.telemetry();
  switch (t.kind) {
    case 'quadrotor':
      return quadrotorTopics({ sensors: layer.sensors, actuators: layer.actuators, telemetry: () => t }, opts);
    case 'arm':
      return armTopics({ sensors: layer.sensors, actuators: layer.actuators, telemetry: () => t }, opts);
  }
}

/** Telemetry for a simulated body, writing to `sink`. */
export function simTelemetryFor(body: Body, sink: MessageSink, opts: SimTelemetryForOptions): SimTelemetry {
  return new SimTelemetry(robotTopicsFor(body, opts), sink, opts);
}
