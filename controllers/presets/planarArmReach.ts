/**
 * What the reaching presets share: the channels they read and write, and the geometry they
 * compute from observations alone — for a planar arm whose joints all turn about the world +y
 * axis (the arm moves in the x–z plane), with joint positions from `joint_origin`, the tool from
 * `ee_position`, the target from `target_position` and the obstacle sphere from `obstacle`.
 *
 * Velocity of a point p from joint j's rate (ω = q̇_j ŷ, r = p − o_j):
 *   ṗ = ω × r = q̇_j · (r_z, 0, −r_x),
 * so column j of the tool's x–z Jacobian is (r_z, −r_x). No link lengths are needed.
 *
 * Obstacle reflex (an artificial potential field, Khatib 1986): for each link — a capsule
 * from its joint to the next joint (or the tool) of radius `halfWidth_m` — take the point c
 * closest to the sphere and its clearance ρ = |c − o| − R − halfWidth. Inside the influence
 * distance ρ₀ the point is pushed away from the sphere at speed v = k (1 − ρ/ρ₀) along
 * n̂ = (c − o)/|c − o| (x–z part), mapped to joint rates through the point's own Jacobian
 * columns, each scaled by 1/|r_j|² (the rate that moves the point at v along that column).
 */
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import { closestPointOnLink } from '../../loop/geometry/closestPointOnLink.js';

/** Joints of the planar arm these presets drive. */
export const ARM_REACH_JOINTS = 2;

/** Sensor channels of the reaching presets. */
export const ARM_REACH_SENSORS: readonly ChannelSpec[] = [
  { name: 'joint_position', size: ARM_REACH_JOINTS, low: -Math.PI, high: Math.PI, unit: 'rad' },
  { name: 'ee_position', size: 3, low: -Infinity, high: Infinity, unit: 'm' },
  { name: 'joint_origin', size: 3 * ARM_REACH_JOINTS, low: -Infinity, high: Infinity, unit: 'm' },
  { name: 'target_position', size: 3, low: -Infinity, high: Infinity, unit: 'm' },
  { name: 'obstacle', size: 4, low: -Infinity, high: Infinity, unit: 'm' },
];

/** Actuator channel of the reaching presets. */
export const ARM_REACH_ACTUATORS: readonly ChannelSpec[] = [
  { name: 'joint_velocity_target', size: ARM_REACH_JOINTS, low: -4, high: 4, unit: 'rad/s' },
];

export interface ObstacleReflexParams {
  /** Influence distance ρ₀ (clearance where the push starts). */
  readonly influence_m: number;
  /** Push speed at zero clearance. */
  readonly speed_mps: number;
  /** Half-width of the links (their capsule radius). */
  readonly halfWidth_m: number;
}

export const ARM_OBSTACLE_REFLEX: ObstacleReflexParams = { influence_m: 0.03, speed_mps: 0.4, halfWidth_m: 0.02 };

/**
 * Tool x–z Jacobian (column-major: out[2j] = ∂x/∂q_j, out[2j+1] = ∂z/∂q_j) from the observed
 * joint origins and tool position. Allocates nothing.
 */
export function toolJacobianXZ(obs: Channels, out: Float64Array): Float64Array {
  const o = obs.joint_origin!;
  const ee = obs.ee_position!;
  for (let j = 0; j < ARM_REACH_JOINTS; j++) {
    out[2 * j] = ee[2]! - o[3 * j + 2]!;
    out[2 * j + 1] = -(ee[0]! - o[3 * j]!);
  }
  return out;
}

/**
 * Damped least squares for a 2 × 2 Jacobian (column-major): q̇ = Jᵀ (J Jᵀ + λ² I)⁻¹ v
 * (Wampler 1986; Nakamura & Hanafusa 1986), robust at the stretched-out singularity.
 */
export function dampedLeastSquares2(J: Float64Array, vx: number, vz: number, lambda_m: number, out: Float64Array): Float64Array {
  const a = J[0]!;
  const c = J[1]!;
  const b = J[2]!;
  const d = J[3]!;
  // J = [[a, b], [c, d]]; A = J Jᵀ + λ² I.
  const l2 = lambda_m * lambda_m;
  const A00 = a * a + b * b + l2;
  const A01 = a * c + b * d;
  const A11 = c * c + d * d + l2;
  const det = A00 * A11 - A01 * A01;
  const yx = (A11 * vx - A01 * vz) / det;
  const yz = (-A01 * vx + A00 * vz) / det;
  out[0] = a * yx + c * yz;
  out[1] = b * yx + d * yz;
  return out;
}

const LINK_POINT = new Float64Array(3);

/** Adds the obstacle reflex's joint rates to `qd` (rad/s). Allocates nothing. */
export function addObstacleReflex(obs: Channels, p: ObstacleReflexParams, qd: Float64Array): void {
  const o = obs.joint_origin!;
  const ee = obs.ee_position!;
  const ob = obs.obstacle!;
  const ox = ob[0]!;
  const oy = ob[1]!;
  const oz = ob[2]!;
  const R = ob[3]!;
  if (!(R > 0)) return;
  for (let i = 0; i < ARM_REACH_JOINTS; i++) {
    closestPointOnLink(o, ee, i, ox, oy, oz, LINK_POINT);
    const cx = LINK_POINT[0]!;
    const cy = LINK_POINT[1]!;
    const cz = LINK_POINT[2]!;
    const dist = Math.sqrt((cx - ox) * (cx - ox) + (cy - oy) * (cy - oy) + (cz - oz) * (cz - oz));
    const rho = dist - R - p.halfWidth_m;
    if (rho >= p.influence_m || dist === 0) continue;
    const v = p.speed_mps * Math.min(1.5, 1 - rho / p.influence_m);
    const nx = (cx - ox) / dist;
    const nz = (cz - oz) / dist;
    for (let j = 0; j <= i; j++) {
      const rx = cx - o[3 * j]!;
      const rz = cz - o[3 * j + 2]!;
      const r2 = rx * rx + rz * rz;
      if (r2 < 1e-6) continue;
      // Column j is (r_z, −r_x); the rate that moves c at v·n̂ along it.
      qd[j] = qd[j]! + (v * (nx * rz - nz * rx)) / r2;
    }
  }
}

/** Scales `qd` down uniformly so that no entry exceeds `max` (keeps the direction). */
export function limitRates(qd: Float64Array, max: number): void {
  let m = 0;
  for (let i = 0; i < qd.length; i++) m = Math.max(m, Math.abs(qd[i]!));
  if (m > max) for (let i = 0; i < qd.length; i++) qd[i] = (qd[i]! * max) / m;
}
