/**
 * Channel specs: the named, bounded, unit-carrying vectors that flow between a body and a
 * controller. An observation or an action is a record of preallocated Float32Arrays filled in
 * place, so a control step allocates nothing.
 */

/** One named channel, e.g. `{ name: 'lidar', size: 16, low: 0, high: 4, unit: 'm' }`. */
export interface ChannelSpec {
  readonly name: string;
  /** Number of scalar elements. */
  readonly size: number;
  /** Lower bound of every element (may be -Infinity). */
  readonly low: number;
  /** Upper bound of every element (may be +Infinity; a range sensor reports +Inf for no hit). */
  readonly high: number;
  /** SI unit (REP-103), e.g. 'm', 'rad/s', 'N', or '1' for dimensionless. */
  readonly unit: string;
  /** Optional human description. */
  readonly doc?: string;
}

/** Observation or action: one Float32Array per channel, keyed by channel name. */
export type Channels = Record<string, Float32Array>;
/** Channels read from sensors. */
export type Observation = Channels;
/** Channels sent to actuators. */
export type Action = Channels;

/** Allocates one zeroed Float32Array per spec. Call once, outside the control loop. */
export function allocateChannels(specs: readonly ChannelSpec[]): Channels {
  const out: Channels = {};
  for (const s of specs) out[s.name] = new Float32Array(s.size);
  return out;
}

/** A difference between what one side expects and the other provides. */
export interface ChannelMismatch {
  readonly name: string;
  readonly problem: 'missing' | 'unexpected' | 'size' | 'unit';
  readonly expected?: string;
  readonly actual?: string;
}

/**
 * Compares the channels a consumer expects with those a producer offers. Every expected
 * channel must exist with the same size and unit; extra offered channels are allowed
 * (a controller may ignore sensors) unless `exact` is set.
 */
export function compareChannels(
  expected: readonly ChannelSpec[],
  offered: readonly ChannelSpec[],
  exact = false,
): ChannelMismatch[] {
  const out: ChannelMismatch[] = [];
  const byName = new Map(offered.map((s) => [s.name, s]));
  for (const e of expected) {
    const o = byName.get(e.name);
    if (!o) {
      out.push({ name: e.name, problem: 'missing', expected: `${e.size} × ${e.unit}` });
      continue;
    }
    if (o.size !== e.size) out.push({ name: e.name, problem: 'size', expected: String(e.size), actual: String(o.size) });
    if (o.unit !== e.unit) out.push({ name: e.name, problem: 'unit', expected: e.unit, actual: o.unit });
  }
  if (exact) {
    const want = new Set(expected.map((s) => s.name));
    for (const o of offered) if (!want.has(o.name)) out.push({ name: o.name, problem: 'unexpected', actual: `${o.size} × ${o.unit}` });
  }
  return out;
}

/** Human-readable, one line per mismatch. */
export function describeMismatches(what: string, mismatches: readonly ChannelMismatch[]): string {
  const lines = mismatches.map((m) => {
    switch (m.problem) {
      case 'missing':
        return `  - '${m.name}': missing (expected ${m.expected})`;
      case 'unexpected':
        return `  - '${m.name}': not expected (offered ${m.actual})`;
      case 'size':
        return `  - '${m.name}': size ${m.actual}, expected ${m.expected}`;
      case 'unit':
        return `  - '${m.name}': unit '${m.actual}', expected '${m.expected}'`;
    }
  });
  return `${what}:\n${lines.join('\n')}`;
}
