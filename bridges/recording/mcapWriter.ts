/**
 * A `MessageSink` that records to an MCAP file the way rosbag2's MCAP storage plugin does, so
 * Foxglove opens it and `ros2 bag play <file>.mcap` replays it:
 *  - header profile 'ros2';
 *  - one schema per message type: name = the type ('nav_msgs/msg/Odometry'), encoding 'ros2msg',
 *    data = the definition with its dependencies (../ros2/messages/definitions.ts);
 *  - one channel per topic, message encoding 'cdr' (ROS 2 CDR), with the `offered_qos_profiles`
 *    metadata rosbag2 (Jazzy, metadata version 9) reads to choose the playback QoS — so
 *    `/tf_static` replays transient-local;
 *  - Metadata records (with their index in the summary): the ones given at open right after the
 *    header (the `spikeloop` identity: recordingMetadata.ts), and at close the `rosbag2` record
 *    rosbag2's MCAP plugin writes (`serialized_metadata` YAML with `ros_distro`);
 *  - messages with log time = publish time = the stamp given to `write`, in chunks with message
 *    indexes, then a summary (schemas, channels, statistics, chunk indexes, summary offsets) and
 *    CRCs of the chunks, the data section and the summary. A chunk is written out as soon as it
 *    holds `chunkSize_bytes` or spans `chunkDuration_s` of log time (sim or ROS time, not wall
 *    time), whichever comes first; each chunk carries the schema and channel records its
 *    messages need the first time they appear, so the chunks written so far are readable alone.
 *
 * Why not `@mcap/core`'s `McapWriter`: its methods are async and must not overlap, while a sink's
 * `write` is synchronous and a simulation loop never yields — messages would pile up in memory
 * until the episode ends. This writer assembles the same records with `@mcap/core`'s own record
 * and chunk builders, synchronously, so memory stays bounded by one chunk.
 *
 * Crash safety: everything goes to `<file>.tmp-<pid>`; `close()` completes the summary, syncs and
 * renames it to `<file>`, so a file under the final name is always complete. A process that
 * exits with a writer still open — an uncaught exception, an unhandled rejection, `process.exit`
 * — finalises it on the way out (a synchronous `exit` hook), so what was recorded lands under
 * the final name. A process killed outright (SIGKILL, a signal without a handler, a power cut
 * before the page cache reached the disk) leaves `<file>.tmp-<pid>`: a valid MCAP data section
 * up to the last chunk written (at most one chunk's worth of log time lost), which
 * `spikeloop mcap recover` turns into a finished file and `spikeloop view` replays with a
 * warning. `abort()` deletes the temporary file.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { McapChunkBuilder, McapRecordBuilder, Opcode } from '@mcap/core';
import type { McapTypes } from '@mcap/core';
import type { MessageCodec } from '../ros2/messages/cdr.js';
import { messageCodec } from '../ros2/messages/cdr.js';
import { fullTypeName, messageDefinition } from '../ros2/messages/definitions.js';
import type { QosName } from '../ros2/transport/transport.js';
import { crc32 } from './crc32.js';
import type { McapMetadata } from './recordingMetadata.js';
import { rosbag2Metadata, rosDistro } from './recordingMetadata.js';
import type { MessageSink } from './messageSink.js';
import { syncDirectory } from '../../loop/writeFileAtomic.js';

export interface McapWriterOptions {
  /** Uncompressed bytes per chunk before it is written out. @default 1 MiB */
  readonly chunkSize_bytes?: number;
  /**
   * Log time (seconds of the stamps given to `write`: sim or ROS time) one chunk may span before
   * it is written out — what a killed process loses at most. @default 1
   */
  readonly chunkDuration_s?: number;
  /** Finalise the file if the process exits with it still open (see the module doc). @default true */
  readonly finaliseOnExit?: boolean;
  /** QoS a topic is offered with on playback. @default {@link defaultRecordingQos} */
  readonly qos?: (topic: string) => QosName;
  /** The header's library field. @default 'spikeloop' */
  readonly library?: string;
  /** Metadata records written right after the header (the recording's identity: recordingMetadata.ts). */
  readonly metadata?: readonly McapMetadata[];
  /**
   * Write rosbag2's `rosbag2` metadata record when the file is completed (ROS distro from
   * ROS_DISTRO, custom_data = the given records' keys). @default true
   */
  readonly rosbag2Metadata?: boolean;
}

/** Latched (transient local) for what a late subscriber needs once — static TF, the scene, episode events; reliable otherwise. */
export function defaultRecordingQos(topic: string): QosName {
  return topic === '/tf_static' || topic === '/spikeloop/scene' || topic === '/spikeloop/episode' ? 'latched' : 'reliable';
}

/** rosbag2's YAML for one offered QoS profile (qos.cpp, metadata version 9: policies by name). */
export function offeredQosYaml(qos: QosName): string {
  const [history, depth, reliability, durability] =
    qos === 'sensor_data' ? ['keep_last', 5, 'best_effort', 'volatile'] : qos === 'event_data' ? ['keep_last', 1000, 'best_effort', 'volatile'] : qos === 'latched' ? ['keep_last', 1, 'reliable', 'transient_local'] : ['keep_last', 10, 'reliable', 'volatile'];
  const zero = (k: string) => `  ${k}:\n    sec: 0\n    nsec: 0\n`;
  return (
    `- history: ${history}\n  depth: ${depth}\n  reliability: ${reliability}\n  durability: ${durability}\n` +
    `${zero('deadline')}${zero('lifespan')}  liveliness: automatic\n${zero('liveliness_lease_duration')}  avoid_ros_namespace_conventions: false`
  );
}

/** The recording file could not be created or completed; names the file. */
export class McapWriteError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'McapWriteError';
  }
}

interface ChannelState {
  readonly id: number;
  readonly type: string;
  readonly codec: MessageCodec;
  sequence: number;
  written: boolean;
}

const textEncoder = new TextEncoder();

/** Writers to finalise if the process exits with them open. */
const openWriters = new Set<McapFileWriter>();
let exitHookInstalled = false;

function finaliseOpenWriters(): void {
  for (const w of [...openWriters]) {
    try {
      w.close();
      process.stderr.write(`spikeloop: the process is exiting; recording finalised in ${w.file} (${w.messageCount} messages)\n`);
    } catch (e) {
      process.stderr.write(`spikeloop: the process is exiting; could not finalise the recording ${w.file} (${(e as Error).message}); ${w.tempFile} may remain — run 'spikeloop mcap recover' on it\n`);
    }
  }
}

export class McapFileWriter implements MessageSink {
  /** The path that holds the recording once `close()` returns. */
  readonly file: string;
  /** Where the recording is written until then. */
  readonly tempFile: string;
  private fd: number;
  private position = 0n;
  private state: 'open' | 'closed' | 'aborted' = 'open';
  private readonly records = new McapRecordBuilder();
  private readonly chunk = new McapChunkBuilder({ useMessageIndex: true });
  private readonly chunkSize: number;
  private readonly chunkDuration_ns: bigint;
  private chunksWritten = 0;
  private readonly qos: (topic: string) => QosName;
  private dataCrc = 0;
  private summaryCrc = 0;
  private readonly schemas = new Map<string, McapTypes.Schema>();
  private readonly writtenSchemas = new Set<number>();
  private readonly channels = new Map<string, ChannelState>();
  private readonly channelRecords: McapTypes.Channel[] = [];
  private readonly chunkIndexes: McapTypes.ChunkIndex[] = [];
  /** Messages per channel id. */
  private readonly counts: number[] = [];
  private written = 0n;
  private startTime = 0n;
  private endTime = 0n;
  private readonly metadataIndexes: McapTypes.MetadataIndex[] = [];
  private readonly givenMetadata: readonly McapMetadata[];
  private readonly withRosbag2: boolean;

  constructor(file: string, opts: McapWriterOptions = {}) {
    const size = opts.chunkSize_bytes ?? 1024 * 1024;
    if (!(Number.isInteger(size) && size > 0)) throw new RangeError(`McapFileWriter: chunkSize_bytes must be a positive integer, got ${size}`);
    this.chunkSize = size;
    const span = opts.chunkDuration_s ?? 1;
    if (!(Number.isFinite(span) && span > 0)) throw new RangeError(`McapFileWriter: chunkDuration_s must be a positive number of seconds, got ${span}`);
    this.chunkDuration_ns = BigInt(Math.max(1, Math.round(span * 1e9)));
    this.qos = opts.qos ?? defaultRecordingQos;
    this.file = file;
    this.tempFile = `${file}.tmp-${process.pid}`;
    try {
      this.fd = openSync(this.tempFile, 'w', 0o644);
    } catch (e) {
      throw new McapWriteError(file, `cannot open the MCAP file '${file}' for writing (${(e as Error).message})`);
    }
    this.records.writeMagic();
    this.records.writeHeader({ profile: 'ros2', library: opts.library ?? 'spikeloop' });
    this.flushRecords('data');
    this.givenMetadata = opts.metadata ?? [];
    this.withRosbag2 = opts.rosbag2Metadata ?? true;
    try {
      for (const m of this.givenMetadata) this.writeMetadataRecord(m);
    } catch (e) {
      this.abort();
      throw new McapWriteError(file, `cannot write to the MCAP file '${file}' (${(e as Error).message})`);
    }
    if (opts.finaliseOnExit ?? true) {
      openWriters.add(this);
      if (!exitHookInstalled) {
        process.on('exit', finaliseOpenWriters);
        exitHookInstalled = true;
      }
    }
  }

  /**
   * Declares `topic` with ROS 2 type `type` ('pkg/msg/Name'; 'pkg/Name' is accepted and written
   * in full); again with the same type is a no-op, with another a RangeError.
   */
  channel(topic: string, messageType: string): void {
    this.requireOpen('channel');
    const type = fullTypeName(messageType);
    const known = this.channels.get(topic);
    if (known !== undefined) {
      if (known.type !== type) throw new RangeError(`McapFileWriter '${this.file}': topic '${topic}' is already declared as '${known.type}', not '${type}'`);
      return;
    }
    const codec = messageCodec(type);
    let schema = this.schemas.get(type);
    if (schema === undefined) {
      schema = { id: this.schemas.size + 1, name: type, encoding: 'ros2msg', data: textEncoder.encode(messageDefinition(type)) };
      this.schemas.set(type, schema);
    }
    const id = this.channels.size;
    const record: McapTypes.Channel = { id, schemaId: schema.id, topic, messageEncoding: 'cdr', metadata: new Map([['offered_qos_profiles', offeredQosYaml(this.qos(topic))]]) };
    this.channels.set(topic, { id, type, codec, sequence: 0, written: false });
    this.channelRecords.push(record);
  }

  /** Serializes `message` as the topic's type and adds it at `time_ns` (log and publish time). */
  write(topic: string, time_ns: bigint, message: unknown): void {
    const c = this.requireChannel(topic);
    this.add(c, time_ns, c.codec.serializeShared(message));
  }

  /** Adds an already CDR-serialized message (e.g. one received from ROS). */
  writeSerialized(topic: string, time_ns: bigint, data: Uint8Array): void {
    this.add(this.requireChannel(topic), time_ns, data);
  }

  /** Messages written so far, on all topics. */
  get messageCount(): number {
    return Number(this.written);
  }

  /** Chunks written to the file so far (what a killed process leaves readable). */
  get chunkCount(): number {
    return this.chunksWritten;
  }

  /** Messages written so far on `topic` (0 for an undeclared one). */
  messagesOn(topic: string): number {
    const c = this.channels.get(topic);
    return c === undefined ? 0 : (this.counts[c.id] ?? 0);
  }

  /** Completes the file (summary, footer), syncs it and moves it to `file`. Idempotent once closed. */
  close(): void {
    if (this.state === 'closed') return;
    this.requireOpen('close');
    try {
      this.finish();
      fsyncSync(this.fd);
    } catch (e) {
      this.abort();
      throw new McapWriteError(this.file, `cannot complete the MCAP file '${this.file}' (${(e as Error).message})`);
    }
    closeSync(this.fd);
    this.state = 'closed';
    openWriters.delete(this);
    try {
      renameSync(this.tempFile, this.file);
    } catch (e) {
      try {
        unlinkSync(this.tempFile);
      } catch {
        // already gone
      }
      throw new McapWriteError(this.file, `cannot move the finished recording to '${this.file}' (${(e as Error).message})`);
    }
    syncDirectory(dirname(this.file));
  }

  /** Drops the recording: closes and deletes the temporary file; `file` is left untouched. */
  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    openWriters.delete(this);
    try {
      closeSync(this.fd);
    } catch {
      // Already closed by a failed write.
    }
    try {
      unlinkSync(this.tempFile);
    } catch {
      // Nothing to remove.
    }
  }

  private requireOpen(what: string): void {
    if (this.state !== 'open') throw new Error(`McapFileWriter '${this.file}': ${what} after the recording was ${this.state}`);
  }

  private requireChannel(topic: string): ChannelState {
    this.requireOpen('write');
    const c = this.channels.get(topic);
    if (c === undefined) throw new RangeError(`McapFileWriter '${this.file}': topic '${topic}' was never declared; call channel(topic, type) before its first write`);
    return c;
  }

  private add(c: ChannelState, time_ns: bigint, data: Uint8Array): void {
    if (time_ns < 0n) throw new RangeError(`McapFileWriter '${this.file}': time_ns must be ≥ 0, got ${time_ns} on '${this.channelRecords[c.id]!.topic}'`);
    if (!c.written) {
      const rec = this.channelRecords[c.id]!;
      if (!this.writtenSchemas.has(rec.schemaId)) {
        this.chunk.addSchema([...this.schemas.values()].find((s) => s.id === rec.schemaId)!);
        this.writtenSchemas.add(rec.schemaId);
      }
      this.chunk.addChannel(rec);
      c.written = true;
    }
    this.chunk.addMessage({ channelId: c.id, sequence: c.sequence, logTime: time_ns, publishTime: time_ns, data });
    c.sequence = (c.sequence + 1) >>> 0;
    if (this.written === 0n || time_ns < this.startTime) this.startTime = time_ns;
    if (this.written === 0n || time_ns > this.endTime) this.endTime = time_ns;
    this.written++;
    this.counts[c.id] = (this.counts[c.id] ?? 0) + 1;
    const ch = this.chunk;
    if (ch.byteLength >= this.chunkSize || ch.messageEndTime - ch.messageStartTime >= this.chunkDuration_ns) this.finishChunk();
  }

  /** One Metadata record in the data section, indexed in the summary. */
  private writeMetadataRecord(m: McapMetadata): void {
    const offset = this.position;
    const length = this.records.writeMetadata({ name: m.name, metadata: new Map(m.metadata) });
    this.flushRecords('data');
    this.metadataIndexes.push({ offset, length, name: m.name });
  }

  /** Writes the record builder's buffer to the file, adding it to the data-section or the summary CRC. */
  private flushRecords(section: 'data' | 'summary' | 'none'): void {
    const buf = this.records.buffer;
    if (section === 'data') this.dataCrc = crc32(buf, this.dataCrc);
    else if (section === 'summary') this.summaryCrc = crc32(buf, this.summaryCrc);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.position += BigInt(buf.length);
    this.records.reset();
  }

  private finishChunk(): void {
    const ch = this.chunk;
    if (ch.numMessages === 0) return;
    const data = ch.buffer;
    const chunkStart = this.position;
    const chunkLength = this.records.writeChunk({
      messageStartTime: ch.messageStartTime,
      messageEndTime: ch.messageEndTime,
      uncompressedSize: BigInt(data.length),
      uncompressedCrc: crc32(data),
      compression: '',
      records: data,
    });
    this.flushRecords('data');
    const indexStart = this.position;
    const offsets = new Map<number, bigint>();
    let indexLength = 0n;
    for (const index of ch.indices) {
      offsets.set(index.channelId, indexStart + indexLength);
      indexLength += this.records.writeMessageIndex(index);
    }
    this.flushRecords('data');
    this.chunkIndexes.push({
      messageStartTime: ch.messageStartTime,
      messageEndTime: ch.messageEndTime,
      chunkStartOffset: chunkStart,
      chunkLength,
      messageIndexOffsets: offsets,
      messageIndexLength: indexLength,
      compression: '',
      compressedSize: BigInt(data.length),
      uncompressedSize: BigInt(data.length),
    });
    this.chunksWritten++;
    ch.reset();
  }

  /** The end of the data section and the summary, as McapWriter.end() lays them out. */
  private finish(): void {
    this.finishChunk();
    if (this.withRosbag2) {
      const custom = new Map<string, string>();
      for (const m of this.givenMetadata) for (const [k, v] of m.metadata) custom.set(`${m.name}.${k}`, v);
      this.writeMetadataRecord(rosbag2Metadata({ file: this.file, messageCount: Number(this.written), startTime_ns: this.startTime, endTime_ns: this.endTime, rosDistro: rosDistro(), customData: custom }));
    }
    this.records.writeDataEnd({ dataSectionCrc: this.dataCrc });
    this.flushRecords('none');
    const summaryStart = this.position;
    this.summaryCrc = 0;
    const groups: McapTypes.SummaryOffset[] = [];
    const group = (opcode: number, write: () => bigint) => {
      const start = this.position;
      const length = write();
      this.flushRecords('summary');
      if (length > 0n) groups.push({ groupOpcode: opcode, groupStart: start, groupLength: length });
    };
    group(Opcode.SCHEMA, () => [...this.schemas.values()].reduce((n, s) => n + this.records.writeSchema(s), 0n));
    group(Opcode.CHANNEL, () => this.channelRecords.reduce((n, c) => n + this.records.writeChannel(c), 0n));
    group(Opcode.STATISTICS, () =>
      this.records.writeStatistics({
        messageCount: this.written,
        schemaCount: this.schemas.size,
        channelCount: this.channelRecords.length,
        attachmentCount: 0,
        metadataCount: this.metadataIndexes.length,
        chunkCount: this.chunkIndexes.length,
        messageStartTime: this.startTime,
        messageEndTime: this.endTime,
        channelMessageCounts: new Map(this.channelRecords.map((c) => [c.id, BigInt(this.counts[c.id] ?? 0)])),
      }),
    );
    group(Opcode.METADATA_INDEX, () => this.metadataIndexes.reduce((n, m) => n + this.records.writeMetadataIndex(m), 0n));
    group(Opcode.CHUNK_INDEX, () => this.chunkIndexes.reduce((n, c) => n + this.records.writeChunkIndex(c), 0n));
    const summaryOffsetStart = this.position;
    for (const g of groups) this.records.writeSummaryOffset(g);
    this.flushRecords('summary');
    // The footer's CRC covers the summary and the footer up to (not including) the CRC field.
    const footerPrefix = new DataView(new ArrayBuffer(1 + 8 + 8 + 8));
    footerPrefix.setUint8(0, Opcode.FOOTER);
    footerPrefix.setBigUint64(1, 8n + 8n + 4n, true);
    footerPrefix.setBigUint64(9, summaryStart, true);
    footerPrefix.setBigUint64(17, summaryOffsetStart, true);
    const summaryCrc = crc32(new Uint8Array(footerPrefix.buffer), this.summaryCrc);
    this.records.writeFooter({ summaryStart, summaryOffsetStart, summaryCrc });
    this.records.writeMagic();
    this.flushRecords('none');
  }
}

/** Opens `file` for recording (see {@link McapFileWriter}); the error names the file when it cannot be created. */
export function openMcapWriter(file: string, opts: McapWriterOptions = {}): McapFileWriter {
  return new McapFileWriter(file, opts);
}
