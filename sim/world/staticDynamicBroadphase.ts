/**
 * A broadphase for worlds with many static bodies and few moving ones (a drone in a forest,
 * an arm on a table).
 *
 * cannon-es ships NaiveBroadphase (every pair, O(n²)) and SAPBroadphase, whose inner loop calls
 * `needBroadphaseCollision` before its sort-axis early exit, so static–static pairs are still
 * visited: O(n²) again with 100 trees. Static pairs can never collide, so this broadphase bins
 * static bodies once in a uniform grid over world x–y (xyGrid.ts, by their AABBs) and, each step, pairs every
 * non-static body only with the static bodies in the cells its AABB touches, with static bodies
 * too large for the grid (the ground plane), and with the other non-static bodies. Pairs are then
 * confirmed by AABB overlap. Emission order follows body and cell order, so it is deterministic.
 *
 * The grid is rebuilt when bodies are added or removed, or on `invalidate()`, which
 * `moveStaticBody` calls. A static body moved by assigning its position directly keeps its old
 * AABB and grid cells, the same stale-bounds pitfall cannon-es itself has.
 */
import * as CANNON from 'cannon-es';
import type { XyGrid } from './xyGrid.js';
import { buildXyGrid, xyGridQuery } from './xyGrid.js';

export interface StaticDynamicBroadphaseOptions {
  /** Grid cell edge (m). @default 2 */
  readonly cellSize_m?: number;
  /** Static bodies spanning more cells than this are tested against every moving body instead. @default 256 */
  readonly maxCellsPerBody?: number;
}

export class StaticDynamicBroadphase extends CANNON.Broadphase {
  private readonly cell_m: number;
  private readonly maxCells: number;
  private dirtyGrid = true;
  /** Binned static bodies; the grid's items index this list. */
  private statics: CANNON.Body[] = [];
  private grid: XyGrid;
  /** Query scratch: indices into `statics` near one moving body. */
  private near = new Int32Array(0);
  private unbinned: CANNON.Body[] = [];
  private moving: CANNON.Body[] = [];
  private readonly onChange = () => {
    this.dirtyGrid = true;
  };

  constructor(opts: StaticDynamicBroadphaseOptions = {}) {
    super();
    this.useBoundingBoxes = true;
    this.cell_m = opts.cellSize_m ?? 2;
    this.maxCells = opts.maxCellsPerBody ?? 256;
    if (!(this.cell_m > 0)) throw new RangeError(`StaticDynamicBroadphase: cellSize_m must be > 0, got ${this.cell_m}`);
    this.grid = buildXyGrid(this.cell_m, new Float64Array(0));
  }

  override setWorld(world: CANNON.World): void {
    world.addEventListener('addBody', this.onChange);
    world.addEventListener('removeBody', this.onChange);
    this.world = world;
    this.dirtyGrid = true;
  }

  /** Forces a grid rebuild before the next step (call after moving or retyping bodies). */
  invalidate(): void {
    this.dirtyGrid = true;
  }

  private rebuild(world: CANNON.World): void {
    const statics: CANNON.Body[] = [];
    const unbinned: CANNON.Body[] = [];
    for (const b of world.bodies) {
      if (b.type !== CANNON.Body.STATIC) continue;
      b.updateAABB();
      const lo = b.aabb.lowerBound, hi = b.aabb.upperBound;
      const cells = ((hi.x - lo.x) / this.cell_m + 1) * ((hi.y - lo.y) / this.cell_m + 1);
      if (!Number.isFinite(cells) || cells > this.maxCells) unbinned.push(b);
      else statics.push(b);
    }
    const bounds = new Float64Array(4 * statics.length);
    for (let k = 0; k < statics.length; k++) {
      const { lowerBound: lo, upperBound: hi } = statics[k]!.aabb;
      bounds[4 * k] = lo.x; bounds[4 * k + 1] = lo.y; bounds[4 * k + 2] = hi.x; bounds[4 * k + 3] = hi.y;
    }
    this.unbinned = unbinned;
    this.statics = statics;
    this.grid = buildXyGrid(this.cell_m, bounds);
    this.near = new Int32Array(statics.length);
    this.dirtyGrid = false;
  }

  private test(a: CANNON.Body, b: CANNON.Body, p1: CANNON.Body[], p2: CANNON.Body[]): void {
    if (!this.needBroadphaseCollision(a, b)) return;
    if (b.aabbNeedsUpdate) b.updateAABB();
    if (a.aabb.overlaps(b.aabb)) {
      p1.push(a);
      p2.push(b);
    }
  }

  override collisionPairs(world: CANNON.World, p1: CANNON.Body[], p2: CANNON.Body[]): void {
    if (this.dirtyGrid) this.rebuild(world);
    const moving = this.moving;
    moving.length = 0;
    const bodies = world.bodies;
    for (let i = 0; i !== bodies.length; i++) if (bodies[i]!.type !== CANNON.Body.STATIC) moving.push(bodies[i]!);
    for (let m = 0; m !== moving.length; m++) {
      const a = moving[m]!;
      if (a.aabbNeedsUpdate) a.updateAABB();
      for (let k = m + 1; k < moving.length; k++) this.test(a, moving[k]!, p1, p2);
      for (let k = 0; k < this.unbinned.length; k++) this.test(a, this.unbinned[k]!, p1, p2);
      const lo = a.aabb.lowerBound, hi = a.aabb.upperBound;
      const near = this.near;
      const n = xyGridQuery(this.grid, lo.x, lo.y, hi.x, hi.y, near, 0);
      for (let k = 0; k < n; k++) this.test(a, this.statics[near[k]!]!, p1, p2);
    }
  }

  override aabbQuery(world: CANNON.World, aabb: CANNON.AABB, result: CANNON.Body[] = []): CANNON.Body[] {
    const bodies = world.bodies;
    for (let i = 0; i < bodies.length; i++) {
      const b = bodies[i]!;
      if (b.aabbNeedsUpdate) b.updateAABB();
      if (b.aabb.overlaps(aabb)) result.push(b);
    }
    return result;
  }
}
