/**
 * A recording as the page gets it for replay: every message of the MCAP file (read with
 * bridges/recording's reader, in log-time order) encoded once for the wire into batch frames,
 * built once and shared by every page; each page that connects gets the hello frame, the batch
 * frames (paced by the receiver: PacedClient sends the next only when the page has room) and
 * the complete frame, and then scrubs through the episode locally.
 */
import { basename } from 'node:path';
import { openMcapRecording } from '../../bridges/recording/mcapReader.js';
import type { TextReceiver } from './liveStream.js';
import { batchFrame, completeFrame, helloFrame } from './streamProtocol.js';
import { encodeWireMessage } from './wireValue.js';

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
  ) {}

  /** Reads and encodes the whole recording `file` (throws McapReadError naming it). */
  static async load(file: string): Promise<ReplayStream> {
    const rec = await openMcapRecording(file);
    const encoded: string[] = [];
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
    return new ReplayStream(basename(file), frames, encoded.length, bytes);
  }

  /** Sends the whole recording to one page (at the pace the receiver takes it). */
  attach(client: TextReceiver): void {
    client.send(helloFrame('replay', this.source));
    client.sendAll(this.frames);
    client.send(completeFrame(this.count));
  }
}
