/**
 * Benchmark cases `bridge-step-<profile>`: the latency the ROS bridge adds to one control step,
 * without any transport. Per step, as the controller node runs it on a robot:
 *   deliver  the subscription callbacks of the profile's required inputs get a new message each
 *            (odometry and a 37-beam scan; PX4: vehicle odometry in NED/FRD and the scan);
 *   observe  RosBody.observe: decode every input into the sensor channels (field paths, the
 *            scan reduced to 37 sectors by minimum, PX4's NED → ENU / FRD → FLU conversions),
 *            staleness and bad-data checks of the safety layer, constants;
 *   act      GuardedController around a controller that writes a fixed command (the safety
 *            layer's check, no controller cost);
 *   command  RosBody.command: finite checks of the action, filling the outgoing messages (Twist;
 *            PX4: trajectory_setpoint with the FLU → NED world rotation by the heading, and the
 *            offboard_control_mode heartbeat, both stamped) and publishing them (a no-op here).
 * ROS time advances one control period per step, so inputs are fresh and the safe command never
 * goes out. Figures: per-step wall time over `steps` timed steps after `warmup` untimed ones
 * (median, p99, max; each step timed alone with performance.now(), whose own cost ~0.1 µs is in
 * the figure), the mean of an untimed pass of the same length, and bytes of heap allocated per
 * step in that pass (heapUsed growth over segments of 5 000 steps, each after a full GC; needs
 * `node --expose-gc`, as `npm run bench` runs): the median segment's (steady state — one
 * segment that happened to include an optimisation or a scavenge does not count) and the mean.
 */
import { percentilesOf } from '../../controllers/metrics/percentiles.js';
import { zeroMessage } from '../../bridges/ros2/mapping/zeroMessage.js';
import { loadProfile } from '../../bridges/ros2/profiles/registry.js';
import { RosBody } from '../../bridges/ros2/rosBody.js';
import { GuardedController } from '../../bridges/ros2/safety/guardedController.js';
import { createSafetyState, isUnsafe } from '../../bridges/ros2/safety/safetyState.js';
import { allocateChannels } from '../../loop/channels.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds } from '../suite.js';
import { fixedCommand } from './benchControllers.js';
import { NoopNode } from './noopNode.js';
import { messagesOfType, SCAN_BEAMS } from './sensorMessages.js';

export interface BridgeStepCase {
  /** A built-in drone profile: 'drone', 'px4', … */
  readonly profile: string;
  readonly steps: number;
  readonly warmup: number;
}

/** Distinct messages cycled through per input (so decoding sees changing values). */
const VARIANTS = 64;
/** Steps between the GCs of the untimed pass. */
const SEGMENT = 5000;

export function runBridgeStep(c: BridgeStepCase): BenchRow {
  const profile = loadProfile(c.profile);
  const node = new NoopNode();
  let transitions = 0;
  const safety = createSafetyState(() => transitions++);
  const body = new RosBody(node, profile, safety, zeroMessage);
  const controller = new GuardedController(fixedCommand(profile), safety);
  const obs = allocateChannels(body.sensors);
  const action = allocateChannels(body.actuators);
  const period_s = 1 / profile.profile.rate_hz;
  const period_ns = BigInt(Math.round(period_s * 1e9));
  const required = profile.inputs.filter((i) => i.spec.required);
  const callbacks = required.map((i) => node.callbackOf(i.spec.topic));
  const messages = required.map((i, k) => {
    const m = messagesOfType(i.spec.type, VARIANTS, 17 + k);
    if (m === null) throw new RangeError(`bridge-step: profile '${c.profile}' requires ${i.spec.topic} (${i.spec.type}), which this benchmark has no messages for`);
    return m;
  });
  // ROS time of each step, precomputed: the harness allocates nothing inside the measured passes
  const times = Array.from({ length: VARIANTS }, (_, k) => BigInt(k + 1) * period_ns);
  let k = 0;
  const step = (): void => {
    const v = k % VARIANTS;
    // messages arrive at the step's time, so their age at observe is 0 (time may wrap: only ages matter)
    node.time_ns = times[v]!;
    for (let i = 0; i < callbacks.length; i++) callbacks[i]!(messages[i]![v]);
    body.observe(obs);
    controller.act(obs, 0, period_s, action);
    body.command(action);
    k++;
  };
  for (let i = 0; i < c.warmup; i++) step();
  const samples = new Float64Array(c.steps);
  for (let i = 0; i < c.steps; i++) {
    const t0 = performance.now();
    step();
    samples[i] = performance.now() - t0;
  }
  // Untimed pass in segments, each after a full GC: no collection runs inside a segment (it
  // would shrink heapUsed and hide allocation) unless a step allocated kilobytes.
  const gc = (globalThis as { gc?: () => void }).gc;
  let wall = 0;
  let heapDelta = 0;
  const segmentBytes: number[] = [];
  for (let done = 0; done < c.steps; done += SEGMENT) {
    const n = Math.min(SEGMENT, c.steps - done);
    gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const w0 = nowSeconds();
    for (let i = 0; i < n; i++) step();
    wall += nowSeconds() - w0;
    const grew = Math.max(0, process.memoryUsage().heapUsed - heap0);
    heapDelta += grew;
    segmentBytes.push(grew / n);
  }
  if (isUnsafe(safety) || body.safeCommands > 0) throw new Error(`bridge-step ${c.profile}: the safety layer tripped (${[...safety.faults.values()].join('; ')}); the benchmark must run healthy steps`);
  const p = percentilesOf(samples)!;
  const us = (ms: number) => ms * 1000;
  body.close();
  return {
    case: `bridge-step-${c.profile}`,
    profile: c.profile,
    inputs: required.map((i) => `${i.spec.topic} (${i.spec.type.split('/').pop()})`).join(' + '),
    outputs: [...profile.outputs, ...profile.heartbeats].map((o) => `${o.spec.topic} (${o.spec.type.split('/').pop()})`).join(' + '),
    scan_beams: SCAN_BEAMS,
    sensor_floats: body.sensors.reduce((a, s) => a + s.size, 0),
    steps: c.steps,
    us_per_step_median: us(p.p50),
    us_per_step_p99: us(p.p99),
    us_per_step_max: us(p.max),
    us_per_step_mean_untimed: (wall * 1e6) / c.steps,
    heap_bytes_per_step: gc ? percentilesOf(segmentBytes)!.p50 : null,
    heap_bytes_per_step_mean: gc ? heapDelta / c.steps : null,
    published_per_step: node.published / k,
  };
}
