/**
 * Event camera (DVS): a small pinhole pixel grid rendered by ray casting, emitting an event at a
 * pixel whenever its log intensity has moved by the contrast threshold C since that pixel's last
 * event (Lichtsteiner, Posch & Delbruck 2008; model as in ESIM, Rebecq et al. 2018, and the survey
 * of Gallego et al. 2020):
 *
 *   L = ln(I + ε);   while L − L_ref ≥ C: emit ON,  L_ref += C;
 *                    while L − L_ref ≤ −C: emit OFF, L_ref −= C.
 *
 * Event timestamps are interpolated linearly in L between the two renders that bracket the
 * crossing. The first render after a reset only sets L_ref (no events). We chose **log
 * intensity** (not inverse depth) so the sensor responds to contrast like a real DVS: a bright
 * object moving over a dark background gives ON events at its leading edge and OFF at its
 * trailing edge; a dark object the reverse.
 *
 * Intensity of a ray hit: I = albedo · (ambient + (1 − ambient) · max(0, n·l)) — Lambertian
 * shading of the surface normal n under a distant light l, plus an ambient share; rays that hit
 * nothing within maxRange_m see `backgroundIntensity`. Albedo is per body (a function given at
 * construction). Not modelled: pixel noise, refractory period, bandwidth limits, motion blur.
 *
 * Camera frame (REP-103, FLU): optical axis +x, +y left, +z up. Pixel (column u, row v), u from
 * the image's left, v from its top, looks along (1, −(u + ½ − W/2)/f, −(v + ½ − H/2)/f) with
 * f = (W/2)/tan(hfov/2) pixels (square pixels). Channels are row-major: index v·W + u.
 *
 * Rendering uses the analytic {@link RayScene} (all rays share one `gather`). The camera renders
 * every `sampleEvery_steps` physics steps from `afterPhysicsStep`.
 */
import * as CANNON from 'cannon-es';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { SimWorld } from '../world/simWorld.js';
import type { Sensor } from './sensor.js';
import type { RayScene } from './rayScene.js';
import type { EventList } from './eventList.js';
import { CameraMountPose, type CameraMount } from './cameraMount.js';

type Vec3Tuple = readonly [number, number, number];
type QuatTuple = readonly [number, number, number, number];

export interface EventCameraParams {
  /** Channel prefix. @default 'events' */
  readonly name?: string;
  readonly width_px: number;
  readonly height_px: number;
  readonly horizontalFov_rad: number;
  readonly maxRange_m: number;
  /** Contrast threshold C on ln intensity (real DVS pixels: about 0.1–0.5). */
  readonly contrastThreshold: number;
  /** ε in ln(I + ε), keeps black pixels finite. @default 1e-3 */
  readonly logOffset?: number;
  /** Intensity seen by rays that hit nothing (sky). @default 0.5 */
  readonly backgroundIntensity?: number;
  /** Unshaded share of the light, in [0, 1]. @default 0.3 */
  readonly ambient?: number;
  /** Direction towards the light, world frame (normalised here). @default [0.3, 0.2, 1] */
  readonly lightDirection?: Vec3Tuple;
  /** Render every N physics steps. @default 1 */
  readonly sampleEvery_steps?: number;
  /** Events kept for `drainEvents` before the oldest are dropped. @default 65536 */
  readonly eventCapacity?: number;
}

/** A 32×24 camera with a 90° horizontal field of view, 10 m range and C = 0.2. */
export const EVENT_CAMERA_32X24: EventCameraParams = {
  width_px: 32,
  height_px: 24,
  horizontalFov_rad: Math.PI / 2,
  maxRange_m: 10,
  contrastThreshold: 0.2,
};

export type { CameraMount } from './cameraMount.js';

export interface EventCameraOptions {
  readonly params: EventCameraParams;
  readonly mount: CameraMount;
  /** The world the scene was built from (maps scene primitives to bodies for albedo). */
  readonly world: SimWorld;
  readonly scene: RayScene;
  /** Albedo of a body, in [0, 1]. @default () => 0.5 */
  readonly albedo?: (body: CANNON.Body) => number;
  /** Call `scene.refresh()` before each render (set false if the owner refreshes a shared scene). @default true */
  readonly refreshScene?: boolean;
}

/** Channel specs of an event camera (ray-cast or rasterised): ON and OFF counts per pixel. */
export function eventCameraChannels(p: { readonly name?: string; readonly width_px: number; readonly height_px: number }): readonly ChannelSpec[] {
  const name = p.name ?? 'events';
  const n = p.width_px * p.height_px;
  return [
    { name: `${name}_on`, size: n, low: 0, high: Infinity, unit: '1', doc: `ON events per pixel since the last read, row-major from the top-left (${p.width_px}×${p.height_px})` },
    { name: `${name}_off`, size: n, low: 0, high: Infinity, unit: '1', doc: `OFF events per pixel since the last read, row-major from the top-left (${p.width_px}×${p.height_px})` },
  ];
}

function validate(p: EventCameraParams): void {
  const w = 'EventCamera';
  for (const k of ['width_px', 'height_px'] as const) {
    if (!Number.isInteger(p[k]) || p[k] < 1 || p[k] > 65535) throw new RangeError(`${w}: ${k} must be an integer in [1, 65535], got ${p[k]}`);
  }
  if (!(p.horizontalFov_rad > 0 && p.horizontalFov_rad < Math.PI)) throw new RangeError(`${w}: horizontalFov_rad must be in (0, π), got ${p.horizontalFov_rad}`);
  if (!(p.maxRange_m > 0) || !Number.isFinite(p.maxRange_m)) throw new RangeError(`${w}: maxRange_m must be positive and finite, got ${p.maxRange_m}`);
  if (!(p.contrastThreshold > 0) || !Number.isFinite(p.contrastThreshold)) throw new RangeError(`${w}: contrastThreshold must be positive and finite, got ${p.contrastThreshold}`);
  if (p.logOffset !== undefined && !(p.logOffset > 0)) throw new RangeError(`${w}: logOffset must be > 0, got ${p.logOffset}`);
  if (p.backgroundIntensity !== undefined && !(p.backgroundIntensity >= 0)) throw new RangeError(`${w}: backgroundIntensity must be ≥ 0, got ${p.backgroundIntensity}`);
  if (p.ambient !== undefined && !(p.ambient >= 0 && p.ambient <= 1)) throw new RangeError(`${w}: ambient must be in [0, 1], got ${p.ambient}`);
  if (p.sampleEvery_steps !== undefined && !(Number.isInteger(p.sampleEvery_steps) && p.sampleEvery_steps >= 1)) {
    throw new RangeError(`${w}: sampleEvery_steps must be an integer ≥ 1, got ${p.sampleEvery_steps}`);
  }
  if (p.eventCapacity !== undefined && !(Number.isInteger(p.eventCapacity) && p.eventCapacity >= 1)) {
    throw new RangeError(`${w}: eventCapacity must be an integer ≥ 1, got ${p.eventCapacity}`);
  }
}

/** Focal length in pixels: f = (W/2) / tan(hfov/2). */
export function focalLength_px(p: EventCameraParams): number {
  return p.width_px / 2 / Math.tan(p.horizontalFov_rad / 2);
}

export class EventCamera implements Sensor {
  readonly channels: readonly ChannelSpec[];
  readonly width: number;
  readonly height: number;
  /** ln(I + ε) of the last render, row-major. */
  readonly logIntensity: Float64Array;
  /** Events lost because `drainEvents` was not called often enough. */
  eventsDropped = 0;
  /** Total events emitted since the last reset. */
  eventsEmitted = 0;
  /** Renders since the last reset. */
  renders = 0;

  private readonly p: EventCameraParams;
  private readonly mount: CameraMountPose;
  private readonly scene: RayScene;
  private readonly refreshScene: boolean;
  private readonly dirs: Float64Array;
  private readonly albedo: Float64Array;
  private readonly logRef: Float64Array;
  private readonly on: Float32Array;
  private readonly off: Float32Array;
  private readonly onName: string;
  private readonly offName: string;
  private readonly C: number;
  private readonly eps: number;
  private readonly bg: number;
  private readonly ambient: number;
  private readonly light = new Float64Array(3);
  private readonly every: number;
  // Ring buffer of pending events.
  private readonly cap: number;
  private readonly rx: Uint16Array;
  private readonly ry: Uint16Array;
  private readonly rp: Int8Array;
  private readonly rt: Float64Array;
  private head = 0;
  private size = 0;
  private primed = false;
  private time_s = 0;
  private lastRender_s = 0;
  private steps = 0;
  private readonly R = new Float64Array(9);
  private readonly nrm = new Float64Array(3);
  private readonly camQ = new CANNON.Quaternion();
  private readonly tmpV = new CANNON.Vec3();

  constructor(o: EventCameraOptions) {
    const p = o.params;
    validate(p);
    this.p = p;
    this.mount = new CameraMountPose(o.mount, 'EventCamera');
    this.scene = o.scene;
    this.refreshScene = o.refreshScene ?? true;
    this.channels = eventCameraChannels(p);
    this.onName = this.channels[0]!.name;
    this.offName = this.channels[1]!.name;
    const W = (this.width = p.width_px);
    const H = (this.height = p.height_px);
    const N = W * H;
    this.C = p.contrastThreshold;
    this.eps = p.logOffset ?? 1e-3;
    this.bg = p.backgroundIntensity ?? 0.5;
    this.ambient = p.ambient ?? 0.3;
    const l = p.lightDirection ?? [0.3, 0.2, 1];
    const ln = Math.hypot(l[0], l[1], l[2]);
    if (!(ln > 0)) throw new RangeError(`EventCamera: lightDirection must be a non-zero vector, got [${l.join(', ')}]`);
    this.light.set([l[0] / ln, l[1] / ln, l[2] / ln]);
    this.every = p.sampleEvery_steps ?? 1;

    const f = focalLength_px(p);
    this.dirs = new Float64Array(3 * N);
    for (let v = 0; v < H; v++) {
      for (let u = 0; u < W; u++) {
        const dy = -(u + 0.5 - W / 2) / f;
        const dz = -(v + 0.5 - H / 2) / f;
        const n = Math.hypot(1, dy, dz);
        const k = 3 * (v * W + u);
        this.dirs[k] = 1 / n;
        this.dirs[k + 1] = dy / n;
        this.dirs[k + 2] = dz / n;
      }
    }
    const albedoOf = o.albedo ?? (() => 0.5);
    this.albedo = new Float64Array(o.scene.count);
    const bodies = o.world.world.bodies;
    for (let i = 0; i < o.scene.count; i++) {
      const b = bodies[o.scene.bodyOf[i]!]!;
      const a = albedoOf(b);
      if (!(a >= 0 && a <= 1)) throw new RangeError(`EventCamera: albedo of body ${b.id} must be in [0, 1], got ${a}`);
      this.albedo[i] = a;
    }
    this.logIntensity = new Float64Array(N);
    this.logRef = new Float64Array(N);
    this.on = new Float32Array(N);
    this.off = new Float32Array(N);
    this.cap = p.eventCapacity ?? 65536;
    this.rx = new Uint16Array(this.cap);
    this.ry = new Uint16Array(this.cap);
    this.rp = new Int8Array(this.cap);
    this.rt = new Float64Array(this.cap);
  }

  /** Pending events (not yet drained). */
  get pendingEvents(): number {
    return this.size;
  }

  afterPhysicsStep(dt_s: number): void {
    this.time_s += dt_s;
    if (++this.steps % this.every === 0) this.render();
  }

  /** Renders now (at the current simulated time) and emits events. Allocates nothing. */
  render(): void {
    this.cameraPose();
    const R = this.R;
    const px = this.tmpV.x;
    const py = this.tmpV.y;
    const pz = this.tmpV.z;
    const scene = this.scene;
    if (this.refreshScene) scene.refresh();
    const maxR = this.p.maxRange_m;
    scene.gather(px, py, maxR);
    const dirs = this.dirs;
    const W = this.width;
    const N = W * this.height;
    const L = this.logIntensity;
    const lx = this.light[0]!;
    const ly = this.light[1]!;
    const lz = this.light[2]!;
    const amb = this.ambient;
    const C = this.C;
    const t0 = this.lastRender_s;
    const t1 = this.time_s;
    for (let k = 0; k < N; k++) {
      const cx = dirs[3 * k]!;
      const cy = dirs[3 * k + 1]!;
      const cz = dirs[3 * k + 2]!;
      const dx = R[0]! * cx + R[1]! * cy + R[2]! * cz;
      const dy = R[3]! * cx + R[4]! * cy + R[5]! * cz;
      const dz = R[6]! * cx + R[7]! * cy + R[8]! * cz;
      const t = scene.castGathered(px, py, pz, dx, dy, dz, maxR);
      let I = this.bg;
      if (t !== Infinity) {
        const hit = scene.hitIndex;
        scene.normalAt(hit, px + t * dx, py + t * dy, pz + t * dz, this.nrm);
        const ndl = this.nrm[0]! * lx + this.nrm[1]! * ly + this.nrm[2]! * lz;
        I = this.albedo[hit]! * (amb + (1 - amb) * (ndl > 0 ? ndl : 0));
      }
      const Lnew = Math.log(I + this.eps);
      if (!this.primed) {
        this.logRef[k] = Lnew;
      } else {
        const Lold = L[k]!;
        let ref = this.logRef[k]!;
        if (Lnew - ref >= C || Lnew - ref <= -C) {
          const pol = Lnew > ref ? 1 : -1;
          const step = pol * C;
          while (pol * (Lnew - ref) >= C) {
            ref += step;
            // Linear interpolation of the crossing time between the renders at t0 and t1.
            const frac = Lnew !== Lold ? (ref - Lold) / (Lnew - Lold) : 1;
            this.emit(k % W, (k / W) | 0, pol, t0 + (t1 - t0) * (frac < 0 ? 0 : frac > 1 ? 1 : frac));
          }
          this.logRef[k] = ref;
        }
      }
      L[k] = Lnew;
    }
    this.primed = true;
    this.lastRender_s = t1;
    this.renders++;
  }

  private emit(u: number, v: number, pol: 1 | -1, t_s: number): void {
    const k = v * this.width + u;
    if (pol > 0) this.on[k]! += 1;
    else this.off[k]! += 1;
    this.eventsEmitted++;
    let slot: number;
    if (this.size < this.cap) {
      slot = (this.head + this.size) % this.cap;
      this.size++;
    } else {
      slot = this.head; // overwrite the oldest
      this.head = (this.head + 1) % this.cap;
      this.eventsDropped++;
    }
    this.rx[slot] = u;
    this.ry[slot] = v;
    this.rp[slot] = pol;
    this.rt[slot] = t_s;
  }

  /** Camera rotation (row-major, camera → world) into R and position into tmpV. */
  private cameraPose(): void {
    this.mount.read(this.camQ, this.tmpV);
    const { x, y, z, w } = this.camQ;
    const r = this.R;
    r[0] = 1 - 2 * (y * y + z * z); r[1] = 2 * (x * y - z * w); r[2] = 2 * (x * z + y * w);
    r[3] = 2 * (x * y + z * w); r[4] = 1 - 2 * (x * x + z * z); r[5] = 2 * (y * z - x * w);
    r[6] = 2 * (x * z - y * w); r[7] = 2 * (y * z + x * w); r[8] = 1 - 2 * (x * x + y * y);
  }

  /** Fills `<name>_on` / `<name>_off` with per-pixel counts since the last read, then clears them. */
  read(out: Channels): void {
    out[this.onName]!.set(this.on);
    out[this.offName]!.set(this.off);
    this.on.fill(0);
    this.off.fill(0);
  }

  /**
   * Moves pending events, oldest render first, into `out` (up to its capacity; the rest stay pending).
   * Returns the number moved. Independent of `read`: the channels and the list each see every event.
   */
  drainEvents(out: EventList): number {
    const n = Math.min(this.size, out.capacity);
    for (let i = 0; i < n; i++) {
      const s = (this.head + i) % this.cap;
      out.x[i] = this.rx[s]!;
      out.y[i] = this.ry[s]!;
      out.polarity[i] = this.rp[s]!;
      out.t_s[i] = this.rt[s]!;
    }
    out.count = n;
    this.head = (this.head + n) % this.cap;
    this.size -= n;
    return n;
  }

  reset(): void {
    this.on.fill(0);
    this.off.fill(0);
    this.head = 0;
    this.size = 0;
    this.primed = false;
    this.time_s = 0;
    this.lastRender_s = 0;
    this.steps = 0;
    this.eventsDropped = 0;
    this.eventsEmitted = 0;
    this.renders = 0;
  }
}
