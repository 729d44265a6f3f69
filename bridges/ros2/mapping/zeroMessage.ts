/**
 * A zero-valued message of any ROS 2 type we have a definition for, built from the parsed
 * definition: numbers 0, int64/uint64 0n (the CDR writer expects bigint), bool false, strings
 * '', time/duration { sec: 0, nanosec: 0 }, nested messages recursively, fixed-length numeric arrays as the typed array of their
 * element type (so the serializer writes them as-is), variable-length arrays empty (typed when
 * numeric). Outputs of a robot profile start from this and their template, merged with
 * `mergeTemplate`, which keeps numeric arrays typed as the definition says.
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
    else if (f.arrayLength === undefined) out[f.name] = !nested && TYPED[f.type] ? new TYPED[f.type]!(0) : [];
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

/**
 * Merges `template` (plain data from a profile file) into `message` of `type`: nested messages
 * field by field, arrays replaced — numeric ones as the typed array of their element type, arrays
 * of messages element by element onto zero messages — so the result still conforms.
 */
export function mergeTemplate(type: string, message: Record<string, unknown>, template: Record<string, unknown>): void {
  const defs: readonly MessageDefinition[] = parsedDefinitions(type);
  const byName = new Map<string, readonly MessageDefinitionField[]>();
  for (const d of defs) if (d.name !== undefined) byName.set(d.name, d.definitions);
  const root = defs.find((d) => !(d.definitions.length > 0 && d.definitions.every((f) => f.isConstant === true)))!;
  merge(root.definitions, message, template, byName, type);
}

function merge(fields: readonly MessageDefinitionField[], target: Record<string, unknown>, extra: Record<string, unknown>, byName: ReadonlyMap<string, readonly MessageDefinitionField[]>, where: string): void {
  for (const [k, v] of Object.entries(extra)) {
    const f = fields.find((x) => x.name === k && !x.isConstant);
    if (!f) throw new RangeError(`template of ${where}: no field '${k}' (fields: ${fields.filter((x) => !x.isConstant).map((x) => x.name).join(', ')})`);
    const nested = f.isComplex ? byName.get(f.type) : undefined;
    if (f.isArray) {
      if (!Array.isArray(v)) throw new RangeError(`template of ${where}.${k}: expected an array`);
      if (nested) {
        target[k] = v.map((item, i) => {
          const m = build(nested, byName);
          merge(nested, m, item as Record<string, unknown>, byName, `${where}.${k}[${i}]`);
          return m;
        });
      } else target[k] = TYPED[f.type] ? typedFrom(f.type, v as number[]) : [...v];
    } else if (nested) merge(nested, target[k] as Record<string, unknown>, v as Record<string, unknown>, byName, `${where}.${k}`);
    else target[k] = f.type === 'int64' || f.type === 'uint64' ? BigInt(v as number) : v;
  }
}

function typedFrom(type: string, values: readonly number[]): ArrayLike<number> {
  const a = new TYPED[type]!(values.length) as unknown as number[];
  for (let i = 0; i < values.length; i++) a[i] = values[i]!;
  return a;
}
