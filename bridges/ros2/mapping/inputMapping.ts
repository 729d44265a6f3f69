/**
 * A compiled input: one subscribed topic → its sensor channels (see profileSchema.ts for the
 * language). `decode` reads the latest message into the channels and returns null, or a fault
 * (a sentence naming the field and what was expected; the caller prefixes the resolved topic)
 * leaving the channels as they were
 * (the last good values). Runs every control tick: no allocation, no string work unless a fault.
 */
import type { ChannelSpec, Channels } from '../../../loop/channels.js';
import type { FieldPath } from './fieldPath.js';
import { compileEventPacketInput } from './eventPacketInput.js';
import { parseFieldPath } from './fieldPath.js';
import { nedWorldToFluBody, quatNedFrdToEnuFlu, swapEnuNed, swapFluFrd } from './frames.js';
import type { InputChannelSpec, InputSpec } from './profileSchema.js';

export interface CompiledInput {
  readonly spec: InputSpec;
  readonly channels: readonly ChannelSpec[];
  /** Fills this input's channels of `out` from `message`; null, or the fault. */
  decode(message: unknown, out: Channels): string | null;
  /**
   * For inputs where every message counts, not only the latest (an event camera's packets:
   * eventPacketInput.ts): called with each message as it arrives; `decode` then gives what
   * they added up to since the last decode, whatever message it is passed.
   */
  readonly receive?: (message: unknown) => void;
  /** With `receive`: forgets what was received so far (a new episode starts: RosBody.reset). */
  readonly clear?: () => void;
}

interface ChannelDecoder {
  readonly spec: ChannelSpec;
  /** Reads into `scratch` (length spec.size); null or the fault. */
  read(message: unknown, scratch: Float32Array): string | null;
}

function isNumericArray(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function scalarFields(c: InputChannelSpec, where: string): ChannelDecoder {
  const paths = c.fields!.map((f, i) => parseFieldPath(f, `${where}.fields[${i}]`));
  const size = c.convert === 'quat_ned_frd_to_enu_flu' ? 4 : paths.length;
  return {
    spec: channelSpec(c, size),
    read(message, scratch) {
      for (let i = 0; i < paths.length; i++) {
        if (!paths[i]!.readNumberInto(message, scratch, i)) return `field '${paths[i]!.text}' is ${describe(paths[i]!.get(message))}, expected a number`;
      }
      return null;
    },
  };
}

function arrayField(c: InputChannelSpec, where: string): ChannelDecoder {
  const path = parseFieldPath(c.array!, `${where}.array`);
  if (c.reduce?.window_rad) return windowSectors(c, path, where);
  if (c.reduce) {
    const k = c.reduce.sectors;
    const by = c.reduce.by;
    return {
      spec: channelSpec(c, k),
      read(message, scratch) {
        const a = path.get(message);
        if (!isNumericArray(a)) return `field '${path.text}' is ${describe(a)}, expected a numeric array`;
        const n = a.length;
        if (n < k) return `field '${path.text}' has ${n} values, expected at least ${k} to reduce into ${k} sectors`;
        for (let j = 0; j < k; j++) {
          const lo = Math.floor((j * n) / k), hi = Math.floor(((j + 1) * n) / k);
          let acc = by === 'min' ? Infinity : by === 'max' ? -Infinity : 0;
          for (let i = lo; i < hi; i++) {
            const x = a[i]!;
            if (x !== x) return `field '${path.text}[${i}]' is NaN`;
            if (by === 'min') acc = x < acc ? x : acc;
            else if (by === 'max') acc = x > acc ? x : acc;
            else acc += x;
          }
          scratch[j] = by === 'mean' ? acc / (hi - lo) : acc;
        }
        return null;
      },
    };
  }
  if (c.select) {
    const names = c.select.names;
    const namesPath = parseFieldPath(c.select.names_field, `${where}.select.names_field`);
    const last = new Int32Array(names.length).fill(-1);
    return {
      spec: channelSpec(c, names.length),
      read(message, scratch) {
        const a = path.get(message);
        const got = namesPath.get(message);
        if (!isNumericArray(a)) return `field '${path.text}' is ${describe(a)}, expected a numeric array`;
        if (!Array.isArray(got)) return `field '${namesPath.text}' is ${describe(got)}, expected an array of names`;
        for (let j = 0; j < names.length; j++) {
          // Robots usually keep their joint order: try last message's index first.
          let i = last[j]!;
          if (i < 0 || got[i] !== names[j]) i = got.indexOf(names[j]);
          if (i < 0) return `'${namesPath.text}' has no '${names[j]}' (has ${got.join(', ') || 'none'})`;
          if (i >= a.length) return `field '${path.text}' has ${a.length} values, expected one for '${names[j]}' at index ${i}`;
          last[j] = i;
          scratch[j] = a[i]!;
        }
        return null;
      },
    };
  }
  const size = c.size;
  if (size === undefined) throw new RangeError(`${where}: an 'array' without 'reduce' or 'select' needs 'size' (the expected element count)`);
  return {
    spec: channelSpec(c, size),
    read(message, scratch) {
      const a = path.get(message);
      if (!isNumericArray(a)) return `field '${path.text}' is ${describe(a)}, expected a numeric array`;
      if (a.length !== size) return `field '${path.text}' has ${a.length} values, expected ${size}`;
      for (let i = 0; i < size; i++) scratch[i] = a[i]!;
      return null;
    },
  };
}

/** Equal angle sectors of a scan window (see profileSchema.ts): beams binned by their angle. */
function windowSectors(c: InputChannelSpec, path: FieldPath, where: string): ChannelDecoder {
  const k = c.reduce!.sectors;
  const by = c.reduce!.by;
  const [from, to] = c.reduce!.window_rad!;
  const width = (to - from) / k;
  const angleMin = parseFieldPath('angle_min', `${where}.reduce`);
  const angleInc = parseFieldPath('angle_increment', `${where}.reduce`);
  const count = new Int32Array(k);
  const angles = new Float64Array(2);
  return {
    spec: channelSpec(c, k),
    read(message, scratch) {
      const a = path.get(message);
      if (!isNumericArray(a)) return `field '${path.text}' is ${describe(a)}, expected a numeric array`;
      // read into a typed array: no boxed doubles per message (fieldPath.ts readNumberInto)
      const okA = angleMin.readNumberInto(message, angles, 0) && angleInc.readNumberInto(message, angles, 1);
      const a0 = angles[0]!, da = angles[1]!;
      if (!okA || !Number.isFinite(a0) || !(da !== 0 && Number.isFinite(da))) {
        return `'angle_min'/'angle_increment' are ${describe(angleMin.get(message))}/${describe(angleInc.get(message))}, expected finite numbers (increment ≠ 0) to bin beams by angle`;
      }
      count.fill(0);
      scratch.fill(by === 'min' ? Infinity : by === 'max' ? -Infinity : 0, 0, k);
      for (let i = 0; i < a.length; i++) {
        const j = Math.floor((a0 + i * da - from) / width);
        if (j < 0 || j >= k) continue;
        const x = a[i]!;
        if (x !== x) return `field '${path.text}[${i}]' is NaN`;
        const acc = scratch[j]!;
        scratch[j] = by === 'min' ? (x < acc ? x : acc) : by === 'max' ? (x > acc ? x : acc) : acc + x;
        count[j]!++;
      }
      for (let j = 0; j < k; j++) {
        if (count[j] === 0) scratch[j] = Infinity; // no beam in the sector: no return (REP-117)
        else if (by === 'mean') scratch[j] = scratch[j]! / count[j]!;
      }
      return null;
    },
  };
}

function channelSpec(c: InputChannelSpec, size: number): ChannelSpec {
  const [low, high] = c.clamp ?? [-Infinity, Infinity];
  return { name: c.channel, size, low, high, unit: c.unit, ...(c.doc ? { doc: c.doc } : {}) };
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/** Compiles `spec` (already validated); `where` locates it in its file for errors. */
export function compileInput(spec: InputSpec, where: string): CompiledInput {
  if (spec.event_camera !== undefined) return compileEventPacketInput(spec, where);
  const decoders = spec.channels.map((c, i) => {
    const at = `${where}.channels[${i}]`;
    const d = c.array !== undefined ? arrayField(c, at) : scalarFields(c, at);
    const s = d.spec.size;
    if (c.convert === 'ned_to_enu' || c.convert === 'frd_to_flu') {
      if (s % 3 !== 0) throw new RangeError(`${at}.convert: '${c.convert}' works on 3-vectors; the channel has ${s} values`);
    }
    if (c.convert === 'quat_ned_frd_to_enu_flu' && (c.fields?.length ?? 0) !== 4) throw new RangeError(`${at}.convert: 'quat_ned_frd_to_enu_flu' needs 4 fields (w, x, y, z)`);
    if (c.convert === 'ned_world_to_flu_body' && s !== 3) throw new RangeError(`${at}.convert: 'ned_world_to_flu_body' works on one 3-vector; the channel has ${s} values`);
    const attitude = c.attitude_fields ? scalarFields({ ...c, fields: c.attitude_fields, convert: 'none' }, `${at}.attitude_fields`) : null;
    return { d, c, scratch: new Float32Array(Math.max(s, 4)), quat: new Float32Array(4), attitude };
  });
  const expectations = spec.expect.map((e, i) => ({ path: parseFieldPath(e.field, `${where}.expect[${i}].field`), equals: e.equals, why: e.why }));
  return {
    spec,
    channels: decoders.map((x) => x.d.spec),
    decode(message, out) {
      for (let k = 0; k < expectations.length; k++) {
        const e = expectations[k]!;
        const v = e.path.get(message);
        if (v !== e.equals) return `field '${e.path.text}' is ${describe(v)}, expected ${JSON.stringify(e.equals)}${e.why ? ` (${e.why})` : ''}`;
      }
      // Read and check everything first so a fault leaves every channel at its last good value.
      for (let k = 0; k < decoders.length; k++) {
        const { d, c, scratch, quat, attitude } = decoders[k]!;
        const fault = d.read(message, scratch) ?? attitude?.read(message, quat) ?? null;
        if (fault !== null) return fault;
        const n = d.spec.size;
        for (let i = 0; i < n; i++) scratch[i] = scratch[i]! * c.scale + c.offset;
        if (c.convert === 'ned_to_enu') for (let o = 0; o < n; o += 3) swapEnuNed(scratch, o);
        else if (c.convert === 'frd_to_flu') for (let o = 0; o < n; o += 3) swapFluFrd(scratch, o);
        else if (c.convert === 'ned_world_to_flu_body') nedWorldToFluBody(scratch, quat);
        else if (c.convert === 'quat_ned_frd_to_enu_flu') {
          quatNedFrdToEnuFlu(scratch, quat);
          scratch.set(quat);
        }
        for (let i = 0; i < n; i++) {
          const x = scratch[i]!;
          if (x !== x) return `channel '${c.channel}'[${i}] is NaN`;
          if (x === Infinity || x === -Infinity) {
            if (c.nonfinite === 'fault') return `channel '${c.channel}'[${i}] is ${x}; expected a finite value`;
            if (c.nonfinite === 'clamp') scratch[i] = x > 0 ? c.clamp![1] : c.clamp![0];
          } else if (c.clamp) scratch[i] = Math.min(c.clamp[1], Math.max(c.clamp[0], x));
        }
      }
      for (let k = 0; k < decoders.length; k++) {
        const { d, scratch } = decoders[k]!;
        const o = out[d.spec.name]!;
        for (let i = 0; i < d.spec.size; i++) o[i] = scratch[i]!;
      }
      return null;
    },
  };
}
