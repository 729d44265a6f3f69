/**
 * Bounds-checked parsing of the MCAP records the reader (mcapReader.ts) uses — every length
 * field is checked against the bytes that are actually there before anything is read or
 * allocated, so a damaged file yields a `RecordFormatError` (what and where inside the record)
 * instead of a RangeError from deep inside a DataView. Layouts: https://mcap.dev/spec.
 */

/** Opcodes (MCAP spec). */
export const OP = {
  HEADER: 0x01,
  FOOTER: 0x02,
  SCHEMA: 0x03,
  CHANNEL: 0x04,
  MESSAGE: 0x05,
  CHUNK: 0x06,
  MESSAGE_INDEX: 0x07,
  CHUNK_INDEX: 0x08,
  ATTACHMENT: 0x09,
  ATTACHMENT_INDEX: 0x0a,
  STATISTICS: 0x0b,
  METADATA: 0x0c,
  METADATA_INDEX: 0x0d,
  SUMMARY_OFFSET: 0x0e,
  DATA_END: 0x0f,
} as const;

const OP_NAMES: Record<number, string> = Object.fromEntries(Object.entries(OP).map(([k, v]) => [v, k.split('_').map((w) => w[0] + w.slice(1).toLowerCase()).join('')]));

/** 'Chunk', 'Message', … or 'opcode 0x42'. */
export function opcodeName(op: number): string {
  return OP_NAMES[op] ?? `opcode 0x${op.toString(16).padStart(2, '0')}`;
}

/** Opcodes the spec defines (0x01–0x0f) or reserves for private records (0x80–0xff, skipped). */
export function isKnownOpcode(op: number): boolean {
  return (op >= 0x01 && op <= 0x0f) || op >= 0x80;
}

/** Bytes of a record's opcode and length. */
export const RECORD_HEADER_BYTES = 9;

/** A record whose fields do not fit its bytes; `at` is the offset inside the record's body. */
export class RecordFormatError extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
    this.name = 'RecordFormatError';
  }
}

const decoder = new TextDecoder();

/** Reads fields from one record's body, refusing to read past its end. */
export class FieldCursor {
  private readonly view: DataView;
  pos = 0;

  constructor(
    readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  private need(n: number, field: string): void {
    if (n > this.remaining) throw new RecordFormatError(this.pos, `${this.what}: ${field} needs ${n} byte(s) at +${this.pos}, but the record has only ${this.remaining} left`);
  }

  u8(field: string): number {
    this.need(1, field);
    return this.view.getUint8(this.pos++);
  }

  u16(field: string): number {
    this.need(2, field);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(field: string): number {
    this.need(4, field);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u64(field: string): bigint {
    this.need(8, field);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** `n` raw bytes (a view, not a copy). */
  take(n: number, field: string): Uint8Array {
    this.need(n, field);
    const b = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** A uint32-length-prefixed UTF-8 string. */
  string(field: string): string {
    const n = this.u32(`${field} length`);
    return decoder.decode(this.take(n, field));
  }

  /** uint32-length-prefixed bytes. */
  bytes32(field: string): Uint8Array {
    return this.take(this.u32(`${field} length`), field);
  }

  /** A uint32-byte-length-prefixed map of strings. */
  stringMap(field: string): Map<string, string> {
    const n = this.u32(`${field} length`);
    const inner = new FieldCursor(this.take(n, field), `${this.what} ${field}`);
    const out = new Map<string, string>();
    while (inner.remaining > 0) out.set(inner.string('key'), inner.string('value'));
    return out;
  }

  /** Everything left (the data of a message). */
  rest(): Uint8Array {
    const b = this.bytes.subarray(this.pos);
    this.pos = this.bytes.length;
    return b;
  }
}

export interface HeaderRecord {
  readonly profile: string;
  readonly library: string;
}

export interface SchemaRecord {
  readonly id: number;
  readonly name: string;
  readonly encoding: string;
  readonly data: Uint8Array;
}

export interface ChannelRecord {
  readonly id: number;
  readonly schemaId: number;
  readonly topic: string;
  readonly messageEncoding: string;
  readonly metadata: Map<string, string>;
}

export interface MessageRecord {
  readonly channelId: number;
  readonly sequence: number;
  readonly logTime: bigint;
  readonly publishTime: bigint;
  readonly data: Uint8Array;
}

export interface ChunkRecord {
  readonly messageStartTime: bigint;
  readonly messageEndTime: bigint;
  readonly uncompressedSize: bigint;
  readonly uncompressedCrc: number;
  readonly compression: string;
  /** Offset of the records inside the chunk's body. */
  readonly recordsAt: number;
  readonly records: Uint8Array;
}

export interface FooterRecord {
  readonly summaryStart: bigint;
  readonly summaryOffsetStart: bigint;
  readonly summaryCrc: number;
}

export function parseHeader(body: Uint8Array): HeaderRecord {
  const c = new FieldCursor(body, 'Header');
  return { profile: c.string('profile'), library: c.string('library') };
}

export function parseSchema(body: Uint8Array): SchemaRecord {
  const c = new FieldCursor(body, 'Schema');
  return { id: c.u16('id'), name: c.string('name'), encoding: c.string('encoding'), data: c.bytes32('data') };
}

export function parseChannel(body: Uint8Array): ChannelRecord {
  const c = new FieldCursor(body, 'Channel');
  return { id: c.u16('id'), schemaId: c.u16('schema_id'), topic: c.string('topic'), messageEncoding: c.string('message_encoding'), metadata: c.stringMap('metadata') };
}

export interface MetadataRecord {
  readonly name: string;
  readonly metadata: Map<string, string>;
}

export function parseMetadata(body: Uint8Array): MetadataRecord {
  const c = new FieldCursor(body, 'Metadata');
  return { name: c.string('name'), metadata: c.stringMap('metadata') };
}

export function parseMessage(body: Uint8Array): MessageRecord {
  const c = new FieldCursor(body, 'Message');
  return { channelId: c.u16('channel_id'), sequence: c.u32('sequence'), logTime: c.u64('log_time'), publishTime: c.u64('publish_time'), data: c.rest() };
}

export function parseChunk(body: Uint8Array): ChunkRecord {
  const c = new FieldCursor(body, 'Chunk');
  const messageStartTime = c.u64('message_start_time');
  const messageEndTime = c.u64('message_end_time');
  const uncompressedSize = c.u64('uncompressed_size');
  const uncompressedCrc = c.u32('uncompressed_crc');
  const compression = c.string('compression');
  const length = c.u64('records length');
  if (length > BigInt(c.remaining)) throw new RecordFormatError(c.pos, `Chunk: its records are said to be ${length} bytes, but the record has ${c.remaining} left`);
  const recordsAt = c.pos;
  const records = c.take(Number(length), 'records');
  return { messageStartTime, messageEndTime, uncompressedSize, uncompressedCrc, compression, recordsAt, records };
}

export function parseFooter(body: Uint8Array): FooterRecord {
  const c = new FieldCursor(body, 'Footer');
  return { summaryStart: c.u64('summary_start'), summaryOffsetStart: c.u64('summary_offset_start'), summaryCrc: c.u32('summary_crc') };
}

export function parseDataEnd(body: Uint8Array): number {
  return new FieldCursor(body, 'DataEnd').u32('data_section_crc');
}

/** One record inside a byte range (a chunk's records): its opcode, body and offset in the range. */
export interface InnerRecord {
  readonly opcode: number;
  readonly at: number;
  readonly body: Uint8Array;
}

/** The records of a chunk, each bounds-checked (a RecordFormatError locates the first bad one). */
export function* innerRecords(records: Uint8Array): Generator<InnerRecord> {
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  let at = 0;
  while (at < records.length) {
    if (records.length - at < RECORD_HEADER_BYTES) throw new RecordFormatError(at, `a record header is cut off (${records.length - at} byte(s) left in the chunk)`);
    const opcode = view.getUint8(at);
    const length = view.getBigUint64(at + 1, true);
    if (length > BigInt(records.length - at - RECORD_HEADER_BYTES)) throw new RecordFormatError(at, `${opcodeName(opcode)} record of ${length} bytes runs past the end of the chunk`);
    const start = at + RECORD_HEADER_BYTES;
    const end = start + Number(length);
    yield { opcode, at, body: records.subarray(start, end) };
    at = end;
  }
}
