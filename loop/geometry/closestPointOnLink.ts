/**
 * The point of link i closest to a point p, from observed joint origins (x, y, z per joint) and
 * the tool position: link i runs from joint i's origin to joint i+1's, the last one to the tool.
 * c = a + t·(b − a) with t = clip(((p − a)·(b − a)) / |b − a|², 0, 1). Allocates nothing.
 */
export function closestPointOnLink(origins: ArrayLike<number>, tool: ArrayLike<number>, i: number, px: number, py: number, pz: number, out: Float64Array): void {
  const ax = origins[3 * i]!;
  const ay = origins[3 * i + 1]!;
  const az = origins[3 * i + 2]!;
  const last = 3 * i + 3 >= origins.length;
  const bx = last ? tool[0]! : origins[3 * i + 3]!;
  const by = last ? tool[1]! : origins[3 * i + 4]!;
  const bz = last ? tool[2]! : origins[3 * i + 5]!;
  const dx = bx - ax;
  const dy = by - ay;
  const dz = bz - az;
  const len2 = dx * dx + dy * dy + dz * dz;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy + (pz - az) * dz) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  out[0] = ax + t * dx;
  out[1] = ay + t * dy;
  out[2] = az + t * dz;
}
