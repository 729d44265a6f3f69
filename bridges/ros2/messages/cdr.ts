/**
 * ROS 2 CDR (XCDR1, little endian — what rmw implementations put on the wire and rosbag2
 * stores) by type name, with `@foxglove/rosmsg2-serialization`. Each type's definition text
 * (definitions.ts) is parsed once with `@foxglove/rosmsg` in ROS 2 mode and its writer and reader
 * are cached.
 *
 * Two limits of the serializer are checked here instead of corrupting data silently:
 *  - it sizes strings in UTF-16 code units, so a non-ASCII string would be written truncated —
 *    `serialize` throws a RangeError naming the field (escape such text, e.g. JSON `\uXXXX`);
 *  - it writes a numeric array of the wrong typed-array kind as zeros — use `messageProblems`
 *    (conformance.ts) to check a message against its definition when in doubt.
 */
import { parse } from '@foxglove/rosmsg';
import { MessageReader, MessageWriter } from '@foxglove/rosmsg2-serialization';
import { fullTypeName, messageDefinition } from './definitions.js';
import type { MessageTypeName, MessageTypes } from './messageTypes.js';

/** A parsed message definition (the root first, then the nested types by name). */
export type MessageDefinition = ReturnType<typeof parse>[number];
export type MessageDefinitionField = MessageDefinition['definitions'][number];

/** The parsed definitions of one type with its CDR writer and reader. */
export interface MessageCodec {
  /** 'pkg/msg/Name', or the schema name given to `codecFromDefinition`. */
  readonly type: string;
  readonly definitions: readonly MessageDefinition[];
  /** Serialized bytes, a fresh buffer. */
  serialize(message: unknown): Uint8Array;
  /**
   * Serialized bytes in the codec's own scratch buffer (grown as needed, never shrunk): no
   * allocation and one pass instead of two, but the view is only valid until the next
   * `serializeShared` of this type — for callers that copy it at once (the MCAP writer).
   */
  serializeShared(message: unknown): Uint8Array;
  deserialize(data: ArrayBufferView): unknown;
}

const codecs = new Map<string, MessageCodec>();

/** The cached codec of a type ('pkg/msg/Name'); a RangeError names a type without a definition. */
export function messageCodec(type: string): MessageCodec {
  const full = fullTypeName(type);
  let c = codecs.get(full);
  if (c === undefined) {
    c = codecFromDefinition(full, messageDefinition(full));
    codecs.set(full, c);
  }
  return c;
}

/**
 * A codec for a definition text not in the registry, e.g. the schema stored in an MCAP file.
 * Not cached: callers keep it.
 */
export function codecFromDefinition(type: string, definitionText: string): MessageCodec {
  let definitions: MessageDefinition[];
  try {
    definitions = parse(definitionText, { ros2: true });
  } catch (e) {
    throw new RangeError(`cannot parse the ros2msg definition of '${type}': ${(e as Error).message}`);
  }
  const writer = new MessageWriter(definitions);
  const reader = new MessageReader(definitions);
  const byName = new Map<string, MessageDefinitionField[]>();
  for (const d of definitions) if (d.name !== undefined) byName.set(d.name, d.definitions);
  const root = definitions.find((d) => !(d.definitions.length > 0 && d.definitions.every((f) => f.isConstant === true)))!;
  const withStrings = typesWithStrings(definitions);
  const check = (message: unknown): void => {
    if (typeof message !== 'object' || message === null) throw new TypeError(`serialize '${type}': expected a message object, got ${message === null ? 'null' : typeof message}`);
    requireAsciiStrings(type, root.definitions, message, byName, withStrings);
  };
  let scratch = new ArrayBuffer(256);
  return {
    type,
    definitions,
    serialize(message: unknown): Uint8Array {
      check(message);
      return writer.writeMessage(message);
    },
    serializeShared(message: unknown): Uint8Array {
      check(message);
      // MessageWriter hands `output` to CdrWriter as its `buffer`, which must be an ArrayBuffer
      // (typed as Uint8Array upstream); the writer grows it by reallocation when a message is larger.
      const out = writer.writeMessage(message, scratch as unknown as Uint8Array);
      scratch = out.buffer as ArrayBuffer;
      return out;
    },
    deserialize(data: ArrayBufferView): unknown {
      try {
        return reader.readMessage(data);
      } catch (e) {
        throw new RangeError(`deserialize '${type}': the ${data.byteLength} bytes are not a CDR '${type}' (${(e as Error).message})`);
      }
    },
  };
}

/** CDR bytes of `message` (a fresh buffer). */
export function serialize<K extends MessageTypeName>(type: K, message: MessageTypes[K]): Uint8Array;
export function serialize(type: string, message: unknown): Uint8Array;
export function serialize(type: string, message: unknown): Uint8Array {
  return messageCodec(type).serialize(message);
}

/** The message in CDR `data`. Numeric arrays come back as typed arrays, int64/uint64 as bigint. */
export function deserialize<K extends MessageTypeName>(type: K, data: ArrayBufferView): MessageTypes[K];
export function deserialize(type: string, data: ArrayBufferView): unknown;
export function deserialize(type: string, data: ArrayBufferView): unknown {
  return messageCodec(type).deserialize(data);
}

/** The parsed definitions of a type (root first), as `@foxglove/rosmsg` gives them. */
export function parsedDefinitions(type: string): readonly MessageDefinition[] {
  return messageCodec(type).definitions;
}

/** Names of the nested types that contain a string somewhere (so the ASCII check skips the rest). */
function typesWithStrings(definitions: readonly MessageDefinition[]): Set<string> {
  const out = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const d of definitions) {
      if (d.name === undefined || out.has(d.name)) continue;
      if (d.definitions.some((f) => f.isConstant !== true && (f.type === 'string' || (f.isComplex === true && out.has(f.type))))) {
        out.add(d.name);
        changed = true;
      }
    }
  }
  return out;
}

function requireAsciiStrings(
  type: string,
  fields: readonly MessageDefinitionField[],
  message: object,
  byName: ReadonlyMap<string, MessageDefinitionField[]>,
  withStrings: ReadonlySet<string>,
): void {
  const m = message as Record<string, unknown>;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.isConstant === true) continue;
    if (f.type === 'string') {
      const v = m[f.name];
      if (f.isArray === true) {
        if (Array.isArray(v)) for (let k = 0; k < v.length; k++) checkAscii(type, f.name, v[k]);
      } else checkAscii(type, f.name, v);
    } else if (f.isComplex === true && withStrings.has(f.type)) {
      const nested = byName.get(f.type)!;
      const v = m[f.name];
      if (f.isArray === true) {
        if (Array.isArray(v)) for (let k = 0; k < v.length; k++) if (typeof v[k] === 'object' && v[k] !== null) requireAsciiStrings(type, nested, v[k] as object, byName, withStrings);
      } else if (typeof v === 'object' && v !== null) requireAsciiStrings(type, nested, v, byName, withStrings);
    }
  }
}

function checkAscii(type: string, field: string, v: unknown): void {
  if (typeof v !== 'string') return;
  for (let i = 0; i < v.length; i++) {
    if (v.charCodeAt(i) > 0x7f) {
      throw new RangeError(
        `serialize '${type}': string field '${field}' holds the non-ASCII character '${v[i]}' at index ${i} ("${v.length > 40 ? `${v.slice(0, 37)}…` : v}"); ` +
          `the CDR writer sizes strings in UTF-16 units and would corrupt it — escape it (e.g. JSON \\uXXXX)`,
      );
    }
  }
}
