/**
 * Renders the log intensity seen by a pinhole camera in the scenes the drones fly — a horizontal
 * ground plane, upright cylinders (trees), boxes turned about z (walls) and the sky — by
 * rasterising each solid's silhouette row by row instead of casting every pixel's ray against
 * every nearby solid (what `RayScene` does for the ray-cast `EventCamera`).
 *
 * Why it is fast: a pixel ray is d(u, v) = A + u·B + v·C (unnormalised, linear in the pixel
 * indices), so seen from the camera an upright solid covers, in the horizontal plane, a wedge of
 * directions bounded by two tangent directions e_R, e_L (a cylinder's tangent lines, a box's
 * extreme corners), and "d_xy inside the wedge" is two inequalities cross(e_R, d) ≥ 0,
 * cross(d, e_L) ≥ 0 that are linear in u on each row. Each row therefore gets each solid's pixel
 * span from two divisions; only pixels inside a span solve the exact intersection (cylinder:
 * quadratic in the horizontal plane, then the height test and the end caps; box: slab test), with
 * a depth test against the ground and other solids. The ground hit is analytic per pixel
 * (t = (z_g − c_z)/d_z). This is exact for any camera orientation (roll and pitch included):
 * it draws the same image as per-pixel ray casting with the same shading
 * (test/sim/event-camera-fast.test.ts compares the two).
 *
 * Shading (as the ray-cast EventCamera, plus texture): a surface point with normal n has
 * intensity I = albedo · (ambient + (1 − ambient) · max(0, n·l)) under a distant light l, the sky
 * has `skyIntensity`, and the log intensity is L = ln(I + ε) + ln τ with τ the solid texture
 * (solidTexture.ts) sampled with the pixel's footprint. Writing ln τ as a sum keeps the
 * per-pixel work for the ground and box faces to a table look-up (ln(I + ε) is per surface);
 * only cylinder pixels take a logarithm, their normal changing across the trunk.
 *
 * Solids farther than `maxRange_m` (nearest surface point from the camera) are not drawn; the
 * ground extends to the horizon. Spheres, tilted cylinders/boxes and non-horizontal planes are
 * refused at construction with the body named. Moving bodies are drawn where the `RayScene`
 * last read them (`scene.refresh()`), and must stay upright.
 *
 * Camera frame (REP-103, FLU) and pixel grid as EventCamera: optical axis +x, pixel (u, v) from
 * the top-left looks along (1, −(u + ½ − W/2)/f, −(v + ½ − H/2)/f), f = (W/2)/tan(hfov/2).
 */
import type * as CANNON from 'cannon-es';
import type { SimWorld } from '../world/simWorld.js';
import type { RayScene } from './rayScene.js';
import { PRIMITIVE } from './rayScene.js';
import type { SolidTexture, SolidTextureParams } from './solidTexture.js';
import { TEXTURE_MASK, createSolidTexture, lnTexture } from './solidTexture.js';

type Vec3Tuple = readonly [number, number, number];

export interface RasterShading {
  /** ε in ln(I + ε). @default 1e-3 */
  readonly logOffset?: number;
  /** Intensity of the sky (rays that hit nothing). @default 0.5 */
  readonly skyIntensity?: number;
  /** Unshaded share of the light, in [0, 1]. @default 0.3 */
  readonly ambient?: number;
  /** Direction towards the light, world frame (normalised here). @default [0.3, 0.2, 1] */
  readonly lightDirection?: Vec3Tuple;
  /** Solid texture on every surface. @default { contrast: 0.3, period_m: 0.5 } */
  readonly texture?: SolidTextureParams;
}

export interface PrimitiveRasterOptions {
  readonly width_px: number;
  readonly height_px: number;
  readonly horizontalFov_rad: number;
  /** Solids whose nearest point is farther are not drawn (m). */
  readonly maxRange_m: number;
  readonly shading?: RasterShading;
  readonly world: SimWorld;
  readonly scene: RayScene;
  /** Albedo of a body, in (0, 1]. @default () => 0.5 */
  readonly albedo?: (body: CANNON.Body) => number;
  /** Name used in error messages. @default 'PrimitiveRaster' */
  readonly where?: string;
}

/**
 * Largest image accepted (pixels): 1280 × 1024, a megapixel-class sensor. An event camera keeps
 * about 200 bytes per pixel (images, references, thresholds, candidate events), so this bounds
 * one camera near 270 MB.
 */
export const MAX_RASTER_PIXELS = 1280 * 1024;

/**
 * Entries of a cylinder's shading table over n·l ∈ [0, 1] (1024 segments): linear interpolation of
 * ln(a·(ambient + (1 − ambient)·x) + ε) errs by at most |f''|/8·1024⁻², under 10⁻⁶ for ambient ≥ 0.1.
 */
const SHADE_SEGMENTS = 1026;

/** Slack (px) on each side of a row span, against rounding at a silhouette exactly through a pixel centre. */
const SPAN_SLACK_PX = 1e-6;

/** Cosine of the largest tilt from vertical accepted for an upright solid's axis. */
const UPRIGHT_COS = 1 - 1e-9;

export class PrimitiveRaster {
  readonly width: number;
  readonly height: number;
  /** Focal length (px). */
  readonly f: number;
  /** Angular size of a pixel at the image centre (rad), 1/f. */
  readonly pixelAngle_rad: number;
  readonly texture: SolidTexture;
  /** Solids drawn by the last render (after range and view culling). */
  drawn = 0;

  private readonly scene: RayScene;
  private readonly maxRange: number;
  private readonly eps: number;
  private readonly ambient: number;
  private readonly lx: number;
  private readonly ly: number;
  private readonly lz: number;
  private readonly skyL: number;
  private readonly albedo: Float64Array;
  private readonly cylIdx: Int32Array;
  private readonly boxIdx: Int32Array;
  private readonly groundIdx: number;
  // Per-render culled solids: primitive index and the wedge forms f(u, v) = c + u·g_u + v·g_v (2 × 3 per solid).
  private readonly act: Int32Array;
  private readonly actKey: Float64Array;
  /** Rows [first, last] each culled solid can cover (from its bounding box projected into the image). */
  private readonly rowRange: Int32Array;
  private readonly wedge: Float64Array;
  /** Per-render ln(I + ε) of each box face (6 per primitive: +x, −x, +y, −y, +z, −z local). */
  private readonly faceL: Float64Array;
  /** Per cylinder, ln(I + ε) over n·l = j/(SHADE_SEGMENTS − 2), j = 0 … SHADE_SEGMENTS − 1. */
  private readonly cylShade: Float64Array;
  private readonly cylSlot: Int32Array;
  /** Per primitive, ln(I + ε) of a cylinder's top and bottom caps. */
  private readonly cylCapL: Float64Array;
  private readonly groundL: number;
  private readonly depth: Float64Array;
  /** Camera position, A, B, C of the current render. */
  private readonly geo = new Float64Array(12);
  /** Camera rotation of the current render (camera → world, row-major). */
  private R: Float64Array = new Float64Array(9);
  private readonly span = new Int32Array(2);

  constructor(o: PrimitiveRasterOptions) {
    const where = o.where ?? 'PrimitiveRaster';
    for (const k of ['width_px', 'height_px'] as const) {
      if (!Number.isInteger(o[k]) || o[k] < 1 || o[k] > 4096) throw new RangeError(`${where}: ${k} must be an integer in [1, 4096], got ${o[k]}`);
    }
    if (o.width_px * o.height_px > MAX_RASTER_PIXELS) throw new RangeError(`${where}: ${o.width_px}×${o.height_px} = ${o.width_px * o.height_px} pixels exceeds the memory bound of ${MAX_RASTER_PIXELS} (1280×1024)`);
    if (!(o.horizontalFov_rad > 0 && o.horizontalFov_rad < Math.PI)) throw new RangeError(`${where}: horizontalFov_rad must be in (0, π), got ${o.horizontalFov_rad}`);
    if (!(o.maxRange_m > 0)) throw new RangeError(`${where}: maxRange_m must be > 0, got ${o.maxRange_m}`);
    const s = o.shading ?? {};
    this.eps = s.logOffset ?? 1e-3;
    if (!(this.eps > 0) || !Number.isFinite(this.eps)) throw new RangeError(`${where}: shading.logOffset must be > 0, got ${this.eps}`);
    const sky = s.skyIntensity ?? 0.5;
    if (!(sky >= 0) || !Number.isFinite(sky)) throw new RangeError(`${where}: shading.skyIntensity must be ≥ 0, got ${sky}`);
    this.ambient = s.ambient ?? 0.3;
    if (!(this.ambient >= 0 && this.ambient <= 1)) throw new RangeError(`${where}: shading.ambient must be in [0, 1], got ${this.ambient}`);
    const l = s.lightDirection ?? [0.3, 0.2, 1];
    const ln = Math.hypot(l[0], l[1], l[2]);
    if (!(ln > 0) || !Number.isFinite(ln)) throw new RangeError(`${where}: shading.lightDirection must be a finite non-zero vector, got [${l.join(', ')}]`);
    this.lx = l[0] / ln;
    this.ly = l[1] / ln;
    this.lz = l[2] / ln;
    this.texture = createSolidTexture(s.texture, `${where}: shading.texture`);
    this.skyL = Math.log(sky + this.eps);
    this.width = o.width_px;
    this.height = o.height_px;
    this.f = o.width_px / 2 / Math.tan(o.horizontalFov_rad / 2);
    this.pixelAngle_rad = 1 / this.f;
    this.maxRange = o.maxRange_m;
    this.scene = o.scene;

    const sc = o.scene;
    const bodies = o.world.world.bodies;
    const albedoOf = o.albedo ?? (() => 0.5);
    this.albedo = new Float64Array(sc.count);
    const cyl: number[] = [];
    const box: number[] = [];
    let ground = -1;
    for (let i = 0; i < sc.count; i++) {
      const b = bodies[sc.bodyOf[i]!]!;
      const what = `body ${sc.bodyOf[i]} (id ${b.id})`;
      const a = albedoOf(b);
      if (!(a > 0 && a <= 1)) throw new RangeError(`${where}: albedo of ${what} must be in (0, 1], got ${a}`);
      this.albedo[i] = a;
      const r = sc.rot;
      switch (sc.kind[i]) {
        case PRIMITIVE.cylinder:
          // cannon-es cylinder axis = local y; it must map to world ±z.
          if (!(Math.abs(r[9 * i + 7]!) >= UPRIGHT_COS)) throw new RangeError(`${where}: ${what} is a cylinder whose axis is not vertical; the raster draws upright cylinders only`);
          cyl.push(i);
          break;
        case PRIMITIVE.box:
          if (!(r[9 * i + 8]! >= UPRIGHT_COS)) throw new RangeError(`${where}: ${what} is a box turned out of the horizontal plane; the raster draws boxes turned about z only`);
          box.push(i);
          break;
        case PRIMITIVE.plane:
          if (!(r[9 * i + 8]! >= UPRIGHT_COS)) throw new RangeError(`${where}: ${what} is a plane whose normal is not +z; the raster draws a horizontal ground only`);
          if (ground >= 0) throw new RangeError(`${where}: ${what} is a second plane; the raster draws one ground plane`);
          ground = i;
          break;
        default:
          throw new RangeError(`${where}: ${what} has a sphere; the raster draws upright cylinders, boxes turned about z and one ground plane`);
      }
    }
    this.cylIdx = Int32Array.from(cyl);
    this.boxIdx = Int32Array.from(box);
    this.groundIdx = ground;
    const n = cyl.length + box.length;
    this.act = new Int32Array(n);
    this.actKey = new Float64Array(n);
    this.rowRange = new Int32Array(2 * n);
    this.wedge = new Float64Array(6 * n);
    this.faceL = new Float64Array(6 * sc.count);
    this.cylSlot = new Int32Array(sc.count);
    this.cylShade = new Float64Array(SHADE_SEGMENTS * cyl.length);
    this.cylCapL = new Float64Array(2 * sc.count);
    cyl.forEach((i, slot) => {
      this.cylSlot[i] = slot;
      this.cylCapL[2 * i] = this.shadeL(this.albedo[i]!, this.lz);
      this.cylCapL[2 * i + 1] = this.shadeL(this.albedo[i]!, -this.lz);
      for (let j = 0; j < SHADE_SEGMENTS; j++) this.cylShade[SHADE_SEGMENTS * slot + j] = this.shadeL(this.albedo[i]!, Math.min(1, j / (SHADE_SEGMENTS - 2)));
    });
    this.groundL = ground >= 0 ? this.shadeL(this.albedo[ground]!, this.lz) : 0;
    this.depth = new Float64Array(o.width_px * o.height_px);
  }

  /** ln(I + ε) of a surface with albedo a and normal·light ndl. */
  private shadeL(a: number, ndl: number): number {
    return Math.log(a * (this.ambient + (1 - this.ambient) * (ndl > 0 ? ndl : 0)) + this.eps);
  }

  /**
   * Renders into `out` (row-major, W·H) the log intensity seen from camera position (x, y, z)
   * with rotation R (camera → world, row-major 3×3). Allocates nothing.
   */
  render(position_m: ArrayLike<number>, R: Float64Array, out: Float64Array): void {
    const cx = position_m[0]!, cy = position_m[1]!, cz = position_m[2]!;
    this.R = R;
    const W = this.width;
    const H = this.height;
    const f = this.f;
    // d(u, v) = A + u·B + v·C with A = R0 + a0·R1 + b0·R2, B = −R1/f, C = −R2/f (Ri: columns of R).
    const a0 = (W / 2 - 0.5) / f;
    const b0 = (H / 2 - 0.5) / f;
    const g = this.geo;
    g[0] = cx; g[1] = cy; g[2] = cz;
    g[3] = R[0]! + a0 * R[1]! + b0 * R[2]!;
    g[4] = R[3]! + a0 * R[4]! + b0 * R[5]!;
    g[5] = R[6]! + a0 * R[7]! + b0 * R[8]!;
    g[6] = -R[1]! / f; g[7] = -R[4]! / f; g[8] = -R[7]! / f;
    g[9] = -R[2]! / f; g[10] = -R[5]! / f; g[11] = -R[8]! / f;
    const n = this.cull();
    this.drawn = n;
    this.drawGround(out);
    for (let k = 0; k < n; k++) {
      const i = this.act[k]!;
      if (this.scene.kind[i] === PRIMITIVE.cylinder) this.drawCylinder(k, i, out);
      else this.drawBox(k, i, out);
    }
  }

  /** Solids in range whose wedge may meet the image, with their per-row span lines; returns how many. */
  private cull(): number {
    const g = this.geo;
    const cx = g[0]!, cy = g[1]!, cz = g[2]!;
    const Ax = g[3]!, Ay = g[4]!, Bx = g[6]!, By = g[7]!, Cx = g[9]!, Cy = g[10]!;
    const sc = this.scene;
    const pos = sc.pos, rot = sc.rot, size = sc.size;
    const maxR = this.maxRange;
    const uMax = this.width - 1, vMax = this.height - 1;
    const nCyl = this.cylIdx.length;
    let nAct = 0;
    for (let k = 0; k < nCyl + this.boxIdx.length; k++) {
      const isCyl = k < nCyl;
      const i = isCyl ? this.cylIdx[k]! : this.boxIdx[k - nCyl]!;
      const qx = pos[3 * i]! - cx;
      const qy = pos[3 * i + 1]! - cy;
      const D = Math.sqrt(qx * qx + qy * qy);
      const hx = size[3 * i]!, hy = size[3 * i + 1]!;
      const rXY = isCyl ? hx : Math.sqrt(hx * hx + hy * hy);
      const hz = isCyl ? hy : size[3 * i + 2]!;
      const dzGap = Math.max(0, Math.abs(cz - pos[3 * i + 2]!) - hz);
      const dxyGap = Math.max(0, D - rXY);
      if (dxyGap * dxyGap + dzGap * dzGap > maxR * maxR) continue;
      // Tangent directions e_R (clockwise side) and e_L bounding the wedge (unnormalised).
      let eRx = 0, eRy = 0, eLx = 0, eLy = 0;
      let inside = false;
      if (isCyl) {
        if (D <= hx) inside = true;
        else {
          const c = Math.sqrt(D * D - hx * hx); // q rotated by ∓β, scaled by D: cos β·D = c, sin β·D = r
          eRx = qx * c + qy * hx; eRy = -qx * hx + qy * c;
          eLx = qx * c - qy * hx; eLy = qx * hx + qy * c;
        }
      } else {
        const ex = rot[9 * i]!, ey = rot[9 * i + 3]!; // local x in world
        const lx = -qx * ex - qy * ey, ly = qx * ey - qy * ex; // camera in box-local x, y
        if (Math.abs(lx) <= hx && Math.abs(ly) <= hy) inside = true;
        else {
          let minA = Infinity, maxA = -Infinity;
          for (let s = 0; s < 4; s++) {
            const sx = s & 1 ? hx : -hx;
            const sy = s & 2 ? hy : -hy;
            const px = qx + sx * ex - sy * ey;
            const py = qy + sx * ey + sy * ex;
            const ang = Math.atan2(qx * py - qy * px, qx * px + qy * py);
            if (ang < minA) { minA = ang; eRx = px; eRy = py; }
            if (ang > maxA) { maxA = ang; eLx = px; eLy = py; }
          }
        }
      }
      // f1 = cross(e_R, d) ≥ 0 and f2 = cross(d, e_L) ≥ 0, each c + u·gu + v·gv.
      const w = this.wedge;
      const o = 6 * nAct;
      if (inside) {
        w[o] = 1; w[o + 1] = 0; w[o + 2] = 0; w[o + 3] = 1; w[o + 4] = 0; w[o + 5] = 0;
      } else {
        w[o] = eRx * Ay - eRy * Ax; w[o + 1] = eRx * By - eRy * Bx; w[o + 2] = eRx * Cy - eRy * Cx;
        w[o + 3] = Ax * eLy - Ay * eLx; w[o + 4] = Bx * eLy - By * eLx; w[o + 5] = Cx * eLy - Cy * eLx;
        // The maximum of each form over the image rectangle must be ≥ 0.
        if (w[o]! + Math.max(0, w[o + 1]! * uMax) + Math.max(0, w[o + 2]! * vMax) < 0) continue;
        if (w[o + 3]! + Math.max(0, w[o + 4]! * uMax) + Math.max(0, w[o + 5]! * vMax) < 0) continue;
      }
      if (!this.rowsOf(qx, qy, pos[3 * i + 2]! - cz, rXY, hz, nAct)) continue;
      if (!isCyl) this.shadeBoxFaces(i);
      this.actKey[nAct] = dxyGap;
      this.act[nAct++] = i;
    }
    this.sortNearFirst(nAct);
    return nAct;
  }

  /**
   * Rows the solid at (qx, qy, qz) from the camera (its centre), with horizontal bounding radius
   * rXY and half height hz, can cover: its bounding box's corners projected into the image
   * (v = H/2 − ½ − f·z_cam/x_cam). Every row if a corner is not in front of the camera. Writes
   * rowRange[2k], rowRange[2k + 1]; false if the range misses the image.
   */
  private rowsOf(qx: number, qy: number, qz: number, rXY: number, hz: number, k: number): boolean {
    const R = this.R;
    const H = this.height;
    let vMin = Infinity, vMax = -Infinity;
    let behind = false;
    for (let c = 0; c < 8; c++) {
      const x = qx + (c & 1 ? rXY : -rXY), y = qy + (c & 2 ? rXY : -rXY), z = qz + (c & 4 ? hz : -hz);
      const xc = R[0]! * x + R[3]! * y + R[6]! * z;
      if (!(xc > 1e-6)) {
        behind = true;
        break;
      }
      const v = H / 2 - 0.5 - (this.f * (R[2]! * x + R[5]! * y + R[8]! * z)) / xc;
      if (v < vMin) vMin = v;
      if (v > vMax) vMax = v;
    }
    const rr = this.rowRange;
    if (behind) {
      rr[2 * k] = 0;
      rr[2 * k + 1] = H - 1;
      return true;
    }
    // The box's projection contains the solid's; one row of slack for the pixel-centre rounding.
    const first = Math.max(0, Math.floor(vMin) - 1), last = Math.min(H - 1, Math.ceil(vMax) + 1);
    rr[2 * k] = first;
    rr[2 * k + 1] = last;
    return first <= last;
  }

  /**
   * Insertion sort of the culled solids by horizontal gap, nearest first (with their wedge forms),
   * so near solids fill the depth buffer early and farther ones skip occluded pixels cheaply.
   */
  private sortNearFirst(n: number): void {
    const key = this.actKey, act = this.act, w = this.wedge, rr = this.rowRange;
    for (let j = 1; j < n; j++) {
      const kk = key[j]!;
      if (key[j - 1]! <= kk) continue;
      const ka = act[j]!;
      const r0 = rr[2 * j]!, r1 = rr[2 * j + 1]!;
      const w0 = w[6 * j]!, w1 = w[6 * j + 1]!, w2 = w[6 * j + 2]!, w3 = w[6 * j + 3]!, w4 = w[6 * j + 4]!, w5 = w[6 * j + 5]!;
      let i = j - 1;
      while (i >= 0 && key[i]! > kk) {
        key[i + 1] = key[i]!;
        act[i + 1] = act[i]!;
        rr[2 * (i + 1)] = rr[2 * i]!;
        rr[2 * (i + 1) + 1] = rr[2 * i + 1]!;
        for (let c = 0; c < 6; c++) w[6 * (i + 1) + c] = w[6 * i + c]!;
        i--;
      }
      key[i + 1] = kk;
      act[i + 1] = ka;
      rr[2 * (i + 1)] = r0;
      rr[2 * (i + 1) + 1] = r1;
      w[6 * (i + 1)] = w0; w[6 * (i + 1) + 1] = w1; w[6 * (i + 1) + 2] = w2;
      w[6 * (i + 1) + 3] = w3; w[6 * (i + 1) + 4] = w4; w[6 * (i + 1) + 5] = w5;
    }
  }

  /** ln(I + ε) of box i's faces: local +x, −x, +y, −y, +z, −z. */
  private shadeBoxFaces(i: number): void {
    const rot = this.scene.rot;
    const ex = rot[9 * i]!, ey = rot[9 * i + 3]!;
    const a = this.albedo[i]!;
    const nlx = ex * this.lx + ey * this.ly;
    const nly = -ey * this.lx + ex * this.ly;
    const fl = this.faceL;
    fl[6 * i] = this.shadeL(a, nlx);
    fl[6 * i + 1] = this.shadeL(a, -nlx);
    fl[6 * i + 2] = this.shadeL(a, nly);
    fl[6 * i + 3] = this.shadeL(a, -nly);
    fl[6 * i + 4] = this.shadeL(a, this.lz);
    fl[6 * i + 5] = this.shadeL(a, -this.lz);
  }

  /** Ground (to the horizon) or sky for every pixel, with its depth. */
  private drawGround(out: Float64Array): void {
    const W = this.width, H = this.height;
    const g = this.geo;
    const cx = g[0]!, cy = g[1]!, cz = g[2]!;
    const Ax = g[3]!, Ay = g[4]!, Az = g[5]!, Bx = g[6]!, By = g[7]!, Bz = g[8]!, Cx = g[9]!, Cy = g[10]!, Cz = g[11]!;
    const depth = this.depth;
    const gi = this.groundIdx;
    const skyL = this.skyL;
    if (gi < 0) {
      out.fill(skyL);
      depth.fill(Infinity);
      return;
    }
    const zg = this.scene.pos[3 * gi + 2]!;
    const h = cz - zg;
    const groundL = this.groundL;
    const tex = this.texture;
    if (h <= 0) {
      // Camera at or below the ground: inside the solid half-space, every ray hits at distance 0.
      out.fill(groundL + (tex.flat ? 0 : lnTexture(tex, cx, cy, zg, 0)));
      depth.fill(0);
      return;
    }
    const table = tex.table;
    const kIdx = tex.indexPerM;
    const zTerm = table[((zg * kIdx) | 0) & TEXTURE_MASK]!;
    // lod = 1 − footprint/λ with footprint = α·h·|d|²/d_z².
    const fpScale = (this.pixelAngle_rad * h) / tex.period_m;
    const flat = tex.flat;
    for (let v = 0; v < H; v++) {
      const rx = Ax + v * Cx, ry = Ay + v * Cy, rz = Az + v * Cz;
      const row = v * W;
      for (let u = 0; u < W; u++) {
        const dz = rz + u * Bz;
        const k = row + u;
        if (dz >= 0) {
          out[k] = skyL;
          depth[k] = Infinity;
          continue;
        }
        const inv = 1 / dz;
        const t = -h * inv;
        depth[k] = t;
        if (flat) {
          out[k] = groundL;
          continue;
        }
        const dx = rx + u * Bx, dy = ry + u * By;
        const lod = 1 - fpScale * (dx * dx + dy * dy + dz * dz) * inv * inv;
        if (lod > 0) {
          const hx = cx + t * dx, hy = cy + t * dy;
          out[k] = groundL + lod * (table[((hx * kIdx) | 0) & TEXTURE_MASK]! + table[((hy * kIdx) | 0) & TEXTURE_MASK]! + zTerm);
        } else {
          out[k] = groundL;
        }
      }
    }
  }

  /** Row span [lo, hi] of culled solid k on row v into `span`; false if empty. A hair of slack: the exact test decides. */
  private rowSpan(k: number, v: number): boolean {
    const w = this.wedge;
    const o = 6 * k;
    let lo = 0;
    let hi = this.width - 1;
    const f1 = w[o]! + v * w[o + 2]!, g1 = w[o + 1]!;
    const f2 = w[o + 3]! + v * w[o + 5]!, g2 = w[o + 4]!;
    if (g1 > 0) lo = Math.max(lo, Math.ceil(-f1 / g1 - SPAN_SLACK_PX));
    else if (g1 < 0) hi = Math.min(hi, Math.floor(-f1 / g1 + SPAN_SLACK_PX));
    else if (f1 < 0) return false;
    if (g2 > 0) lo = Math.max(lo, Math.ceil(-f2 / g2 - SPAN_SLACK_PX));
    else if (g2 < 0) hi = Math.min(hi, Math.floor(-f2 / g2 + SPAN_SLACK_PX));
    else if (f2 < 0) return false;
    this.span[0] = lo;
    this.span[1] = hi;
    return lo <= hi;
  }

  /** Upright cylinder i (culled index k): side by the horizontal quadratic, end caps, depth test, shading table. */
  private drawCylinder(k: number, i: number, out: Float64Array): void {
    const W = this.width, H = this.height;
    const g = this.geo;
    const cx = g[0]!, cy = g[1]!, cz = g[2]!;
    const Ax = g[3]!, Ay = g[4]!, Az = g[5]!, Bx = g[6]!, By = g[7]!, Bz = g[8]!, Cx = g[9]!, Cy = g[10]!, Cz = g[11]!;
    const sc = this.scene;
    const px = sc.pos[3 * i]!, py = sc.pos[3 * i + 1]!, pz = sc.pos[3 * i + 2]!;
    const r = sc.size[3 * i]!, hh = sc.size[3 * i + 1]!;
    const zTop = pz + hh, zBot = pz - hh;
    const qx = cx - px, qy = cy - py; // camera relative to the axis
    const cc = qx * qx + qy * qy - r * r;
    // Any hit lies at least (D − r) away horizontally: a pixel whose depth t already has
    // t²·|d_xy|² below (D − r)² is occluded (nearest-first order makes this the common case).
    const gap = cc > 0 ? Math.sqrt(qx * qx + qy * qy) - r : 0;
    const gap2 = gap * gap;
    const inv_r = 1 / r;
    const lx = this.lx * inv_r, ly = this.ly * inv_r;
    const capTopL = this.cylCapL[2 * i]!;
    const capBotL = this.cylCapL[2 * i + 1]!;
    const shade = this.cylShade;
    const so = SHADE_SEGMENTS * this.cylSlot[i]!;
    const tex = this.texture;
    const flat = tex.flat;
    const alpha = this.pixelAngle_rad;
    const depth = this.depth;
    const span = this.span;
    const vLast = this.rowRange[2 * k + 1]!;
    for (let v = this.rowRange[2 * k]!; v <= vLast; v++) {
      if (!this.rowSpan(k, v)) continue;
      const lo = span[0]!, hi = span[1]!;
      const rx = Ax + v * Cx, ry = Ay + v * Cy, rz = Az + v * Cz;
      const row = v * W;
      for (let u = lo; u <= hi; u++) {
        const dx = rx + u * Bx, dy = ry + u * By, dz = rz + u * Bz;
        const kp = row + u;
        const aa = dx * dx + dy * dy;
        const tOld = depth[kp]!;
        if (tOld * tOld * aa < gap2) continue;
        let t = 0;
        if (cc > 0) {
          const b = qx * dx + qy * dy;
          const disc = b * b - aa * cc;
          if (disc < 0 || b >= 0) continue; // misses, or the cylinder is behind
          t = (-b - Math.sqrt(disc)) / aa;
        }
        let z = cz + t * dz;
        let cap = 0; // +1 / −1: entered through the top / bottom cap
        if (z > zTop || z < zBot) {
          const above = z > zTop;
          if (above === dz >= 0) continue;
          const zc = above ? zTop : zBot;
          const tc = (zc - cz) / dz;
          const ex = qx + tc * dx, ey = qy + tc * dy;
          if (!(tc >= 0) || ex * ex + ey * ey > r * r) continue;
          t = tc;
          z = zc;
          cap = above ? 1 : -1;
        }
        if (!(t < tOld)) continue;
        depth[kp] = t;
        const hx = qx + t * dx, hy = qy + t * dy; // hit relative to the axis
        let L: number;
        let ndv: number;
        if (cap !== 0) {
          L = cap > 0 ? capTopL : capBotL;
          ndv = dz;
        } else {
          // Shading from the table over n·l ∈ [0, 1] (n·l ≤ 0: ambient only), linearly interpolated.
          const ndl = hx * lx + hy * ly;
          if (ndl <= 0) L = shade[so]!;
          else {
            const x = ndl * (SHADE_SEGMENTS - 2);
            const j = x | 0;
            const fr = x - j;
            L = shade[so + j]! + fr * (shade[so + j + 1]! - shade[so + j]!);
          }
          ndv = (hx * dx + hy * dy) * inv_r;
        }
        if (!flat) {
          const fp = (alpha * t * (aa + dz * dz)) / Math.max(Math.abs(ndv), 1e-12);
          L += lnTexture(tex, px + hx, py + hy, z, fp);
        }
        out[kp] = L;
      }
    }
  }

  /** Box i turned about z (culled index k): slab test in its local frame, depth test, per-face shading. */
  private drawBox(k: number, i: number, out: Float64Array): void {
    const W = this.width, H = this.height;
    const g = this.geo;
    const cx = g[0]!, cy = g[1]!, cz = g[2]!;
    const Ax = g[3]!, Ay = g[4]!, Az = g[5]!, Bx = g[6]!, By = g[7]!, Bz = g[8]!, Cx = g[9]!, Cy = g[10]!, Cz = g[11]!;
    const sc = this.scene;
    const px = sc.pos[3 * i]!, py = sc.pos[3 * i + 1]!, pz = sc.pos[3 * i + 2]!;
    const hx = sc.size[3 * i]!, hy = sc.size[3 * i + 1]!, hz = sc.size[3 * i + 2]!;
    const ex = sc.rot[9 * i]!, ey = sc.rot[9 * i + 3]!;
    const qx = cx - px, qy = cy - py;
    const lqx = qx * ex + qy * ey, lqy = -qx * ey + qy * ex, lqz = cz - pz; // camera in box-local coordinates
    const fl = this.faceL;
    const tex = this.texture;
    const flat = tex.flat;
    const alpha = this.pixelAngle_rad;
    const depth = this.depth;
    const span = this.span;
    const vLast = this.rowRange[2 * k + 1]!;
    for (let v = this.rowRange[2 * k]!; v <= vLast; v++) {
      if (!this.rowSpan(k, v)) continue;
      const lo = span[0]!, hi = span[1]!;
      const rx = Ax + v * Cx, ry = Ay + v * Cy, rz = Az + v * Cz;
      const row = v * W;
      for (let u = lo; u <= hi; u++) {
        const dx = rx + u * Bx, dy = ry + u * By, dz = rz + u * Bz;
        const kp = row + u;
        const ldx = dx * ex + dy * ey, ldy = -dx * ey + dy * ex;
        let tn = 0;
        let tf = depth[kp]!;
        let face = -1; // entry face; −1: the camera is inside
        if (ldx !== 0) {
          let t1 = (-hx - lqx) / ldx, t2 = (hx - lqx) / ldx;
          if (t1 > t2) { const s = t1; t1 = t2; t2 = s; }
          if (t1 > tn) { tn = t1; face = ldx > 0 ? 1 : 0; }
          if (t2 < tf) tf = t2;
        } else if (Math.abs(lqx) > hx) continue;
        if (ldy !== 0) {
          let t1 = (-hy - lqy) / ldy, t2 = (hy - lqy) / ldy;
          if (t1 > t2) { const s = t1; t1 = t2; t2 = s; }
          if (t1 > tn) { tn = t1; face = ldy > 0 ? 3 : 2; }
          if (t2 < tf) tf = t2;
        } else if (Math.abs(lqy) > hy) continue;
        if (dz !== 0) {
          let t1 = (-hz - lqz) / dz, t2 = (hz - lqz) / dz;
          if (t1 > t2) { const s = t1; t1 = t2; t2 = s; }
          if (t1 > tn) { tn = t1; face = dz > 0 ? 5 : 4; }
          if (t2 < tf) tf = t2;
        } else if (Math.abs(lqz) > hz) continue;
        if (!(tn <= tf) || !(tn < depth[kp]!)) continue;
        depth[kp] = tn;
        let L = fl[6 * i + (face < 0 ? 4 : face)]!;
        if (!flat) {
          const ndv = face < 0 ? 1 : face < 2 ? Math.abs(ldx) : face < 4 ? Math.abs(ldy) : Math.abs(dz);
          const fp = (alpha * tn * (dx * dx + dy * dy + dz * dz)) / Math.max(ndv, 1e-12);
          L += lnTexture(tex, cx + tn * dx, cy + tn * dy, cz + tn * dz, fp);
        }
        out[kp] = L;
      }
    }
  }
}
