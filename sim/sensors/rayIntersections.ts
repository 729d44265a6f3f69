/**
 * Exact ray–primitive intersections in the primitive's own frame, for the ray scene
 * (rayScene.ts). The ray is p + t·u with |u| = 1, t ≥ 0; each function returns the entry
 * distance t ∈ [0, tMax], 0 if p is already inside the solid, or +Infinity for a miss.
 *  - sphere |x| ≤ r: t² + 2(p·u)t + |p|² − r² = 0, smaller root;
 *  - box |xᵢ| ≤ hᵢ: slab test (Kay & Kajiya 1986), the latest entry over the three slabs;
 *  - cylinder x² + z² ≤ r², |y| ≤ h (cannon-es builds cylinders along local y): the cap slab
 *    intersected with the interval inside the infinite side surface;
 *  - half-space z ≤ 0 (a cannon-es Plane, normal +z).
 * Plain functions of numbers, allocating nothing. The scene's candidate loop does not take their
 * returned double directly: `RayScene.intersectInto` stores it in a scratch array, because V8
 * boxes a double returned from a call it does not inline.
 */

/** Ray (p + t·u, |u| = 1) against the sphere |x| ≤ r: entry t ∈ [0, tMax] or +Infinity. */
export function raySphere(px: number, py: number, pz: number, ux: number, uy: number, uz: number, r: number, tMax: number): number {
  const b = px * ux + py * uy + pz * uz;
  const c = px * px + py * py + pz * pz - r * r;
  if (c <= 0) return 0;
  if (b >= 0) return Infinity;
  const disc = b * b - c;
  if (disc < 0) return Infinity;
  const t = -b - Math.sqrt(disc);
  return t <= tMax ? t : Infinity;
}

/** Ray against the box |xᵢ| ≤ hᵢ (slab test). */
export function rayBox(px: number, py: number, pz: number, ux: number, uy: number, uz: number, hx: number, hy: number, hz: number, tMax: number): number {
  let t0 = 0, t1 = tMax;
  // Each slab narrows [t0, t1]; a direction component of 0 means inside-or-never for that slab.
  if (ux !== 0) {
    const inv = 1 / ux;
    let a = (-hx - px) * inv, b = (hx - px) * inv;
    if (a > b) { const t = a; a = b; b = t; }
    if (a > t0) t0 = a;
    if (b < t1) t1 = b;
    if (t0 > t1) return Infinity;
  } else if (px < -hx || px > hx) return Infinity;
  if (uy !== 0) {
    const inv = 1 / uy;
    let a = (-hy - py) * inv, b = (hy - py) * inv;
    if (a > b) { const t = a; a = b; b = t; }
    if (a > t0) t0 = a;
    if (b < t1) t1 = b;
    if (t0 > t1) return Infinity;
  } else if (py < -hy || py > hy) return Infinity;
  if (uz !== 0) {
    const inv = 1 / uz;
    let a = (-hz - pz) * inv, b = (hz - pz) * inv;
    if (a > b) { const t = a; a = b; b = t; }
    if (a > t0) t0 = a;
    if (b < t1) t1 = b;
    if (t0 > t1) return Infinity;
  } else if (pz < -hz || pz > hz) return Infinity;
  return t0;
}

/** Ray against the solid cylinder x² + z² ≤ r², |y| ≤ h (axis = local y, as cannon-es builds it). */
export function rayCylinderY(px: number, py: number, pz: number, ux: number, uy: number, uz: number, r: number, h: number, tMax: number): number {
  let t0 = 0, t1 = tMax;
  // Caps.
  if (uy !== 0) {
    const inv = 1 / uy;
    let a = (-h - py) * inv, b = (h - py) * inv;
    if (a > b) { const t = a; a = b; b = t; }
    if (a > t0) t0 = a;
    if (b < t1) t1 = b;
    if (t0 > t1) return Infinity;
  } else if (py < -h || py > h) return Infinity;
  // Side: (px + t ux)² + (pz + t uz)² ≤ r².
  const a2 = ux * ux + uz * uz;
  const c = px * px + pz * pz - r * r;
  if (a2 < 1e-300) {
    if (c > 0) return Infinity;
  } else {
    const b = px * ux + pz * uz;
    const disc = b * b - a2 * c;
    if (disc < 0) return Infinity;
    const sq = Math.sqrt(disc);
    const a = (-b - sq) / a2, bb = (-b + sq) / a2;
    if (a > t0) t0 = a;
    if (bb < t1) t1 = bb;
    if (t0 > t1) return Infinity;
  }
  return t0;
}

/** Ray against the half-space z ≤ 0 (a cannon-es Plane, normal +z). */
export function rayHalfSpaceZ(pz: number, uz: number, tMax: number): number {
  if (pz <= 0) return 0;
  if (uz >= 0) return Infinity;
  const t = -pz / uz;
  return t <= tMax ? t : Infinity;
}
