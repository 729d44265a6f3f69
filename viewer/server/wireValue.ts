/**
 * Turns a decoded ROS 2 message into the JSON the page reads (streamProtocol.ts), and keeps it
 * compact: the viewer draws poses, twists, scans, spikes and scalars at the message's own time
 * (`t_ns`), so header stamps, covariance matrices (Odometry, Imu: 36 and 3×9 doubles per
 * message) and scan intensities are left out; numbers that are not integers are sent with
 * `WIRE_DIGITS` significant digits (a relative error below 5·10⁻⁷: 10 µm at 20 m, far below a
 * pixel); and a laser scan with more than `MAX_SCAN_RAYS` rays is decimated to at most that
 * many (every k-th ray, with `angle_increment` scaled by k so the page's angles stay right).
 *
 * Conversions: bigint → number when it is a safe integer, else a decimal string; typed arrays →
 * arrays, except an event_camera_msgs/msg/EventPacket's `events` bytes, sent as one base64
 * string (8 bytes per event as JSON numbers would be ~3× larger; the page decodes the words,
 * eventPanel.js); NaN and ±Infinity → null (JSON has neither; for a LaserScan range, REP-117's +Inf
 * "no return" and NaN "invalid" both mean there is nothing to draw).
 */

/** The most rays of one LaserScan sent to the page. */
export const MAX_SCAN_RAYS = 720;

/** Significant digits of a non-integer number on the wire. */
export const WIRE_DIGITS = 7;

/** Field names never sent (the viewer does not draw them). */
const DROPPED_FIELDS: ReadonlySet<string> = new Set([
  'stamp',
  'covariance',
  'orientation_covariance',
  'angular_velocity_covariance',
  'linear_acceleration_covariance',
  'intensities',
]);

/** A bigint as a JSON-safe value. */
export function wireBigint(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** `value` as plain JSON data (see the module doc). */
export function wireValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? value : Number.isFinite(value) ? Number(value.toPrecision(WIRE_DIGITS)) : null;
    case 'bigint':
      return wireBigint(value);
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return null;
  }
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return null;
    const a = value as unknown as ArrayLike<number | bigint>;
    const out = new Array<unknown>(a.length);
    for (let i = 0; i < a.length; i++) out[i] = wireValue(a[i]);
    return out;
  }
  if (Array.isArray(value)) return value.map(wireValue);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!DROPPED_FIELDS.has(k)) out[k] = wireValue(v);
  return out;
}

/** The message of `type` as the page gets it (decimated scans, see the module doc). */
export function wireMessageValue(type: string, message: unknown): unknown {
  if (type === 'sensor_msgs/msg/LaserScan' && message !== null && typeof message === 'object') return wireValue(decimateScan(message as Record<string, unknown>));
  if (type === EVENT_PACKET_TYPE && message !== null && typeof message === 'object') {
    const ev = (message as Record<string, unknown>)['events'];
    if (ev instanceof Uint8Array) return wireValue({ ...(message as Record<string, unknown>), events: Buffer.from(ev.buffer, ev.byteOffset, ev.byteLength).toString('base64') });
  }
  return wireValue(message);
}

/** The ROS 2 event cameras' packet type (event_camera_msgs). */
export const EVENT_PACKET_TYPE = 'event_camera_msgs/msg/EventPacket';

function decimateScan(scan: Record<string, unknown>): Record<string, unknown> {
  const ranges = scan['ranges'] as ArrayLike<number> | undefined;
  if (ranges === undefined || typeof ranges.length !== 'number' || ranges.length <= MAX_SCAN_RAYS) return scan;
  const k = Math.ceil(ranges.length / MAX_SCAN_RAYS);
  const kept: number[] = [];
  for (let i = 0; i < ranges.length; i += k) kept.push(ranges[i]!);
  const inc = scan['angle_increment'];
  return { ...scan, angle_increment: typeof inc === 'number' ? inc * k : inc, ranges: kept };
}

/** One message encoded for the wire: `{"topic","type","t_ns","message"}` as JSON text. */
export function encodeWireMessage(topic: string, type: string, time_ns: bigint, message: unknown): string {
  return JSON.stringify({ topic, type, t_ns: wireBigint(time_ns), message: wireMessageValue(type, message) });
}
