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
 * for (lateness + skipped · T), which shows the stalls. Per-tick samples come from the runner's running
 * statistics read after every tick: Welford's update m_n = m_{n−1} + (x − m_{n−1})/n gives back
 * the sample x = m_{n−1} + n·(m_n − m_{n−1}) (error ≤ n·ulp(m), below 1e−15 s here), so the
 * runner itself is not changed to keep samples.
 */
import { percentilesOf } from '../../controllers/metrics/percentiles.js';
import { runControllerNode } from '../../bridges/ros2/nodes/controllerNode.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import { DEFAULT_SPIN_ms, wallClock } from '../../loop/clock.js';
import type { RunningStats } from '../../loop/runningStats.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds } from '../suite.js';
import { benchController } from './benchControllers.js';
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
}

/** Collects the last sample pushed into a RunningStats (see the module doc). */
class SampleTap {
  private prevMean = 0;
  private prevN = 0;
  readonly samples: number[] = [];
  constructor(private readonly stats: RunningStats) {}
  take(): void {
    const s = this.stats;
    if (s.n === this.prevN) return;
    if (s.n !== this.prevN + 1) throw new Error(`SampleTap: ${s.n - this.prevN} samples arrived between two reads; expected one per tick`);
    this.samples.push(s.n === 1 ? s.mean : this.prevMean + s.n * (s.mean - this.prevMean));
    this.prevMean = s.mean;
    this.prevN = s.n;
  }
}

const VARIANTS = 64;

export async function runGraphLoop(c: GraphLoopCase): Promise<BenchRow> {
  const spin_ms = c.spin_ms ?? DEFAULT_SPIN_ms;
  const profile = loadProfile('drone');
  const controller = benchController(c.controller, profile, c.rate_hz);
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
  // Sensors flowing before the first tick, so the loop starts healthy.
  await new Promise((r) => setTimeout(r, 50));

  let taps: { lateness: SampleTap; period: SampleTap; compute: SampleTap } | null = null;
  // Deadlines skipped before each tick: its wake-up delay after the deadline it first slept for.
  const skippedBefore: number[] = [];
  let skipped = 0;
  const log: string[] = [];
  const t0 = nowSeconds();
  const summary = await runControllerNode({
    node,
    profile,
    controller,
    rate_hz: c.rate_hz,
    duration_s: c.duration_s,
    spin_ms,
    log: (l) => void log.push(l),
    onTick: (_body, stats) => {
      taps ??= { lateness: new SampleTap(stats.lateness_s), period: new SampleTap(stats.period_s), compute: new SampleTap(stats.compute_s) };
      taps.lateness.take();
      taps.period.take();
      taps.compute.take();
      skippedBefore.push(stats.skipped - skipped);
      skipped = stats.skipped;
    },
  });
  const wall_s = nowSeconds() - t0;
  robotStop.abort();
  await robotLoop;
  await graph.flush();
  await graph.shutdown();

  const T = 1 / c.rate_hz;
  const ms = (s: number) => s * 1000;
  const late = percentilesOf(taps!.lateness.samples)!;
  const wake = percentilesOf(taps!.lateness.samples.map((l, i) => l + skippedBefore[i]! * T))!;
  const dev = percentilesOf(taps!.period.samples.map((p) => Math.abs(p - T)))!;
  const comp = percentilesOf(taps!.compute.samples)!;
  return {
    case: c.case,
    controller: c.controller,
    profile: 'drone',
    rate_hz: c.rate_hz,
    robot_rate_hz: c.robotRate_hz,
    duration_s: c.duration_s,
    spin_ms,
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
    safety_events: log.filter((l) => l.startsWith('SAFE')).length,
  };
}
