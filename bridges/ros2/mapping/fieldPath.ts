/**
 * Field paths into ROS messages, as written in mapping files: `pose.pose.position.x`,
 * `ranges`, `velocity[2]`, `header.stamp`. Compiled once into getter/setter closures so the
 * per-message cost is a few property loads, with no string work per message.
 */

export type Segment = string | number;

/** A compiled path. */
export interface FieldPath {
  readonly text: string;
  readonly segments: readonly Segment[];
  /** The value at the path, or undefined if any step is missing. */
  get(message: unknown): unknown;
  /** Sets the value at the path; every parent must exist (messages come from zero factories). */
  set(message: unknown, value: unknown): void;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$/;

/** Parses `text`; a RangeError names `where` and the bad part. */
export function parseFieldPath(text: string, where: string): FieldPath {
  if (typeof text !== 'string' || text.length === 0) throw new RangeError(`${where}: expected a field path such as 'pose.pose.position.x', got ${JSON.stringify(text)}`);
  const segments: Segment[] = [];
  for (const part of text.split('.')) {
    const m = SEGMENT.exec(part);
    if (!m) throw new RangeError(`${where}: '${text}' is not a field path (bad part '${part}'; expected name or name[index], separated by '.')`);
    // Never a key that reaches an object's prototype (`a.__proto__.x` would set Object.prototype.x).
    if (FORBIDDEN.has(m[1]!)) throw new RangeError(`${where}: '${text}' is not a field path ('${m[1]}' is no message field: it names a property of every JavaScript object)`);
    segments.push(m[1]!);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(idx[1]));
  }
  const last = segments[segments.length - 1]!;
  const parents = segments.slice(0, -1);
  const walk = (message: unknown): Record<string | number, unknown> | undefined => {
    let o = message as Record<string | number, unknown> | undefined;
    for (const s of parents) {
      if (o === null || typeof o !== 'object') return undefined;
      o = o[s] as Record<string | number, unknown> | undefined;
    }
    return o !== null && typeof o === 'object' ? o : undefined;
  };
  return {
    text,
    segments,
    get(message) {
      const o = walk(message);
      return o === undefined ? undefined : o[last];
    },
    set(message, value) {
      const o = walk(message);
      if (o === undefined) throw new RangeError(`field '${text}': the message has no '${parents.join('.')}'`);
      o[last] = value;
    },
  };
}
