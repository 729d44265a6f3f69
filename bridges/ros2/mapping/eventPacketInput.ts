/**
 * A compiled `event_camera` input (profileSchema.ts): event_camera_msgs/msg/EventPacket in the
 * `mono` encoding (../messages/monoEventEncoding.ts) → per-pixel ON / OFF event counts.
 *
 * Unlike other inputs, which read the latest message at each tick, every packet counts: a driver
 * publishes one every millisecond or so, a simulator one per control step. `receive` runs as
 * each packet arrives — checks it whole, then adds its events to the counts — and `decode`, at
 * the tick, hands the counts since the last tick to the channels and clears them.
 *
 * Faults (the safety layer publishes the safe command; one log line per transition), each
 * naming what was wrong, and the packet is dropped whole (none of its events counted):
 *  - an encoding other than `mono` (event_camera_codecs' other encodings are named as such);
 *  - a width/height other than the profile's camera;
 *  - an `events` length that is not whole 8-byte events;
 *  - an event outside the sensor (x ≥ width or y ≥ height);
 *  - timestamps going backwards (sensor time = time_base + dt): within the packet, or its first
 *    event before the last event of the previous packet. The previous packet is the last one
 *    that was well-formed and inside the sensor, even if its own times went backwards: a driver
 *    or simulator restarted on an earlier clock is one fault, then its new time base is taken.
 * A tick with a faulty packet since the last one returns that fault (the first) and drops the
 * counts of that interval; the next tick that has a new, good packet clears it. Lost packets
 * (gaps in `seq`, e.g. a best-effort queue overflowing) are not faults: their events are missing.
 */
import type { ChannelSpec } from '../../../loop/channels.js';
import { EVENT_PACKET_ENCODINGS, MONO_BYTES_PER_EVENT, MONO_ENCODING, readMonoEvent } from '../messages/monoEventEncoding.js';
import type { CompiledInput } from './inputMapping.js';
import type { InputSpec } from './profileSchema.js';

export const EVENT_PACKET_TYPE = 'event_camera_msgs/msg/EventPacket';

/** A uint64 field as rclnodejs or our CDR reader give it (bigint; number or decimal string tolerated), or null. */
function uint64Of(v: unknown): bigint | null {
  if (typeof v === 'bigint') return v >= 0n ? v : null;
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : null;
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  return null;
}

function bytesOf(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v) && v.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return Uint8Array.from(v as number[]);
  return null;
}

export function compileEventPacketInput(spec: InputSpec, where: string): CompiledInput {
  const cam = spec.event_camera;
  if (cam === undefined) throw new RangeError(`${where}: compileEventPacketInput needs 'event_camera'`);
  if (spec.type !== EVENT_PACKET_TYPE) throw new RangeError(`${where}.type: an 'event_camera' input takes '${EVENT_PACKET_TYPE}', got '${spec.type}'`);
  const W = cam.width;
  const H = cam.height;
  const N = W * H;
  const channels: ChannelSpec[] = spec.channels.map((c, k) => {
    if (c.events === undefined) throw new RangeError(`${where}.channels[${k}]: channels of an 'event_camera' input are 'events: on' or 'events: off'`);
    return { name: c.channel, size: N, low: 0, high: Infinity, unit: c.unit, doc: c.doc ?? `${c.events.toUpperCase()} events per pixel since the last tick, ${W}×${H} row-major from the top-left` };
  });
  const polarityOf = spec.channels.map((c) => c.events === 'on');
  const on = new Float32Array(N);
  const off = new Float32Array(N);
  const ev = new Uint32Array(4);
  /** The first fault since the last decode. */
  let fault: string | null = null;
  /** Sensor time of the last event of the previous good packet: base (ns) + dt (ns); base null before any. */
  let refBase: bigint | null = null;
  let refDt = 0;

  /** The packet's problem, or null; on a well-formed packet inside the sensor, moves the time reference to its last event. */
  const check = (m: unknown): string | null => {
    if (typeof m !== 'object' || m === null) return `expected an EventPacket message, got ${m === null ? 'null' : typeof m}`;
    const p = m as Record<string, unknown>;
    const enc = p['encoding'];
    if (enc !== MONO_ENCODING) {
      if (typeof enc !== 'string') return `'encoding' is ${typeof enc}, expected the string '${MONO_ENCODING}'`;
      const known = (EVENT_PACKET_ENCODINGS as readonly string[]).includes(enc);
      return known
        ? `encoding '${enc}' is not decoded here (only '${MONO_ENCODING}'; set the driver's encoding, or convert the packets)`
        : `unknown encoding '${enc}' (expected '${MONO_ENCODING}'; event_camera_codecs knows ${EVENT_PACKET_ENCODINGS.join(', ')})`;
    }
    if (p['width'] !== W || p['height'] !== H) return `the packet is ${String(p['width'])}×${String(p['height'])} pixels (width×height); this profile's camera is ${W}×${H}`;
    const bytes = bytesOf(p['events']);
    if (bytes === null) return `'events' is not a byte array (uint8[])`;
    if (bytes.length % MONO_BYTES_PER_EVENT !== 0) return `'events' has ${bytes.length} bytes, not a whole number of 8-byte mono events`;
    const base = uint64Of(p['time_base']);
    if (base === null) return `'time_base' is ${String(p['time_base'])}, expected a uint64 (ns)`;
    if (typeof p['is_bigendian'] !== 'boolean') return `'is_bigendian' is ${typeof p['is_bigendian']}, expected a bool`;
    const le = !p['is_bigendian'];
    const n = bytes.length / MONO_BYTES_PER_EVENT;
    if (n === 0) return null;
    let backwards: string | null = null;
    let prevDt = 0;
    let firstDt = 0;
    for (let i = 0; i < n; i++) {
      readMonoEvent(bytes, i, le, ev);
      if (i === 0) firstDt = ev[0]!;
      if (ev[1]! >= W || ev[2]! >= H) return `event ${i} of ${n} is at (x ${ev[1]}, y ${ev[2]}), outside the ${W}×${H} sensor`;
      if (backwards === null && i > 0 && ev[0]! < prevDt) backwards = `timestamps go backwards: event ${i} of ${n} is at time_base + ${ev[0]} ns, before event ${i - 1} at time_base + ${prevDt} ns`;
      prevDt = ev[0]!;
    }
    if (backwards === null && refBase !== null) {
      const gap_ns = Number(base - refBase) + firstDt - refDt;
      if (gap_ns < 0) backwards = `timestamps go backwards: the packet's first event (${base + BigInt(firstDt)} ns) is ${-gap_ns} ns before the previous packet's last (${refBase + BigInt(refDt)} ns)`;
    }
    refBase = base;
    refDt = prevDt;
    return backwards;
  };

  return {
    spec,
    channels,
    receive(message) {
      const problem = check(message);
      if (problem !== null) {
        if (fault === null) fault = problem;
        return;
      }
      const p = message as Record<string, unknown>;
      const bytes = bytesOf(p['events'])!;
      const n = bytes.length / MONO_BYTES_PER_EVENT;
      if (n === 0) return;
      const le = !p['is_bigendian'];
      for (let i = 0; i < n; i++) {
        readMonoEvent(bytes, i, le, ev);
        const k = ev[2]! * W + ev[1]!;
        if (ev[3] === 1) on[k]! += 1;
        else off[k]! += 1;
      }
    },
    clear() {
      // The events before a new episode are not its own (a simulator publishes the previous
      // episode's terminal observation, which no tick read). Faults and the time reference stay:
      // they are about the stream, which goes on.
      on.fill(0);
      off.fill(0);
    },
    decode(_message, out) {
      if (fault !== null) {
        const f = fault;
        fault = null;
        on.fill(0);
        off.fill(0);
        return f;
      }
      for (let k = 0; k < channels.length; k++) out[channels[k]!.name]!.set(polarityOf[k] ? on : off);
      on.fill(0);
      off.fill(0);
      return null;
    },
  };
}
