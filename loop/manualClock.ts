/**
 * A clock for tests: time moves only when told (`advance`, `set`), and sleepers wake when it
 * passes their time, in order of wake time. With `advanceUntilSettled` a test runs a paced
 * loop deterministically: it jumps to each sleeper's wake time until the loop finishes, while
 * the code under test moves time itself to fake compute cost (e.g. a controller that "takes"
 * 1.5 periods advances the clock by 1.5 T inside `act`).
 */
import type { Clock } from './clock.js';

interface Sleeper {
  readonly t_s: number;
  readonly resolve: () => void;
}

export class ManualClock implements Clock {
  private t: number;
  private readonly sleepers: Sleeper[] = [];

  constructor(start_s = 0) {
    if (!Number.isFinite(start_s)) throw new RangeError(`manualClock: start_s must be finite, got ${start_s}`);
    this.t = start_s;
  }

  now_s(): number {
    return this.t;
  }

  sleepUntil(t_s: number, signal?: AbortSignal): Promise<void> {
    if (Number.isNaN(t_s)) return Promise.reject(new RangeError('ManualClock.sleepUntil: expected a time in s, got NaN'));
    if (t_s <= this.t || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        t_s,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const i = this.sleepers.indexOf(sleeper);
        if (i >= 0) this.sleepers.splice(i, 1);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // Keep sleepers sorted by wake time (stable for equal times).
      let i = this.sleepers.length;
      while (i > 0 && this.sleepers[i - 1]!.t_s > t_s) i--;
      this.sleepers.splice(i, 0, sleeper);
    });
  }

  /** Moves time forward by `dt_s` ≥ 0 and wakes the sleepers it passes. */
  advance(dt_s: number): void {
    if (!(Number.isFinite(dt_s) && dt_s >= 0)) throw new RangeError(`ManualClock.advance: expected a finite dt_s ≥ 0, got ${dt_s}`);
    this.set(this.t + dt_s);
  }

  /** Moves time to `t_s` (never backwards) and wakes the sleepers it passes. */
  set(t_s: number): void {
    if (!(Number.isFinite(t_s) && t_s >= this.t)) throw new RangeError(`ManualClock.set: time only moves forward (now ${this.t} s), got ${t_s}`);
    this.t = t_s;
    let n = 0;
    while (n < this.sleepers.length && this.sleepers[n]!.t_s <= t_s) n++;
    for (const s of this.sleepers.splice(0, n)) s.resolve();
  }

  /** Wake time of the earliest sleeper (Infinity if none). */
  nextWake_s(): number {
    return this.sleepers.length > 0 ? this.sleepers[0]!.t_s : Infinity;
  }

  /** Sleepers waiting. */
  get waiting(): number {
    return this.sleepers.length;
  }

  /**
   * Lets `p` run to completion: whenever everything else is idle, jumps to the earliest
   * sleeper's wake time. Throws if `p` waits for something other than this clock.
   */
  async advanceUntilSettled<T>(p: Promise<T>): Promise<T> {
    let settled = false;
    p.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      // Let every pending callback run before deciding that the code under test is asleep.
      await new Promise<void>((r) => setImmediate(r));
      if (settled) return p;
      const w = this.nextWake_s();
      if (w === Infinity) throw new Error('ManualClock.advanceUntilSettled: the promise waits for something other than this clock (no sleeper to wake)');
      this.set(w);
    }
  }
}

/** A clock that moves only when told, starting at `start_s`. */
export function manualClock(start_s = 0): ManualClock {
  return new ManualClock(start_s);
}
