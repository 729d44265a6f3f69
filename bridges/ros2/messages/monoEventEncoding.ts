/**
 * The `mono` encoding of event_camera_msgs/msg/EventPacket (eventCameraMsgs.ts): one 64-bit word
 * per event, in the byte order `is_bigendian` gives (the drivers write host order: little endian
 * on x86 and ARM), laid out as event_camera_msgs' README describes it (commit
 * 65111f9bbf70e01e307d89b9f2302acd50bbcc69, "Description of the encodings") and
 * event_camera_codecs decodes it (commit 656bd539719c5b913012eb45763475d90b7b3c6b,
 * include/event_camera_codecs/mono_decoder.h and mono_encoder.h):
 *
 *   bit  63     polarity: ON = 1, OFF = 0
 *   bits 48–62  y, 15 bits (row from the image's top)
 *   bits 32–47  x, 16 bits (column from the image's left)
 *   bits 0–31   dt, 32 bits: the event's sensor time is `time_base + dt` (ns)
 *
 * Upstream calls `mono` deprecated and its drivers publish `evt3` (metavision_driver) or
 * `libcaer_cmp` (libcaer_driver); it is the one encoding that needs no stateful decoder (no
 * wrapping 24-bit time, no vectorised rows), and it is what `spikeloop ros sim` publishes and the
 * `event-drone` profile decodes. Other encodings are named so a packet in one of them is
 * refused with what it is, not as garbage.
 */

export const MONO_ENCODING = 'mono';
/** Every encoding event_camera_codecs' DecoderFactory knows (decoder_factory.h at the commit above). */
export const EVENT_PACKET_ENCODINGS = ['evt3', 'mono', 'trigger', 'libcaer', 'libcaer_cmp'] as const;
export const MONO_BYTES_PER_EVENT = 8;
export const MONO_MAX_X = 0xffff;
export const MONO_MAX_Y = 0x7fff;
/** Largest dt (ns): 32 bits, about 4.29 s after `time_base`. */
export const MONO_MAX_DT_ns = 0xffffffff;

/**
 * Writes event `i` (bytes 8i … 8i + 7 of `view`). A value that does not fit its bits is a
 * RangeError naming it (upstream's encoder would silently wrap it).
 */
export function writeMonoEvent(view: DataView, i: number, dt_ns: number, x: number, y: number, on: boolean, littleEndian = true): void {
  if (!(Number.isInteger(dt_ns) && dt_ns >= 0 && dt_ns <= MONO_MAX_DT_ns)) throw new RangeError(`mono event ${i}: dt must be an integer in [0, 2³²−1] ns, got ${dt_ns}`);
  if (!(Number.isInteger(x) && x >= 0 && x <= MONO_MAX_X)) throw new RangeError(`mono event ${i}: x must be an integer in [0, 65535], got ${x}`);
  if (!(Number.isInteger(y) && y >= 0 && y <= MONO_MAX_Y)) throw new RangeError(`mono event ${i}: y must be an integer in [0, 32767], got ${y}`);
  const hi = ((on ? 0x80000000 : 0) | (y << 16) | x) >>> 0;
  const at = i * MONO_BYTES_PER_EVENT;
  view.setUint32(at + (littleEndian ? 0 : 4), dt_ns, littleEndian);
  view.setUint32(at + (littleEndian ? 4 : 0), hi, littleEndian);
}

/** Receives decoded events in packet order. */
export interface MonoEventSink {
  event(dt_ns: number, x: number, y: number, on: boolean): void;
}

/** Why `events` cannot be a mono packet (its length), or null. */
export function monoLengthProblem(events: Uint8Array): string | null {
  return events.length % MONO_BYTES_PER_EVENT === 0 ? null : `'events' has ${events.length} bytes, not a whole number of 8-byte mono events`;
}

/**
 * Reads event `i` of a mono packet into `out`: [dt_ns, x, y, on (1/0)], straight from the bytes
 * (no DataView: nothing allocated per packet). No checks: the caller knows the packet holds at
 * least i + 1 events.
 */
export function readMonoEvent(bytes: Uint8Array, i: number, littleEndian: boolean, out: Uint32Array): void {
  const a = i * MONO_BYTES_PER_EVENT;
  let lo: number, hi: number;
  if (littleEndian) {
    lo = (bytes[a]! | (bytes[a + 1]! << 8) | (bytes[a + 2]! << 16) | (bytes[a + 3]! << 24)) >>> 0;
    hi = (bytes[a + 4]! | (bytes[a + 5]! << 8) | (bytes[a + 6]! << 16) | (bytes[a + 7]! << 24)) >>> 0;
  } else {
    hi = ((bytes[a]! << 24) | (bytes[a + 1]! << 16) | (bytes[a + 2]! << 8) | bytes[a + 3]!) >>> 0;
    lo = ((bytes[a + 4]! << 24) | (bytes[a + 5]! << 16) | (bytes[a + 6]! << 8) | bytes[a + 7]!) >>> 0;
  }
  out[0] = lo;
  out[1] = hi & 0xffff;
  out[2] = (hi >>> 16) & 0x7fff;
  out[3] = hi >>> 31;
}

/**
 * Decodes every event of a mono packet into `sink`, in order; returns the number of events.
 * The length must be a multiple of 8 (monoLengthProblem; a RangeError otherwise).
 */
export function decodeMonoEvents(events: Uint8Array, isBigEndian: boolean, sink: MonoEventSink): number {
  const problem = monoLengthProblem(events);
  if (problem !== null) throw new RangeError(`decodeMonoEvents: ${problem}`);
  const e = new Uint32Array(4);
  const n = events.length / MONO_BYTES_PER_EVENT;
  for (let i = 0; i < n; i++) {
    readMonoEvent(events, i, !isBigEndian, e);
    sink.event(e[0]!, e[1]!, e[2]!, e[3] === 1);
  }
  return n;
}
