/**
 * Clearance: the distance from a point to the nearest obstacle surface (m), over the layout's
 * boxes (turned about z), upright cylinders and spheres. Exact Euclidean distances in 3D; 0
 * inside a solid. Used by scenarios for clearance metrics and reward shaping (never by
 * controllers, which see only their sensors).
 */
import type { ObstacleSpec } from '../sim/world/obstacles.js';

/** Distance from (x, y, z) to the surface of one obstacle; 0 inside it. */
export function obstacleDistance(o: ObstacleSpec, x: number, y: number, z: number): number {
  const c = o.center_m;
  const dx = x - c[0];
  const dy = y - c[1];
  const dz = z - c[2];
  switch (o.kind) {
    case 'sphere':
      return Math.max(0, Math.sqrt(dx * dx + dy * dy + dz * dz) - o.radius_m);
    case 'cylinder': {
      const radial = Math.max(0, Math.sqrt(dx * dx + dy * dy) - o.radius_m);
      const axial = Math.max(0, Math.abs(dz) - o.height_m / 2);
      return Math.sqrt(radial * radial + axial * axial);
    }
    case 'box': {
      // Into the box frame: rotate by −yaw about z.
      const yaw = o.yaw_rad ?? 0;
      const cs = Math.cos(yaw);
      const sn = Math.sin(yaw);
      const lx = cs * dx + sn * dy;
      const ly = -sn * dx + cs * dy;
      const h = o.halfExtents_m;
      const ex = Math.max(0, Math.abs(lx) - h[0]);
      const ey = Math.max(0, Math.abs(ly) - h[1]);
      const ez = Math.max(0, Math.abs(dz) - h[2]);
      return Math.sqrt(ex * ex + ey * ey + ez * ez);
    }
  }
}

/** Distance from (x, y, z) to the nearest obstacle; +Infinity for an empty layout. */
export function clearance(obstacles: readonly ObstacleSpec[], x: number, y: number, z: number): number {
  let best = Infinity;
  for (let i = 0; i < obstacles.length; i++) {
    const d = obstacleDistance(obstacles[i]!, x, y, z);
    if (d < best) best = d;
  }
  return best;
}
