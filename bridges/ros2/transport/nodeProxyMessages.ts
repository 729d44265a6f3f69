/**
 * What a node's host (the thread that owns the real RosNode, nodeProxyHost.ts) and its proxy
 * in a worker thread (portRosNode.ts) say to each other. Three channels:
 *  - data, host → worker (the Worker object / parentPort): messages of the proxy's
 *    subscriptions, ROS time, parameters set at run time, service replies, abort;
 *  - data, worker → host: publications, subscriptions opened and closed, service calls, log
 *    lines, the result;
 *  - sync, worker → host → worker (a MessagePort of its own plus one shared Int32 cell): the
 *    calls the RosNode interface answers synchronously (a publisher's resolved topic, declared
 *    parameters, endpoint counts). The worker blocks on the cell (Atomics.wait) until the host
 *    has posted the answer, then takes it with receiveMessageOnPort. The host never waits for
 *    the worker, so this cannot deadlock; it happens at setup, not per control tick.
 * Both data channels are FIFO, so "sensors, then /clock" keeps its order across the threads.
 */
import type { ParameterChange, ParameterDescriptor, ParameterValue, QosName } from './transport.js';

/** What the proxy node knows of the real node when the worker starts. */
export interface ProxiedNodeInfo {
  readonly name: string;
  readonly namespace: string;
  readonly useSimTime: boolean;
  /** The host node's ROS time minus process.hrtime.bigint() at start (wall time: the same monotonic clock in every thread). */
  readonly wallOffset_ns: bigint;
  /** The host node's ROS time at start (sim time: 0 before the first /clock). */
  readonly time_ns: bigint;
}

/** An error carried across threads: its class name, message, stack and an exit code if it had one. */
export interface CarriedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly exitCode?: number;
}

export type ToWorker =
  | { readonly t: 'msg'; readonly sub: number; readonly m: unknown }
  | { readonly t: 'time'; readonly ns: bigint }
  | { readonly t: 'params'; readonly changes: readonly ParameterChange[] }
  | { readonly t: 'reply'; readonly call: number; readonly ok: true; readonly value: unknown }
  | { readonly t: 'reply'; readonly call: number; readonly ok: false; readonly error: CarriedError }
  | { readonly t: 'abort'; readonly reason: CarriedError };

export type FromWorker =
  | { readonly t: 'publish'; readonly pub: number; readonly m: unknown }
  | { readonly t: 'unsub'; readonly sub: number }
  | { readonly t: 'watchParams' }
  | { readonly t: 'call'; readonly call: number; readonly service: string; readonly type: string; readonly request: unknown; readonly timeout_s: number }
  | { readonly t: 'log'; readonly line: string }
  | { readonly t: 'done'; readonly result: unknown }
  | { readonly t: 'failed'; readonly error: CarriedError };

export type SyncRequest =
  | { readonly t: 'publisher'; readonly pub: number; readonly topic: string; readonly type: string; readonly qos?: QosName }
  | { readonly t: 'subscribe'; readonly sub: number; readonly topic: string; readonly type: string; readonly qos?: QosName }
  | { readonly t: 'declare'; readonly name: string; readonly defaultValue: ParameterValue; readonly descriptor: string | ParameterDescriptor }
  | { readonly t: 'countPublishers' | 'countSubscribers'; readonly topic: string };

export type SyncReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: CarriedError };

export function carryError(e: unknown): CarriedError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const code = (e as { exitCode?: unknown }).exitCode;
  return { name: e.name, message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}), ...(typeof code === 'number' ? { exitCode: code } : {}) };
}

/**
 * The carried error as an Error again: RangeError and TypeError keep their class (callers tell
 * bad input by it); any other keeps its name, and `exitCode` when it had one (a CLI error).
 */
export function reviveError(c: CarriedError): Error {
  const e = c.name === 'RangeError' ? new RangeError(c.message) : c.name === 'TypeError' ? new TypeError(c.message) : new Error(c.message);
  if (e.name !== c.name) e.name = c.name;
  if (c.stack !== undefined) e.stack = c.stack;
  if (c.exitCode !== undefined) (e as Error & { exitCode?: number }).exitCode = c.exitCode;
  return e;
}
