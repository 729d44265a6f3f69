/**
 * Seeded forest: upright cylinders ("trees") scattered over a rectangle by rejection sampling
 * with a minimum gap between trunks and a clear disc around the start point, so a drone can
 * take off. Draws come from the `world` stream of the seed (see `loop/rng.ts`).
 */
import { Rng } from '../../loop/rng.js';
import type { CylinderObstacle, ObstacleSpec } from './obstacles.js';

export interface ForestParams {
  /** Number of trees. */
  readonly count: number;
  /** Area the tree centres are drawn from (world x/y, metres). */
  readonly xMin_m: number;
  readonly xMax_m: number;
  readonly yMin_m: number;
  readonly yMax_m: number;
  /** Trunk radius range [min, max). */
  readonly radiusMin_m: number;
  readonly radiusMax_m: number;
  /** Trunk height (trees stand on z = 0). */
  readonly height_m: number;
  /** Minimum free space between two trunks' surfaces. */
  readonly minGap_m: number;
  /** No trunk surface closer than this to (startX_m, startY_m). */
  readonly clearRadius_m: number;
  readonly startX_m: number;
  readonly startY_m: number;
}

/** 100 trees over 24 m × 24 m around the origin, 0.1–0.25 m trunks, 4 m tall. */
export const FOREST_100: ForestParams = {
  count: 100,
  xMin_m: -12,
  xMax_m: 12,
  yMin_m: -12,
  yMax_m: 12,
  radiusMin_m: 0.1,
  radiusMax_m: 0.25,
  height_m: 4,
  minGap_m: 0.8,
  clearRadius_m: 1.5,
  startX_m: 0,
  startY_m: 0,
};

/** Draws a forest for `seed`; throws if the trees do not fit after many attempts. */
export function forestLayout(p: ForestParams, seed: number): CylinderObstacle[] {
  if (!Number.isInteger(p.count) || p.count < 0) throw new RangeError(`forestLayout: count must be a non-negative integer, got ${p.count}`);
  if (!(p.xMax_m > p.xMin_m) || !(p.yMax_m > p.yMin_m)) throw new RangeError('forestLayout: need xMax_m > xMin_m and yMax_m > yMin_m');
  if (!(p.radiusMin_m > 0) || !(p.radiusMax_m >= p.radiusMin_m)) throw new RangeError('forestLayout: need 0 < radiusMin_m ≤ radiusMax_m');
  if (!(p.height_m > 0)) throw new RangeError(`forestLayout: height_m must be > 0, got ${p.height_m}`);
  const rng = new Rng(seed, 'world');
  const trees: CylinderObstacle[] = [];
  const maxAttempts = 1000 * Math.max(1, p.count);
  let attempts = 0;
  while (trees.length < p.count) {
    if (++attempts > maxAttempts) {
      throw new RangeError(`forestLayout: placed only ${trees.length} of ${p.count} trees; enlarge the area or reduce minGap_m`);
    }
    const r = p.radiusMax_m > p.radiusMin_m ? rng.range(p.radiusMin_m, p.radiusMax_m) : p.radiusMin_m;
    const x = rng.range(p.xMin_m, p.xMax_m);
    const y = rng.range(p.yMin_m, p.yMax_m);
    if (Math.hypot(x - p.startX_m, y - p.startY_m) < p.clearRadius_m + r) continue;
    let ok = true;
    for (const t of trees) {
      if (Math.hypot(x - t.center_m[0], y - t.center_m[1]) < r + t.radius_m + p.minGap_m) {
        ok = false;
        break;
      }
    }
    if (ok) trees.push({ kind: 'cylinder', center_m: [x, y, p.height_m / 2], radius_m: r, height_m: p.height_m });
  }
  return trees;
}

/** A `LayoutFn` for fixed forest parameters. */
export function forest(p: ForestParams = FOREST_100): (seed: number) => ObstacleSpec[] {
  return (seed) => forestLayout(p, seed);
}
