/**
 * A MessageSink for tests: checks every message against the official definition of its declared
 * type as it is written (rosmsg-msgs-common for standard types, our upstream copies for px4/
 * crazyflie), round-trips it through CDR, and keeps the decoded copy — producers reuse their
 * message objects, so the copy is the message as it was at that write.
 */
import common from '@foxglove/rosmsg-msgs-common';
import { deserialize, messageProblems, parsedDefinitions, serialize } from '../../bridges/ros2/messages/index.js';
import type { MessageDefinition } from '../../bridges/ros2/messages/index.js';
import type { MessageSink } from '../../bridges/recording/messageSink.js';

const official = common.ros2jazzy as unknown as Readonly<Record<string, MessageDefinition>>;

export interface Collected {
  readonly topic: string;
  readonly t: bigint;
  readonly message: any;
}

export class CollectingSink implements MessageSink {
  readonly types = new Map<string, string>();
  readonly messages: Collected[] = [];
  readonly problems: string[] = [];
  /** Messages whose CDR round trip changed them (should stay empty). */
  readonly roundTripFailures: string[] = [];

  channel(topic: string, type: string): void {
    if (this.types.has(topic) && this.types.get(topic) !== type) throw new Error(`CollectingSink: ${topic} redeclared`);
    this.types.set(topic, type);
  }

  write(topic: string, t: bigint, message: unknown): void {
    const type = this.types.get(topic);
    if (type === undefined) throw new Error(`CollectingSink: ${topic} written before it was declared`);
    const key = type.replace('/msg/', '/');
    const p = official[key] !== undefined ? messageProblems(official, message, `${topic}`, key) : messageProblems(parsedDefinitions(type), message, topic);
    this.problems.push(...p);
    const copy = deserialize(type, serialize(type, message));
    if (!sameValue(copy, message)) this.roundTripFailures.push(`${topic} at ${t}`);
    this.messages.push({ topic, t, message: copy });
  }

  on(topic: string): Collected[] {
    return this.messages.filter((m) => m.topic === topic);
  }
}

/** Deep equality with NaN equal to NaN and typed arrays compared element-wise (Object.is). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<unknown>, y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length || a.constructor !== b.constructor) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
