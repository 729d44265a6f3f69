/**
 * A compiled output: actuator channels (and constants, time, text) → one message, written into
 * a message object the caller keeps and publishes (see profileSchema.ts for the language).
 * World-frame conversions take the robot's yaw from an attitude sensor channel.
 */
import type { ChannelSpec, Channels } from '../../../loop/channels.js';
import type { FieldPath } from './fieldPath.js';
import { parseFieldPath } from './fieldPath.js';
import { bodyToWorldByHeading, swapEnuNed } from './frames.js';
import type { OutputFieldSpec, OutputSpec } from './profileSchema.js';

/** Channel names are user strings: objects keyed by them have no prototype. */
const byName = (): Channels => Object.create(null) as Channels;

export interface CompiledOutput {
  readonly spec: OutputSpec;
  /** Writes every mapped field of `message` from `action` (converted) at ROS time `now_ns`. */
  fill(message: unknown, action: Channels, obs: Channels, now_ns: bigint): void;
}

type Writer = (message: unknown, channels: Channels, now_ns: bigint) => void;

function constantOf(v: number | 'nan'): number {
  return v === 'nan' ? Number.NaN : v;
}

function writerFor(path: FieldPath, f: OutputFieldSpec, channelSize: (name: string, where: string) => number, where: string): Writer {
  if ('value' in f) {
    const v = f.value;
    if (Array.isArray(v)) {
      const values = v.map(constantOf);
      return (m) => {
        const target = path.get(m);
        if (ArrayBuffer.isView(target) || Array.isArray(target)) for (let i = 0; i < values.length; i++) (target as number[])[i] = values[i]!;
        else path.set(m, values.slice());
      };
    }
    const x = typeof v === 'boolean' ? v : constantOf(v);
    return (m) => path.set(m, x);
  }
  if ('time' in f) {
    if (f.time === 'now_us') return (m, _c, now) => path.set(m, microseconds(now));
    return (m, _c, now) => {
      const stamp = path.get(m) as { sec: number; nanosec: number } | undefined;
      if (!stamp || typeof stamp !== 'object') throw new RangeError(`${where}: field '${path.text}' is not a builtin_interfaces/Time`);
      splitStamp(now, stamp);
    };
  }
  if ('text' in f) {
    const t = f.text;
    return (m) => path.set(m, t);
  }
  const name = f.channel;
  const size = channelSize(name, where);
  const scale = f.scale;
  if ('indices' in f) {
    for (const i of f.indices) if (i >= size) throw new RangeError(`${where}: index ${i} is outside channel '${name}' (size ${size})`);
    const idx = f.indices;
    return (m, c) => {
      const src = c[name]!;
      const target = path.get(m);
      if (!(ArrayBuffer.isView(target) || Array.isArray(target))) throw new RangeError(`${where}: field '${path.text}' is not an array in the message`);
      for (let i = 0; i < idx.length; i++) (target as number[])[i] = src[idx[i]!]! * scale;
    };
  }
  const i = f.index;
  if (i >= size) throw new RangeError(`${where}: index ${i} is outside channel '${name}' (size ${size})`);
  return (m, c) => path.writeScaled(m, c[name]!, i, scale);
}

/**
 * Compiles `spec`. `actuators` and `sensors` are the channels it may read (conversions'
 * headings come from sensors); `where` locates it in its file for errors.
 */
export function compileOutput(spec: OutputSpec, actuators: readonly ChannelSpec[], sensors: readonly ChannelSpec[], where: string): CompiledOutput {
  const acts = new Map(actuators.map((a) => [a.name, a]));
  const sens = new Map(sensors.map((s) => [s.name, s]));
  const size = (name: string, at = where): number => {
    const a = acts.get(name);
    if (!a) throw new RangeError(`${at}: no actuator channel '${name}' (the profile's actuators: ${[...acts.keys()].join(', ')})`);
    return a.size;
  };
  // Converted copies of the channels that need a frame change; the others are read in place.
  const converted: Channels = byName();
  const conversions = spec.convert.map((c, k) => {
    const n = size(c.channel);
    if (c.to !== 'ned' && n % 3 !== 0) throw new RangeError(`${where}.convert[${k}]: '${c.to}' works on 3-vectors; '${c.channel}' has ${n} values`);
    if (c.heading !== undefined) {
      const h = sens.get(c.heading);
      if (!h || h.size !== 4) throw new RangeError(`${where}.convert[${k}].heading: '${c.heading}' must be a 4-value quaternion sensor channel (x, y, z, w)`);
    }
    converted[c.channel] = new Float32Array(n);
    return c;
  });
  const view: Channels = byName();
  const writers = Object.entries(spec.fields).map(([p, f]) => writerFor(parseFieldPath(p, `${where}.fields`), f, size, `${where}.fields['${p}']`));
  return {
    spec,
    fill(message, action, obs, now_ns) {
      for (const name in action) view[name] = action[name]!; // for-in over own keys: no iterator object
      for (let k = 0; k < conversions.length; k++) {
        const c = conversions[k]!;
        const src = action[c.channel]!;
        const dst = converted[c.channel]!;
        for (let i = 0; i < src.length; i++) dst[i] = src[i]!;
        if (c.to === 'ned') {
          if (dst.length === 1) dst[0] = -dst[0]!;
          else for (let o = 0; o < dst.length; o += 3) { dst[o + 1] = -dst[o + 1]!; dst[o + 2] = -dst[o + 2]!; }
        } else {
          const heading = obs[c.heading!]!;
          for (let o = 0; o < dst.length; o += 3) {
            bodyToWorldByHeading(dst, heading, o);
            if (c.to === 'ned_world') swapEnuNed(dst, o);
          }
        }
        view[c.channel] = dst;
      }
      for (let k = 0; k < writers.length; k++) writers[k]!(message, view, now_ns);
    },
  };
}

let lastNow_ns = -1n;
let lastNow_us = 0n;

/**
 * ROS time in µs as a bigint (uint64 fields are bigints), for `time: now_us`. Every BigInt
 * operation allocates, so the last result is kept: the messages a tick stamps with one time (a
 * PX4 setpoint and its heartbeat) share one division.
 */
function microseconds(now_ns: bigint): bigint {
  if (now_ns !== lastNow_ns) {
    lastNow_ns = now_ns;
    lastNow_us = now_ns / 1000n;
  }
  return lastNow_us;
}

/**
 * ROS time in ns → builtin_interfaces/Time without allocating (BigInt division would, per
 * message): through one Number, exact below 2^53 ns (104 days: any sim time); an epoch wall
 * time (~1.7e18 ns) is rounded to the nearest double first, at most 128 ns off.
 */
export function splitStamp(now_ns: bigint, stamp: { sec: number; nanosec: number }): void {
  const n = Number(now_ns);
  let sec = Math.floor(n / 1e9);
  let nanosec = n - sec * 1e9;
  // n / 1e9 rounds: keep 0 ≤ nanosec < 1e9
  if (nanosec < 0) {
    sec -= 1;
    nanosec += 1e9;
  } else if (nanosec >= 1e9) {
    sec += 1;
    nanosec -= 1e9;
  }
  stamp.sec = sec;
  stamp.nanosec = nanosec;
}
