/**
 * A recording as the page gets it for replay: every message of the MCAP file (read with
 * bridges/recording's reader, in log-time order) encoded once for the wire into batch frames,
 * built once and shared by every page; each page that connects gets the hello frame, the batch
 * frames (paced by the receiver: PacedClient sends the next only when the page has room) and
 * the complete frame, and then scrubs through the episode locally.
 */
import { basename } from 'node:path';
import { openMcapRecording } from '../../bridges/recording/mcapReader.js';
import type { McapMetadata } from '../../bridges/recording/recordingMetadata.js';
import type { TextReceiver } from './liveStream.js';
import { batchFrame, completeFrame, helloFrame } from './streamProtocol.js';
import { encodeWireMessage } from './wireValue.js';

/** The types of the topics the page reads by name (issue 5's topic contract, standardTopics.ts). */
export const VIEWER_TOPIC_TYPES: ReadonlyMap<string, string> = new Map([
  ['/clock', 'rosgraph_msgs/msg/Clock'],
  ['/odom', 'nav_msgs/msg/Odometry'],
  ['/tf', 'tf2_msgs/msg/TFMessage'],
  ['/tf_static', 'tf2_msgs/msg/TFMessage'],
  ['/scan', 'sensor_msgs/msg/LaserScan'],
  ['/joint_states', 'sensor_msgs/msg/JointState'],
  ['/cmd_vel', 'geometry_msgs/msg/Twist'],
  ['/forward_velocity_controller/commands', 'std_msgs/msg/Float64MultiArray'],
  ['/spikeloop/rotors', 'std_msgs/msg/Float64MultiArray'],
  ['/spikeloop/scene', 'visualization_msgs/msg/MarkerArray'],
  ['/spikeloop/reward', 'std_msgs/msg/Float64'],
  ['/spikeloop/dopamine', 'std_msgs/msg/Float64'],
  ['/spikeloop/episode', 'std_msgs/msg/String'],
]);

/** The type the page reads `topic` as, if it reads it. */
export function viewerTopicType(topic: string): string | undefined {
  if (topic.startsWith('/spikeloop/spikes/')) return 'std_msgs/msg/UInt32MultiArray';
  if (topic.startsWith('/spikeloop/modulator/')) return 'std_msgs/msg/Float64';
  return VIEWER_TOPIC_TYPES.get(topic);
}

/** Messages per batch frame. */
const REPLAY_BATCH = 2000;

export class ReplayStream {
  private constructor(
    readonly source: string,
    private readonly frames: readonly string[],
    /** Messages in the recording. */
    readonly count: number,
    /** Bytes one page receives (all batch frames). */
    readonly bytes: number,
    /** The recording's Metadata records (`spikeloop`, `rosbag2`; bridges/recording/recordingMetadata.ts). */
    readonly metadata: readonly McapMetadata[] = [],
  ) {}

  /**
   * Reads and encodes the whole recording `file` (throws McapReadError naming it and where). An
   * unfinished file (a killed recording) is read up to its last complete chunk, reported through
   * `onWarning`; a topic the page draws must have the type it draws (VIEWER_TOPIC_TYPES).
   */
  static async load(file: string, onWarning?: (message: string) => void): Promise<ReplayStream> {
    const rec = await openMcapRecording(file, { partial: 'allow', topicTypes: viewerTopicType, ...(onWarning ? { onWarning } : {}) });
    const encoded: string[] = [];
    const metadata = rec.metadata.map((m) => ({ name: m.name, metadata: m.metadata }));
    try {
      for await (const m of rec.messages()) encoded.push(encodeWireMessage(m.topic, m.type, m.logTime_ns, m.message));
    } finally {
      await rec.close();
    }
    const frames: string[] = [];
    let bytes = 0;
    for (let i = 0; i < encoded.length; i += REPLAY_BATCH) {
      const frame = batchFrame(encoded, i, Math.min(i + REPLAY_BATCH, encoded.length));
      frames.push(frame);
      bytes += Buffer.byteLength(frame);
    }
    return new ReplayStream(basename(file), frames, encoded.length, bytes, metadata);
  }

  /** Sends the whole recording to one page (at the pace the receiver takes it). */
  attach(client: TextReceiver): void {
    client.send(helloFrame('replay', this.source, this.metadata));
    client.sendAll(this.frames);
    client.send(completeFrame(this.count));
  }
}
