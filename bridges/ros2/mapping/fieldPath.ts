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
  /**
   * Writes the number (or bigint, converted) at the path into `out[i]` and returns true; false
   * (and nothing written) when it is missing or not a number. The hot-path read: a double
   * returned from a call is boxed into a new heap number, one written into a typed array here is
   * not (bridge allocation, issue 19).
   */
  readNumberInto(message: unknown, out: Float32Array | Float64Array, i: number): boolean;
  /**
   * Sets the value at the path to `src[i] * scale` (every parent must exist): the hot-path write,
   * with no double passed through a call (a boxed heap number each time, as with `set`).
   */
  writeScaled(message: unknown, src: Float32Array, i: number, scale: number): void;
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
    for (let k = 0; k < parents.length; k++) {
      if (o === null || typeof o !== 'object') return undefined;
      o = o[parents[k]!] as Record<string | number, unknown> | undefined;
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
    readNumberInto: compileNumberReader(segments),
    writeScaled: compileScaledWriter(segments, text),
    set(message, value) {
      const o = walk(message);
      if (o === undefined) throw new RangeError(`field '${text}': the message has no '${parents.join('.')}'`);
      o[last] = value;
    },
  };
}

/**
 * `readNumberInto` for `segments`, compiled to constant-key property loads (`m["pose"]["x"]`):
 * each path gets its own function, so V8 sees one message shape per load and reads a double
 * field unboxed into the typed array. A generic `o[key]` with the key in a variable is a
 * megamorphic keyed load that boxes every double it returns (16 B a field, a control step's
 * ~200 B in the odometry alone). Safe to compile: segments are identifiers (checked by SEGMENT,
 * prototype keys refused) or integers, and are quoted with JSON.stringify.
 */
function compileNumberReader(segments: readonly Segment[]): (message: unknown, out: Float32Array | Float64Array, i: number) => boolean {
  const key = (s: Segment) => (typeof s === 'number' ? String(s) : JSON.stringify(s));
  const steps = segments
    .slice(0, -1)
    .map((s) => `if (o === null || typeof o !== 'object') return false; o = o[${key(s)}];`)
    .join(' ');
  const src = `let o = m; ${steps} if (o === null || typeof o !== 'object') return false; const v = o[${key(segments[segments.length - 1]!)}]; if (typeof v === 'number') { out[i] = v; return true; } if (typeof v === 'bigint') { out[i] = Number(v); return true; } return false;`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- see the doc: generated from validated segments only
  return new Function('m', 'out', 'i', src) as (message: unknown, out: Float32Array | Float64Array, i: number) => boolean;
}

/** `writeScaled` for `segments`, compiled as `compileNumberReader` is (same safety argument). */
function compileScaledWriter(segments: readonly Segment[], text: string): (message: unknown, src: Float32Array, i: number, scale: number) => void {
  const key = (s: Segment) => (typeof s === 'number' ? String(s) : JSON.stringify(s));
  const steps = segments
    .slice(0, -1)
    .map((s) => `if (o === null || typeof o !== 'object') throw new RangeError(${JSON.stringify(`field '${text}': the message has no '${segments.slice(0, -1).join('.')}'`)}); o = o[${key(s)}];`)
    .join(' ');
  const src = `let o = m; ${steps} if (o === null || typeof o !== 'object') throw new RangeError(${JSON.stringify(`field '${text}': the message has no '${segments.slice(0, -1).join('.')}'`)}); o[${key(segments[segments.length - 1]!)}] = src[i] * scale;`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from validated segments only (compileNumberReader)
  return new Function('m', 'src', 'i', 'scale', src) as (message: unknown, src: Float32Array, i: number, scale: number) => void;
}
