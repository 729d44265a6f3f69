/**
 * Test-side forward kinematics for arm parameter sets, written independently of sim/arm (plain
 * rotation matrices via Rodrigues' formula, no cannon-es): R_i = R_{i−1}·Rot(axis_i, q_i),
 * joint_{i+1} = joint_i + R_i·(length_i·direction_i), COM_i halfway along link i.
 */
import type { ArmParams } from '../../sim/arm/armParams.js';

export type M3 = [number, number, number, number, number, number, number, number, number];
export type V3 = [number, number, number];

export function rot(axis: readonly number[], t: number): M3 {
  const [x, y, z] = axis as [number, number, number];
  const c = Math.cos(t);
  const s = Math.sin(t);
  const C = 1 - c;
  return [c + x * x * C, x * y * C - z * s, x * z * C + y * s, y * x * C + z * s, c + y * y * C, y * z * C - x * s, z * x * C - y * s, z * y * C + x * s, c + z * z * C];
}
export function mul(a: M3, b: M3): M3 {
  const r = new Array<number>(9).fill(0) as M3;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) r[3 * i + j] += a[3 * i + k] * b[3 * k + j];
  return r;
}
export function apply(a: M3, v: readonly number[]): V3 {
  return [a[0] * v[0]! + a[1] * v[1]! + a[2] * v[2]!, a[3] * v[0]! + a[4] * v[1]! + a[5] * v[2]!, a[6] * v[0]! + a[7] * v[1]! + a[8] * v[2]!];
}
const DIR: Record<string, V3> = { '+x': [1, 0, 0], '-x': [-1, 0, 0], '+y': [0, 1, 0], '-y': [0, -1, 0], '+z': [0, 0, 1], '-z': [0, 0, -1] };

export interface Fk {
  /** Joint positions (world), one per joint. */
  joints: V3[];
  /** World joint axes. */
  axes: V3[];
  /** Link centres of mass. */
  coms: V3[];
  /** Tool point and last link orientation. */
  tip: V3;
  R: M3;
}

export function fk(p: ArmParams, q: readonly number[]): Fk {
  let R: M3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  let j: V3 = [p.mount_m[0], p.mount_m[1], p.mount_m[2]];
  const out: Fk = { joints: [], axes: [], coms: [], tip: [0, 0, 0], R };
  p.links.forEach((l, i) => {
    out.joints.push(j);
    out.axes.push(apply(R, l.axis));
    R = mul(R, rot(l.axis, q[i]!));
    const d = apply(R, DIR[l.direction]!);
    out.coms.push([j[0] + (d[0] * l.length_m) / 2, j[1] + (d[1] * l.length_m) / 2, j[2] + (d[2] * l.length_m) / 2]);
    j = [j[0] + d[0] * l.length_m, j[1] + d[1] * l.length_m, j[2] + d[2] * l.length_m];
  });
  out.tip = j;
  out.R = R;
  return out;
}

/** Torque each joint must supply to hold the pose against gravity g (m/s², along −z). */
export function holdingTorques(p: ArmParams, q: readonly number[], g = 9.81): number[] {
  const f = fk(p, q);
  return p.links.map((_, i) => {
    // Gravity moment about joint i: Σ_{j≥i} (c_j − p_i) × (0, 0, −m_j g); holding torque is its negative along the axis.
    let mx = 0;
    let my = 0;
    for (let k = i; k < p.links.length; k++) {
      const m = p.links[k]!.mass_kg;
      const r = [f.coms[k]![0] - f.joints[i]![0], f.coms[k]![1] - f.joints[i]![1]];
      mx += r[1]! * -m * g;
      my += -r[0]! * -m * g;
    }
    const a = f.axes[i]!;
    return -(mx * a[0] + my * a[1]);
  });
}
