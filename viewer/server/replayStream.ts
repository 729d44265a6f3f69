/**
 * A recording as the page gets it for replay: every message of the MCAP file (read with
 * bridges/recording's reader, in log-time order) encoded once for the wire; each page that
 * connects gets the hello frame, the whole episode in batch frames and the complete frame,
 * and then scrubs through it locally.
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
    private readonly encoded: readonly string[],
    /** Bytes one page receives (all batch frames). */
    readonly bytes: number,
  ) {}

  /** Messages in the recording. */
  get count(): number {
    return this.encoded.length;
  }

  /** Reads and encodes the whole recording `file` (throws McapReadError naming it). */
  static async load(file: string): Promise<ReplayStream> {
    const rec = await openMcapRecording(file);
    const encoded: string[] = [];
    try {
      for await (const m of rec.messages()) encoded.push(encodeWireMessage(m.topic, m.type, m.logTime_ns, m.message));
    } finally {
      await rec.close();
    }
    let bytes = 0;
    for (let i = 0; i < encoded.length; i += REPLAY_BATCH) bytes += Buffer.byteLength(batchFrame(encoded, i, Math.min(i + REPLAY_BATCH, encoded.length)));
    return new ReplayStream(basename(file), encoded, bytes);
  }

  /** Sends the whole recording to one page. */
  attach(client: TextReceiver): void {
    client.send(helloFrame('replay', this.source));
    for (let i = 0; i < this.encoded.length; i += REPLAY_BATCH) client.send(batchFrame(this.encoded, i, Math.min(i + REPLAY_BATCH, this.encoded.length)));
    client.send(completeFrame(this.encoded.length));
  }
}
