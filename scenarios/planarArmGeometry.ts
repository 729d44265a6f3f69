/**
 * Geometry of planar arms whose joints all turn about +y with links along +x at zero
 * configuration (PLANAR_2DOF, PLANAR_3DOF): the arm moves in the vertical x–z plane through the
 * mount. A rotation q about +y takes +x to (cos q, 0, −sin q), so with θ_i = q_0 + … + q_i
 *
 *   joint_{i+1} = joint_i + L_i · (cos θ_i, 0, −sin θ_i).
 *
 * Two-link inverse kinematics (the x–z' plane with z' = −z is the textbook case):
 *   cos q_1 = (ρ² − L_0² − L_1²) / (2 L_0 L_1),  q_0 = atan2(z', x) − atan2(L_1 sin q_1, L_0 + L_1 cos q_1),
 * with ρ the shoulder-to-tool distance; the branch q_1 ≥ 0 is the one used here ("elbow below").
 *
 * Links are treated as capsules (segment, radius = half the link width) for clearance: the box's
 * edges stick out by at most (√2 − 1)·w/2 ≈ 8 mm beyond that for a 4 cm link — a clearance is
 * therefore slightly optimistic near the box corners, never pessimistic along the faces.
 */
import type { ArmParams } from '../sim/arm/armParams.js';

/** Throws unless every joint turns about +y and every link extends along +x (a planar x–z arm). */
export function requirePlanarArm(p: ArmParams, where: string): void {
  p.links.forEach((l, i) => {
    if (l.axis[0] !== 0 || l.axis[1] !== 1 || l.axis[2] !== 0 || l.direction !== '+x') {
      throw new RangeError(`${where}: link ${i} ('${l.name}') must turn about +y with direction '+x' (a planar x–z arm), got axis [${l.axis.join(', ')}] and '${l.direction}'`);
    }
  });
}

/**
 * Joint positions and the tool point in the x–z plane for angles `q`: out[2k], out[2k+1] are
 * x and z of point k (k = 0 … n; point n is the tool). `out` needs 2(n+1) entries.
 */
export function planarPoints(p: ArmParams, q: ArrayLike<number>, out: Float64Array): Float64Array {
  let x = p.mount_m[0];
  let z = p.mount_m[2];
  let th = 0;
  out[0] = x;
  out[1] = z;
  for (let i = 0; i < p.links.length; i++) {
    th += q[i]!;
    const L = p.links[i]!.length_m;
    x += L * Math.cos(th);
    z -= L * Math.sin(th);
    out[2 * i + 2] = x;
    out[2 * i + 3] = z;
  }
  return out;
}

/** Distance from (px, pz) to the segment (ax, az)–(bx, bz) in the plane. */
export function segmentPointDistance(ax: number, az: number, bx: number, bz: number, px: number, pz: number): number {
  const dx = bx - ax;
  const dz = bz - az;
  const len2 = dx * dx + dz * dz;
  let t = len2 > 0 ? ((px - ax) * dx + (pz - az) * dz) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ez = az + t * dz - pz;
  return Math.hypot(ex, ez);
}

/**
 * Smallest surface-to-surface distance between the arm's link capsules and a sphere (centre
 * cx, cy, cz; radius r) for the points of {@link planarPoints}; negative when they overlap.
 */
export function sphereClearance(p: ArmParams, points: Float64Array, cx: number, cy: number, cz: number, r: number): number {
  let best = Infinity;
  for (let i = 0; i < p.links.length; i++) {
    const d2 = segmentPointDistance(points[2 * i]!, points[2 * i + 1]!, points[2 * i + 2]!, points[2 * i + 3]!, cx, cz);
    // The sphere's centre may sit off the arm's plane (y ≠ mount y).
    const dy = cy - p.mount_m[1];
    const d = Math.hypot(d2, dy) - r - p.links[i]!.width_m / 2;
    if (d < best) best = d;
  }
  return best;
}

/**
 * Elbow-below inverse kinematics of a two-link planar arm for the tool at (x, z); writes
 * (q_0, q_1) into `out` and returns false (leaving `out` alone) when the point is out of reach.
 */
export function twoLinkIk(p: ArmParams, x: number, z: number, out: Float64Array): boolean {
  if (p.links.length !== 2) throw new RangeError(`twoLinkIk: arm '${p.name}' has ${p.links.length} links, expected 2`);
  const L0 = p.links[0]!.length_m;
  const L1 = p.links[1]!.length_m;
  const dx = x - p.mount_m[0];
  const dz = p.mount_m[2] - z; // z' = −z
  const c = (dx * dx + dz * dz - L0 * L0 - L1 * L1) / (2 * L0 * L1);
  if (!(c >= -1 && c <= 1)) return false;
  const q1 = Math.acos(c);
  out[0] = Math.atan2(dz, dx) - Math.atan2(L1 * Math.sin(q1), L0 + L1 * Math.cos(q1));
  out[1] = q1;
  return true;
}
