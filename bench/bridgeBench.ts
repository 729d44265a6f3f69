/**
 * `npm run bench -- bridge`: what the ROS 2 bridge costs, on one thread, without ROS 2.
 *  - `bridge-step-drone`, `bridge-step-px4`: the latency the bridge adds to a control step —
 *    mapping, safety and conversions (odometry + a 37-beam scan in, Twist or PX4 setpoint +
 *    heartbeat out) — with a no-op transport; median and p99 in µs, heap bytes per step
 *    (bridgeCases/bridgeStep.ts). The target: tens of microseconds.
 *  - `graph-loop-fixed-1khz`, `graph-loop-snn-50hz`, `graph-loop-snn-1khz`: the in-process graph
 *    in real time — a robot node publishing at 1 kHz, the controller node at 1 kHz with a
 *    trivial controller, and the spiking drone-avoid-snn at 50 Hz and 1 kHz: achieved tick rate,
 *    period jitter, p99 lateness, overruns (bridgeCases/graphLoop.ts). Paced by sleep-then-poll
 *    (loop/clock.ts, spin margin DEFAULT_SPIN_ms); the `-timers` rows pace by timers only, as
 *    before it, for comparison.
 *  - `pace-1khz-wait`, `pace-1khz-poll`, `pace-1khz-timers`: the wall clock's pacing alone at
 *    1 kHz in its three modes (bridgeCases/pacing.ts): achieved rate, lateness p50/p99/max.
 *  - `graph-loop-fixed-1khz-busy-main`, `…-busy-main-worker` (and the same at 50 Hz with
 *    drone-avoid-snn): the same graph with a main thread kept busy by a synchronous 3 ms task
 *    every 10 ms (what a heavy DDS callback, viewer frame or log flush does), the controller's
 *    loop on the main thread, then in a worker thread of its own (`--loop-thread worker`).
 *  - `round-trip-fixed`, `round-trip-snn-50hz`: sensors published → command back, in lockstep
 *    on sim time; median and p99 (bridgeCases/roundTrip.ts).
 *  - `replay-60s-flight`: `spikeloop replay` of a 60 s drone-avoid-snn flight recorded by
 *    `ros controller --record` (bridgeCases/replaySpeed.ts): `replay_x_realtime`.
 * `--mode step|realtime|round-trip|replay` runs one group of cases.
 */
import { runBridgeStep } from './bridgeCases/bridgeStep.js';
import { runGraphLoop } from './bridgeCases/graphLoop.js';
import { runPacing } from './bridgeCases/pacing.js';
import { runReplaySpeed } from './bridgeCases/replaySpeed.js';
import { runRoundTrip } from './bridgeCases/roundTrip.js';
import type { BenchRow, BenchSuite } from './suite.js';

function f(v: BenchRow[string], digits = 1): string {
  return typeof v === 'number' ? v.toFixed(digits) : String(v);
}

export const bridgeBench: BenchSuite = {
  name: 'bridge',
  description: 'ROS 2 bridge: added latency per control step (mapping + safety + conversion), the in-process graph at 1 kHz (rate, jitter, p99 lateness), sensor → command round trip',
  modes: ['step', 'realtime', 'round-trip', 'replay'],
  run: async ({ quick, log, mode }) => {
    const rows: BenchRow[] = [];
    const runs = (group: string) => mode === undefined || mode === group;
    for (const profile of runs('step') ? ['drone', 'px4'] : []) {
      const r = runBridgeStep({ profile, steps: quick ? 10_000 : 50_000, warmup: quick ? 5_000 : 20_000 });
      log(`${r.case}: ${f(r['us_per_step_median'], 2)} µs median, ${f(r['us_per_step_p99'], 2)} µs p99 per step (${f(r['us_per_step_mean_untimed'], 2)} µs mean untimed), ${f(r['heap_bytes_per_step'], 0)} B allocated per step`);
      rows.push(r);
    }
    for (const [name, spin_ms, finish] of [
      ['pace-1khz-wait', 1.5, 'wait'],
      ['pace-1khz-poll', 1.5, 'poll'],
      ['pace-1khz-timers', 0, 'wait'],
    ] as const) {
      if (!runs('realtime')) break;
      const r = await runPacing({ case: name, rate_hz: 1000, duration_s: quick ? 1 : 3, spin_ms, finish });
      log(`${name}: ${f(r['ticks_per_s'])} ticks/s of 1000; lateness p50 ${f(r['p50_lateness_us'], 0)} µs, p99 ${f(r['p99_lateness_us'], 0)} µs, max ${f(r['max_lateness_us'], 0)} µs; ${r['deadlines_skipped']} deadlines skipped`);
      rows.push(r);
    }
    const duration_s = quick ? 1 : 5;
    const busyMain = { every_ms: 10, busy_ms: 3 };
    for (const [name, controller, rate_hz, spin_ms, busy, loopThread] of [
      ['graph-loop-fixed-1khz', 'fixed', 1000, undefined, false, 'main'],
      ['graph-loop-fixed-1khz-timers', 'fixed', 1000, 0, false, 'main'],
      ['graph-loop-snn-50hz', 'drone-avoid-snn', 50, undefined, false, 'main'],
      ['graph-loop-snn-50hz-timers', 'drone-avoid-snn', 50, 0, false, 'main'],
      ['graph-loop-snn-1khz', 'drone-avoid-snn', 1000, undefined, false, 'main'],
      ['graph-loop-fixed-1khz-worker', 'fixed', 1000, undefined, false, 'worker'],
      ['graph-loop-fixed-1khz-busy-main', 'fixed', 1000, undefined, true, 'main'],
      ['graph-loop-fixed-1khz-busy-main-worker', 'fixed', 1000, undefined, true, 'worker'],
      ['graph-loop-snn-50hz-busy-main', 'drone-avoid-snn', 50, undefined, true, 'main'],
      ['graph-loop-snn-50hz-busy-main-worker', 'drone-avoid-snn', 50, undefined, true, 'worker'],
    ] as const) {
      if (!runs('realtime')) break;
      const r = await runGraphLoop({ case: name, controller, rate_hz, robotRate_hz: 1000, duration_s, loopThread, ...(busy ? { busyMain } : {}), ...(spin_ms !== undefined ? { spin_ms } : {}) });
      log(
        `${name}: ${f(r['ticks_per_s'])} ticks/s of ${rate_hz}; period ${f(r['period_mean_ms'], 3)} ± ${f(r['period_std_ms'], 3)} ms (p99 |dev| ${f(r['period_abs_dev_p99_ms'], 3)} ms); ` +
          `lateness p99 ${f(r['lateness_p99_ms'], 3)} ms (wake-up p99 ${f(r['wake_late_p99_ms'], 3)} ms, max ${f(r['wake_late_max_ms'], 3)} ms); compute ${f(r['compute_mean_ms'], 3)} ms; ${r['overruns']} overruns (${r['deadlines_skipped']} deadlines skipped)`,
      );
      rows.push(r);
    }
    for (const [name, controller, rate_hz] of [
      ['round-trip-fixed', 'fixed', 1000],
      ['round-trip-snn-50hz', 'drone-avoid-snn', 50],
    ] as const) {
      if (!runs('round-trip')) break;
      const trips = controller === 'fixed' ? (quick ? 2_000 : 10_000) : quick ? 300 : 1_500;
      const r = await runRoundTrip({ case: name, controller, rate_hz, trips, warmup: Math.round(trips / 5) });
      log(`${name}: ${f(r['rtt_us_median'])} µs median, ${f(r['rtt_us_p99'])} µs p99 from sensors published to cmd_vel received`);
      rows.push(r);
    }
    if (runs('replay')) {
      const r = await runReplaySpeed({ flight_s: 60, repeats: quick ? 1 : 3 });
      log(`${r.case}: ${f(r['flight_s'])} s of flight (${r['ticks']} ticks) replayed in ${f(r['replay_wall_s'], 2)} s wall, ${f(r['replay_cpu_s'], 2)} s CPU: ${f(r['replay_x_realtime'])}× real time (${f(r['replay_x_realtime_cpu'])}× per CPU second; the replay loop alone ${f(r['replay_loop_x_realtime'])}×); identical ${r['identical']}`);
      rows.push(r);
    }
    return rows;
  },
};
