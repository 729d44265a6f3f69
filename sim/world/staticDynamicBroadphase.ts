/**
 * A broadphase for worlds with many static bodies and few moving ones (a drone in a forest,
 * an arm on a table).
 *
 * cannon-es ships NaiveBroadphase (every pair, O(n²)) and SAPBroadphase, whose inner loop calls
 * `needBroadphaseCollision` before its sort-axis early exit, so static–static pairs are still
 * visited: O(n²) again with 100 trees. Static pairs can never collide, so this broadphase bins
 * static bodies once in a uniform grid over world x–y (by their AABBs) and, each step, pairs every
 * non-static body only with the static bodies in the cells its AABB touches, with static bodies
 * too large for the grid (the ground plane), and with the other non-static bodies. Pairs are then
 * confirmed by AABB overlap. Emission order follows body and cell order, so it is deterministic.
 *
 * The grid is rebuilt when bodies are added or removed, or on `invalidate()`, which
 * `moveStaticBody` calls. A static body moved by assigning its position directly keeps its old
 * AABB and grid cells, the same stale-bounds pitfall cannon-es itself has.
 */
import * as CANNON from 'cannon-es';

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
  private gx0 = 0;
  private gy0 = 0;
  private nx = 0;
  private ny = 0;
  private cellStart = new Int32Array(1);
  private cellItems: CANNON.Body[] = [];
  private unbinned: CANNON.Body[] = [];
  private moving: CANNON.Body[] = [];
  private stampOf = new Map<CANNON.Body, number>();
  private stamp = 0;
  private readonly onChange = () => {
    this.dirtyGrid = true;
  };

  constructor(opts: StaticDynamicBroadphaseOptions = {}) {
    super();
    this.useBoundingBoxes = true;
    this.cell_m = opts.cellSize_m ?? 2;
    this.maxCells = opts.maxCellsPerBody ?? 256;
    if (!(this.cell_m > 0)) throw new RangeError(`StaticDynamicBroadphase: cellSize_m must be > 0, got ${this.cell_m}`);
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
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const b of world.bodies) {
      if (b.type !== CANNON.Body.STATIC) continue;
      b.updateAABB();
      const lo = b.aabb.lowerBound, hi = b.aabb.upperBound;
      const cells = ((hi.x - lo.x) / this.cell_m + 1) * ((hi.y - lo.y) / this.cell_m + 1);
      if (!Number.isFinite(cells) || cells > this.maxCells) {
        unbinned.push(b);
        continue;
      }
      statics.push(b);
      x0 = Math.min(x0, lo.x); y0 = Math.min(y0, lo.y);
      x1 = Math.max(x1, hi.x); y1 = Math.max(y1, hi.y);
    }
    this.unbinned = unbinned;
    this.stampOf = new Map(statics.map((b) => [b, 0]));
    if (statics.length === 0) {
      this.nx = this.ny = 0;
      this.cellStart = new Int32Array(1);
      this.cellItems = [];
      this.dirtyGrid = false;
      return;
    }
    this.gx0 = x0;
    this.gy0 = y0;
    this.nx = Math.max(1, Math.ceil((x1 - x0) / this.cell_m));
    this.ny = Math.max(1, Math.ceil((y1 - y0) / this.cell_m));
    const buckets: CANNON.Body[][] = Array.from({ length: this.nx * this.ny }, () => []);
    for (const b of statics) {
      const lo = b.aabb.lowerBound, hi = b.aabb.upperBound;
      for (let cy = this.cellY(lo.y); cy <= this.cellY(hi.y); cy++) {
        for (let cx = this.cellX(lo.x); cx <= this.cellX(hi.x); cx++) buckets[cy * this.nx + cx]!.push(b);
      }
    }
    const start = new Int32Array(buckets.length + 1);
    buckets.forEach((bk, i) => (start[i + 1] = start[i]! + bk.length));
    this.cellStart = start;
    this.cellItems = buckets.flat();
    this.dirtyGrid = false;
  }

  private cellX(x: number): number {
    const c = Math.floor((x - this.gx0) / this.cell_m);
    return c < 0 ? 0 : c >= this.nx ? this.nx - 1 : c;
  }
  private cellY(y: number): number {
    const c = Math.floor((y - this.gy0) / this.cell_m);
    return c < 0 ? 0 : c >= this.ny ? this.ny - 1 : c;
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
      if (this.nx === 0) continue;
      const lo = a.aabb.lowerBound, hi = a.aabb.upperBound;
      if (hi.x < this.gx0 || hi.y < this.gy0 || lo.x > this.gx0 + this.nx * this.cell_m || lo.y > this.gy0 + this.ny * this.cell_m) continue;
      const s = ++this.stamp;
      for (let cy = this.cellY(lo.y); cy <= this.cellY(hi.y); cy++) {
        for (let cx = this.cellX(lo.x); cx <= this.cellX(hi.x); cx++) {
          const cell = cy * this.nx + cx;
          for (let k = this.cellStart[cell]!; k < this.cellStart[cell + 1]!; k++) {
            const b = this.cellItems[k]!;
            if (this.stampOf.get(b) === s) continue;
            this.stampOf.set(b, s);
            this.test(a, b, p1, p2);
          }
        }
      }
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
