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

/**
 * Whether `a` and `b` are bit-identical messages: the same structure and Object.is-equal
 * leaves, compared without building field paths (messageLeaves does, and is only needed to
 * describe a difference). False may still be no difference in messageLeaves' terms (an array
 * and a typed array with the same values); the caller then compares leaves.
 */
export function sameMessage(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor || a instanceof DataView) return false;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameMessage(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !sameMessage((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * A TopicDiff built as the second sequence arrives, message by message: nothing of it is kept
 * (a replay compares each command and spike message as it is published, so it needs no copies
 * of messages that are reused). `diffMessages` is this over a whole sequence.
 */
export class TopicDiffer {
  private readonly channels = new Map<string, { max: number; differing: number; first: number }>();
  private differing = 0;
  private first: TopicDiff['first'] = null;
  private countB = 0;

  constructor(
    readonly topic: string,
    private readonly a: readonly TimedMessage[],
  ) {}

  /** The next message of the second sequence. */
  push(message: unknown): void {
    const i = this.countB++;
    if (i >= this.a.length) return;
    const ma = this.a[i]!.message;
    if (sameMessage(ma, message)) return;
    const la = messageLeaves(ma);
    const lb = messageLeaves(message);
    const fields: string[] = [];
    for (const k of new Set([...la.keys(), ...lb.keys()])) {
      const d = la.has(k) && lb.has(k) ? delta(la.get(k), lb.get(k)) : Infinity;
      if (d === 0) continue;
      fields.push(k);
      const c = this.channels.get(k) ?? { max: 0, differing: 0, first: i };
      c.max = Math.max(c.max, d);
      c.differing++;
      this.channels.set(k, c);
    }
    if (fields.length > 0) {
      this.differing++;
      this.first ??= { index: i, time_ns: this.a[i]!.time_ns, fields };
    }
  }

  result(): TopicDiff {
    const list = [...this.channels].map(([field, c]) => ({ field, maxAbsDelta: c.max, differing: c.differing, firstIndex: c.first })).sort((x, y) => y.maxAbsDelta - x.maxAbsDelta || x.firstIndex - y.firstIndex);
    const countA = this.a.length;
    return { topic: this.topic, compared: Math.min(countA, this.countB), countA, countB: this.countB, differing: this.differing, first: this.first, channels: list, identical: this.differing === 0 && countA === this.countB };
  }
}

export function diffMessages(topic: string, a: readonly TimedMessage[], b: readonly TimedMessage[]): TopicDiff {
  const d = new TopicDiffer(topic, a);
  for (const m of b) d.push(m.message);
  return d.result();
}
