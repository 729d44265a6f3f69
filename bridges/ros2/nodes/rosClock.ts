/**
 * The real-time runner's clock on a ROS node: the wall clock, or — with `use_sim_time` — ROS
 * time from `/clock`, so a controller runs in step with a simulator that may be faster or
 * slower than real time (one tick per control period of sim time). On wall time it paces by
 * sleep-then-poll (loop/clock.ts; `wall.spin_ms` sets the margin).
 */
import type { Clock } from '../../../loop/clock.js';
import type { WallClockOptions } from '../../../loop/clock.js';
import { wallClock } from '../../../loop/clock.js';
import { timeReached } from '../../../loop/timeTolerance.js';
import type { RosNode } from '../transport/transport.js';

export function rosClock(node: RosNode, wall: WallClockOptions = {}): Clock {
  if (!node.useSimTime) return wallClock(wall);
  const now_s = () => Number(node.now_ns()) / 1e9;
  return {
    now_s,
    sleepUntil(t_s: number, signal?: AbortSignal): Promise<void> {
      if (Number.isNaN(t_s)) return Promise.reject(new RangeError('rosClock.sleepUntil: expected a time in s, got NaN'));
      return new Promise((resolve) => {
        if (signal?.aborted || timeReached(now_s(), t_s)) return resolve();
        const done = () => {
          off();
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const off = node.onTimeAdvanced(() => {
          // ns-integer sim time vs float deadlines: within the loop's time tolerance counts as reached.
          if (timeReached(now_s(), t_s)) done();
        });
        signal?.addEventListener('abort', done, { once: true });
      });
    },
  };
}

/** Resolves at the first `/clock` (sim time) — at once on wall time — or when `signal` aborts. */
export function firstClock(node: RosNode, signal?: AbortSignal): Promise<void> {
  if (!node.useSimTime || node.now_ns() > 0n) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      off();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const off = node.onTimeAdvanced(done);
    if (signal?.aborted) done();
    else signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Calls `onJump(from_ns, to_ns)` whenever ROS time goes backwards (with `use_sim_time`: a
 * simulator restarted, a bag looped, `/clock` from a second source). A clock jump is not time
 * passing: a schedule built on the old time would wait for it to come back. Nothing to watch on
 * wall time (the runner paces by the monotonic clock there). Returns the unsubscribe function.
 */
export function watchClockJumps(node: RosNode, onJump: (from_ns: bigint, to_ns: bigint) => void): () => void {
  if (!node.useSimTime) return () => {};
  let last_ns = node.now_ns();
  return node.onTimeAdvanced(() => {
    const now_ns = node.now_ns();
    const from_ns = last_ns;
    last_ns = now_ns;
    if (now_ns < from_ns) onJump(from_ns, now_ns);
  });
}
