/**
 * Reads a ROS 2 MCAP recording back (ours, or one `ros2 bag record -s mcap` wrote): the header
 * (profile 'ros2'), the channels with their types and message counts, and the messages in
 * log-time order, decoded from CDR with the definitions stored in the file itself (so a file
 * stays readable when our registry changes), optionally only some topics.
 *
 * Errors name the file: not an MCAP file (wrong magic), truncated or still being written (no
 * footer or summary — a recording is complete only after the writer's `close()`), another
 * profile, a channel that is not ros2msg + cdr.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { MCAP_MAGIC, McapIndexedReader } from '@mcap/core';
import type { MessageCodec } from '../ros2/messages/cdr.js';
import { codecFromDefinition } from '../ros2/messages/cdr.js';

/** A recording that cannot be read, with the file named. */
export class McapReadError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'McapReadError';
  }
}

export interface RecordedChannel {
  readonly id: number;
  readonly topic: string;
  /** The schema name: the ROS 2 type, e.g. 'nav_msgs/msg/Odometry'. */
  readonly type: string;
  readonly schemaEncoding: string;
  readonly messageEncoding: string;
  /** Messages on the channel (from the file's statistics). */
  readonly messageCount: number;
  readonly metadata: ReadonlyMap<string, string>;
}

export interface RecordedMessage<T = unknown> {
  readonly topic: string;
  readonly type: string;
  readonly logTime_ns: bigint;
  readonly publishTime_ns: bigint;
  readonly sequence: number;
  readonly message: T;
}

export interface ReadMessagesOptions {
  /** Only these topics. @default all */
  readonly topics?: readonly string[];
  /** Log times in [start_ns, end_ns]. @default everything */
  readonly start_ns?: bigint;
  readonly end_ns?: bigint;
}

export class McapRecording {
  readonly profile: string;
  readonly library: string;
  readonly channels: readonly RecordedChannel[];
  readonly messageCount: number;
  /** Log time of the first and last message (0 for an empty recording). */
  readonly startTime_ns: bigint;
  readonly endTime_ns: bigint;
  private readonly codecs = new Map<number, MessageCodec>();
  private readonly byId = new Map<number, RecordedChannel>();

  constructor(
    readonly file: string,
    private readonly reader: McapIndexedReader,
    private readonly handle: FileHandle,
  ) {
    this.profile = reader.header.profile;
    this.library = reader.header.library;
    const stats = reader.statistics;
    this.channels = [...reader.channelsById.values()].map((c) => {
      const schema = reader.schemasById.get(c.schemaId);
      return {
        id: c.id,
        topic: c.topic,
        type: schema?.name ?? '',
        schemaEncoding: schema?.encoding ?? '',
        messageEncoding: c.messageEncoding,
        messageCount: Number(stats?.channelMessageCounts.get(c.id) ?? 0n),
        metadata: c.metadata,
      };
    });
    for (const c of this.channels) this.byId.set(c.id, c);
    this.messageCount = Number(stats?.messageCount ?? 0n);
    this.startTime_ns = stats?.messageStartTime ?? 0n;
    this.endTime_ns = stats?.messageEndTime ?? 0n;
  }

  /** The channel of `topic`, or undefined. */
  channel(topic: string): RecordedChannel | undefined {
    return this.channels.find((c) => c.topic === topic);
  }

  /** Messages in log-time order, decoded; CRCs of the chunks are checked. */
  async *messages(opts: ReadMessagesOptions = {}): AsyncGenerator<RecordedMessage> {
    if (opts.topics !== undefined) {
      const unknown = opts.topics.filter((t) => this.channel(t) === undefined);
      if (unknown.length > 0) throw new McapReadError(this.file, `no topic ${unknown.map((t) => `'${t}'`).join(', ')}; the recording has ${this.channels.map((c) => c.topic).join(', ')}`);
    }
    const args: Parameters<McapIndexedReader['readMessages']>[0] = { validateCrcs: true };
    if (opts.topics !== undefined) args.topics = opts.topics;
    if (opts.start_ns !== undefined) args.startTime = opts.start_ns;
    if (opts.end_ns !== undefined) args.endTime = opts.end_ns;
    for await (const m of this.reader.readMessages(args)) {
      const ch = this.byId.get(m.channelId)!;
      yield { topic: ch.topic, type: ch.type, logTime_ns: m.logTime, publishTime_ns: m.publishTime, sequence: m.sequence, message: this.codec(ch).deserialize(m.data) };
    }
  }

  /** Every message (of `topics`) in log-time order, as an array. */
  async readAll(opts: ReadMessagesOptions = {}): Promise<RecordedMessage[]> {
    const out: RecordedMessage[] = [];
    for await (const m of this.messages(opts)) out.push(m);
    return out;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private codec(ch: RecordedChannel): MessageCodec {
    let c = this.codecs.get(ch.id);
    if (c === undefined) {
      if (ch.schemaEncoding !== 'ros2msg' || ch.messageEncoding !== 'cdr') {
        throw new McapReadError(this.file, `channel '${ch.topic}' has schema encoding '${ch.schemaEncoding}' and message encoding '${ch.messageEncoding}'; this reader decodes ROS 2 channels (ros2msg, cdr)`);
      }
      const schema = [...this.reader.schemasById.values()].find((s) => s.name === ch.type)!;
      c = codecFromDefinition(ch.type, new TextDecoder().decode(schema.data));
      this.codecs.set(ch.id, c);
    }
    return c;
  }
}

/** Opens a recording; the caller closes it. */
export async function openMcapRecording(file: string): Promise<McapRecording> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    throw new McapReadError(file, `cannot open the recording (${(e as Error).message})`);
  }
  try {
    const size = BigInt((await handle.stat()).size);
    const magic = new Uint8Array(MCAP_MAGIC.length);
    await handle.read(magic, 0, magic.length, 0);
    if (size < BigInt(MCAP_MAGIC.length) || magic.some((b, i) => b !== MCAP_MAGIC[i])) {
      throw new McapReadError(file, 'not an MCAP file (it does not start with the MCAP magic bytes)');
    }
    let reader: McapIndexedReader;
    try {
      reader = await McapIndexedReader.Initialize({
        readable: {
          size: async () => size,
          read: async (offset: bigint, length: bigint) => {
            if (offset + length > size) throw new Error(`read of ${length} bytes at ${offset} is past the end (${size} bytes)`);
            const buf = new Uint8Array(Number(length));
            await handle.read(buf, 0, buf.length, Number(offset));
            return buf;
          },
        },
      });
    } catch (e) {
      throw new McapReadError(file, `not a complete MCAP file — truncated, or still being written (${(e as Error).message})`);
    }
    if (reader.header.profile !== 'ros2') throw new McapReadError(file, `MCAP profile is '${reader.header.profile}', expected 'ros2' (a ROS 2 recording)`);
    return new McapRecording(file, reader, handle);
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** Reads every message (of `opts.topics`) of a recording in log-time order, and closes it. */
export async function readMcapMessages(file: string, opts: ReadMessagesOptions = {}): Promise<RecordedMessage[]> {
  const rec = await openMcapRecording(file);
  try {
    return await rec.readAll(opts);
  } finally {
    await rec.close();
  }
}

