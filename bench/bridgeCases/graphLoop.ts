/**
 * Benchmark cases `graph-loop-*`: the in-process ROS graph running in real time on wall clock.
 * A robot node publishes odometry and a 37-beam scan at `robotRate_hz` (deadline-scheduled on
 * the wall clock, as the real-time runner schedules ticks) and the controller node
 * (bridges/ros2/nodes/controllerNode.ts: real-time runner, RosBody, safety, watchdog,
 * diagnostics) controls it at `rate_hz` with the `drone` profile for `duration_s`, its command
 * going back to the robot on `cmd_vel`. Both nodes, the graph's delivery and the timers share
 * one thread, as they do under `spikeloop launch`.
 *
 * Figures: ticks run and the achieved tick rate (ticks / duration), the runner's own period
 * mean and standard deviation (the jitter), p99 of |period − T|, lateness of tick starts after
 * their deadlines (mean, p99, max), compute time per tick (mean, p99), overruns (times the loop
 * fell more than a period behind and skipped deadlines) and deadlines skipped, safe commands
 * (the first ticks, before the first sensor message arrives, are safe ones), and the robot's
 * achieved publishing rate. The runner's lateness is measured after it skipped the deadlines it
 * missed, so it stays below one period; `wake_late_*` is the delay after the deadline it slept
 * for (lateness + skipped · T), which shows the stalls. The controller side and its per-tick
 * samples: graphLoopController.ts.
 *
 * `busyMain` makes the main thread busy the way a heavy DDS callback, a viewer frame or a log
 * flush would: a synchronous task of `busy_ms` every `every_ms` (a timer on the main thread).
 * `loopThread: 'worker'` runs the controller node in a worker thread on a proxy of its node
 * (bridges/ros2/worker/runInWorker.ts, as `ros controller --loop-thread worker` does); the
 * robot, the graph and the busy task stay on the main thread.
 */
import { percentilesOf } from '../../controllers/metrics/percentiles.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import { DEFAULT_SPIN_ms, wallClock } from '../../loop/clock.js';
import { runInWorker, siblingModule } from '../../bridges/ros2/worker/runInWorker.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds } from '../suite.js';
import type { GraphLoopControllerArgs, GraphLoopControllerRun } from './graphLoopController.js';
import { graphLoopControllerEntry } from './graphLoopController.js';
import { odometryMessages, scanMessages } from './sensorMessages.js';

export interface GraphLoopCase {
  readonly case: string;
  /** 'fixed' or a controller preset id. */
  readonly controller: string;
  readonly rate_hz: number;
  readonly robotRate_hz: number;
  readonly duration_s: number;
  /** Wall-clock pacing: poll the last this many ms before each deadline; 0 = timers only (loop/clock.ts). @default DEFAULT_SPIN_ms */
  readonly spin_ms?: number;
  /** A synchronous task of busy_ms on the main thread every every_ms (see the module doc). */
  readonly busyMain?: { readonly every_ms: number; readonly busy_ms: number };
  /** Where the controller node's loop runs. @default 'main' */
  readonly loopThread?: 'main' | 'worker';
}

const VARIANTS = 64;

export async function runGraphLoop(c: GraphLoopCase): Promise<BenchRow> {
  const spin_ms = c.spin_ms ?? DEFAULT_SPIN_ms;
  const loopThread = c.loopThread ?? 'main';
  const graph = createInProcessGraph();
  const robot = await graph.createNode({ name: 'robot' });
  const node = await graph.createNode({ name: 'spikeloop_controller' });
  const odomPub = robot.publisher('odom', 'nav_msgs/msg/Odometry', 'sensor_data');
  const scanPub = robot.publisher('scan', 'sensor_msgs/msg/LaserScan', 'sensor_data');
  let commands = 0;
  robot.subscribe('cmd_vel', 'geometry_msgs/msg/Twist', () => void commands++);
  const odoms = odometryMessages(VARIANTS, 1);
  const scans = scanMessages(VARIANTS, 2);

  const robotStop = new AbortController();
  let published = 0;
  let robotWall_s = 0;
  const robotLoop = (async () => {
    const clock = wallClock({ spin_ms });
    const t0 = clock.now_s();
    for (let k = 0; !robotStop.signal.aborted; k++) {
      await clock.sleepUntil(t0 + k / c.robotRate_hz, robotStop.signal);
      if (robotStop.signal.aborted) break;
      odomPub.publish(odoms[k % VARIANTS]);
      scanPub.publish(scans[k % VARIANTS]);
      published++;
    }
    robotWall_s = clock.now_s() - t0;
  })();
  // The busy main thread: a synchronous task every every_ms.
  let busyTasks = 0;
  const busy =
    c.busyMain &&
    setInterval(() => {
      const until = performance.now() + c.busyMain!.busy_ms;
      while (performance.now() < until);
      busyTasks++;
    }, c.busyMain.every_ms);
  // Sensors flowing before the first tick, so the loop starts healthy.
  await new Promise((r) => setTimeout(r, 50));

  const args: GraphLoopControllerArgs = { controller: c.controller, rate_hz: c.rate_hz, duration_s: c.duration_s, spin_ms };
  const ctx = { signal: new AbortController().signal, log: () => {} };
  const t0 = nowSeconds();
  const run: GraphLoopControllerRun =
    loopThread === 'worker'
      ? await runInWorker<GraphLoopControllerArgs, GraphLoopControllerRun>({ node, entry: { module: siblingModule(import.meta.url, './graphLoopController'), export: 'graphLoopControllerEntry' }, args, log: () => {} })
      : await graphLoopControllerEntry(node, args, ctx);
  const wall_s = nowSeconds() - t0;
  if (busy) clearInterval(busy);
  robotStop.abort();
  await robotLoop;
  await graph.flush();
  await graph.shutdown();

  const summary = run.summary;
  const T = 1 / c.rate_hz;
  const ms = (s: number) => s * 1000;
  const late = percentilesOf(run.lateness_s)!;
  const wake = percentilesOf(run.lateness_s.map((l, i) => l + run.skippedBefore[i]! * T))!;
  const dev = percentilesOf(run.period_s.map((p) => Math.abs(p - T)))!;
  const comp = percentilesOf(run.compute_s)!;
  return {
    case: c.case,
    controller: c.controller,
    profile: 'drone',
    rate_hz: c.rate_hz,
    robot_rate_hz: c.robotRate_hz,
    duration_s: c.duration_s,
    spin_ms,
    loop_thread: loopThread,
    busy_main: c.busyMain ? `${c.busyMain.busy_ms} ms every ${c.busyMain.every_ms} ms` : 'no',
    busy_tasks: busyTasks,
    wall_s,
    ticks: summary.ticks,
    ticks_per_s: summary.ticks / c.duration_s,
    period_mean_ms: ms(summary.periodMean_s),
    period_std_ms: ms(summary.periodStd_s),
    period_abs_dev_p99_ms: ms(dev.p99),
    wake_late_p99_ms: ms(wake.p99),
    wake_late_max_ms: ms(wake.max),
    lateness_mean_ms: ms(late.mean),
    lateness_p99_ms: ms(late.p99),
    p99_lateness_us: late.p99 * 1e6,
    p99_jitter_us: dev.p99 * 1e6,
    lateness_max_ms: ms(late.max),
    compute_mean_ms: ms(comp.mean),
    compute_p99_ms: ms(comp.p99),
    overruns: summary.overruns,
    deadlines_skipped: summary.skipped,
    safe_commands: summary.safeCommands,
    commands_received: commands,
    robot_msgs_per_s: published / robotWall_s,
    safety_events: run.safetyEvents,
  };
}
