/**
 * One connected page, sent to with backpressure. Frames wait in a queue of this client and go
 * to the WebSocket only while less than `highWater_bytes` is buffered for it; ws's send
 * callback (the frame was handed to the kernel) sends the next. A whole replay is therefore
 * never copied into one client's buffers: `sendAll` takes an iterable and pulls the next frame
 * only when there is room, so a client that reads slowly gets it slowly and one that stops
 * reading holds at most about `highWater_bytes` plus one frame.
 *
 * A client is dropped (terminated: a close frame could not get past the data it does not read)
 * when its queued and buffered bytes would exceed `maxQueued_bytes` (a live stream it cannot
 * keep up with), or when it has data waiting and has accepted no frame for `stallTimeout_ms`.
 */
import type { WebSocket } from 'ws';
import type { TextReceiver } from './liveStream.js';
import type { PacingLimits } from './viewerLimits.js';

/** Why a client was dropped. */
export type DropReason = 'too slow' | 'stalled';

export class PacedClient implements TextReceiver {
  /** Set once the client was dropped. */
  dropped: DropReason | null = null;
  /** Queued items: single frames, or iterators pulled one frame at a time. */
  private queue: (string | Iterator<string>)[] = [];
  /** UTF-8 bytes of each queued single frame (0 for an iterator), aligned with `queue`. */
  private sizes: number[] = [];
  private head = 0;
  /** Bytes of the single frames in the queue (iterators' frames are shared, not counted). */
  private queuedFrameBytes = 0;
  private stallTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly sent = (err?: Error | null) => {
    // Success is reported as null (Node's write callbacks) or undefined. An error means the
    // socket is gone; ws emits 'close' and the server forgets the client.
    if (err !== undefined && err !== null) return;
    this.stallTimer?.refresh();
    this.pump();
  };

  constructor(
    readonly ws: WebSocket,
    private readonly limits: PacingLimits,
    private readonly onDrop: (reason: DropReason) => void = () => {},
  ) {}

  /** Bytes this client holds: its queued frames plus what ws and the socket buffer for it. */
  get queuedBytes(): number {
    return this.queuedFrameBytes + this.ws.bufferedAmount;
  }

  /** Queues one frame (`bytes`: its UTF-8 length, if the caller knows it already). */
  send(text: string, bytes: number = Buffer.byteLength(text)): void {
    if (!this.open()) return;
    if (this.queuedBytes + bytes > this.limits.maxQueued_bytes) return this.drop('too slow');
    this.queue.push(text);
    this.sizes.push(bytes);
    this.queuedFrameBytes += bytes;
    this.pump();
  }

  /** Queues every frame of `frames`, each produced only when the client has room for it. */
  sendAll(frames: Iterable<string>): void {
    if (!this.open()) return;
    this.queue.push(frames[Symbol.iterator]());
    this.sizes.push(0);
    this.pump();
  }

  /** Stops sending (the connection closed); drops the queue. */
  dispose(): void {
    if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    this.queue = [];
    this.sizes = [];
    this.head = 0;
    this.queuedFrameBytes = 0;
  }

  private open(): boolean {
    return this.dropped === null && this.ws.readyState === this.ws.OPEN;
  }

  private pump(): void {
    while (this.open() && this.ws.bufferedAmount < this.limits.highWater_bytes) {
      const frame = this.next();
      if (frame === null) {
        if (this.stallTimer !== null) clearTimeout(this.stallTimer);
        this.stallTimer = null;
        return;
      }
      this.ws.send(frame, this.sent);
    }
    // Blocked on the high-water mark: the send callbacks restart the pump; if none comes, drop.
    if (this.open() && this.stallTimer === null) {
      this.stallTimer = setTimeout(() => this.drop('stalled'), this.limits.stallTimeout_ms);
      // Never keep the process alive for a client.
      this.stallTimer.unref();
    }
  }

  /** The next frame to send, or null when the queue is empty. */
  private next(): string | null {
    while (this.head < this.queue.length) {
      const item = this.queue[this.head]!;
      if (typeof item === 'string') {
        this.queuedFrameBytes -= this.sizes[this.head]!;
        this.advance();
        return item;
      }
      const r = item.next();
      if (!r.done) return r.value;
      this.advance();
    }
    return null;
  }

  private advance(): void {
    // Release the frame now: a slow client must not keep sent frames alive.
    this.queue[this.head++] = '';
    // Compact once the consumed head is as long as the rest (amortised O(1) per frame).
    if (this.head === this.queue.length) {
      this.queue = [];
      this.sizes = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
  }

  private drop(reason: DropReason): void {
    if (this.dropped !== null) return;
    this.dropped = reason;
    this.dispose();
    this.ws.terminate();
    this.onDrop(reason);
  }
}
