/**
 * Field paths of a robot profile checked against the parsed message definition of their type
 * (../messages): `linear.x` of a geometry_msgs/msg/Twist is a float64, `linear.xx` is no field
 * ("did you mean 'linear.x'?"), `ranges` of a LaserScan is a float32 array, `header.stamp` a
 * builtin_interfaces/Time. Used once, when a profile is loaded (checkProfile.ts); nothing here
 * runs per message.
 */
import type { MessageDefinitionField } from '../messages/cdr.js';
import { parsedDefinitions } from '../messages/cdr.js';
import type { Segment } from './fieldPath.js';
import { editDistance } from '../../../loop/suggestName.js';

/** What a field path designates in a message. */
export interface FieldInfo {
  /** Primitive ('float32', 'string', 'time', …) or nested message type ('geometry_msgs/Vector3'). */
  readonly type: string;
  readonly isComplex: boolean;
  /** Whether the value at the path is an array (the path does not index it). */
  readonly isArray: boolean;
  /** Element count of a fixed-length array. */
  readonly arrayLength?: number;
}

export type FieldResolution = { readonly ok: true; readonly field: FieldInfo } | { readonly ok: false; readonly problem: string };

/** Numeric primitives, with the range of the integer ones. */
const INTEGER_RANGE: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['int8', [-128, 127]],
  ['uint8', [0, 255]],
  ['byte', [0, 255]],
  ['char', [0, 255]],
  ['int16', [-32768, 32767]],
  ['uint16', [0, 65535]],
  ['int32', [-2147483648, 2147483647]],
  ['uint32', [0, 4294967295]],
  // 64-bit integers are written from numbers: only exactly representable ones are safe.
  ['int64', [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]],
  ['uint64', [0, Number.MAX_SAFE_INTEGER]],
]);

export function isNumericType(type: string): boolean {
  return type === 'float32' || type === 'float64' || INTEGER_RANGE.has(type);
}

/** [min, max] of an integer primitive, or undefined for other types. */
export function integerRange(type: string): readonly [number, number] | undefined {
  return INTEGER_RANGE.get(type);
}

/** builtin_interfaces/Time and Duration: @foxglove/rosmsg parses them as the primitives time/duration. */
const TIME_FIELDS: readonly MessageDefinitionField[] = [
  { name: 'sec', type: 'int32', isComplex: false, isArray: false },
  { name: 'nanosec', type: 'uint32', isComplex: false, isArray: false },
] as MessageDefinitionField[];

/** 'float64', 'float32[3]', 'geometry_msgs/Vector3', 'string[]': how a field is described in messages. */
export function describeField(f: FieldInfo): string {
  const t = f.type === 'time' ? 'builtin_interfaces/Time' : f.type === 'duration' ? 'builtin_interfaces/Duration' : f.type;
  return f.isArray ? `${t}[${f.arrayLength ?? ''}]` : t;
}

/** Fields of the message type `type` ('pkg/msg/Name'), resolved with its dependencies. */
export class MessageFields {
  private readonly root: readonly MessageDefinitionField[];
  private readonly byName = new Map<string, readonly MessageDefinitionField[]>();

  /** Throws a RangeError when `type` has no definition. */
  constructor(readonly type: string) {
    const defs = parsedDefinitions(type);
    for (const d of defs) if (d.name !== undefined) this.byName.set(d.name, d.definitions);
    this.root = defs.find((d) => !(d.definitions.length > 0 && d.definitions.every((f) => f.isConstant === true)))!.definitions;
  }

  /** What `segments` (from parseFieldPath) designate, or why they designate nothing. */
  resolve(segments: readonly Segment[]): FieldResolution {
    let fields: readonly MessageDefinitionField[] | null = this.root;
    let where = this.type; // what the next name is looked up in, for messages
    let at: FieldInfo | null = null; // the value the path reached so far (null: the message)
    let text = '';
    for (const s of segments) {
      if (typeof s === 'number') {
        if (at === null || !at.isArray) return { ok: false, problem: `'${text}' is ${at ? `a ${describeField(at)}` : 'the message'}, not an array; it cannot be indexed with [${s}]` };
        if (at.arrayLength !== undefined && s >= at.arrayLength) return { ok: false, problem: `'${text}' has ${at.arrayLength} elements (${describeField(at)}); index ${s} is out of range` };
        at = { type: at.type, isComplex: at.isComplex, isArray: false };
        text += `[${s}]`;
        fields = at.isComplex ? (this.byName.get(at.type) ?? null) : at.type === 'time' || at.type === 'duration' ? TIME_FIELDS : null;
        where = `'${text}' (${describeField(at)})`;
        continue;
      }
      if (at !== null && at.isArray) {
        return { ok: false, problem: `'${text}' is an array (${describeField(at)}); index an element before '.${s}', e.g. '${text}[0].${s}'` };
      }
      if (fields === null) return { ok: false, problem: `'${text}' is a ${describeField(at!)}; it has no field '${s}'` };
      const names = fields.filter((f) => f.isConstant !== true).map((f) => f.name);
      const f = fields.find((x) => x.isConstant !== true && x.name === s);
      if (f === undefined) {
        const hint = closest(s, names);
        const prefix = text ? `${text}.` : '';
        return {
          ok: false,
          problem: `no field '${s}' in ${where}${hint !== undefined ? ` (did you mean '${prefix}${hint}'?)` : ''}; its fields: ${names.join(', ') || 'none'}`,
        };
      }
      text += text ? `.${s}` : s;
      at = { type: f.type, isComplex: f.isComplex === true, isArray: f.isArray === true, ...(f.arrayLength !== undefined ? { arrayLength: f.arrayLength } : {}) };
      if (f.isComplex === true) {
        const nested = this.byName.get(f.type);
        if (nested === undefined) return { ok: false, problem: `no definition of the nested type '${f.type}' of '${text}'` };
        fields = nested;
      } else fields = f.type === 'time' || f.type === 'duration' ? TIME_FIELDS : null;
      where = `'${text}' (${describeField(at)})`;
    }
    if (at === null) return { ok: false, problem: 'an empty path designates the whole message' };
    return { ok: true, field: at };
  }
}

/** The candidate nearest to `name` by edit distance (case-insensitive), if near enough to be a typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const a = name.toLowerCase();
  for (const c of candidates) {
    const b = c.toLowerCase();
    const d = b.startsWith(a) || a.startsWith(b) ? Math.abs(a.length - b.length) * 0.5 : editDistance(a, b);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

