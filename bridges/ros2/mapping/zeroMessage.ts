/**
 * A zero-valued message of any ROS 2 type we have a definition for, built from the parsed
 * definition: numbers 0, int64/uint64 0n (the CDR writer expects bigint), bool false, strings
 * '', time/duration { sec: 0, nanosec: 0 }, nested messages recursively, fixed-length numeric arrays as the typed array of their
 * element type (so the serializer writes them as-is), variable-length arrays empty. Outputs of
 * a robot profile start from this and their template.
 */
import type { MessageDefinition, MessageDefinitionField } from '../messages/cdr.js';
import { parsedDefinitions } from '../messages/cdr.js';

type Ctor = new (n: number) => ArrayLike<number>;
const TYPED: Record<string, Ctor> = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  uint8: Uint8Array,
  byte: Uint8Array,
  char: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
};

function scalarZero(type: string): unknown {
  if (type === 'bool') return false;
  if (type === 'string' || type === 'wstring') return '';
  if (type === 'int64' || type === 'uint64') return 0n;
  // @foxglove/rosmsg parses builtin_interfaces/Time and Duration as the primitives time/duration.
  if (type === 'time' || type === 'duration') return { sec: 0, nanosec: 0 };
  return 0;
}

function build(fields: readonly MessageDefinitionField[], byName: ReadonlyMap<string, readonly MessageDefinitionField[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.isConstant) continue;
    const nested = f.isComplex ? byName.get(f.type) : undefined;
    if (f.isComplex && !nested) throw new RangeError(`zeroMessage: no definition for nested type '${f.type}' of field '${f.name}'`);
    const one = () => (nested ? build(nested, byName) : scalarZero(f.type));
    if (!f.isArray) out[f.name] = one();
    else if (f.arrayLength === undefined) out[f.name] = [];
    else if (!nested && TYPED[f.type]) out[f.name] = new TYPED[f.type]!(f.arrayLength);
    else out[f.name] = Array.from({ length: f.arrayLength }, one);
  }
  return out;
}

/** A fresh zero message of `type` ('pkg/msg/Name'); a RangeError for an unknown type. */
export function zeroMessage(type: string): Record<string, unknown> {
  const defs: readonly MessageDefinition[] = parsedDefinitions(type);
  const byName = new Map<string, readonly MessageDefinitionField[]>();
  for (const d of defs) if (d.name !== undefined) byName.set(d.name, d.definitions);
  const root = defs.find((d) => !(d.definitions.length > 0 && d.definitions.every((f) => f.isConstant === true)))!;
  return build(root.definitions, byName);
}
