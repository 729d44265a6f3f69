/**
 * A message with random, non-trivial values for any parsed ROS 2 definition: integers over their
 * whole range, floats (float32 ones exactly representable) including NaN, ±Inf and −0, ASCII
 * strings, arrays of 0–3 elements (fixed-length ones exactly that long) as the typed arrays the
 * serializer expects. Seeded, so a failing case replays.
 */
import type { MessageDefinition, MessageDefinitionField } from '../../bridges/ros2/messages/cdr.js';
import { Rng } from '../../loop/rng.js';

const TYPED: Readonly<Record<string, new (n: number) => ArrayLike<unknown>>> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  float32: Float32Array,
  float64: Float64Array,
};

const INT: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

export function randomMessage(definitions: readonly MessageDefinition[], rng: Rng): Record<string, unknown> {
  const byName = new Map<string, MessageDefinitionField[]>();
  for (const d of definitions) if (d.name !== undefined) byName.set(d.name, d.definitions);
  const root = definitions.find((d) => !(d.definitions.length > 0 && d.definitions.every((f) => f.isConstant === true)))!;
  return struct(root.definitions, byName, rng);
}

function struct(fields: readonly MessageDefinitionField[], byName: ReadonlyMap<string, MessageDefinitionField[]>, rng: Rng): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.isConstant === true) continue;
    out[f.name] = f.isArray === true ? array(f, byName, rng) : scalar(f, byName, rng);
  }
  return out;
}

function array(f: MessageDefinitionField, byName: ReadonlyMap<string, MessageDefinitionField[]>, rng: Rng): unknown {
  const n = f.arrayLength ?? rng.int(4);
  const T = TYPED[f.type];
  if (T !== undefined) {
    const a = new T(n) as unknown as { [i: number]: unknown };
    for (let i = 0; i < n; i++) a[i] = primitive(f.type, rng);
    return a;
  }
  return Array.from({ length: n }, () => scalar(f, byName, rng));
}

function scalar(f: MessageDefinitionField, byName: ReadonlyMap<string, MessageDefinitionField[]>, rng: Rng): unknown {
  if (f.isComplex === true) return struct(byName.get(f.type)!, byName, rng);
  return primitive(f.type, rng);
}

function primitive(type: string, rng: Rng): unknown {
  switch (type) {
    case 'bool':
      return rng.uniform() < 0.5;
    case 'string': {
      const n = rng.int(12);
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(32 + rng.int(95));
      return s;
    }
    case 'time':
    case 'duration':
      return { sec: rng.int(2 ** 31), nanosec: rng.int(1e9) };
    case 'int64':
      return BigInt.asIntN(64, (BigInt(rng.nextU32()) << 32n) | BigInt(rng.nextU32()));
    case 'uint64':
      return (BigInt(rng.nextU32()) << 32n) | BigInt(rng.nextU32());
    case 'float32':
    case 'float64': {
      const k = rng.int(10);
      const x = k === 0 ? NaN : k === 1 ? (rng.uniform() < 0.5 ? Infinity : -Infinity) : k === 2 ? -0 : rng.gauss(0, 1e3);
      return type === 'float32' ? Math.fround(x) : x;
    }
    default: {
      const r = INT[type];
      if (r === undefined) throw new Error(`randomMessage: no generator for '${type}'`);
      return r[0] + Math.floor(rng.uniform() * (r[1] - r[0] + 1));
    }
  }
}
