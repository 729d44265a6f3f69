/**
 * Time limit as a task wrapper (Gymnasium `TimeLimit`): the episode is truncated at the first
 * control step whose time t_s (seconds since reset, as passed to `evaluate`) reaches `limit_s`,
 * unless the inner task has already terminated or truncated it. Reward and metrics are the
 * inner task's, unchanged.
 *
 * With the tick schedule of loop/controlTick.ts the step judged at t = n·T ends the episode, so
 * a limit of L seconds at rate f gives ⌈L·f⌉ control actions (times within TIME_TOLERANCE_s of
 * the limit count as reached: 7 · (1/35) s = 0.19999999999999998 s is 0.2 s).
 */
import type { Channels } from '../channels.js';
import type { EpisodeStatus, RewardBreakdown, Task } from '../task.js';
import { timeReached } from '../timeTolerance.js';

export class TimeLimitTask implements Task {
  private limitReached = false;

  constructor(
    readonly inner: Task,
    /** Episode length (s). */
    readonly limit_s: number,
  ) {
    if (!(Number.isFinite(limit_s) && limit_s > 0)) throw new RangeError(`withTimeLimit: limit_s must be a finite time > 0 s, got ${limit_s}`);
  }

  evaluate(obs: Channels, t_s: number): RewardBreakdown {
    const r = this.inner.evaluate(obs, t_s);
    this.limitReached = timeReached(t_s, this.limit_s);
    return r;
  }

  status(): EpisodeStatus {
    const s = this.inner.status();
    if (s !== 'running') return s;
    return this.limitReached ? 'truncated' : 'running';
  }

  metrics(): Record<string, number> {
    return this.inner.metrics();
  }
}

/** `task`, truncated once `limit_s` seconds of episode time have passed. */
export function withTimeLimit(task: Task, limit_s: number): TimeLimitTask {
  return new TimeLimitTask(task, limit_s);
}
