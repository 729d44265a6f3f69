/**
 * Differences between two sequences of messages on one topic (recorded vs replayed, or two
 * runs): every numeric leaf of a message (`linear.x`, `data[12]`, a stamp's `sec`) is a
 * channel; per channel the largest |Δ| over the sequence, and the first index and time where
 * any channel differs. Equality is bit for bit (`Object.is`: −0 ≠ +0, NaN = NaN); strings and
 * booleans compare equal or not (|Δ| = Infinity when they differ).
 */

export interface TimedMessage {
  readonly time_ns: bigint;
  readonly message: unknown;
}

export interface ChannelDiff {
  /** Field path in the message: `linear.x`, `data[3]`. */
  readonly field: string;
  readonly maxAbsDelta: number;
  /** Messages where this field differs. */
  readonly differing: number;
  /** Index of the first message where it differs. */
  readonly firstIndex: number;
}

export interface TopicDiff {
  readonly topic: string;
  /** Messages compared (the shorter sequence's length). */
  readonly compared: number;
  readonly countA: number;
  readonly countB: number;
  /** Messages that differ in at least one field. */
  readonly differing: number;
  /** First differing message: index and its time in sequence A (null when none differ). */
  readonly first: { readonly index: number; readonly time_ns: bigint; readonly fields: readonly string[] } | null;
  /** Fields that differ anywhere, largest |Δ| first. */
  readonly channels: readonly ChannelDiff[];
  /** Same length, every message bit-identical. */
  readonly identical: boolean;
}

/** Numeric (and string/boolean) leaves of `m` by field path, in a stable order. */
export function messageLeaves(m: unknown, prefix = '', out: Map<string, number | string | boolean | bigint> = new Map()): Map<string, number | string | boolean | bigint> {
  if (typeof m === 'number' || typeof m === 'string' || typeof m === 'boolean' || typeof m === 'bigint') out.set(prefix || '(value)', m);
  else if (ArrayBuffer.isView(m) && !(m instanceof DataView)) {
    const a = m as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < a.length; i++) out.set(`${prefix}[${i}]`, a[i]!);
  } else if (Array.isArray(m)) m.forEach((v, i) => messageLeaves(v, `${prefix}[${i}]`, out));
  else if (m !== null && typeof m === 'object') for (const k of Object.keys(m)) messageLeaves((m as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k, out);
  return out;
}

function delta(a: unknown, b: unknown): number {
  if (Object.is(a, b)) return 0;
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Math.abs(a - b);
    if (Number.isNaN(d)) return Infinity; // NaN vs a number
    return d === 0 ? Number.MIN_VALUE : d; // −0 vs +0: differs in the sign bit only
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return Math.abs(Number(a - b));
  return Infinity;
}

export function diffMessages(topic: string, a: readonly TimedMessage[], b: readonly TimedMessage[]): TopicDiff {
  const n = Math.min(a.length, b.length);
  const channels = new Map<string, { max: number; differing: number; first: number }>();
  let differing = 0;
  let first: TopicDiff['first'] = null;
  for (let i = 0; i < n; i++) {
    const la = messageLeaves(a[i]!.message);
    const lb = messageLeaves(b[i]!.message);
    const fields: string[] = [];
    for (const k of new Set([...la.keys(), ...lb.keys()])) {
      const d = la.has(k) && lb.has(k) ? delta(la.get(k), lb.get(k)) : Infinity;
      if (d === 0) continue;
      fields.push(k);
      const c = channels.get(k) ?? { max: 0, differing: 0, first: i };
      c.max = Math.max(c.max, d);
      c.differing++;
      channels.set(k, c);
    }
    if (fields.length > 0) {
      differing++;
      first ??= { index: i, time_ns: a[i]!.time_ns, fields };
    }
  }
  const list = [...channels].map(([field, c]) => ({ field, maxAbsDelta: c.max, differing: c.differing, firstIndex: c.first })).sort((x, y) => y.maxAbsDelta - x.maxAbsDelta || x.firstIndex - y.firstIndex);
  return { topic, compared: n, countA: a.length, countB: b.length, differing, first, channels: list, identical: differing === 0 && a.length === b.length };
}
