/**
 * Checks a message object against a parsed ROS 2 definition, field by field, the way the CDR
 * serializer will read it: every field present with the JavaScript type it expects (number for
 * 8–32-bit integers and floats — integers whole and in range —, bigint for int64/uint64, boolean,
 * string, `{sec, nanosec}` for time/duration, nested objects for complex types), numeric arrays
 * as the matching typed array (float64[] → Float64Array, …; anything else is written as zeros),
 * bool/string/complex arrays as plain arrays, fixed-length arrays exactly that long, bounded ones
 * within their bound, and no extra fields (a misspelt field would be silently dropped).
 *
 * The definitions are `@foxglove/rosmsg`'s parse of the ros2msg text, or the official parsed
 * definitions of `@foxglove/rosmsg-msgs-common` (whose type names lack the '/msg/' part: both
 * spellings are resolved).
 */
import type { MessageDefinition, MessageDefinitionField } from './cdr.js';

const TYPED_ARRAYS: Readonly<Record<string, string>> = {
  int8: 'Int8Array',
  uint8: 'Uint8Array',
  int16: 'Int16Array',
  uint16: 'Uint16Array',
  int32: 'Int32Array',
  uint32: 'Uint32Array',
  int64: 'BigInt64Array',
  uint64: 'BigUint64Array',
  float32: 'Float32Array',
  float64: 'Float64Array',
};

const INT_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  byte: [0, 255],
  char: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

/** Strips '/msg/' so 'std_msgs/msg/Header' and 'std_msgs/Header' find the same definition. */
function typeKey(t: string): string {
  return t.replace('/msg/', '/');
}

/**
 * The problems of `message`, each naming the field path from `path` (`odom.pose.covariance: …`);
 * empty when it conforms. `definitions` holds the root and every nested type, as parse() returns
 * them (the root is the first non-constant definition), or is a map such as
 * rosmsg-msgs-common's `ros2jazzy`, in which case `root` names the type to start from.
 */
export function messageProblems(
  definitions: readonly MessageDefinition[] | Readonly<Record<string, MessageDefinition>>,
  message: unknown,
  path: string,
  root?: string,
): string[] {
  const list = Array.isArray(definitions) ? (definitions as readonly MessageDefinition[]) : Object.values(definitions);
  const byName = new Map<string, MessageDefinitionField[]>();
  for (const d of list) if (d.name !== undefined) byName.set(typeKey(d.name), d.definitions);
  let fields: MessageDefinitionField[] | undefined;
  if (root !== undefined) fields = byName.get(typeKey(root));
  else fields = list.find((d) => !(d.definitions.length > 0 && d.definitions.every((f) => f.isConstant === true)))?.definitions;
  if (fields === undefined) return [`${path}: no definition of '${root ?? '(root)'}'`];
  const out: string[] = [];
  checkStruct(fields, message, path, byName, out);
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of ${(v as unknown as { length: number }).length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 30 ? `${v.slice(0, 27)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function checkStruct(fields: readonly MessageDefinitionField[], v: unknown, path: string, byName: ReadonlyMap<string, MessageDefinitionField[]>, out: string[]): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) {
    out.push(`${path}: expected a message object, got ${describe(v)}`);
    return;
  }
  const obj = v as Record<string, unknown>;
  const names = new Set<string>();
  for (const f of fields) {
    if (f.isConstant === true) continue;
    names.add(f.name);
    const p = `${path}.${f.name}`;
    if (!(f.name in obj)) {
      out.push(`${p}: missing (expected ${expectation(f)})`);
      continue;
    }
    if (f.isArray === true) checkArray(f, obj[f.name], p, byName, out);
    else checkScalar(f, obj[f.name], p, byName, out);
  }
  for (const k of Object.keys(obj)) if (!names.has(k)) out.push(`${path}.${k}: not a field of the definition (fields: ${[...names].join(', ') || 'none'})`);
}

function expectation(f: MessageDefinitionField): string {
  const base = f.isComplex === true ? `a ${f.type}` : f.type;
  if (f.isArray !== true) return base;
  const n = f.arrayLength !== undefined ? `[${f.arrayLength}]` : f.arrayUpperBound !== undefined ? `[<=${f.arrayUpperBound}]` : '[]';
  const js = TYPED_ARRAYS[f.type] ?? 'array';
  return `${f.type}${n} as ${js}`;
}

function checkScalar(f: MessageDefinitionField, v: unknown, p: string, byName: ReadonlyMap<string, MessageDefinitionField[]>, out: string[]): void {
  if (f.isComplex === true) {
    const nested = byName.get(typeKey(f.type));
    if (nested === undefined) out.push(`${p}: the definitions lack the nested type '${f.type}'`);
    else checkStruct(nested, v, p, byName, out);
    return;
  }
  checkPrimitive(f.type, f.upperBound, v, p, out);
}

function checkPrimitive(type: string, upperBound: number | undefined, v: unknown, p: string, out: string[]): void {
  switch (type) {
    case 'bool':
      if (typeof v !== 'boolean') out.push(`${p}: expected a boolean (bool), got ${describe(v)}`);
      return;
    case 'string':
    case 'wstring':
      if (typeof v !== 'string') out.push(`${p}: expected a string, got ${describe(v)}`);
      else if (upperBound !== undefined && v.length > upperBound) out.push(`${p}: string longer than its bound ${upperBound} (${v.length})`);
      return;
    case 'int64':
    case 'uint64':
      if (typeof v !== 'bigint') out.push(`${p}: expected a bigint (${type}), got ${describe(v)}`);
      else if (type === 'uint64' ? v < 0n || v >= 1n << 64n : v < -(1n << 63n) || v >= 1n << 63n) out.push(`${p}: ${v} is out of the ${type} range`);
      return;
    case 'float32':
    case 'float64':
      if (typeof v !== 'number') out.push(`${p}: expected a number (${type}), got ${describe(v)}`);
      return;
    case 'time':
    case 'duration': {
      if (typeof v !== 'object' || v === null) {
        out.push(`${p}: expected {sec, nanosec} (${type}), got ${describe(v)}`);
        return;
      }
      const t = v as Record<string, unknown>;
      const keys = Object.keys(t).sort().join(',');
      if (keys !== 'nanosec,sec') out.push(`${p}: expected exactly the fields sec and nanosec (${type}), got ${keys || 'none'}`);
      checkPrimitive('int32', undefined, t['sec'], `${p}.sec`, out);
      checkPrimitive('uint32', undefined, t['nanosec'], `${p}.nanosec`, out);
      if (typeof t['nanosec'] === 'number' && t['nanosec'] >= 1e9) out.push(`${p}.nanosec: ${t['nanosec']} is not below 1e9`);
      return;
    }
    default: {
      const r = INT_RANGE[type];
      if (r === undefined) {
        out.push(`${p}: unknown primitive type '${type}'`);
        return;
      }
      if (typeof v !== 'number') out.push(`${p}: expected a number (${type}), got ${describe(v)}`);
      else if (!Number.isInteger(v) || v < r[0] || v > r[1]) out.push(`${p}: ${v} is not a whole number in the ${type} range [${r[0]}, ${r[1]}]`);
    }
  }
}

function checkArray(f: MessageDefinitionField, v: unknown, p: string, byName: ReadonlyMap<string, MessageDefinitionField[]>, out: string[]): void {
  const typed = TYPED_ARRAYS[f.type];
  let length: number;
  if (typed !== undefined) {
    if (!ArrayBuffer.isView(v) || v.constructor.name !== typed) {
      out.push(`${p}: expected a ${typed} (${f.type}[]), got ${describe(v)}`);
      return;
    }
    // A typed array of the right kind holds only in-range elements: nothing to check per element.
    length = (v as unknown as { length: number }).length;
  } else {
    if (!Array.isArray(v)) {
      out.push(`${p}: expected an array (${f.type}[]), got ${describe(v)}`);
      return;
    }
    length = v.length;
    for (let i = 0; i < v.length; i++) {
      if (f.isComplex === true) {
        const nested = byName.get(typeKey(f.type));
        if (nested === undefined) {
          out.push(`${p}: the definitions lack the nested type '${f.type}'`);
          return;
        }
        checkStruct(nested, v[i], `${p}[${i}]`, byName, out);
      } else checkPrimitive(f.type, f.upperBound, v[i], `${p}[${i}]`, out);
    }
  }
  if (f.arrayLength !== undefined && length !== f.arrayLength) out.push(`${p}: fixed-length ${f.type}[${f.arrayLength}] has ${length} elements`);
  if (f.arrayUpperBound !== undefined && length > f.arrayUpperBound) out.push(`${p}: ${length} elements exceed the bound ${f.arrayUpperBound}`);
}
