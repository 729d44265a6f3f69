/**
 * The real-time runner: the tick of controlTick.ts, paced by a `Clock` (wall time here, ROS time
 * in bridges/). It is what runs a controller on a real robot, whose `advance` does nothing (the
 * runner still calls it, the body decides): time passes by itself between ticks.
 *
 * Deadline scheduling: tick k is due at d_k = t₀ + k·T (T = the loop's control period), so
 * lateness never accumulates into drift. The runner sleeps until d_k and runs the tick at once
 * if it is late by at most one period. If it is late by more (a stall, or a tick that took
 * more than a period), it counts one overrun and skips the n = ⌊lateness / T⌋ deadlines it
 * missed — it does not burst through them back to back — and serves d_{k+n} immediately. So
 * every deadline in [t₀, t₀ + duration) is either served by a tick or counted as skipped.
 *
 * It stops when the task ends the episode, when the next deadline is at or past `duration_s`,
 * when `signal` aborts (also while sleeping), or on a NaN observation (stop 'error', as in
 * runEpisode). Statistics are live in `stats` (pass your own object to read them while it
 * runs) and summarised at the end: period mean and standard deviation (jitter) between tick
 * starts, lateness of each tick start after its deadline, compute time of each tick.
 */
import type { Clock } from './clock.js';
import type { LoopState } from './controlTick.js';
import { controlTick, NonFiniteObservationError } from './controlTick.js';
import type { RunningStats } from './runningStats.js';
import type { EpisodeStatus } from './task.js';
import { createRunningStats, pushSample, runningMean, runningStd } from './runningStats.js';
import { timeReached, TIME_TOLERANCE_s } from './timeTolerance.js';

export type RealtimeStop = 'terminated' | 'truncated' | 'duration' | 'abort' | 'error';

/** Live statistics of a real-time run (seconds on the runner's clock). */
export interface RealtimeStats {
  /** Ticks run (one that ends the episode counts; one that throws does not). */
  ticks: number;
  /** Times the runner fell more than a period behind and skipped deadlines. */
  overruns: number;
  /** Deadlines skipped in total. */
  skipped: number;
  /** Time between consecutive tick starts. */
  readonly period_s: RunningStats;
  /** Tick start minus its deadline. */
  readonly lateness_s: RunningStats;
  /** Duration of each tick (sense, judge, control, act, physics). */
  readonly compute_s: RunningStats;
  /** Why the run ended (null while it runs). */
  stop: RealtimeStop | null;
  /** The NaN observation that ended the run (stop 'error'). */
  error: string | null;
}

export function createRealtimeStats(): RealtimeStats {
  return {
    ticks: 0,
    overruns: 0,
    skipped: 0,
    period_s: createRunningStats(),
    lateness_s: createRunningStats(),
    compute_s: createRunningStats(),
    stop: null,
    error: null,
  };
}

/** A plain summary of `RealtimeStats`. */
export interface RealtimeSummary {
  readonly stop: RealtimeStop | null;
  readonly error?: string;
  readonly ticks: number;
  readonly overruns: number;
  readonly skipped: number;
  /** Mean time between tick starts (NaN with fewer than two ticks). */
  readonly periodMean_s: number;
  /** Standard deviation of the time between tick starts: the jitter. */
  readonly periodStd_s: number;
  /** Largest |tick start − deadline|. */
  readonly maxLateness_s: number;
  readonly computeMean_s: number;
  readonly computeMax_s: number;
}

export function summarizeRealtime(s: RealtimeStats): RealtimeSummary {
  return {
    stop: s.stop,
    ...(s.error !== null ? { error: s.error } : {}),
    ticks: s.ticks,
    overruns: s.overruns,
    skipped: s.skipped,
    periodMean_s: runningMean(s.period_s),
    periodStd_s: runningStd(s.period_s),
    maxLateness_s: s.lateness_s.n === 0 ? Number.NaN : Math.max(Math.abs(s.lateness_s.min), Math.abs(s.lateness_s.max)),
    computeMean_s: runningMean(s.compute_s),
    computeMax_s: s.compute_s.n === 0 ? Number.NaN : s.compute_s.max,
  };
}

export interface RealtimeOptions {
  /** Stop before the first deadline at or after this much clock time (s). @default run until the task ends or the signal aborts */
  readonly duration_s?: number;
  /** Stops the run, also during a sleep. */
  readonly signal?: AbortSignal;
  /** Called after every tick (telemetry, watchdogs); keep it short, it delays the next tick. */
  readonly onTick?: (loop: LoopState, stats: RealtimeStats) => void;
  /** Statistics object to fill (read it live from elsewhere). @default a new one */
  readonly stats?: RealtimeStats;
  /**
   * Clock time of the first deadline (a schedule resumed at another rate: the last tick's time +
   * the new period). A time already past counts as lateness, as any late deadline. @default now
   */
  readonly start_s?: number;
  /**
   * Seconds on the clock that times each tick's compute. On simulated time (a ROS /clock that
   * stands still while the tick computes) give wall time, or every tick computes in 0 ms.
   * @default the run's clock
   */
  readonly computeClock?: () => number;
}

/**
 * An abort reason that is a normal end, not an interruption: a launch's --duration-s reached, or
 * the node a launch waits for (on_exit: shutdown) finished. Summaries say what it says.
 */
export class StopRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StopRequest';
  }
}

/** What stopped a run, in words: the StopRequest's reason for an abort that was a normal end, else the stop. */
export function describeStop(stop: RealtimeStop | null, signal: AbortSignal | undefined): string {
  if (stop === 'abort' && signal?.reason instanceof StopRequest) return signal.reason.message;
  return stop ?? 'not started';
}

/**
 * Runs `loop` (from `createLoop(body, controller, task, { controlRate_Hz })`, body and
 * controller already reset) in real time on `clock`, one tick per control period; see the
 * module doc. Resolves with the summary once it stops.
 */
export async function runRealtime(loop: LoopState, clock: Clock, opts: RealtimeOptions = {}): Promise<RealtimeSummary> {
  const T = loop.period_s;
  const D = opts.duration_s;
  if (D !== undefined && !(D > 0 && D <= Infinity)) throw new RangeError(`runRealtime: duration_s must be a time > 0 s, got ${D}`);
  if (loop.status !== 'running') throw new RangeError(`runRealtime: the episode already ended (${loop.status}); reset the body and make a new loop`);
  const stats = opts.stats ?? createRealtimeStats();
  const signal = opts.signal;
  // First deadline index at or past the duration: deadlines 0 … kEnd − 1 are run or skipped.
  const kEnd = D === undefined || D === Infinity ? Infinity : firstReached(T, D);
  const t0 = opts.start_s ?? clock.now_s();
  if (!Number.isFinite(t0)) throw new RangeError(`runRealtime: start_s must be a finite time, got ${t0}`);
  let prevStart = Number.NaN;
  let k = 0;
  const computeNow = opts.computeClock ?? (() => clock.now_s());
  const stop = (why: RealtimeStop): RealtimeSummary => {
    stats.stop = why;
    return summarizeRealtime(stats);
  };
  for (;;) {
    if (signal?.aborted) return stop('abort');
    if (k >= kEnd) return stop('duration');
    let due = t0 + k * T;
    await clock.sleepUntil(due, signal);
    if (signal?.aborted) return stop('abort');
    const start = clock.now_s();
    const late = start - due;
    if (late > T + TIME_TOLERANCE_s) {
      const n = Math.floor((late + TIME_TOLERANCE_s) / T);
      stats.overruns++;
      stats.skipped += Math.min(k + n, kEnd) - k;
      k += n;
      if (k >= kEnd) return stop('duration');
      due = t0 + k * T;
    }
    pushSample(stats.lateness_s, start - due);
    if (!Number.isNaN(prevStart)) pushSample(stats.period_s, start - prevStart);
    prevStart = start;
    const computeStart = computeNow();
    let status: EpisodeStatus;
    try {
      status = controlTick(loop);
    } catch (e) {
      if (!(e instanceof NonFiniteObservationError)) throw e;
      stats.error = e.message;
      return stop('error');
    }
    pushSample(stats.compute_s, computeNow() - computeStart);
    stats.ticks++;
    opts.onTick?.(loop, stats);
    if (status !== 'running') return stop(status);
    k++;
  }
}

/** The smallest k with k·T ≥ D (within the time tolerance). */
function firstReached(T: number, D: number): number {
  let k = Math.max(0, Math.floor(D / T) - 1);
  while (k > 0 && timeReached((k - 1) * T, D)) k--;
  while (!timeReached(k * T, D)) k++;
  return k;
}
