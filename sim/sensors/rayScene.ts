/**
 * Fast analytic ray casting against the solids of a cannon-es world, for range sensors, lidars,
 * event cameras and sweep (anti-tunnelling) tests.
 *
 * cannon-es' `World.raycastClosest` builds an AABB for the whole ray, queries the broadphase and
 * then runs generic shape code (a cylinder is a convex polyhedron); per ray that costs more than a
 * whole physics step of a small world. Here every supported shape (sphere, box, cylinder, plane)
 * becomes a primitive with a cached world transform, and the exact intersection is solved in
 * the primitive's frame:
 *  - sphere |p|² = r²; box: slab test on |pᵢ| ≤ hᵢ; cylinder (cannon-es axis = local y):
 *    x² + z² = r² with |y| ≤ h/2; plane: local z = 0, solid below (z ≤ 0).
 * Cylinders are exact here while cannon-es collides with a polyhedron of `numSegments` facets
 * inscribed in them (flat faces at r·cos(π/n): 1.9 % closer for n = 16).
 *
 * The per-shape intersections are in rayIntersections.ts.
 *
 * Static primitives are binned in a uniform 2-D grid over world x–y (xyGrid.ts).
 * `gather(x, y, R)` collects the candidates whose x–y bounds touch the square of half-width R
 * around a sensor (plus all moving primitives and planes), and `castGathered` tests one ray
 * against only those — so a 16-beam lidar in a 100-tree forest tests a dozen trees, not a
 * hundred. `refresh()` re-reads moving bodies' poses and rebuilds the static grid when the
 * world's `staticRevision` changed (bumped by `moveStaticBody`).
 *
 * A ray starting inside a solid hits at distance 0.
 */
import * as CANNON from 'cannon-es';
import type { SimWorld } from '../world/simWorld.js';
import type { XyGrid } from '../world/xyGrid.js';
import { buildXyGrid, xyGridQuery } from '../world/xyGrid.js';
import { rayBox, rayCylinderY, rayHalfSpaceZ, raySphere } from './rayIntersections.js';

/** Primitive kinds (values stored in a Uint8Array). */
export const PRIMITIVE = { sphere: 0, box: 1, cylinder: 2, plane: 3 } as const;
export type PrimitiveKind = (typeof PRIMITIVE)[keyof typeof PRIMITIVE];

export interface RaySceneOptions {
  /** Bodies the scene ignores (e.g. the robot carrying the sensor). */
  readonly exclude?: readonly CANNON.Body[];
  /** Grid cell edge (m). @default 1 */
  readonly cellSize_m?: number;
}

const tmpQ = new CANNON.Quaternion();
const tmpV = new CANNON.Vec3();

export class RayScene {
  readonly count: number;
  readonly kind: Uint8Array;
  /** World-from-local rotation, row-major, 9 per primitive. */
  readonly rot: Float64Array;
  /** World position of the primitive's origin, 3 per primitive. */
  readonly pos: Float64Array;
  /** Size: sphere [r]; box [hx, hy, hz]; cylinder [r, h/2]; plane []. 3 per primitive. */
  readonly size: Float64Array;
  /** Index of the body in the world's body list at construction. */
  readonly bodyOf: Int32Array;

  private readonly w: SimWorld;
  private readonly shapes: { body: CANNON.Body; shapeIndex: number }[] = [];
  private readonly movingIdx: Int32Array;
  private readonly staticIdx: Int32Array;
  private readonly planeIdx: Int32Array;
  private readonly cell_m: number;
  /** Static primitives binned by x–y bounds; its items index `staticIdx`. */
  private grid: XyGrid;
  private revision = -1;
  /** Candidates collected by the last `gather`. */
  private readonly cand: Int32Array;
  private nCand = 0;
  /** Primitive hit by the last cast (−1 if none). */
  hitIndex = -1;
  /** Result of the last `castGatheredInto` (m; +Infinity for no hit). */
  readonly distance = new Float64Array(1);
  /** Scratch result of `intersectInto`. */
  private readonly t1 = new Float64Array(1);

  constructor(w: SimWorld, opts: RaySceneOptions = {}) {
    this.w = w;
    this.cell_m = opts.cellSize_m ?? 1;
    if (!(this.cell_m > 0)) throw new RangeError(`RayScene: cellSize_m must be > 0, got ${this.cell_m}`);
    const exclude = new Set(opts.exclude ?? []);
    const bodies = w.world.bodies;
    const bodyIdx: number[] = [];
    const kinds: number[] = [];
    for (let bi = 0; bi < bodies.length; bi++) {
      const b = bodies[bi]!;
      if (exclude.has(b) || !b.collisionResponse) continue;
      b.shapes.forEach((sh, si) => {
        let k: PrimitiveKind;
        if (sh instanceof CANNON.Sphere) k = PRIMITIVE.sphere;
        else if (sh instanceof CANNON.Box) k = PRIMITIVE.box;
        else if (sh instanceof CANNON.Cylinder) {
          if (sh.radiusTop !== sh.radiusBottom) throw new TypeError(`RayScene: body ${bi} shape ${si} is a cone (radiusTop ≠ radiusBottom); only cylinders are supported`);
          k = PRIMITIVE.cylinder;
        } else if (sh instanceof CANNON.Plane) k = PRIMITIVE.plane;
        else throw new TypeError(`RayScene: body ${bi} shape ${si} has unsupported type ${sh.type}; supported: Sphere, Box, Cylinder, Plane`);
        this.shapes.push({ body: b, shapeIndex: si });
        bodyIdx.push(bi);
        kinds.push(k);
      });
    }
    const n = (this.count = kinds.length);
    this.kind = Uint8Array.from(kinds);
    this.bodyOf = Int32Array.from(bodyIdx);
    this.rot = new Float64Array(9 * n);
    this.pos = new Float64Array(3 * n);
    this.size = new Float64Array(3 * n);
    const moving: number[] = [];
    const stat: number[] = [];
    const planes: number[] = [];
    for (let i = 0; i < n; i++) {
      const { body, shapeIndex } = this.shapes[i]!;
      const sh = body.shapes[shapeIndex]!;
      if (sh instanceof CANNON.Sphere) this.size[3 * i] = sh.radius;
      else if (sh instanceof CANNON.Box) {
        this.size[3 * i] = sh.halfExtents.x;
        this.size[3 * i + 1] = sh.halfExtents.y;
        this.size[3 * i + 2] = sh.halfExtents.z;
      } else if (sh instanceof CANNON.Cylinder) {
        this.size[3 * i] = sh.radiusTop;
        this.size[3 * i + 1] = sh.height / 2;
      }
      if (this.kind[i] === PRIMITIVE.plane) planes.push(i);
      else if (body.type === CANNON.Body.STATIC) stat.push(i);
      else moving.push(i);
    }
    this.movingIdx = Int32Array.from(moving);
    this.staticIdx = Int32Array.from(stat);
    this.planeIdx = Int32Array.from(planes);
    this.cand = new Int32Array(n);
    this.grid = buildXyGrid(this.cell_m, new Float64Array(0));
    for (let i = 0; i < n; i++) this.readPose(i);
    this.refresh();
  }

  /** Re-reads moving bodies' poses; rebuilds static transforms and the grid if the world's static revision changed. */
  refresh(): void {
    for (let k = 0; k < this.movingIdx.length; k++) this.readPose(this.movingIdx[k]!);
    if (this.revision !== this.w.staticRevision) {
      for (let k = 0; k < this.staticIdx.length; k++) this.readPose(this.staticIdx[k]!);
      for (let k = 0; k < this.planeIdx.length; k++) this.readPose(this.planeIdx[k]!);
      this.buildGrid();
      this.revision = this.w.staticRevision;
    }
  }

  private readPose(i: number): void {
    const { body, shapeIndex } = this.shapes[i]!;
    const q = body.quaternion.mult(body.shapeOrientations[shapeIndex]!, tmpQ);
    body.quaternion.vmult(body.shapeOffsets[shapeIndex]!, tmpV);
    this.pos[3 * i] = body.position.x + tmpV.x;
    this.pos[3 * i + 1] = body.position.y + tmpV.y;
    this.pos[3 * i + 2] = body.position.z + tmpV.z;
    const { x, y, z, w } = q;
    const r = this.rot;
    const o = 9 * i;
    r[o] = 1 - 2 * (y * y + z * z); r[o + 1] = 2 * (x * y - z * w); r[o + 2] = 2 * (x * z + y * w);
    r[o + 3] = 2 * (x * y + z * w); r[o + 4] = 1 - 2 * (x * x + z * z); r[o + 5] = 2 * (y * z - x * w);
    r[o + 6] = 2 * (x * z - y * w); r[o + 7] = 2 * (y * z + x * w); r[o + 8] = 1 - 2 * (x * x + y * y);
  }

  /** Half-extent of primitive i's world bounding box along world x (axis 0) or y (axis 1). */
  private halfSpan(i: number, axis: 0 | 1): number {
    const r = this.rot, s = this.size, o = 9 * i + 3 * axis;
    switch (this.kind[i]) {
      case PRIMITIVE.sphere:
        return s[3 * i]!;
      case PRIMITIVE.box:
        return Math.abs(r[o]!) * s[3 * i]! + Math.abs(r[o + 1]!) * s[3 * i + 1]! + Math.abs(r[o + 2]!) * s[3 * i + 2]!;
      default: {
        // Cylinder along local y: radius in the plane normal to the axis, half height along it.
        const a = Math.abs(r[o + 1]!);
        return a * s[3 * i + 1]! + Math.sqrt(Math.max(0, 1 - a * a)) * s[3 * i]!;
      }
    }
  }

  private buildGrid(): void {
    const st = this.staticIdx;
    const bounds = new Float64Array(4 * st.length);
    for (let k = 0; k < st.length; k++) {
      const i = st[k]!;
      const hx = this.halfSpan(i, 0), hy = this.halfSpan(i, 1);
      bounds[4 * k] = this.pos[3 * i]! - hx;
      bounds[4 * k + 1] = this.pos[3 * i + 1]! - hy;
      bounds[4 * k + 2] = this.pos[3 * i]! + hx;
      bounds[4 * k + 3] = this.pos[3 * i + 1]! + hy;
    }
    this.grid = buildXyGrid(this.cell_m, bounds);
  }

  /**
   * Collects the primitives that a ray from (x, y, ·) no longer than `radius_m` could hit: static
   * primitives in grid cells touching the square |Δx|, |Δy| ≤ radius_m, all moving ones and planes.
   */
  gather(x_m: number, y_m: number, radius_m: number): void {
    let n = 0;
    const cand = this.cand;
    for (let k = 0; k < this.planeIdx.length; k++) cand[n++] = this.planeIdx[k]!;
    for (let k = 0; k < this.movingIdx.length; k++) cand[n++] = this.movingIdx[k]!;
    const first = n;
    n = xyGridQuery(this.grid, x_m - radius_m, y_m - radius_m, x_m + radius_m, y_m + radius_m, cand, n);
    // The grid lists positions in `staticIdx`; turn them into primitive indices.
    for (let k = first; k < n; k++) cand[k] = this.staticIdx[cand[k]!]!;
    this.nCand = n;
  }

  /** Number of candidates from the last `gather`. */
  get candidates(): number {
    return this.nCand;
  }

  /**
   * Distance along the unit direction (dx, dy, dz) from (ox, oy, oz) to the first surface among
   * the gathered candidates, or +Infinity if none within `maxDist_m`. Sets `hitIndex`.
   */
  castGathered(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, maxDist_m: number): number {
    this.castGatheredInto(ox, oy, oz, dx, dy, dz, maxDist_m);
    return this.distance[0]!;
  }

  /**
   * `castGathered` writing the distance to `distance[0]` instead of returning it, for hot loops:
   * V8 boxes a double returned from a call it does not inline, one heap number per ray.
   */
  castGatheredInto(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, maxDist_m: number): void {
    let best = maxDist_m;
    let hit = -1;
    const cand = this.cand;
    const t1 = this.t1;
    for (let k = 0; k < this.nCand; k++) {
      const i = cand[k]!;
      this.intersectInto(i, ox, oy, oz, dx, dy, dz, best);
      const t = t1[0]!;
      if (t <= best) {
        best = t;
        hit = i;
      }
    }
    this.hitIndex = hit;
    this.distance[0] = hit < 0 ? Infinity : best;
  }

  /** `gather` around the origin with radius `maxDist_m`, then `castGathered`. */
  castRay(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, maxDist_m: number): number {
    this.gather(ox, oy, maxDist_m);
    return this.castGathered(ox, oy, oz, dx, dy, dz, maxDist_m);
  }

  /** Entry distance of the ray into primitive i, or +Infinity if it misses within `tMax`. */
  intersect(i: number, ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number): number {
    this.intersectInto(i, ox, oy, oz, dx, dy, dz, tMax);
    return this.t1[0]!;
  }

  /**
   * `intersect` writing its result to `t1[0]`: a double returned from a call V8 does not inline
   * is boxed on the heap, which made every candidate test of a lidar scan allocate.
   */
  private intersectInto(i: number, ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number): void {
    this.t1[0] = this.intersectLocal(i, ox, oy, oz, dx, dy, dz, tMax);
  }

  private intersectLocal(i: number, ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number): number {
    const r = this.rot, o9 = 9 * i;
    const qx = ox - this.pos[3 * i]!, qy = oy - this.pos[3 * i + 1]!, qz = oz - this.pos[3 * i + 2]!;
    // Local = Rᵀ · world.
    const px = r[o9]! * qx + r[o9 + 3]! * qy + r[o9 + 6]! * qz;
    const py = r[o9 + 1]! * qx + r[o9 + 4]! * qy + r[o9 + 7]! * qz;
    const pz = r[o9 + 2]! * qx + r[o9 + 5]! * qy + r[o9 + 8]! * qz;
    const ux = r[o9]! * dx + r[o9 + 3]! * dy + r[o9 + 6]! * dz;
    const uy = r[o9 + 1]! * dx + r[o9 + 4]! * dy + r[o9 + 7]! * dz;
    const uz = r[o9 + 2]! * dx + r[o9 + 5]! * dy + r[o9 + 8]! * dz;
    const s = this.size, o3 = 3 * i;
    switch (this.kind[i]) {
      case PRIMITIVE.sphere:
        return raySphere(px, py, pz, ux, uy, uz, s[o3]!, tMax);
      case PRIMITIVE.box:
        return rayBox(px, py, pz, ux, uy, uz, s[o3]!, s[o3 + 1]!, s[o3 + 2]!, tMax);
      case PRIMITIVE.cylinder:
        return rayCylinderY(px, py, pz, ux, uy, uz, s[o3]!, s[o3 + 1]!, tMax);
      default:
        return rayHalfSpaceZ(pz, uz, tMax);
    }
  }

  /** Outward unit surface normal (world frame) of primitive i at world point p, into `out`. */
  normalAt(i: number, px: number, py: number, pz: number, out: Float64Array): void {
    const r = this.rot, o9 = 9 * i;
    const qx = px - this.pos[3 * i]!, qy = py - this.pos[3 * i + 1]!, qz = pz - this.pos[3 * i + 2]!;
    let lx = r[o9]! * qx + r[o9 + 3]! * qy + r[o9 + 6]! * qz;
    let ly = r[o9 + 1]! * qx + r[o9 + 4]! * qy + r[o9 + 7]! * qz;
    let lz = r[o9 + 2]! * qx + r[o9 + 5]! * qy + r[o9 + 8]! * qz;
    const s = this.size, o3 = 3 * i;
    switch (this.kind[i]) {
      case PRIMITIVE.sphere:
        break;
      case PRIMITIVE.box: {
        const ax = Math.abs(lx) / s[o3]!, ay = Math.abs(ly) / s[o3 + 1]!, az = Math.abs(lz) / s[o3 + 2]!;
        if (ax >= ay && ax >= az) { lx = Math.sign(lx); ly = 0; lz = 0; }
        else if (ay >= az) { lx = 0; ly = Math.sign(ly); lz = 0; }
        else { lx = 0; ly = 0; lz = Math.sign(lz); }
        break;
      }
      case PRIMITIVE.cylinder:
        if (Math.abs(ly) / s[o3 + 1]! >= Math.hypot(lx, lz) / s[o3]!) { lx = 0; lz = 0; ly = Math.sign(ly); }
        else ly = 0;
        break;
      default:
        lx = 0; ly = 0; lz = 1;
    }
    const n = Math.hypot(lx, ly, lz) || 1;
    lx /= n; ly /= n; lz /= n;
    out[0] = r[o9]! * lx + r[o9 + 1]! * ly + r[o9 + 2]! * lz;
    out[1] = r[o9 + 3]! * lx + r[o9 + 4]! * ly + r[o9 + 5]! * lz;
    out[2] = r[o9 + 6]! * lx + r[o9 + 7]! * ly + r[o9 + 8]! * lz;
  }
}
