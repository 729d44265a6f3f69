/**
 * The live stream: a `MessageSink` (issue5.md) that forwards every message to the connected
 * pages. Messages written in the same turn of the event loop (one control step of a run) go out
 * as one batch frame, sent from `setImmediate`, so the loop is never held up by sockets.
 *
 * Pages that connect late get the hello frame, the last message of each latched topic (the
 * scene, static transforms, the episode record: what ROS would publish with transient-local
 * durability) and then the history of everything else, so their trail, raster and plots start
 * at the episode's beginning. The history is bounded (`historyLimit` messages, oldest dropped)
 * and restarts when time goes backwards (a new episode whose clock starts again at zero).
 */
import type { MessageSink } from '../../bridges/recording/messageSink.js';
import { batchFrame, helloFrame } from './streamProtocol.js';
import { encodeWireMessage } from './wireValue.js';

/** Topics whose last message a late page gets first. */
export const LATCHED_TOPICS: readonly string[] = ['/spikeloop/scene', '/tf_static', '/spikeloop/episode'];

/** Messages per batch frame when sending history to a late page. */
const HISTORY_BATCH = 2000;

export interface LiveStreamOptions {
  /** Name of the source in the hello frame (e.g. the scenario). @default 'live' */
  readonly source?: string;
  /** @default LATCHED_TOPICS */
  readonly latched?: readonly string[];
  /** Most messages kept for late pages. @default 200 000 */
  readonly historyLimit?: number;
}

/** Counters of what the stream sent (payload bytes, once, however many pages listen). */
export interface LiveStreamStats {
  messages: number;
  frames: number;
  bytes: number;
}

/** Anything that takes text frames in order: a page (PacedClient), or a test's array. */
export interface TextReceiver {
  send(text: string): void;
  /** Sends every frame of `frames` in order; a paced receiver pulls them only as it has room. */
  sendAll(frames: Iterable<string>): void;
}

export class LiveStream implements MessageSink {
  readonly stats: LiveStreamStats = { messages: 0, frames: 0, bytes: 0 };
  private readonly types = new Map<string, string>();
  private readonly latchedTopics: ReadonlySet<string>;
  private readonly latched = new Map<string, string>();
  private readonly historyLimit: number;
  private history: string[] = [];
  private historyStart = 0;
  private lastTime_ns: bigint | null = null;
  private pending: string[] = [];
  /** Of the pending messages: how many are at the end of the history, which latched topics. */
  private pendingInHistory = 0;
  private readonly pendingLatched = new Set<string>();
  private timer: ReturnType<typeof setImmediate> | null = null;
  private readonly source: string;

  constructor(
    private readonly broadcast: (text: string) => void,
    opts: LiveStreamOptions = {},
  ) {
    this.source = opts.source ?? 'live';
    this.latchedTopics = new Set(opts.latched ?? LATCHED_TOPICS);
    this.historyLimit = opts.historyLimit ?? 200_000;
    if (!Number.isInteger(this.historyLimit) || this.historyLimit < 0) throw new RangeError(`LiveStream: historyLimit must be an integer ≥ 0, got ${this.historyLimit}`);
  }

  channel(topic: string, type: string): void {
    const known = this.types.get(topic);
    if (known !== undefined && known !== type) throw new TypeError(`LiveStream: topic '${topic}' was declared as ${known}, now as ${type}`);
    this.types.set(topic, type);
  }

  write(topic: string, time_ns: bigint, message: unknown): void {
    const type = this.types.get(topic);
    if (type === undefined) throw new TypeError(`LiveStream: write to '${topic}' before channel('${topic}', type) declared it`);
    const text = encodeWireMessage(topic, type, time_ns, message);
    if (this.lastTime_ns !== null && time_ns < this.lastTime_ns) this.clearHistory();
    this.lastTime_ns = time_ns;
    if (this.latchedTopics.has(topic)) {
      this.latched.set(topic, text);
      this.pendingLatched.add(topic);
    } else if (this.historyLimit > 0) {
      this.remember(text);
      this.pendingInHistory++;
    }
    this.pending.push(text);
    this.stats.messages++;
    this.timer ??= setImmediate(() => this.flush());
  }

  /** Sends what is pending now (normally done by `setImmediate` after the writes). */
  flush(): void {
    if (this.timer !== null) clearImmediate(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const frame = batchFrame(this.pending);
    this.pending = [];
    this.pendingInHistory = 0;
    this.pendingLatched.clear();
    this.stats.frames++;
    this.stats.bytes += Buffer.byteLength(frame);
    this.broadcast(frame);
  }

  /**
   * Brings a newly connected page up to date: hello, latched topics, history. Messages still
   * pending are left out: the next flush, which the page is already subscribed to, brings them.
   * The history goes out lazily (one batch frame built each time the page has room), read from
   * the history array as it is now: entries below `end` are never changed in place (compaction
   * and a new episode replace the array), so the snapshot costs no copy.
   */
  attach(client: TextReceiver): void {
    client.send(helloFrame('live', this.source));
    const latched = [...this.latched].filter(([topic]) => !this.pendingLatched.has(topic)).map(([, text]) => text);
    if (latched.length > 0) client.send(batchFrame(latched));
    const end = Math.max(this.historyStart, this.history.length - this.pendingInHistory);
    if (end > this.historyStart) client.sendAll(historyFrames(this.history, this.historyStart, end));
  }

  /** Cancels a pending send (pending messages are dropped). */
  close(): void {
    if (this.timer !== null) clearImmediate(this.timer);
    this.timer = null;
    this.pending = [];
    this.pendingInHistory = 0;
    this.pendingLatched.clear();
  }

  private remember(text: string): void {
    this.history.push(text);
    if (this.history.length - this.historyStart > this.historyLimit) this.historyStart++;
    // Compact once the dropped head is as long as the kept part (amortised O(1) per message).
    if (this.historyStart > 1024 && this.historyStart * 2 > this.history.length) {
      this.history = this.history.slice(this.historyStart);
      this.historyStart = 0;
    }
  }

  private clearHistory(): void {
    this.history = [];
    this.historyStart = 0;
    this.pendingInHistory = 0;
  }
}

/** Batch frames of `history[from, to)`, built one at a time as they are pulled. */
function* historyFrames(history: readonly string[], from: number, to: number): Generator<string> {
  for (let i = from; i < to; i += HISTORY_BATCH) yield batchFrame(history, i, Math.min(i + HISTORY_BATCH, to));
}
