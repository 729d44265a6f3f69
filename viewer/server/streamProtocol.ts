/**
 * What travels over the viewer's WebSocket (server → page, JSON text frames; the page sends
 * nothing). One frame is one of:
 *
 *   {"kind":"hello","version":1,"mode":"live"|"replay","source":"…"}   first, once per connection
 *     (replay: also "metadata":{"<record name>":{key: value, …}, …}, the file's Metadata records)
 *   {"kind":"batch","messages":[WireMessage, …]}                        messages in time order
 *   {"kind":"complete","count":N}                                       replay: all N messages sent
 *
 * A `WireMessage` is `{topic, type, t_ns, message}`: the ROS 2 topic and type name (issue5.md's
 * topic contract), the time in nanoseconds (a JSON number when it is a safe integer, else a
 * decimal string) and the message as JSON (wireValue.ts: bigint → number or string, typed
 * arrays → arrays, non-finite numbers → null). A live stream batches what one control step
 * wrote into one frame.
 */

/** Protocol version in the hello frame. */
export const STREAM_PROTOCOL_VERSION = 1;

export type StreamMode = 'live' | 'replay';

export interface WireMessage {
  readonly topic: string;
  readonly type: string;
  readonly t_ns: number | string;
  readonly message: unknown;
}

export type StreamFrame =
  | { readonly kind: 'hello'; readonly version: number; readonly mode: StreamMode; readonly source: string; readonly metadata?: Readonly<Record<string, Readonly<Record<string, string>>>> }
  | { readonly kind: 'batch'; readonly messages: readonly WireMessage[] }
  | { readonly kind: 'complete'; readonly count: number };

/** The hello frame as JSON text. */
export function helloFrame(mode: StreamMode, source: string, metadata: readonly { readonly name: string; readonly metadata: ReadonlyMap<string, string> }[] = []): string {
  const md = Object.fromEntries(metadata.map((m) => [m.name, Object.fromEntries(m.metadata)]));
  return JSON.stringify({ kind: 'hello', version: STREAM_PROTOCOL_VERSION, mode, source, ...(metadata.length > 0 ? { metadata: md } : {}) });
}

/** A batch frame from already-encoded messages (encodeWireMessage), without re-parsing them. */
export function batchFrame(encoded: readonly string[], from = 0, to = encoded.length): string {
  let s = '{"kind":"batch","messages":[';
  for (let i = from; i < to; i++) s += (i > from ? ',' : '') + encoded[i];
  return `${s}]}`;
}

/** The complete frame as JSON text. */
export function completeFrame(count: number): string {
  return JSON.stringify({ kind: 'complete', count });
}
