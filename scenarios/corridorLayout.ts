/**
 * A seeded corridor with turns: a centre polyline of `segments` straight pieces of
 * `segmentLength_m`, each turned from +x by a heading drawn from ±[minTurn, maxTurn] with
 * alternating sign, walled on both sides at ±halfWidth_m by thin boxes. Wall ends are mitred
 * (the offset polylines' vertices are the intersections of neighbouring offset lines, at
 * P + n̄·w / cos(Δ/2)), so corners are closed on the outside and flush on the inside.
 */
import { Rng } from '../loop/rng.js';
import type { BoxObstacle } from '../sim/world/obstacles.js';

export interface CorridorParams {
  readonly segments: number;
  readonly segmentLength_m: number;
  readonly halfWidth_m: number;
  readonly minTurn_rad: number;
  readonly maxTurn_rad: number;
  readonly wallHeight_m: number;
  readonly wallHalfThickness_m: number;
}

export interface Corridor {
  /** Centre-line vertices (x, y), start first. */
  readonly centre: ReadonlyArray<readonly [number, number]>;
  readonly walls: BoxObstacle[];
}

export function corridorLayout(p: CorridorParams, seed: number): Corridor {
  if (!(Number.isInteger(p.segments) && p.segments >= 1)) throw new RangeError(`corridorLayout: segments must be an integer ≥ 1, got ${p.segments}`);
  if (!(p.maxTurn_rad >= p.minTurn_rad && p.minTurn_rad >= 0 && p.maxTurn_rad < Math.PI / 3)) {
    throw new RangeError('corridorLayout: need 0 ≤ minTurn_rad ≤ maxTurn_rad < π/3');
  }
  const rng = new Rng(seed, 'world');
  const first = rng.uniform() < 0.5 ? 1 : -1;
  const headings: number[] = [];
  for (let i = 0; i < p.segments; i++) headings.push((i % 2 === 0 ? first : -first) * rng.range(p.minTurn_rad, p.maxTurn_rad));
  const centre: Array<[number, number]> = [[0, 0]];
  for (const h of headings) {
    const [x, y] = centre[centre.length - 1]!;
    centre.push([x + p.segmentLength_m * Math.cos(h), y + p.segmentLength_m * Math.sin(h)]);
  }
  const walls: BoxObstacle[] = [];
  for (const side of [1, -1]) {
    // Offset vertices of this side (mitred at interior vertices).
    const pts = centre.map(([x, y], i) => {
      const hIn = headings[Math.max(0, i - 1)]!;
      const hOut = headings[Math.min(headings.length - 1, i)]!;
      const nx = -Math.sin(hIn) - Math.sin(hOut);
      const ny = Math.cos(hIn) + Math.cos(hOut);
      const len = Math.hypot(nx, ny);
      const scale = (side * p.halfWidth_m) / Math.cos((hOut - hIn) / 2);
      return [x + (nx / len) * scale, y + (ny / len) * scale] as const;
    });
    for (let i = 0; i + 1 < pts.length; i++) {
      const [ax, ay] = pts[i]!;
      const [bx, by] = pts[i + 1]!;
      const half = Math.hypot(bx - ax, by - ay) / 2;
      walls.push({
        kind: 'box',
        center_m: [(ax + bx) / 2, (ay + by) / 2, p.wallHeight_m / 2],
        halfExtents_m: [half + p.wallHalfThickness_m, p.wallHalfThickness_m, p.wallHeight_m / 2],
        yaw_rad: Math.atan2(by - ay, bx - ax),
      });
    }
  }
  return { centre, walls };
}
