/**
 * Replay: a recording's input messages fed through a profile's mapping and a controller
 * offline, in recorded order, on the recording's ROS time (no wall clock), the controller's
 * ticks at the recorded tick times. What the live controller node (nodes/controllerNode.ts)
 * does per tick is done here the same way — RosBody (mapping, staleness and bad-data checks on
 * ROS time, safe command), GuardedController, the reward topic, episode announcements
 * (start: reset with the episode's seed; end: `finish` with the reward) — so a recording of
 * `ros controller --record` replayed with the same controller (file or preset, same seed, same
 * rate, same plasticity switch) reproduces its commands and spikes bit for bit.
 *
 * Tick times: the log times of the messages on the profile's first output topic (`/cmd_vel`
 * for `drone`), one per tick. The controller node publishes one more, the safe command on stop,
 * after its last tick, and reports its tick count on `/diagnostics`: when the recording has
 * diagnostics, the last one's `ticks` is the number of ticks, and the output messages after
 * them are not ticks. A recording without diagnostics (`run --record`, `ros sim --record`: what
 * the robot side received) takes every output message as a tick.
 *
 * Not reproduced: the node's wall-clock watchdog (an out-of-loop safe command when ticks stop),
 * run-time parameter changes (rate_hz, learn) and backwards jumps of `/clock` — a recording
 * with those diverges from them on (the diff says where).
 */
import type { MessageSink } from '../../recording/messageSink.js';
import type { RecordedMessage } from '../../recording/mcapReader.js';
import type { SpikeTelemetry } from '../../recording/spikeTelemetry.js';
import type { Controller } from '../../../loop/controller.js';
import { controlTick, createLoop, NonFiniteObservationError } from '../../../loop/controlTick.js';
import type { CompiledProfile } from '../mapping/compileProfile.js';
import { zeroMessage } from '../mapping/zeroMessage.js';
import { TopicRecorder } from '../nodes/topicRecorder.js';
import { DIAGNOSTICS_TOPIC } from '../nodes/diagnostics.js';
import { EPISODE_TOPIC, parseEpisodeEvent } from '../nodes/episodeEvents.js';
import { topicRewardTask } from '../nodes/topicReward.js';
import { RosBody } from '../rosBody.js';
import { GuardedController } from '../safety/guardedController.js';
import { createSafetyState } from '../safety/safetyState.js';
import type { TimedMessage, TopicDiff } from './messageDiff.js';
import { TopicDiffer } from './messageDiff.js';
import { ReplayNode } from './replayNode.js';

export interface ReplayOptions {
  /** The recording's file name (for errors). */
  readonly file: string;
  /** Its messages in log-time order (readMcapMessages). */
  readonly messages: readonly RecordedMessage[];
  /** Topic → type of the recording's channels (for the checks). */
  readonly channels: ReadonlyMap<string, string>;
  readonly profile: CompiledProfile;
  /** Built for `rate_hz` with the recording's seed; plasticity as it was. */
  readonly controller: Controller;
  readonly rate_hz: number;
  /** Seed of the first reset (the node's `seed`). */
  readonly seed: number;
  /** Where the replayed node's topics go (an MCAP writer), as `ros controller --record` writes them. @default nowhere */
  readonly sink?: MessageSink | null;
  /** The controller's spikes, written once per tick (and compared with the recording's). */
  readonly spikes?: SpikeTelemetry | null;
  /** Safety transitions and notes. @default silent */
  readonly log?: (line: string) => void;
}

export interface ReplayResult {
  readonly ticks: number;
  readonly tickTopic: string;
  /** Where tick count came from. */
  readonly ticksFrom: 'diagnostics' | 'output messages';
  readonly inputsDelivered: number;
  readonly safeCommands: number;
  /** Recorded vs replayed, on the tick topic (and heartbeats), then each spike topic present in both. */
  readonly diffs: readonly TopicDiff[];
  /** Every compared topic bit-identical. */
  readonly identical: boolean;
  /** A NaN observation stopped the replay at this tick (as it stops the live loop). */
  readonly error: string | null;
}

/** A recording that cannot be replayed with this profile, with the place named. */
export class ReplayError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ReplayError';
  }
}

/** The `ticks` value of a diagnostics message of the controller node, if it carries one. */
function diagnosticsTicks(m: unknown): number | null {
  const status = (m as { status?: { values?: { key: string; value: string }[] }[] }).status;
  for (const s of status ?? []) for (const v of s.values ?? []) if (v.key === 'ticks') return Number(v.value);
  return null;
}

export function replayRecording(o: ReplayOptions): ReplayResult {
  const log = o.log ?? (() => {});
  const node = new ReplayNode();
  // The compared topics' messages are diffed as they are published (RosBody and SpikeTelemetry
  // reuse their message objects, so keeping them would mean a copy of each, most of a replay's
  // time and garbage); the differs are set up once the recording is checked, below.
  const differs = new Map<string, TopicDiffer>();
  const keep = (topic: string, message: unknown) => differs.get(topic)?.push(message);
  const spikeTopics = new Set((o.spikes?.topics ?? []).map(([t]) => t));
  const capture: MessageSink = {
    channel: (topic, type) => o.sink?.channel(topic, type),
    write: (topic, time_ns, message) => {
      o.sink?.write(topic, time_ns, message);
      if (spikeTopics.has(topic)) keep(topic, message);
    },
  };
  const recorder = new TopicRecorder(node, capture, { spikes: o.spikes ?? null, log });
  node.onPublish = (topic, message) => keep(topic, message);
  const safety = createSafetyState(log);
  const body = new RosBody(recorder.node, o.profile, safety, zeroMessage);
  const controller = new GuardedController(recorder.controller(o.controller), safety);
  const task = topicRewardTask(recorder.node);
  const loop = createLoop(body, controller, task, { controlRate_Hz: o.rate_hz });
  controller.reset(o.seed);
  const episodeSub = recorder.node.subscribe<{ data: string }>(EPISODE_TOPIC, 'std_msgs/msg/String', (m) => {
    const e = parseEpisodeEvent(m.data);
    if (e.event === 'start') {
      task.take();
      controller.reset(e.seed);
    } else controller.finish(loop.obs, task.take() + e.reward);
  });

  // The recording must hold the profile's required inputs, with the types the profile expects.
  const subscribed = node.subscriptions();
  for (const inp of o.profile.inputs) {
    const topic = node.resolve(inp.spec.topic);
    const type = o.channels.get(topic);
    if (type === undefined) {
      if (inp.spec.required) throw new ReplayError(o.file, `no topic '${topic}' (${inp.spec.type}), an input profile '${o.profile.profile.name}' requires; the recording's topics: ${[...o.channels.keys()].join(', ') || 'none'}`);
      continue;
    }
    if (type !== inp.spec.type) throw new ReplayError(o.file, `topic '${topic}' is recorded as ${type}; profile '${o.profile.profile.name}' expects ${inp.spec.type}`);
  }
  const tickTopic = node.resolve(o.profile.outputs[0]!.spec.topic);
  const outType = o.channels.get(tickTopic);
  if (outType === undefined) throw new ReplayError(o.file, `no topic '${tickTopic}' (${o.profile.outputs[0]!.spec.type}): the recorded commands give the tick times, and there are none`);
  if (outType !== o.profile.outputs[0]!.spec.type) throw new ReplayError(o.file, `topic '${tickTopic}' is recorded as ${outType}; profile '${o.profile.profile.name}' commands ${o.profile.outputs[0]!.spec.type}`);

  const recordedOut = o.messages.filter((m) => m.topic === tickTopic);
  const diags = o.messages.filter((m) => m.topic === DIAGNOSTICS_TOPIC).map((m) => diagnosticsTicks(m.message)).filter((t): t is number => t !== null && Number.isInteger(t));
  const fromDiag = diags.length > 0 ? diags[diags.length - 1]! : null;
  const ticks = fromDiag !== null ? Math.min(fromDiag, recordedOut.length) : recordedOut.length;
  if (fromDiag !== null && fromDiag > recordedOut.length) log(`note: the diagnostics count ${fromDiag} ticks but '${tickTopic}' has ${recordedOut.length} messages: replaying ${ticks}`);

  // The rate is not in the recording: a schedule that disagrees with the one the controller is built for is said.
  if (ticks >= 3) {
    const gaps = recordedOut.slice(1, ticks).map((m, i) => Number(m.logTime_ns - recordedOut[i]!.logTime_ns) / 1e9).sort((x, y) => x - y);
    const median_s = gaps[gaps.length >> 1]!;
    if (Math.abs(median_s * o.rate_hz - 1) > 0.05) log(`note: the recorded ticks are ${(median_s * 1000).toFixed(3)} ms apart (median), the controller is built for ${o.rate_hz} Hz (${(1000 / o.rate_hz).toFixed(3)} ms): give the node's rate with --rate-hz`);
  }
  const recordedOn = (topic: string, n?: number): TimedMessage[] =>
    o.messages
      .filter((m) => m.topic === topic)
      .slice(0, n)
      .map((m) => ({ time_ns: m.logTime_ns, message: m.message }));
  const tickDiffer = new TopicDiffer(tickTopic, recordedOut.slice(0, ticks).map((m) => ({ time_ns: m.logTime_ns, message: m.message })));
  differs.set(tickTopic, tickDiffer);
  const spikeDiffers: TopicDiffer[] = [];
  for (const [topic] of o.spikes?.topics ?? []) {
    if (!o.channels.has(topic)) continue;
    const d = new TopicDiffer(topic, recordedOn(topic));
    differs.set(topic, d);
    spikeDiffers.push(d);
  }
  let delivered = 0;
  let k = 0;
  let error: string | null = null;
  for (const m of o.messages) {
    // After the last tick the inputs still arrive (the episode's end and its `finish`), as live.
    if (m.topic === tickTopic && k >= ticks) continue;
    if (m.topic === tickTopic) {
      node.time_ns = m.logTime_ns;
      try {
        controlTick(loop);
      } catch (e) {
        if (!(e instanceof NonFiniteObservationError)) throw e;
        error = `tick ${k} at ${m.logTime_ns} ns: ${e.message}`;
        break;
      }
      recorder.tick();
      k++;
    } else if (subscribed.has(m.topic)) {
      node.time_ns = m.logTime_ns;
      delivered++;
      if (m.topic === node.resolve(EPISODE_TOPIC)) {
        try {
          node.deliver(m.topic, m.message);
        } catch (e) {
          throw new ReplayError(o.file, `${m.topic} at ${m.logTime_ns} ns: ${(e as Error).message}`);
        }
      } else node.deliver(m.topic, m.message);
    }
  }
  // As the node does on stop: the safe command last (not a tick: not compared).
  differs.delete(tickTopic);
  body.publishSafe();
  recorder.stop();
  episodeSub.close();
  task.close();
  body.close();

  const diffs: TopicDiff[] = [tickDiffer.result(), ...spikeDiffers.map((d) => d.result())];
  return {
    ticks: k,
    tickTopic,
    ticksFrom: fromDiag !== null ? 'diagnostics' : 'output messages',
    inputsDelivered: delivered,
    safeCommands: body.safeCommands,
    diffs,
    identical: error === null && k === ticks && diffs.every((d) => d.identical),
    error,
  };
}
