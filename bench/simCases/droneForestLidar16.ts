/**
 * Benchmark case `drone-forest-lidar16`: a Crazyflie 2.x under the onboard velocity controller
 * among 100 static cylinders (FOREST_100), physics at 240 Hz, a 50 Hz control loop that reads
 * odometry, IMU and a 16-beam lidar every period and steers with a fixed reactive rule
 * (fly forward at 1 m/s, turn toward the freer side, head back toward the centre when far out)
 * so the drone keeps moving through the trees.
 *
 * Figures: physics steps per wall second and the real-time factor (simulated / wall seconds);
 * the split between physics stepping and sensing; the lidar scan cost with the analytic ray scene
 * against cannon-es' `World.raycastClosest` for the same 16 beams; physics-only throughput with
 * cannon-es' NaiveBroadphase and SAPBroadphase for comparison with the static-dynamic broadphase,
 * and without any trees (what the per-body loops over static bodies cost).
 */
import * as CANNON from 'cannon-es';
import { allocateChannels } from '../../loop/channels.js';
import type { Channels } from '../../loop/channels.js';
import { hashNumbers, hashWorldState } from '../../sim/world/stateHash.js';
import { QuadrotorBody } from '../../sim/quadrotor/quadrotorBody.js';
import { hoverRpm, CRAZYFLIE_2X } from '../../sim/quadrotor/airframe.js';
import { forest, FOREST_100 } from '../../sim/world/forestLayout.js';
import type { BroadphaseKind } from '../../sim/world/simWorld.js';
import { LIDAR_16, beamAngle } from '../../sim/sensors/lidar.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds } from '../suite.js';

const CONTROL_DT_S = 1 / 50;

/** The benchmark body: Crazyflie 2.x, velocity level, FOREST_100, 16-beam lidar, starting in hover at 1 m. */
export function makeForestDrone(broadphase: BroadphaseKind = 'static-dynamic', trees = true): QuadrotorBody {
  return new QuadrotorBody({
    control: { level: 'velocity' },
    ...(trees ? { layout: forest(FOREST_100) } : {}),
    start: { position_m: [0, 0, 1], initialRpm: hoverRpm(CRAZYFLIE_2X) },
    sensors: { lidar: LIDAR_16 },
    world: { broadphase },
  });
}

/**
 * The fixed reactive rule (allocation-free): forward at 1 m/s unless something is within 0.6 m
 * ahead, yaw toward the side with more clearance, head back to the centre beyond 9 m, hold 1 m.
 */
export function forestPolicy(obs: Channels, act: Channels): void {
  const lidar = obs['lidar']!;
  const pos = obs['odom_position']!;
  const q = obs['odom_orientation']!;
  const n = lidar.length;
  let left = 0;
  let right = 0;
  let front = Infinity;
  for (let i = 0; i < n; i++) {
    const r = lidar[i]! === Infinity ? LIDAR_16.rangeMax_m : Math.max(0, lidar[i]!);
    const ang = beamAngle(LIDAR_16, i);
    if (ang > 0 && ang < Math.PI) left += r;
    else if (ang < 0 && ang > -Math.PI) right += r;
    if (Math.abs(ang) < Math.PI / 4) front = Math.min(front, r);
  }
  const yaw = Math.atan2(2 * (q[3]! * q[2]! + q[0]! * q[1]!), 1 - 2 * (q[1]! * q[1]! + q[2]! * q[2]!));
  let yawRate = (0.3 * (left - right)) / n;
  if (Math.hypot(pos[0]!, pos[1]!) > 9) {
    const home = Math.atan2(-pos[1]!, -pos[0]!);
    yawRate = 1.5 * Math.atan2(Math.sin(home - yaw), Math.cos(home - yaw));
  }
  const lin = act['cmd_linear']!;
  lin[0] = front < 0.6 ? 0 : 1;
  lin[1] = 0;
  lin[2] = 1 - pos[2]!; // hold 1 m
  act['cmd_yaw_rate']![0] = Math.max(-1.5, Math.min(1.5, yawRate));
}

/**
 * Runs the closed loop for `sim_s` from `reset(seed)` and returns a hash of every observation
 * and of the final world state: equal hashes mean bit-identical rollouts (determinism tests).
 */
export function forestRolloutHash(body: QuadrotorBody, seed: number, sim_s: number): string {
  body.reset(seed);
  const obs = allocateChannels(body.sensors);
  const act = allocateChannels(body.actuators);
  const names = body.sensors.map((s) => s.name);
  const trace: number[] = [];
  const periods = Math.round(sim_s / CONTROL_DT_S);
  for (let k = 0; k < periods; k++) {
    body.observe(obs);
    for (const n of names) for (const x of obs[n]!) trace.push(x);
    forestPolicy(obs, act);
    body.command(act);
    body.advance(CONTROL_DT_S);
  }
  return `${hashNumbers(trace)}-${hashWorldState(body.world.world)}`;
}

/** Runs `sim_s` seconds of the closed loop; returns wall seconds split into observe and advance. */
function runLoop(body: QuadrotorBody, sim_s: number, timed: boolean): { wall: number; observe: number; advance: number } {
  const obs = allocateChannels(body.sensors);
  const act = allocateChannels(body.actuators);
  const periods = Math.round(sim_s / CONTROL_DT_S);
  let observe = 0;
  let advance = 0;
  const t0 = nowSeconds();
  for (let k = 0; k < periods; k++) {
    const a = timed ? nowSeconds() : 0;
    body.observe(obs);
    const b = timed ? nowSeconds() : 0;
    forestPolicy(obs, act);
    body.command(act);
    body.advance(CONTROL_DT_S);
    if (timed) {
      const c = nowSeconds();
      observe += b - a;
      advance += c - b;
    }
  }
  return { wall: nowSeconds() - t0, observe, advance };
}

/** µs per 16-beam scan: the analytic scene vs cannon-es World.raycastClosest, same rays. */
function scanCosts(body: QuadrotorBody, scans: number): { analytic_us: number; cannon_us: number; maxDiff_m: number } {
  const obs = allocateChannels(body.sensors);
  const lidar = obs['lidar']!;
  const drone = body.quadrotor.body;
  const world = body.world.world;
  const from = new CANNON.Vec3();
  const to = new CANNON.Vec3();
  const result = new CANNON.RaycastResult();
  const dir = new CANNON.Vec3();
  const cannonRanges = new Float64Array(LIDAR_16.beams);
  const opts = { skipBackfaces: true, collisionFilterMask: -1 };
  const cannonScan = () => {
    from.copy(drone.position);
    for (let i = 0; i < LIDAR_16.beams; i++) {
      const a = beamAngle(LIDAR_16, i);
      drone.quaternion.vmult(dir.set(Math.cos(a), Math.sin(a), 0), dir);
      to.set(from.x + dir.x * LIDAR_16.rangeMax_m, from.y + dir.y * LIDAR_16.rangeMax_m, from.z + dir.z * LIDAR_16.rangeMax_m);
      result.reset();
      // The drone's own shape would be hit first; cannon-es has no per-body exclusion, so
      // temporarily disable its collision response (checkCollisionResponse skips it).
      drone.collisionResponse = false;
      world.raycastClosest(from, to, opts, result);
      drone.collisionResponse = true;
      cannonRanges[i] = result.hasHit ? result.distance : Infinity;
    }
  };
  const sensor = () => body.observe(obs);
  for (let k = 0; k < 200; k++) {
    sensor();
    cannonScan();
  }
  let t0 = nowSeconds();
  for (let k = 0; k < scans; k++) sensor();
  const observeAll = (nowSeconds() - t0) / scans;
  t0 = nowSeconds();
  for (let k = 0; k < scans; k++) cannonScan();
  const cannon = (nowSeconds() - t0) / scans;
  let maxDiff = 0;
  sensor();
  cannonScan();
  for (let i = 0; i < LIDAR_16.beams; i++) {
    const a = lidar[i]!, b = cannonRanges[i]!;
    if (Number.isFinite(a) && Number.isFinite(b)) maxDiff = Math.max(maxDiff, Math.abs(a - b));
    else if (Number.isFinite(a) !== Number.isFinite(b)) maxDiff = Math.max(maxDiff, Infinity);
  }
  return { analytic_us: observeAll * 1e6, cannon_us: cannon * 1e6, maxDiff_m: maxDiff };
}

function physicsOnlyStepsPerSecond(broadphase: BroadphaseKind, sim_s: number, trees = true): number {
  const body = makeForestDrone(broadphase, trees);
  const act = allocateChannels(body.actuators);
  act['cmd_linear']!.set([0.5, 0, 0]);
  body.command(act);
  body.advance(0.5);
  const s0 = body.world.steps;
  const t0 = nowSeconds();
  body.advance(sim_s);
  return (body.world.steps - s0) / (nowSeconds() - t0);
}

export async function runDroneForestLidar16(quick: boolean): Promise<BenchRow> {
  const sim_s = quick ? 10 : 120;
  const body = makeForestDrone('static-dynamic');
  body.reset(1);
  runLoop(body, quick ? 10 : 30, false); // JIT warm-up (the first simulated seconds run unoptimised code), not timed
  // The machine is shared: take the fastest of a few identical runs (least disturbed by other load).
  const reps = quick ? 1 : 3;
  let whole = { wall: Infinity, observe: 0, advance: 0 };
  let steps = 0;
  for (let r = 0; r < reps; r++) {
    body.reset(1);
    const steps0 = body.world.steps;
    const run = runLoop(body, sim_s, false);
    steps = body.world.steps - steps0;
    if (run.wall < whole.wall) whole = run;
  }
  const collisions = body.quadrotor.obstacleContactSteps;
  const pos = body.quadrotor.body.position;
  // A second, instrumented run for the split (timer calls add a little overhead).
  body.reset(1);
  const split = runLoop(body, Math.min(sim_s, 30), true);
  const scans = scanCosts(body, quick ? 2000 : 20000);
  const phys_s = quick ? 3 : 20;
  const naive = physicsOnlyStepsPerSecond('naive', phys_s);
  const sap = physicsOnlyStepsPerSecond('sap', phys_s);
  const sd = physicsOnlyStepsPerSecond('static-dynamic', phys_s);
  const noTrees = physicsOnlyStepsPerSecond('static-dynamic', phys_s, false);
  const observeShare = split.observe / (split.observe + split.advance);
  return {
    case: 'drone-forest-lidar16',
    sim_s,
    physics_hz: 1 / body.world.fixedStep_s,
    control_hz: 1 / CONTROL_DT_S,
    obstacles: FOREST_100.count,
    lidar_beams: LIDAR_16.beams,
    repetitions: reps,
    wall_s: whole.wall,
    physics_steps_per_s: steps / whole.wall,
    realtime_factor: sim_s / whole.wall,
    us_per_physics_step: (whole.wall / steps) * 1e6,
    advance_share: 1 - observeShare,
    observe_share: observeShare,
    // Derived from the measurements: which half of the loop dominates, and how much of a bare
    // physics step the static trees cost (time per step with trees vs without).
    dominant: `${observeShare > 0.5 ? 'sensing' : 'physics'} (${(100 * Math.max(observeShare, 1 - observeShare)).toFixed(0)} % of the loop); static trees are ${(100 * (1 - sd / noTrees)).toFixed(0)} % of a bare physics step`,
    observe_us_per_call: scans.analytic_us, // odometry + IMU + 16-beam lidar
    cannon_raycast_scan_us: scans.cannon_us,
    lidar_max_diff_vs_cannon_m: scans.maxDiff_m,
    physics_only_steps_per_s_static_dynamic: sd,
    physics_only_steps_per_s_sap: sap,
    physics_only_steps_per_s_naive: naive,
    physics_only_steps_per_s_no_trees: noTrees,
    obstacle_contact_steps: collisions,
    final_distance_from_start_m: Math.hypot(pos.x, pos.y),
  };
}
