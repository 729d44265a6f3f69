/**
 * Reads a ROS 2 MCAP recording back (ours, or one `ros2 bag record -s mcap` wrote): the header
 * (profile 'ros2'), the channels with their types and message counts, and the messages in
 * log-time order, decoded from CDR with the definitions stored in the file itself (so a file
 * stays readable when our registry changes), optionally only some topics.
 *
 * Every MCAP read in spikeloop goes through this one reader, which validates as it goes and
 * stays bounded:
 *  - opening walks the data section record by record (not the summary's indexes, so a file
 *    without chunks, or without a summary, reads too): every length is checked against the file
 *    before anything is read, a chunk is held in memory one at a time (at most
 *    `MAX_CHUNK_BYTES`), chunk CRCs, the data-section CRC and the summary CRC are checked;
 *  - every channel must be ROS 2 (ros2msg schema, cdr messages) and its definition must parse;
 *    a schema named like a type spikeloop interprets must hold that type's definition
 *    (mcapSchemaCheck.ts); `topicTypes` can require types on topics (the viewer's);
 *  - reading decodes each message and locates a failure.
 * Every failure is an `McapReadError` naming the file and where: the byte offset, the chunk
 * index, the topic. Nothing else escapes.
 *
 * Partial files: a recording whose process was killed ends without DataEnd, summary and footer
 * (`<file>.tmp-<pid>`, mcapWriter.ts). By default that is an error that says to run
 * `spikeloop mcap recover`; with `partial: 'allow'` the reader keeps every complete record up
 * to where the file stops being readable and reports it (`McapRecording.partial`, `onWarning`).
 * `damaged: 'skip'` (the recover command) also drops chunks that fail their checks, with a
 * warning each, instead of failing.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { MCAP_MAGIC as MAGIC_LIST } from '@mcap/core';
import type { MessageCodec } from '../ros2/messages/cdr.js';
import { codecFromDefinition } from '../ros2/messages/cdr.js';
import { crc32 } from './crc32.js';
import type { ChannelRecord, MetadataRecord, SchemaRecord } from './mcapRecords.js';
import {
  innerRecords,
  parseMetadata,
  isKnownOpcode,
  OP,
  opcodeName,
  parseChannel,
  parseChunk,
  parseDataEnd,
  parseFooter,
  parseHeader,
  parseMessage,
  parseSchema,
  RECORD_HEADER_BYTES,
  RecordFormatError,
} from './mcapRecords.js';
import { schemaMismatch } from './mcapSchemaCheck.js';

const MCAP_MAGIC = Uint8Array.from(MAGIC_LIST);

/** The largest chunk record the reader holds in memory. */
export const MAX_CHUNK_BYTES = 256 * 1024 * 1024;
/** Largest Metadata record read (a bigger one is skipped with a warning). */
export const MAX_METADATA_BYTES = 1024 * 1024;

/** Where in a recording something went wrong. */
export interface McapLocation {
  /** Byte offset in the file of the record concerned. */
  readonly offset?: number;
  /** Index of the chunk (0 = the file's first chunk record). */
  readonly chunk?: number;
  readonly topic?: string;
}

function locationText(w: McapLocation): string {
  const parts = [
    ...(w.offset !== undefined ? [`byte ${w.offset}`] : []),
    ...(w.chunk !== undefined ? [`chunk ${w.chunk}`] : []),
    ...(w.topic !== undefined ? [`topic '${w.topic}'`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** A recording that cannot be read, with the file and the place named. */
export class McapReadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly where: McapLocation = {},
  ) {
    super(`${file}${locationText(where)}: ${reason}`);
    this.name = 'McapReadError';
  }
}

export interface RecordedChannel {
  readonly id: number;
  readonly topic: string;
  /** The schema name: the ROS 2 type, e.g. 'nav_msgs/msg/Odometry'. */
  readonly type: string;
  /** The schema's id in the file (0: none). */
  readonly schemaId: number;
  readonly schemaEncoding: string;
  readonly messageEncoding: string;
  /** Messages on the channel (counted while reading the file). */
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

/** A message as stored (not decoded), for copying it to another file. */
export interface RawMessage {
  readonly channelId: number;
  readonly sequence: number;
  readonly logTime: bigint;
  readonly publishTime: bigint;
  readonly data: Uint8Array;
}

export interface ReadMessagesOptions {
  /** Only these topics. @default all */
  readonly topics?: readonly string[];
  /** Log times in [start_ns, end_ns]. @default everything */
  readonly start_ns?: bigint;
  readonly end_ns?: bigint;
}

export interface OpenMcapOptions {
  /**
   * A file that was not finished (no DataEnd/summary/footer: a killed recording, a cut copy):
   * 'refuse' fails, naming `spikeloop mcap recover`; 'allow' reads the complete part. @default 'refuse'
   */
  readonly partial?: 'refuse' | 'allow';
  /** A chunk that fails its checks (CRC, compression, records): 'refuse' fails; 'skip' drops it with a warning. @default 'refuse' */
  readonly damaged?: 'refuse' | 'skip';
  /** What 'allow' and 'skip' report (one line each, without the file name prefix). */
  readonly onWarning?: (message: string) => void;
  /** The type a topic must have, if any (e.g. the viewer's topics); a channel of another type is refused. */
  readonly topicTypes?: (topic: string) => string | undefined;
}

/** How much of an unfinished file was readable. */
export interface PartialRecording {
  /** Bytes of complete records from the start (what a recovered file keeps). */
  readonly validBytes: number;
  readonly fileBytes: number;
  readonly reason: string;
}

/** A contiguous stretch of the data section holding messages: one chunk, or top-level messages. */
type Block =
  | { readonly kind: 'chunk'; readonly index: number; readonly offset: number; readonly recordsOffset: number; readonly recordsLength: number; readonly crc: number; start: bigint; end: bigint }
  | { readonly kind: 'messages'; readonly offset: number; endOffset: number; start: bigint; end: bigint };

/** Random access to the recording's bytes (a file, or bytes in memory). */
interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

const WINDOW = 4 * 1024 * 1024;

function fileSource(handle: FileHandle, size: number): ByteSource {
  let windowStart = 0;
  let window: Uint8Array = new Uint8Array(0);
  const readExact = async (offset: number, length: number): Promise<Uint8Array> => {
    const buf = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await handle.read(buf, got, length - got, offset + got);
      if (bytesRead === 0) throw new Error(`the file ended at byte ${offset + got} while reading ${length} bytes at ${offset} (it shrank while being read?)`);
      got += bytesRead;
    }
    return buf;
  };
  return {
    size,
    async read(offset, length) {
      if (offset < 0 || length < 0 || offset + length > size) throw new RangeError(`read of ${length} bytes at ${offset} is outside the file (${size} bytes)`);
      if (offset >= windowStart && offset + length <= windowStart + window.length) return window.subarray(offset - windowStart, offset - windowStart + length);
      if (length >= WINDOW) return readExact(offset, length);
      windowStart = offset;
      window = await readExact(offset, Math.min(WINDOW, size - offset));
      return window.subarray(0, length);
    },
    close: () => handle.close(),
  };
}

function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => {
      if (offset < 0 || length < 0 || offset + length > bytes.length) throw new RangeError(`read of ${length} bytes at ${offset} is outside the data (${bytes.length} bytes)`);
      return bytes.subarray(offset, offset + length);
    },
    close: async () => {},
  };
}

/** A problem with one chunk (skippable with damaged: 'skip'). */
class ChunkDamage extends McapReadError {}

/** The file stops being readable at `offset` before its end records (truncation or garbage). */
class Unfinished extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

interface Channel extends ChannelRecord {
  readonly recordOffset: number;
}

interface Schema extends SchemaRecord {
  readonly recordOffset: number;
}

/** What the validating pass over the file found (internal to this module). */
export class Scan {
  profile = '';
  library = '';
  readonly schemas = new Map<number, Schema>();
  readonly channels = new Map<number, Channel>();
  readonly counts = new Map<number, number>();
  readonly blocks: Block[] = [];
  /** Metadata records of the data section, in file order. */
  readonly metadata: MetadataRecord[] = [];
  messageCount = 0;
  startTime = 0n;
  endTime = 0n;
  chunks = 0;
  partial: PartialRecording | null = null;
  /** Offset of the first message of each channel (to locate a problem with the channel). */
  readonly firstMessageAt = new Map<number, number>();

  constructor(
    readonly file: string,
    readonly opts: OpenMcapOptions,
  ) {}

  warn(message: string): void {
    this.opts.onWarning?.(message);
  }

  addSchema(s: SchemaRecord, at: number, chunk?: number): void {
    if (s.id === 0) throw new McapReadError(this.file, 'a Schema record has id 0, which the spec reserves for "no schema"', { offset: at, ...(chunk !== undefined ? { chunk } : {}) });
    const known = this.schemas.get(s.id);
    if (known === undefined) this.schemas.set(s.id, { ...s, recordOffset: at });
    else if (known.name !== s.name || known.encoding !== s.encoding || !sameBytes(known.data, s.data)) {
      throw new McapReadError(this.file, `schema id ${s.id} is defined twice differently ('${known.name}' at byte ${known.recordOffset}, '${s.name}' here)`, { offset: at, ...(chunk !== undefined ? { chunk } : {}) });
    }
  }

  addChannel(c: ChannelRecord, at: number, chunk?: number): void {
    const where = { offset: at, topic: c.topic, ...(chunk !== undefined ? { chunk } : {}) };
    const known = this.channels.get(c.id);
    if (known === undefined) {
      if (c.schemaId !== 0 && !this.schemas.has(c.schemaId)) throw new McapReadError(this.file, `channel id ${c.id} names schema id ${c.schemaId}, which no Schema record before it defines`, where);
      this.channels.set(c.id, { ...c, recordOffset: at });
    } else if (known.topic !== c.topic || known.schemaId !== c.schemaId || known.messageEncoding !== c.messageEncoding) {
      throw new McapReadError(this.file, `channel id ${c.id} is defined twice differently ('${known.topic}' at byte ${known.recordOffset})`, where);
    }
  }

  /** Counts a message (its record at `at`); the channel must be known. */
  addMessage(channelId: number, logTime: bigint, at: number, chunk?: number): void {
    if (!this.channels.has(channelId)) {
      const E = chunk !== undefined ? ChunkDamage : McapReadError;
      throw new E(this.file, `a message on channel id ${channelId}, which no Channel record before it defines`, { offset: at, ...(chunk !== undefined ? { chunk } : {}) });
    }
    if (!this.firstMessageAt.has(channelId)) this.firstMessageAt.set(channelId, at);
    this.counts.set(channelId, (this.counts.get(channelId) ?? 0) + 1);
    if (this.messageCount === 0 || logTime < this.startTime) this.startTime = logTime;
    if (this.messageCount === 0 || logTime > this.endTime) this.endTime = logTime;
    this.messageCount++;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The records of a chunk body, checked (compression, size, CRC); throws ChunkDamage. */
function chunkRecords(file: string, body: Uint8Array, offset: number, index: number): { records: Uint8Array; recordsOffset: number; crc: number; start: bigint; end: bigint } {
  const where = { offset, chunk: index };
  let c;
  try {
    c = parseChunk(body);
  } catch (e) {
    throw new ChunkDamage(file, `damaged Chunk record: ${(e as Error).message}`, where);
  }
  if (c.compression !== '') throw new ChunkDamage(file, `the chunk is compressed with '${c.compression}', which this reader does not decompress (only uncompressed chunks); decompress the file first (e.g. 'mcap compress --compression none' or re-record it)`, where);
  if (c.uncompressedSize !== BigInt(c.records.length)) throw new ChunkDamage(file, `the chunk says it holds ${c.uncompressedSize} bytes of records, but has ${c.records.length}`, where);
  if (c.uncompressedCrc !== 0) {
    const got = crc32(c.records);
    if (got !== c.uncompressedCrc) throw new ChunkDamage(file, `CRC mismatch in the chunk's records (stored ${hex(c.uncompressedCrc)}, computed ${hex(got)}): the file is corrupt`, where);
  }
  return { records: c.records, recordsOffset: offset + RECORD_HEADER_BYTES + c.recordsAt, crc: c.uncompressedCrc, start: c.messageStartTime, end: c.messageEndTime };
}

/** The validating pass: header, data section (chunks checked), end records. */
async function scanFile(src: ByteSource, s: Scan): Promise<void> {
  const { file } = s;
  const size = src.size;
  const magicLen = MCAP_MAGIC.length;
  if (size < magicLen || !sameBytes(await src.read(0, magicLen), MCAP_MAGIC)) throw new McapReadError(file, 'not an MCAP file (it does not start with the MCAP magic bytes)');
  let dataCrc = crc32(MCAP_MAGIC);
  let pos = magicLen;
  let lastGood = pos;
  let dataEnd = -1;
  const damagedChunk = (e: ChunkDamage) => {
    if (s.opts.damaged !== 'skip') throw e;
    s.warn(`${e.message.slice(file.length + 2)} — chunk dropped`);
  };
  try {
    for (;;) {
      if (pos === size) throw new Unfinished(pos, `the file ends at byte ${size} without the end of its data section (DataEnd), summary and footer`);
      if (size - pos < RECORD_HEADER_BYTES) throw new Unfinished(pos, `the file ends inside a record header at byte ${pos}`);
      const head = await src.read(pos, RECORD_HEADER_BYTES);
      const opcode = head[0]!;
      const length = new DataView(head.buffer, head.byteOffset, RECORD_HEADER_BYTES).getBigUint64(1, true);
      if (!isKnownOpcode(opcode)) throw new Unfinished(pos, `unknown record opcode 0x${opcode.toString(16).padStart(2, '0')} at byte ${pos}`);
      if (pos === magicLen && opcode !== OP.HEADER) throw new McapReadError(file, `the first record is ${opcodeName(opcode)}, not the Header`, { offset: pos });
      if (length > BigInt(size - pos - RECORD_HEADER_BYTES)) throw new Unfinished(pos, `the ${opcodeName(opcode)} record at byte ${pos} says it is ${length} bytes long, past the end of the file (${size} bytes)`);
      const len = Number(length);
      const end = pos + RECORD_HEADER_BYTES + len;
      if (opcode === OP.DATA_END) {
        let stored: number;
        try {
          stored = parseDataEnd(await src.read(pos + RECORD_HEADER_BYTES, len));
        } catch (e) {
          throw new McapReadError(file, `damaged DataEnd record: ${(e as Error).message}`, { offset: pos });
        }
        if (stored !== 0 && stored !== dataCrc) {
          const why = `CRC mismatch of the data section (stored ${hex(stored)}, computed ${hex(dataCrc)})`;
          // With damaged: 'skip' every chunk kept passed its own CRC: the damage is elsewhere (or in a dropped chunk).
          if (s.opts.damaged !== 'skip') throw new McapReadError(file, `${why}: the file is corrupt`, { offset: pos });
          s.warn(`${why} at byte ${pos}; keeping the chunks that pass their own CRC`);
        }
        dataEnd = pos;
        pos = end;
        break;
      }
      if (opcode === OP.FOOTER) {
        // A file without DataEnd (allowed by older writers): the footer ends the data.
        dataEnd = pos;
        break;
      }
      if (opcode === OP.CHUNK) {
        if (len > MAX_CHUNK_BYTES) throw new McapReadError(file, `a chunk of ${len} bytes is larger than this reader accepts (${MAX_CHUNK_BYTES} bytes)`, { offset: pos, chunk: s.chunks });
        const body = await src.read(pos + RECORD_HEADER_BYTES, len);
        dataCrc = crc32(body, crc32(head, dataCrc));
        const index = s.chunks++;
        try {
          scanChunk(s, body, pos, index);
        } catch (e) {
          if (!(e instanceof ChunkDamage)) throw e;
          damagedChunk(e);
        }
      } else {
        // Other records are read in bounded pieces for the CRC; the ones the reader uses are parsed.
        dataCrc = crc32(head, dataCrc);
        if (opcode === OP.METADATA && len > MAX_METADATA_BYTES) s.warn(`a Metadata record of ${len} bytes at byte ${pos} is larger than this reader reads (${MAX_METADATA_BYTES} bytes); skipped`);
        if (opcode === OP.HEADER || opcode === OP.SCHEMA || opcode === OP.CHANNEL || opcode === OP.MESSAGE || (opcode === OP.METADATA && len <= MAX_METADATA_BYTES)) {
          const body = await src.read(pos + RECORD_HEADER_BYTES, len);
          dataCrc = crc32(body, dataCrc);
          try {
            if (opcode === OP.HEADER) {
              if (pos !== magicLen) throw new McapReadError(file, 'a second Header record', { offset: pos });
              const h = parseHeader(body);
              s.profile = h.profile;
              s.library = h.library;
            } else if (opcode === OP.SCHEMA) s.addSchema(parseSchema(body), pos);
            else if (opcode === OP.CHANNEL) s.addChannel(parseChannel(body), pos);
            else if (opcode === OP.METADATA) s.metadata.push(parseMetadata(body));
            else {
              const m = parseMessage(body);
              s.addMessage(m.channelId, m.logTime, pos);
              const last = s.blocks[s.blocks.length - 1];
              if (last?.kind === 'messages') {
                last.endOffset = end;
                if (m.logTime < last.start) last.start = m.logTime;
                if (m.logTime > last.end) last.end = m.logTime;
              } else s.blocks.push({ kind: 'messages', offset: pos, endOffset: end, start: m.logTime, end: m.logTime });
            }
          } catch (e) {
            if (e instanceof RecordFormatError) throw new McapReadError(file, `damaged ${opcodeName(opcode)} record: ${e.message}`, { offset: pos });
            throw e;
          }
        } else {
          for (let at = 0; at < len; at += WINDOW) dataCrc = crc32(await src.read(pos + RECORD_HEADER_BYTES + at, Math.min(WINDOW, len - at)), dataCrc);
        }
      }
      pos = end;
      lastGood = pos;
    }
  } catch (e) {
    if (!(e instanceof Unfinished)) throw e;
    const partial: PartialRecording = { validBytes: lastGood, fileBytes: size, reason: e.reason };
    const kept = `${s.chunks} chunk(s), ${s.messageCount} message(s) in the first ${lastGood} of ${size} bytes`;
    if (s.opts.partial !== 'allow') {
      throw new McapReadError(
        file,
        `not a complete MCAP file — truncated, or still being written (a recording whose process was killed): ${e.reason}. Its complete part (${kept}) can be made a finished file with: spikeloop mcap recover ${file} --out <file.mcap>`,
        { offset: e.offset },
      );
    }
    s.partial = partial;
    s.warn(`not a finished recording (${e.reason}); reading its complete part: ${kept}`);
    return;
  }
  await scanSummary(src, s, dataEnd, pos);
}

function scanChunk(s: Scan, body: Uint8Array, offset: number, index: number): void {
  const c = chunkRecords(s.file, body, offset, index);
  const schemas: [SchemaRecord, number][] = [];
  const channels: [ChannelRecord, number][] = [];
  const messages: [number, bigint, number][] = [];
  try {
    for (const r of innerRecords(c.records)) {
      const at = c.recordsOffset + r.at;
      if (r.opcode === OP.SCHEMA) schemas.push([parseSchema(r.body), at]);
      else if (r.opcode === OP.CHANNEL) channels.push([parseChannel(r.body), at]);
      else if (r.opcode === OP.MESSAGE) {
        const m = parseMessage(r.body);
        messages.push([m.channelId, m.logTime, at]);
      } else throw new ChunkDamage(s.file, `a ${opcodeName(r.opcode)} record inside a chunk (only Schema, Channel and Message belong there)`, { offset: at, chunk: index });
    }
  } catch (e) {
    if (e instanceof RecordFormatError) throw new ChunkDamage(s.file, `damaged record in the chunk at +${e.at}: ${e.message}`, { offset, chunk: index });
    throw e;
  }
  // Only a chunk that is whole counts (with damaged: 'skip', a bad one adds nothing).
  for (const [r, at] of schemas) s.addSchema(r, at, index);
  for (const [r, at] of channels) s.addChannel(r, at, index);
  if (messages.length === 0) return;
  for (const [ch, , at] of messages) if (!s.channels.has(ch)) throw new ChunkDamage(s.file, `a message on channel id ${ch}, which no Channel record before it defines`, { offset: at, chunk: index });
  for (const [ch, t, at] of messages) s.addMessage(ch, t, at, index);
  let start = messages[0]![1], end = start;
  for (const [, t] of messages) {
    if (t < start) start = t;
    if (t > end) end = t;
  }
  s.blocks.push({ kind: 'chunk', index, offset, recordsOffset: c.recordsOffset, recordsLength: c.records.length, crc: c.crc, start, end });
}

/** After DataEnd: the summary's records (schemas and channels kept), the footer, its CRC and the closing magic. */
async function scanSummary(src: ByteSource, s: Scan, dataEnd: number, summaryFrom: number): Promise<void> {
  const { file } = s;
  const size = src.size;
  const problem = (reason: string, offset: number): void => {
    const hint = 'the messages are intact; spikeloop mcap recover rewrites the file';
    if (s.opts.partial !== 'allow') throw new McapReadError(file, `${reason} (${hint})`, { offset });
    s.warn(`${reason} at byte ${offset}; reading the messages anyway`);
  };
  let pos = summaryFrom;
  for (;;) {
    if (size - pos < RECORD_HEADER_BYTES) return problem(`the file ends at byte ${size} inside its summary, before the footer`, pos);
    const head = await src.read(pos, RECORD_HEADER_BYTES);
    const opcode = head[0]!;
    const length = new DataView(head.buffer, head.byteOffset, RECORD_HEADER_BYTES).getBigUint64(1, true);
    if (length > BigInt(size - pos - RECORD_HEADER_BYTES)) return problem(`the summary's ${opcodeName(opcode)} record says it is ${length} bytes long, past the end of the file`, pos);
    const len = Number(length);
    if (!isKnownOpcode(opcode)) return problem(`unknown record opcode 0x${opcode.toString(16).padStart(2, '0')} in the summary`, pos);
    if (opcode === OP.SCHEMA || opcode === OP.CHANNEL) {
      const body = await src.read(pos + RECORD_HEADER_BYTES, len);
      try {
        if (opcode === OP.SCHEMA) s.addSchema(parseSchema(body), pos);
        else s.addChannel(parseChannel(body), pos);
      } catch (e) {
        if (e instanceof RecordFormatError) return problem(`damaged ${opcodeName(opcode)} record in the summary: ${e.message}`, pos);
        throw e;
      }
    } else if (opcode === OP.FOOTER) {
      let footer;
      try {
        footer = parseFooter(await src.read(pos + RECORD_HEADER_BYTES, len));
      } catch (e) {
        return problem(`damaged Footer record: ${(e as Error).message}`, pos);
      }
      const afterFooter = pos + RECORD_HEADER_BYTES + len;
      if (size - afterFooter !== MCAP_MAGIC.length || !sameBytes(await src.read(afterFooter, MCAP_MAGIC.length), MCAP_MAGIC)) return problem('the file does not end with the MCAP magic bytes right after the footer', afterFooter);
      if (footer.summaryCrc !== 0) {
        const from = footer.summaryStart === 0n ? pos : Number(footer.summaryStart);
        if (footer.summaryStart !== 0n && (footer.summaryStart < BigInt(dataEnd) || footer.summaryStart > BigInt(pos))) return problem(`the footer's summary start (${footer.summaryStart}) is outside the summary`, pos);
        let crc = 0;
        const upTo = pos + RECORD_HEADER_BYTES + 16; // through summary_offset_start
        for (let at = from; at < upTo; at += WINDOW) crc = crc32(await src.read(at, Math.min(WINDOW, upTo - at)), crc);
        if (crc !== footer.summaryCrc) return problem(`CRC mismatch of the summary (stored ${hex(footer.summaryCrc)}, computed ${hex(crc)})`, pos);
      }
      return;
    }
    pos += RECORD_HEADER_BYTES + len;
  }
}

export class McapRecording {
  readonly profile: string;
  readonly library: string;
  readonly channels: readonly RecordedChannel[];
  readonly messageCount: number;
  /** Log time of the first and last message (0 for an empty recording). */
  readonly startTime_ns: bigint;
  readonly endTime_ns: bigint;
  /** Complete chunks read (dropped ones not counted). */
  readonly chunkCount: number;
  /** Null for a finished file; what was readable of an unfinished one (opened with partial: 'allow'). */
  readonly partial: PartialRecording | null;
  /** The file's Metadata records (`rosbag2`, `spikeloop`, …: recordingMetadata.ts), in file order. */
  readonly metadata: readonly MetadataRecord[];
  private readonly codecs = new Map<number, MessageCodec>();
  private readonly byId = new Map<number, RecordedChannel>();
  private readonly blocks: readonly Block[];
  private readonly ordered: boolean;
  private readonly scan: Scan;

  /** Use openMcapRecording / openMcapBytes. */
  constructor(
    readonly file: string,
    scan: Scan,
    private readonly src: ByteSource,
  ) {
    this.scan = scan;
    this.profile = scan.profile;
    this.library = scan.library;
    this.channels = [...scan.channels.values()].map((c) => {
      const schema = scan.schemas.get(c.schemaId);
      return {
        id: c.id,
        topic: c.topic,
        type: schema?.name ?? '',
        schemaId: c.schemaId,
        schemaEncoding: schema?.encoding ?? '',
        messageEncoding: c.messageEncoding,
        messageCount: scan.counts.get(c.id) ?? 0,
        metadata: c.metadata,
      };
    });
    for (const c of this.channels) this.byId.set(c.id, c);
    this.messageCount = scan.messageCount;
    this.startTime_ns = scan.startTime;
    this.endTime_ns = scan.endTime;
    this.chunkCount = scan.blocks.filter((b) => b.kind === 'chunk').length;
    this.partial = scan.partial;
    this.metadata = scan.metadata;
    this.blocks = scan.blocks;
    let ordered = true;
    for (let i = 1; i < this.blocks.length; i++) if (this.blocks[i]!.start < this.blocks[i - 1]!.end) ordered = false;
    this.ordered = ordered;
  }

  /** The schemas (id → name, encoding, definition bytes), for copying the file. */
  get schemas(): ReadonlyMap<number, SchemaRecord> {
    return this.scan.schemas;
  }

  /** The channel of `topic`, or undefined. */
  channel(topic: string): RecordedChannel | undefined {
    return this.channels.find((c) => c.topic === topic);
  }

  /** Checks every channel that has messages: ROS 2 encodings, a definition that parses and fits the schema name, the expected type. */
  validateChannels(topicTypes?: (topic: string) => string | undefined): void {
    for (const ch of this.channels) {
      const at = this.scan.firstMessageAt.get(ch.id);
      if (at === undefined) continue;
      const where = { offset: this.scan.channels.get(ch.id)!.recordOffset, topic: ch.topic };
      if (ch.schemaEncoding !== 'ros2msg' || ch.messageEncoding !== 'cdr') {
        throw new McapReadError(this.file, `the channel has schema encoding '${ch.schemaEncoding}' and message encoding '${ch.messageEncoding}'; this reader decodes ROS 2 channels (ros2msg, cdr)`, where);
      }
      const codec = this.codec(ch);
      const mismatch = schemaMismatch(ch.type, codec.definitions);
      if (mismatch !== null) throw new McapReadError(this.file, `${mismatch}; refusing to read it as ${ch.type}`, where);
      const want = topicTypes?.(ch.topic);
      if (want !== undefined && normalType(want) !== normalType(ch.type)) throw new McapReadError(this.file, `the topic has type '${ch.type}', but spikeloop reads it as '${want}'`, where);
    }
  }

  /** Messages in log-time order, decoded; a failure is located (McapReadError). */
  async *messages(opts: ReadMessagesOptions = {}): AsyncGenerator<RecordedMessage> {
    if (opts.topics !== undefined) {
      const unknown = opts.topics.filter((t) => this.channel(t) === undefined);
      if (unknown.length > 0) throw new McapReadError(this.file, `no topic ${unknown.map((t) => `'${t}'`).join(', ')}; the recording has ${this.channels.map((c) => c.topic).join(', ')}`);
    }
    const ids = opts.topics === undefined ? null : new Set(opts.topics.map((t) => this.channel(t)!.id));
    const from = opts.start_ns, to = opts.end_ns;
    const wanted = (b: Block) => (from === undefined || b.end >= from) && (to === undefined || b.start <= to);
    const decode = (m: RawMessage & { at: number; chunk?: number }): RecordedMessage => {
      const ch = this.byId.get(m.channelId)!;
      let message: unknown;
      try {
        message = this.codec(ch).deserialize(m.data);
      } catch (e) {
        if (e instanceof McapReadError) throw e;
        throw new McapReadError(this.file, `cannot decode the message as ${ch.type} (CDR): ${(e as Error).message}`, { offset: m.at, ...(m.chunk !== undefined ? { chunk: m.chunk } : {}), topic: ch.topic });
      }
      return { topic: ch.topic, type: ch.type, logTime_ns: m.logTime, publishTime_ns: m.publishTime, sequence: m.sequence, message };
    };
    const keep = (m: RawMessage) => (ids === null || ids.has(m.channelId)) && (from === undefined || m.logTime >= from) && (to === undefined || m.logTime <= to);
    if (this.ordered) {
      for (const b of this.blocks) {
        if (!wanted(b)) continue;
        const ms = (await this.blockMessages(b)).filter(keep);
        sortByLogTime(ms);
        for (const m of ms) yield decode(m);
      }
      return;
    }
    // Chunks overlap in time: everything wanted, sorted once.
    const all: (RawMessage & { at: number; chunk?: number })[] = [];
    for (const b of this.blocks) if (wanted(b)) for (const m of await this.blockMessages(b)) if (keep(m)) all.push(m);
    sortByLogTime(all);
    for (const m of all) yield decode(m);
  }

  /** Every message as stored, in file order (no decoding). */
  async *rawMessages(): AsyncGenerator<RawMessage> {
    for (const b of this.blocks) yield* await this.blockMessages(b);
  }

  /** Every message (of `topics`) in log-time order, as an array. */
  async readAll(opts: ReadMessagesOptions = {}): Promise<RecordedMessage[]> {
    const out: RecordedMessage[] = [];
    for await (const m of this.messages(opts)) out.push(m);
    return out;
  }

  async close(): Promise<void> {
    await this.src.close();
  }

  private async blockMessages(b: Block): Promise<(RawMessage & { at: number; chunk?: number })[]> {
    const out: (RawMessage & { at: number; chunk?: number })[] = [];
    try {
      if (b.kind === 'chunk') {
        const records = await this.src.read(b.recordsOffset, b.recordsLength);
        if (b.crc !== 0 && crc32(records) !== b.crc) throw new McapReadError(this.file, 'CRC mismatch in the chunk\'s records on reading (the file changed after it was opened?)', { offset: b.offset, chunk: b.index });
        for (const r of innerRecords(records)) if (r.opcode === OP.MESSAGE) out.push({ ...parseMessage(r.body), at: b.recordsOffset + r.at, chunk: b.index });
      } else {
        let pos = b.offset;
        while (pos < b.endOffset) {
          const head = await this.src.read(pos, RECORD_HEADER_BYTES);
          const len = Number(new DataView(head.buffer, head.byteOffset, RECORD_HEADER_BYTES).getBigUint64(1, true));
          if (head[0] === OP.MESSAGE) out.push({ ...parseMessage((await this.src.read(pos + RECORD_HEADER_BYTES, len)).slice()), at: pos });
          pos += RECORD_HEADER_BYTES + len;
        }
      }
    } catch (e) {
      if (e instanceof McapReadError) throw e;
      throw new McapReadError(this.file, `cannot read the messages again (the file changed after it was opened?): ${(e as Error).message}`, { offset: b.offset, ...(b.kind === 'chunk' ? { chunk: b.index } : {}) });
    }
    return out;
  }

  private codec(ch: RecordedChannel): MessageCodec {
    let c = this.codecs.get(ch.id);
    if (c === undefined) {
      const channel = this.scan.channels.get(ch.id)!;
      const schema = this.scan.schemas.get(channel.schemaId);
      const where = { offset: schema?.recordOffset ?? channel.recordOffset, topic: ch.topic };
      if (schema === undefined) throw new McapReadError(this.file, 'the channel has no schema; a ROS 2 channel needs its ros2msg definition', where);
      try {
        c = codecFromDefinition(ch.type, new TextDecoder().decode(schema.data));
      } catch (e) {
        throw new McapReadError(this.file, `bad ros2msg definition in schema '${schema.name}': ${(e as Error).message}`, where);
      }
      this.codecs.set(ch.id, c);
    }
    return c;
  }
}

function normalType(t: string): string {
  const m = /^([A-Za-z0-9_]+)\/(?:msg\/)?([A-Za-z0-9_]+)$/.exec(t);
  return m ? `${m[1]}/msg/${m[2]}` : t;
}

function sortByLogTime<T extends { logTime: bigint }>(ms: T[]): void {
  for (let i = 1; i < ms.length; i++) {
    if (ms[i]!.logTime < ms[i - 1]!.logTime) {
      ms.sort((a, b) => (a.logTime < b.logTime ? -1 : a.logTime > b.logTime ? 1 : 0)); // stable
      return;
    }
  }
}

async function openSource(file: string, src: ByteSource, opts: OpenMcapOptions): Promise<McapRecording> {
  const scan = new Scan(file, opts);
  try {
    await scanFile(src, scan);
    if (scan.profile !== 'ros2') throw new McapReadError(file, `MCAP profile is '${scan.profile}', expected 'ros2' (a ROS 2 recording)`);
    const rec = new McapRecording(file, scan, src);
    rec.validateChannels(opts.topicTypes);
    return rec;
  } catch (e) {
    await src.close().catch(() => {});
    if (e instanceof McapReadError) throw e;
    throw new McapReadError(file, `cannot read the recording: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Opens a recording (validated; see the module doc); the caller closes it. */
export async function openMcapRecording(file: string, opts: OpenMcapOptions = {}): Promise<McapRecording> {
  let handle: FileHandle;
  let size: number;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    throw new McapReadError(file, `cannot open the recording (${(e as Error).message})`);
  }
  try {
    size = (await handle.stat()).size;
  } catch (e) {
    await handle.close().catch(() => {});
    throw new McapReadError(file, `cannot open the recording (${(e as Error).message})`);
  }
  return openSource(file, fileSource(handle, size), opts);
}

/** Opens a recording held in memory; `name` stands for the file in errors. */
export async function openMcapBytes(name: string, bytes: Uint8Array, opts: OpenMcapOptions = {}): Promise<McapRecording> {
  return openSource(name, bytesSource(bytes), opts);
}

/** Reads every message (of `opts.topics`) of a recording in log-time order, and closes it. */
export async function readMcapMessages(file: string, opts: ReadMessagesOptions & OpenMcapOptions = {}): Promise<RecordedMessage[]> {
  const rec = await openMcapRecording(file, opts);
  try {
    return await rec.readAll(opts);
  } finally {
    await rec.close();
  }
}
