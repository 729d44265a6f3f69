/**
 * builtin_interfaces (ROS 2 Jazzy): time stamps and durations, as `{ sec, nanosec }` with
 * `0 ≤ nanosec < 1e9` (the layout `@foxglove/rosmsg2-serialization` reads and writes).
 */

/** builtin_interfaces/msg/Time: seconds and nanoseconds since the clock's epoch. */
export interface Time {
  /** int32 */
  sec: number;
  /** uint32, in [0, 1e9). */
  nanosec: number;
}

/** builtin_interfaces/msg/Duration. */
export interface Duration {
  /** int32 */
  sec: number;
  /** uint32, in [0, 1e9). */
  nanosec: number;
}

export function zeroTime(): Time {
  return { sec: 0, nanosec: 0 };
}

export function zeroDuration(): Duration {
  return { sec: 0, nanosec: 0 };
}

const NS_PER_S = 1_000_000_000n;
/** 2³¹ s in ns: the first time an int32 `sec` cannot hold. */
const MAX_NS = 2_147_483_648e9;

/**
 * Writes `t_ns` (nanoseconds since the epoch, an integer in [0, 2³¹ s)) into `out` and returns
 * it: the stamp of a preallocated header, updated in place. A `number` is exact up to 2⁵³ ns
 * (104 days) and allocates nothing; a `bigint` covers the whole int32 range of seconds.
 */
export function setTime(out: Time, t_ns: number | bigint): Time {
  if (typeof t_ns === 'bigint') {
    if (t_ns < 0n || t_ns >= BigInt(MAX_NS)) throw new RangeError(`setTime: time must be in [0, 2^31) s, got ${t_ns} ns`);
    out.sec = Number(t_ns / NS_PER_S);
    out.nanosec = Number(t_ns % NS_PER_S);
    return out;
  }
  if (!(Number.isSafeInteger(t_ns) && t_ns >= 0)) throw new RangeError(`setTime: time must be a whole number of nanoseconds in [0, 2^53), got ${t_ns}`);
  let sec = Math.floor(t_ns / 1e9);
  // Near 2⁵³ the quotient can round up to the next whole second; the remainder says so exactly.
  if (t_ns - sec * 1e9 < 0) sec -= 1;
  out.sec = sec;
  out.nanosec = t_ns - sec * 1e9;
  return out;
}

/** The time in nanoseconds of a Time or Duration (sec may be negative for a Duration). */
export function timeToNs(t: Time | Duration): bigint {
  return BigInt(t.sec) * NS_PER_S + BigInt(t.nanosec);
}

/** A Duration of `s` seconds (finite; negative durations have negative sec and nanosec in [0, 1e9)). */
export function durationFromSeconds(s: number): Duration {
  if (!Number.isFinite(s)) throw new RangeError(`durationFromSeconds: expected a finite number of seconds, got ${s}`);
  const sec = Math.floor(s);
  let nanosec = Math.round((s - sec) * 1e9);
  let whole = sec;
  if (nanosec >= 1e9) {
    whole += 1;
    nanosec -= 1e9;
  }
  return { sec: whole, nanosec };
}
