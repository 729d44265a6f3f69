/**
 * A list of DVS events as struct-of-arrays (pixel x = column from the image's left, y = row from
 * its top, polarity +1 ON / −1 OFF, timestamp in seconds of simulated time), preallocated with a
 * fixed capacity so a controller can drain events every control period without allocating.
 */
export interface EventList {
  readonly capacity: number;
  readonly x: Uint16Array;
  readonly y: Uint16Array;
  readonly polarity: Int8Array;
  readonly t_s: Float64Array;
  /** Number of valid entries (0 … capacity), in render order (within one render: by pixel, row-major). */
  count: number;
}

/** Allocates an empty event list. */
export function createEventList(capacity: number): EventList {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`createEventList: capacity must be an integer ≥ 1, got ${capacity}`);
  return {
    capacity,
    x: new Uint16Array(capacity),
    y: new Uint16Array(capacity),
    polarity: new Int8Array(capacity),
    t_s: new Float64Array(capacity),
    count: 0,
  };
}
