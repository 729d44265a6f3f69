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
 * The process's monotonic clock (`performance.now`), sleeping with `setTimeout`. Timers have
 * about 1 ms resolution and may wake late under load, never early: a timer that fires before
 * `t_s` is re-armed for the rest. No busy-wait for the last millisecond.
 */
export function wallClock(): Clock {
  const now_s = () => performance.now() / 1000;
  return {
    now_s,
    sleepUntil(t_s: number, signal?: AbortSignal): Promise<void> {
      if (Number.isNaN(t_s)) return Promise.reject(new RangeError('wallClock.sleepUntil: expected a time in s, got NaN'));
      return new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const onAbort = () => {
          clearTimeout(timer);
          resolve();
        };
        const check = () => {
          const rest_ms = (t_s - now_s()) * 1000;
          if (rest_ms <= 0) {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          } else timer = setTimeout(check, Math.min(rest_ms, 2 ** 31 - 1));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        check();
      });
    },
  };
}
