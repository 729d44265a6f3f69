/**
 * The clock the real-time runner paces the loop by. Only the runner reads a clock; components
 * never do (STYLE.md: the loop owns the clock). Implementations: `wallClock` (this process's
 * monotonic clock), `manualClock` (manualClock.ts, for tests) and, in bridges/, ROS time.
 */
export interface Clock {
  /** Seconds on this clock: monotonic, arbitrary origin. */
  now_s(): number;
  /** Resolves once `now_s() ≥ t_s` (at once if it already is), or as soon as `signal` aborts. */
  sleepUntil(t_s: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Hybrid sleep-then-wait pacing. Node's timers count whole milliseconds (`setTimeout(f, 0.4)` is
 * 1 ms) and wake up to about a millisecond late even on an idle machine, so a loop paced by
 * timers alone reached 798 ticks/s at a 1 kHz target (period 1.25 ± 0.43 ms). The wall clock
 * therefore sleeps on a timer only until `spin_ms` before the deadline, lets the event loop
 * turn once (I/O and timers run: subscription callbacks, the watchdog, a viewer), and covers the
 * rest with `finish`:
 *  - 'wait' (default): one `Atomics.wait` on a private SharedArrayBuffer with the remaining
 *    sub-millisecond timeout — a kernel sleep on a high-resolution timer. It blocks this thread
 *    for at most `spin_ms` (callbacks wait until the tick is served), but does not burn CPU, so
 *    the scheduler treats the process as a sleeper: on a loaded machine a spinning process
 *    loses its time slice and stalls for tens of ms (measured, see the README).
 *    Several paced loops in one thread (`spikeloop launch`) block each other this way for at most
 *    `spin_ms`: a wake-up that much late, about what timers alone would give it.
 *  - 'poll': `performance.now()` polled once per event-loop turn (`setImmediate`): callbacks keep
 *    running while it waits, at the price of a busy CPU for up to `spin_ms` per tick.
 * `spin_ms: 0` is timers only, as before.
 */
export interface WallClockOptions {
  /** Sleep on timers until this close to the deadline (ms), then poll. 0 = timers only. @default DEFAULT_SPIN_ms */
  readonly spin_ms?: number;
  /** Milliseconds, monotonic (tests inject one). @default performance.now */
  readonly now_ms?: () => number;
  /** Timer (tests inject one). @default setTimeout */
  readonly setTimer?: (f: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  /** How the last `spin_ms` are covered (see above). @default 'wait' */
  readonly finish?: 'wait' | 'poll';
  /** Blocks for `ms` (sub-ms) or less (tests inject one). @default Atomics.wait on a private SharedArrayBuffer */
  readonly blockFor?: (ms: number) => void;
  /** Runs `f` at the next event-loop turn (tests inject one). @default setImmediate */
  readonly nextTurn?: (f: () => void) => unknown;
  readonly cancelTurn?: (handle: unknown) => void;
}

/**
 * Spin margin: timers wake 0–1 ms late past their whole-ms delay on an idle machine, so a
 * 1.5 ms margin leaves the last part to the poll in most periods without spinning whole ones.
 */
export const DEFAULT_SPIN_ms = 1.5;

/**
 * What the wall clock does next with `rest_ms` to the deadline: resolve (≤ 0), poll at the next
 * event-loop turn (inside the spin margin, or when the whole-ms timer would be 0 ms), or sleep on a
 * timer for the whole milliseconds that keep the wake-up before the margin.
 */
export function pacingStep(rest_ms: number, spin_ms: number): { readonly kind: 'done' } | { readonly kind: 'poll' } | { readonly kind: 'sleep'; readonly ms: number } {
  if (rest_ms <= 0) return { kind: 'done' };
  if (spin_ms <= 0) return { kind: 'sleep', ms: Math.min(Math.max(1, Math.ceil(rest_ms)), 2 ** 31 - 1) };
  const sleep_ms = Math.floor(rest_ms - spin_ms);
  if (sleep_ms < 1) return { kind: 'poll' };
  return { kind: 'sleep', ms: Math.min(sleep_ms, 2 ** 31 - 1) };
}

/**
 * The process's monotonic clock (`performance.now`): sleeps on timers, then polls for the last
 * `spin_ms` (see WallClockOptions). Never wakes early: a timer that fires before the deadline
 * is followed by another step.
 */
export function wallClock(opts: WallClockOptions = {}): Clock {
  const spin_ms = opts.spin_ms ?? DEFAULT_SPIN_ms;
  if (!(Number.isFinite(spin_ms) && spin_ms >= 0)) throw new RangeError(`wallClock: spin_ms must be a time ≥ 0 ms, got ${spin_ms}`);
  const now_ms = opts.now_ms ?? (() => performance.now());
  const setTimer = opts.setTimer ?? ((f, ms) => setTimeout(f, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const nextTurn = opts.nextTurn ?? ((f) => setImmediate(f));
  const cancelTurn = opts.cancelTurn ?? ((h) => clearImmediate(h as ReturnType<typeof setImmediate>));
  const finish = opts.finish ?? 'wait';
  const blockFor = opts.blockFor ?? atomicsWait();
  const now_s = () => now_ms() / 1000;
  return {
    now_s,
    sleepUntil(t_s: number, signal?: AbortSignal): Promise<void> {
      if (Number.isNaN(t_s)) return Promise.reject(new RangeError('wallClock.sleepUntil: expected a time in s, got NaN'));
      const t_ms = t_s * 1000;
      if (signal?.aborted || now_ms() >= t_ms) return Promise.resolve();
      return new Promise((resolve) => {
        let timer: unknown;
        let turn: unknown;
        const onAbort = () => {
          if (timer !== undefined) clearTimer(timer);
          if (turn !== undefined) cancelTurn(turn);
          resolve();
        };
        let turned = false;
        const check = () => {
          timer = turn = undefined;
          let step = pacingStep(t_ms - now_ms(), spin_ms);
          // 'wait': after one event-loop turn inside the margin, block in the kernel for the rest.
          while (step.kind === 'poll' && finish === 'wait' && turned && !signal?.aborted) {
            blockFor(t_ms - now_ms());
            step = pacingStep(t_ms - now_ms(), spin_ms);
          }
          if (step.kind === 'done' || signal?.aborted) {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          } else if (step.kind === 'poll') {
            turned = true;
            turn = nextTurn(check);
          } else timer = setTimer(check, step.ms);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        check();
      });
    },
  };
}

/** Blocks this thread for up to `ms` in the kernel: Atomics.wait on a cell nobody notifies. */
function atomicsWait(): (ms: number) => void {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return (ms) => {
    if (ms > 0) Atomics.wait(cell, 0, 0, ms);
  };
}
