/**
 * Seeded layouts of the reaching task for a two-link planar arm: a start pose, a target in the
 * workspace and a spherical obstacle just beyond the target, drawn from the stream
 * `new Rng(seed, 'reach-layout')`.
 *
 * - Start: shoulder and elbow angles uniform in their ranges (elbow on the q_1 > 0 branch).
 * - Target: polar about the shoulder, distance ρ and elevation φ = atan2(z − z_s, x − x_s)
 *   uniform in their ranges, at least `minReach_m` from the start's tool point.
 * - Obstacle: a sphere whose surface lies `gap` beyond the target, in a direction within
 *   ±`obstacleBearing_rad` of the approach direction (start tool → target): a controller that
 *   overshoots the target by more than the gap (less the link's half-width) touches it.
 * - Accepted only if the start pose, the goal pose (elbow-below IK of the target) and two
 *   reference paths — the straight line in joint space and the straight line of the tool (IK
 *   at every sample) — keep the links `clearance_m` / `pathClearance_m` away from the sphere,
 *   and the sphere stays clear of the ground and the pedestal. So at least two collision-free
 *   ways to the target exist. Rejected draws are redrawn (deterministically) up to `maxTries`.
 */
import { Rng } from '../loop/rng.js';
import type { ArmParams } from '../sim/arm/armParams.js';
import type { SphereObstacle } from '../sim/world/obstacles.js';
import { planarPoints, requirePlanarArm, sphereClearance, twoLinkIk } from './planarArmGeometry.js';

export interface ArmReachLayoutParams {
  readonly startShoulder_rad: readonly [number, number];
  readonly startElbow_rad: readonly [number, number];
  /** Target distance from the shoulder. */
  readonly targetDistance_m: readonly [number, number];
  /** Target elevation about the shoulder (positive up). */
  readonly targetElevation_rad: readonly [number, number];
  /** Least distance between the start tool point and the target. */
  readonly minReach_m: number;
  readonly obstacleRadius_m: readonly [number, number];
  /** Target-to-obstacle-surface distance. */
  readonly obstacleGap_m: readonly [number, number];
  /** Largest angle between the approach direction and the target→obstacle direction. */
  readonly obstacleBearing_rad: number;
  /** Link clearance required at the start and goal poses. */
  readonly clearance_m: number;
  /** Link clearance required along both reference paths. */
  readonly pathClearance_m: number;
  /** Samples per reference path. */
  readonly pathSamples: number;
  readonly maxTries: number;
}

export const ARM_REACH_LAYOUT: ArmReachLayoutParams = {
  startShoulder_rad: [-0.6, 0.9],
  startElbow_rad: [0.5, 1.8],
  targetDistance_m: [0.22, 0.48],
  targetElevation_rad: [-1.1, 0.6],
  minReach_m: 0.12,
  obstacleRadius_m: [0.035, 0.055],
  obstacleGap_m: [0.05, 0.09],
  obstacleBearing_rad: 0.8,
  clearance_m: 0.03,
  pathClearance_m: 0.015,
  pathSamples: 24,
  maxTries: 2000,
};

export interface ArmReachLayout {
  /** Joint angles at reset (rad). */
  readonly startPose: Float64Array;
  /** Elbow-below IK solution of the target (rad). */
  readonly goalPose: Float64Array;
  /** Target tool position, world (m). */
  readonly target: readonly [number, number, number];
  readonly obstacle: SphereObstacle;
  /** Draws it took (1 = the first was accepted). */
  readonly tries: number;
}

/** Draws the layout of episode `seed` for the two-link planar arm `arm`. */
export function drawReachLayout(arm: ArmParams, seed: number, lp: ArmReachLayoutParams = ARM_REACH_LAYOUT): ArmReachLayout {
  requirePlanarArm(arm, 'drawReachLayout');
  if (arm.links.length !== 2) throw new RangeError(`drawReachLayout: arm '${arm.name}' has ${arm.links.length} links, expected 2`);
  const rng = new Rng(seed, 'reach-layout');
  const [sx, sy, sz] = arm.mount_m;
  const pts = new Float64Array(6);
  const q = new Float64Array(2);
  const start = new Float64Array(2);
  const goal = new Float64Array(2);
  for (let tries = 1; tries <= lp.maxTries; tries++) {
    start[0] = rng.range(lp.startShoulder_rad[0], lp.startShoulder_rad[1]);
    start[1] = rng.range(lp.startElbow_rad[0], lp.startElbow_rad[1]);
    const rho = rng.range(lp.targetDistance_m[0], lp.targetDistance_m[1]);
    const phi = rng.range(lp.targetElevation_rad[0], lp.targetElevation_rad[1]);
    const r = rng.range(lp.obstacleRadius_m[0], lp.obstacleRadius_m[1]);
    const gap = rng.range(lp.obstacleGap_m[0], lp.obstacleGap_m[1]);
    const bearing = rng.range(-lp.obstacleBearing_rad, lp.obstacleBearing_rad);
    const tx = sx + rho * Math.cos(phi);
    const tz = sz + rho * Math.sin(phi);
    planarPoints(arm, start, pts);
    const ex = pts[4]!;
    const ez = pts[5]!;
    const reach = Math.hypot(tx - ex, tz - ez);
    if (reach < lp.minReach_m || !twoLinkIk(arm, tx, tz, goal)) continue;
    if (!withinLimits(arm, goal)) continue;
    const approach = Math.atan2(tz - ez, tx - ex) + bearing;
    const cx = tx + (gap + r) * Math.cos(approach);
    const cz = tz + (gap + r) * Math.sin(approach);
    if (cz - r < 0.02 || cx - r < arm.pedestalWidth_m / 2 + 0.02) continue;
    if (sphereClearance(arm, planarPoints(arm, start, pts), cx, sy, cz, r) < lp.clearance_m) continue;
    if (sphereClearance(arm, planarPoints(arm, goal, pts), cx, sy, cz, r) < lp.clearance_m) continue;
    let ok = true;
    for (let k = 1; k < lp.pathSamples && ok; k++) {
      const s = k / lp.pathSamples;
      q[0] = start[0]! + s * (goal[0]! - start[0]!);
      q[1] = start[1]! + s * (goal[1]! - start[1]!);
      if (sphereClearance(arm, planarPoints(arm, q, pts), cx, sy, cz, r) < lp.pathClearance_m) ok = false;
      else if (!twoLinkIk(arm, ex + s * (tx - ex), ez + s * (tz - ez), q)) ok = false;
      else if (sphereClearance(arm, planarPoints(arm, q, pts), cx, sy, cz, r) < lp.pathClearance_m) ok = false;
    }
    if (!ok) continue;
    return {
      startPose: Float64Array.from(start),
      goalPose: Float64Array.from(goal),
      target: [tx, sy, tz],
      obstacle: { kind: 'sphere', center_m: [cx, sy, cz], radius_m: r },
      tries,
    };
  }
  throw new RangeError(`drawReachLayout: no admissible layout for seed ${seed} in ${lp.maxTries} draws; the layout ranges are too tight for arm '${arm.name}'`);
}

function withinLimits(arm: ArmParams, q: Float64Array): boolean {
  for (let i = 0; i < q.length; i++) {
    const l = arm.links[i]!;
    if (!(q[i]! > l.limitLower_rad && q[i]! < l.limitUpper_rad)) return false;
  }
  return true;
}
