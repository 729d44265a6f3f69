/**
 * Seeded layouts of the reaching task for a two-link planar arm: a start pose, a target in the
 * workspace and a spherical obstacle, drawn from the stream `new Rng(seed, 'reach-layout')`.
 *
 * - Start: shoulder and elbow angles uniform in their ranges (elbow on the q_1 > 0 branch).
 * - Target: polar about the shoulder, distance ρ and elevation φ = atan2(z − z_s, x − x_s)
 *   uniform in their ranges, at least `minReach_m` from the start's tool point.
 * - Obstacle, one of two placements (the 'path' one with probability `pathFraction`):
 *   'beyond' — the sphere's surface lies `gap` beyond the target, in a direction within
 *   ±`obstacleBearing_rad` of the approach direction (start tool → target): a controller that
 *   overshoots the target by more than the gap (less the link's half-width) touches it;
 *   'path' — the sphere blocks the straight tool path: where, within the fractions `pathAt` of
 *   the way, a straight joint-space motion takes the tool farthest from that line, the sphere
 *   reaches `pathDepth_m` across the line (tool capsule included) from the side away from the
 *   joint-space path; kept only if the straight tool path does hit it (some link's clearance
 *   < 0): a straight-line reach must swerve, a joint-space one need not. The start pose then
 *   only needs `pathClearance_m`.
 * - Accepted only if the start and goal poses (elbow-below IK of the target) keep the links
 *   `clearance_m` away from the sphere, the straight line in joint space keeps them
 *   `pathClearance_m` away (so a collision-free way to the target always exists), for 'beyond'
 *   also the straight line of the tool (IK at every sample), and the sphere stays clear of the
 *   ground and the pedestal. Rejected draws are redrawn (deterministically) up to `maxTries`.
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
  /** Probability of the 'path' placement. */
  readonly pathFraction: number;
  /** 'path': where along the tool line (fraction), and how far the sphere reaches across it. */
  readonly pathAt: readonly [number, number];
  readonly pathDepth_m: readonly [number, number];
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
  pathFraction: 0.5,
  pathAt: [0.3, 0.7],
  pathDepth_m: [0.005, 0.025],
  clearance_m: 0.03,
  pathClearance_m: 0.015,
  pathSamples: 24,
  maxTries: 10000,
};

/** Fractions probed along the tool line for the 'path' placement. */
const PATH_PROBES = 6;

export interface ArmReachLayout {
  /** Joint angles at reset (rad). */
  readonly startPose: Float64Array;
  /** Elbow-below IK solution of the target (rad). */
  readonly goalPose: Float64Array;
  /** Target tool position, world (m). */
  readonly target: readonly [number, number, number];
  readonly obstacle: SphereObstacle;
  readonly placement: 'beyond' | 'path';
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
  // The placement is drawn once, so rejections cannot bias the mix of placements.
  const onPath = rng.uniform() < lp.pathFraction;
  for (let tries = 1; tries <= lp.maxTries; tries++) {
    start[0] = rng.range(lp.startShoulder_rad[0], lp.startShoulder_rad[1]);
    start[1] = rng.range(lp.startElbow_rad[0], lp.startElbow_rad[1]);
    const rho = rng.range(lp.targetDistance_m[0], lp.targetDistance_m[1]);
    const phi = rng.range(lp.targetElevation_rad[0], lp.targetElevation_rad[1]);
    const r = rng.range(lp.obstacleRadius_m[0], lp.obstacleRadius_m[1]);
    const gap = rng.range(lp.obstacleGap_m[0], lp.obstacleGap_m[1]);
    const bearing = rng.range(-lp.obstacleBearing_rad, lp.obstacleBearing_rad);
    const depth = rng.range(lp.pathDepth_m[0], lp.pathDepth_m[1]);
    const tx = sx + rho * Math.cos(phi);
    const tz = sz + rho * Math.sin(phi);
    planarPoints(arm, start, pts);
    const ex = pts[4]!;
    const ez = pts[5]!;
    const reach = Math.hypot(tx - ex, tz - ez);
    if (reach < lp.minReach_m || !twoLinkIk(arm, tx, tz, goal)) continue;
    if (!withinLimits(arm, goal)) continue;
    const ux = (tx - ex) / reach;
    const uz = (tz - ez) / reach;
    let cx: number;
    let cz: number;
    if (onPath) {
      // Line point L and joint-path tool point J at the fraction where they are farthest apart;
      // the centre lies beyond L seen from J, so the sphere (grown by the link half-width)
      // covers L by `depth`.
      let nn = -1;
      let nx = 0;
      let nz = 0;
      let lx = 0;
      let lz = 0;
      for (let i = 0; i <= PATH_PROBES; i++) {
        const a = lp.pathAt[0] + ((lp.pathAt[1] - lp.pathAt[0]) * i) / PATH_PROBES;
        q[0] = start[0]! + a * (goal[0]! - start[0]!);
        q[1] = start[1]! + a * (goal[1]! - start[1]!);
        planarPoints(arm, q, pts);
        const px = ex + a * (tx - ex);
        const pz = ez + a * (tz - ez);
        const d = Math.hypot(px - pts[4]!, pz - pts[5]!);
        if (d > nn) {
          nn = d;
          nx = px - pts[4]!;
          nz = pz - pts[5]!;
          lx = px;
          lz = pz;
        }
      }
      if (nn < lp.pathClearance_m + depth) continue;
      const reachOut = r + arm.links[1]!.width_m / 2 - depth;
      cx = lx + (reachOut * nx) / nn;
      cz = lz + (reachOut * nz) / nn;
    } else {
      const approach = Math.atan2(uz, ux) + bearing;
      cx = tx + (gap + r) * Math.cos(approach);
      cz = tz + (gap + r) * Math.sin(approach);
    }
    if (cz - r < 0.02 || cx - r < arm.pedestalWidth_m / 2 + 0.02) continue;
    if (sphereClearance(arm, planarPoints(arm, start, pts), cx, sy, cz, r) < (onPath ? lp.pathClearance_m : lp.clearance_m)) continue;
    if (sphereClearance(arm, planarPoints(arm, goal, pts), cx, sy, cz, r) < lp.clearance_m) continue;
    let ok = true;
    let lineClearance = Infinity;
    for (let k = 1; k < lp.pathSamples && ok; k++) {
      const s = k / lp.pathSamples;
      q[0] = start[0]! + s * (goal[0]! - start[0]!);
      q[1] = start[1]! + s * (goal[1]! - start[1]!);
      if (sphereClearance(arm, planarPoints(arm, q, pts), cx, sy, cz, r) < lp.pathClearance_m) ok = false;
      else if (!twoLinkIk(arm, ex + s * (tx - ex), ez + s * (tz - ez), q)) ok = false;
      else lineClearance = Math.min(lineClearance, sphereClearance(arm, planarPoints(arm, q, pts), cx, sy, cz, r));
    }
    // 'beyond' keeps the tool line free; 'path' requires that it is blocked.
    if (!ok || (onPath ? lineClearance >= 0 : lineClearance < lp.pathClearance_m)) continue;
    return {
      startPose: Float64Array.from(start),
      goalPose: Float64Array.from(goal),
      target: [tx, sy, tz],
      obstacle: { kind: 'sphere', center_m: [cx, sy, cz], radius_m: r },
      placement: onPath ? 'path' : 'beyond',
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
