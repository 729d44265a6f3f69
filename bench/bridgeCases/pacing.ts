/**
 * Benchmark cases `pace-1khz-*`: the wall clock's pacing alone (loop/clock.ts), no graph and no
 * controller — a deadline-scheduled loop at `rate_hz` for `duration_s`, each wake-up's lateness
 * after its deadline recorded; a wake-up more than a period late skips the deadlines it missed,
 * as the real-time runner does. Compares the finishing modes: sleep + `Atomics.wait` (default),
 * sleep + `setImmediate` polling, timers only.
 */
import { percentilesOf } from '../../controllers/metrics/percentiles.js';
import { wallClock } from '../../loop/clock.js';
import type { BenchRow } from '../suite.js';

export interface PacingCase {
  readonly case: string;
  readonly rate_hz: number;
  readonly duration_s: number;
  readonly spin_ms: number;
  readonly finish: 'wait' | 'poll';
}

export async function runPacing(c: PacingCase): Promise<BenchRow> {
  const clock = wallClock({ spin_ms: c.spin_ms, finish: c.finish });
  const T = 1 / c.rate_hz;
  const t0 = clock.now_s() + 0.01;
  const late = new Float64Array(Math.ceil(c.duration_s * c.rate_hz) + 1);
  let n = 0;
  let skipped = 0;
  for (let k = 0; ; ) {
    const due = t0 + k * T;
    if (due >= t0 + c.duration_s) break;
    await clock.sleepUntil(due);
    const l = clock.now_s() - due;
    late[n++] = l;
    const miss = Math.floor(l / T);
    skipped += miss;
    k += miss + 1;
  }
  const p = percentilesOf(late.subarray(0, n))!;
  return {
    case: c.case,
    rate_hz: c.rate_hz,
    spin_ms: c.spin_ms,
    finish: c.spin_ms > 0 ? c.finish : 'timers',
    duration_s: c.duration_s,
    ticks_per_s: n / c.duration_s,
    deadlines_skipped: skipped,
    p50_lateness_us: p.p50 * 1e6,
    p99_lateness_us: p.p99 * 1e6,
    max_lateness_us: p.max * 1e6,
  };
}
