/**
 * Benchmark cases `round-trip-*`: the time from a robot publishing its sensors to the
 * controller's command arriving back at it, through the in-process graph. The controller node
 * runs on sim time (use_sim_time) with the `drone` profile; the robot publishes odometry, a
 * 37-beam scan and `/clock` (one control period on), then waits for `cmd_vel` — lockstep, as
 * `ros sim --lockstep` drives a controller — so each round trip is the bridge alone: delivery
 * (the graph's message snapshot and queue), the clock wake-up of the real-time runner,
 * observe/act/command and the delivery of the command. Wall time from just before the scan is
 * published to the `cmd_vel` callback; median, p99 and max over `trips` after `warmup`.
 */
import { percentilesOf } from '../../controllers/metrics/percentiles.js';
import { runControllerNode } from '../../bridges/ros2/nodes/controllerNode.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import { createInProcessGraph } from '../../bridges/ros2/transport/inProcessTransport.js';
import type { BenchRow } from '../suite.js';
import { benchController } from './benchControllers.js';
import { odometryMessages, scanMessages } from './sensorMessages.js';

export interface RoundTripCase {
  readonly case: string;
  /** 'fixed' or a controller preset id. */
  readonly controller: string;
  readonly rate_hz: number;
  readonly trips: number;
  readonly warmup: number;
}

const VARIANTS = 64;

export async function runRoundTrip(c: RoundTripCase): Promise<BenchRow> {
  const profile = loadProfile('drone');
  const controller = benchController(c.controller, profile, c.rate_hz);
  const graph = createInProcessGraph();
  const robot = await graph.createNode({ name: 'robot' });
  const node = await graph.createNode({ name: 'spikeloop_controller', rosArgs: ['-p', 'use_sim_time:=true'] });
  const odomPub = robot.publisher('odom', 'nav_msgs/msg/Odometry', 'sensor_data');
  const scanPub = robot.publisher('scan', 'sensor_msgs/msg/LaserScan', 'sensor_data');
  const clockPub = robot.publisher('/clock', 'rosgraph_msgs/msg/Clock', 'reliable');
  let arrived: (() => void) | null = null;
  let arrival_ms = 0;
  let commands = 0;
  robot.subscribe('cmd_vel', 'geometry_msgs/msg/Twist', () => {
    arrival_ms = performance.now();
    commands++;
    arrived?.();
  });
  const odoms = odometryMessages(VARIANTS, 3);
  const scans = scanMessages(VARIANTS, 4);
  const stop = new AbortController();
  const done = runControllerNode({ node, profile, controller, rate_hz: c.rate_hz, log: () => {}, signal: stop.signal });
  const period_ns = BigInt(Math.round(1e9 / c.rate_hz));
  const samples = new Float64Array(c.trips);
  for (let k = 0; k < c.warmup + c.trips; k++) {
    const t = BigInt(k) * period_ns;
    const answered = new Promise<void>((r) => (arrived = r));
    const before = commands;
    const t0 = performance.now();
    scanPub.publish(scans[k % VARIANTS]);
    odomPub.publish(odoms[k % VARIANTS]);
    clockPub.publish({ clock: { sec: Number(t / 1_000_000_000n), nanosec: Number(t % 1_000_000_000n) } });
    await answered;
    arrived = null;
    if (commands !== before + 1) throw new Error(`round-trip: expected one command per step, got ${commands - before}`);
    if (k >= c.warmup) samples[k - c.warmup] = arrival_ms - t0;
  }
  stop.abort();
  const summary = await done;
  await graph.flush();
  await graph.shutdown();
  const p = percentilesOf(samples)!;
  const us = (ms: number) => ms * 1000;
  return {
    case: c.case,
    controller: c.controller,
    profile: 'drone',
    rate_hz: c.rate_hz,
    trips: c.trips,
    rtt_us_median: us(p.p50),
    rtt_us_p90: us(p.p90),
    rtt_us_p99: us(p.p99),
    rtt_us_max: us(p.max),
    rtt_us_mean: us(p.mean),
    ticks: summary.ticks,
    safe_commands: summary.safeCommands,
  };
}
