/**
 * The rasterised event camera (rasterEventCamera.ts) against analytic cases and against ray
 * casting: its images equal the ray-cast EventCamera's (untextured) and a per-pixel ray-cast
 * reference (textured) for several poses; a moving edge gives ⌊ΔL/C⌋ events per pixel with the
 * right polarity, at interpolated, ordered timestamps; noise comes at the configured rate; a
 * static scene without noise is silent; runs repeat bit for bit by seed.
 */
import { describe, expect, it } from 'vitest';
import * as CANNON from 'cannon-es';
import { allocateChannels } from '../../loop/channels.js';
import { EventCamera, focalLength_px } from '../../sim/sensors/eventCamera.js';
import type { EventCameraParams } from '../../sim/sensors/eventCamera.js';
import { createEventList } from '../../sim/sensors/eventList.js';
import type { EventList } from '../../sim/sensors/eventList.js';
import { RayScene } from '../../sim/sensors/rayScene.js';
import { PrimitiveRaster } from '../../sim/sensors/primitiveRaster.js';
import { DvsPixelArray } from '../../sim/sensors/dvsPixelArray.js';
import { RasterEventCamera } from '../../sim/sensors/rasterEventCamera.js';
import type { RasterEventCameraParams } from '../../sim/sensors/rasterEventCamera.js';
import { lnTexture } from '../../sim/sensors/solidTexture.js';
import { addObstacles } from '../../sim/world/obstacles.js';
import { forestLayout } from '../../sim/world/forestLayout.js';
import { advanceWorld, createSimWorld } from '../../sim/world/simWorld.js';
import type { SimWorld } from '../../sim/world/simWorld.js';
import { FOREST_V1 } from '../../scenarios/droneForest.js';
import { CORRIDOR_V1 } from '../../scenarios/droneCorridor.js';
import { corridorLayout } from '../../scenarios/corridorLayout.js';

const FOV = Math.PI / 2;

/** Camera rotation (camera → world, row-major) from roll, pitch, yaw (FLU, intrinsic z-y-x). */
function rotation(roll: number, pitch: number, yaw: number): Float64Array {
  const q = new CANNON.Quaternion();
  q.setFromEuler(roll, pitch, yaw, 'ZYX');
  const { x, y, z, w } = q;
  return Float64Array.from([
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ]);
}

function quat(roll: number, pitch: number, yaw: number): [number, number, number, number] {
  const q = new CANNON.Quaternion();
  q.setFromEuler(roll, pitch, yaw, 'ZYX');
  return [q.x, q.y, q.z, q.w];
}

function forestWorld(): SimWorld {
  const sim = createSimWorld();
  addObstacles(sim, forestLayout(FOREST_V1, 3));
  // A floating block (its top and bottom faces are seen) and a corridor wall turned about z.
  addObstacles(sim, [
    { kind: 'box', center_m: [5, -1.5, 2.2], halfExtents_m: [0.4, 0.3, 0.2], yaw_rad: 0.4 },
    ...corridorLayout(CORRIDOR_V1, 2).walls.slice(0, 2),
  ]);
  return sim;
}

const POSES = [
  { what: 'level', p: [0, 0, 1], rpy: [0, 0, 0] },
  { what: 'rolled, pitched and turned', p: [1.2, -0.4, 1.3], rpy: [0.2, 0.15, -0.4] },
  { what: 'looking down at a block top', p: [4.2, -1.5, 2.9], rpy: [0, 0.7, 0.3] },
  { what: 'among trees, steep roll', p: [8, 1, 0.6], rpy: [-0.5, -0.1, 1.2] },
] as const;

const albedoOf = (sim: SimWorld) => (b: CANNON.Body) => (b === sim.ground ? 0.3 : 0.2 + 0.6 * ((b.id * 0.37) % 1));

describe('PrimitiveRaster: images equal ray casting', () => {
  for (const pose of POSES) {
    it(`untextured, ${pose.what}: equals the ray-cast EventCamera's log intensity`, () => {
      const sim = forestWorld();
      const scene = new RayScene(sim);
      const albedo = albedoOf(sim);
      const params: EventCameraParams = { width_px: 64, height_px: 48, horizontalFov_rad: FOV, maxRange_m: 1e4, contrastThreshold: 0.2, logOffset: 1e-3 };
      const rayCast = new EventCamera({
        params,
        mount: { kind: 'fixed', position_m: pose.p, orientation_xyzw: quat(pose.rpy[0], pose.rpy[1], pose.rpy[2]) },
        world: sim,
        scene,
        albedo,
      });
      rayCast.render();
      const raster = new PrimitiveRaster({ width_px: 64, height_px: 48, horizontalFov_rad: FOV, maxRange_m: 1e4, world: sim, scene, albedo, shading: { texture: { contrast: 0 } } });
      const L = new Float64Array(64 * 48);
      raster.render(pose.p, rotation(pose.rpy[0], pose.rpy[1], pose.rpy[2]), L);
      let maxDiff = 0;
      let solidPixels = 0;
      for (let k = 0; k < L.length; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(L[k]! - rayCast.logIntensity[k]!));
        if (Math.abs(rayCast.logIntensity[k]! - Math.log(0.5 + 1e-3)) > 1e-9 && Math.abs(rayCast.logIntensity[k]! - Math.log(0.3 * (0.3 + 0.7 / Math.hypot(0.3, 0.2, 1)) + 1e-3)) > 1e-9) solidPixels++;
      }
      // Only the cylinders' shading table interpolates (error < 1e-6); everything else is exact.
      expect(maxDiff).toBeLessThan(1e-5);
      expect(solidPixels).toBeGreaterThan(50); // the pose really sees solids, not only ground and sky
    });
  }

  it('textured: equals a per-pixel ray-cast reference with the same texture and footprint', () => {
    const sim = forestWorld();
    const scene = new RayScene(sim);
    const albedo = albedoOf(sim);
    const W = 64, H = 48;
    const raster = new PrimitiveRaster({ width_px: W, height_px: H, horizontalFov_rad: FOV, maxRange_m: 1e4, world: sim, scene, albedo });
    const tex = raster.texture;
    const bodies = sim.world.bodies;
    const nrm = new Float64Array(3);
    const l = [0.3, 0.2, 1].map((x) => x / Math.hypot(0.3, 0.2, 1));
    const f = focalLength_px({ width_px: W, height_px: H, horizontalFov_rad: FOV, maxRange_m: 1, contrastThreshold: 1 });
    let compared = 0;
    for (const pose of POSES) {
      const R = rotation(pose.rpy[0], pose.rpy[1], pose.rpy[2]);
      const L = new Float64Array(W * H);
      raster.render(pose.p, R, L);
      const [ox, oy, oz] = pose.p;
      scene.gather(ox, oy, 1e4);
      let off = 0;
      for (let v = 0; v < H; v++) {
        for (let u = 0; u < W; u++) {
          const c = [1, -(u + 0.5 - W / 2) / f, -(v + 0.5 - H / 2) / f];
          const n = Math.hypot(c[0]!, c[1]!, c[2]!);
          const d = [0, 1, 2].map((r) => (R[3 * r]! * c[0]! + R[3 * r + 1]! * c[1]! + R[3 * r + 2]! * c[2]!) / n) as [number, number, number];
          const t = scene.castGathered(ox, oy, oz, d[0], d[1], d[2], 1e4);
          let want: number;
          if (t === Infinity) want = Math.log(0.5 + 1e-3);
          else {
            const i = scene.hitIndex;
            const hx = ox + t * d[0], hy = oy + t * d[1], hz = oz + t * d[2];
            scene.normalAt(i, hx, hy, hz, nrm);
            const ndl = nrm[0]! * l[0]! + nrm[1]! * l[1]! + nrm[2]! * l[2]!;
            const a = albedo(bodies[scene.bodyOf[i]!]!);
            const cos = Math.abs(nrm[0]! * d[0] + nrm[1]! * d[1] + nrm[2]! * d[2]);
            want = Math.log(a * (0.3 + 0.7 * Math.max(0, ndl)) + 1e-3) + lnTexture(tex, hx, hy, hz, (raster.pixelAngle_rad * t) / Math.max(cos, 1e-12));
          }
          const diff = Math.abs(L[v * W + u]! - want);
          // A hit point on a texture-table bin boundary may round to the neighbouring entry (one
          // table step, 2π·0.3/1024 ≈ 0.002); anything larger is a rendering error.
          expect(diff, `pose ${pose.what}, pixel (${u}, ${v})`).toBeLessThan(0.01);
          if (diff > 1e-5) off++;
          compared++;
        }
      }
      expect(off, pose.what).toBeLessThan(0.01 * W * H);
    }
    expect(compared).toBe(POSES.length * W * H);
  });

  it('refuses what it cannot draw, naming the body', () => {
    const sim = createSimWorld();
    sim.world.addBody(new CANNON.Body({ type: CANNON.Body.STATIC, mass: 0, shape: new CANNON.Sphere(0.5) }));
    expect(() => new PrimitiveRaster({ width_px: 8, height_px: 6, horizontalFov_rad: FOV, maxRange_m: 10, world: sim, scene: new RayScene(sim) })).toThrow(/body 1 .*sphere/);
    const tilted = createSimWorld();
    const b = new CANNON.Body({ type: CANNON.Body.STATIC, mass: 0, shape: new CANNON.Cylinder(0.2, 0.2, 2, 8) });
    tilted.world.addBody(b); // cannon-es cylinder axis = local y: lying down in the world
    expect(() => new PrimitiveRaster({ width_px: 8, height_px: 6, horizontalFov_rad: FOV, maxRange_m: 10, world: tilted, scene: new RayScene(tilted) })).toThrow(/axis is not vertical/);
  });
});

// --- The event model -------------------------------------------------------------------------

const NO_NOISE: RasterEventCameraParams = {
  width_px: 32,
  height_px: 24,
  horizontalFov_rad: FOV,
  render_hz: 1000,
  thresholdOn: 0.2,
  thresholdOff: 0.2,
  shading: { ambient: 1, texture: { contrast: 0 } }, // intensity = albedo exactly
};
const BOX = { x: 3, y: 0.5, z: 1, hx: 0.05, hy: 0.3, hz: 0.5 };

interface EdgeScene {
  sim: SimWorld;
  box: CANNON.Body;
  cam: RasterEventCamera;
}

/** A fixed camera at (0, 0, 1) looking along +x at a kinematic box moving sideways before a wall at x = 5. */
function edgeScene(vy_mps: number, boxAlbedo: number, wallAlbedo: number, params: RasterEventCameraParams = NO_NOISE, seed = 0): EdgeScene {
  const sim = createSimWorld();
  const wall = new CANNON.Body({ type: CANNON.Body.STATIC, mass: 0, shape: new CANNON.Box(new CANNON.Vec3(0.1, 6, 4)) });
  wall.position.set(5, 0, 2);
  sim.world.addBody(wall);
  const box = new CANNON.Body({ type: CANNON.Body.KINEMATIC, mass: 0, shape: new CANNON.Box(new CANNON.Vec3(BOX.hx, BOX.hy, BOX.hz)) });
  box.position.set(BOX.x, BOX.y, BOX.z);
  box.velocity.set(0, vy_mps, 0);
  sim.world.addBody(box);
  const cam = new RasterEventCamera({
    params,
    mount: { kind: 'fixed', position_m: [0, 0, 1], orientation_xyzw: [0, 0, 0, 1] },
    world: sim,
    scene: new RayScene(sim),
    albedo: (b) => (b === box ? boxAlbedo : b === wall ? wallAlbedo : 0.3),
    noiseSeed: seed,
  });
  sim.afterStep.push((dt) => cam.afterPhysicsStep(dt));
  return { sim, box, cam };
}

/** Does pixel (u, v)'s ray pass through the box centred at lateral position yc? (slab test, test-side) */
function seesBox(u: number, v: number, yc: number, p: RasterEventCameraParams = NO_NOISE): boolean {
  const f = p.width_px / 2 / Math.tan(p.horizontalFov_rad / 2);
  const sy = -(u + 0.5 - p.width_px / 2) / f;
  const sz = -(v + 0.5 - p.height_px / 2) / f;
  let t0 = BOX.x - BOX.hx;
  let t1 = BOX.x + BOX.hx;
  const slab = (o: number, d: number, lo: number, hi: number): void => {
    if (d === 0) {
      if (o < lo || o > hi) t0 = Infinity;
      return;
    }
    let a = (lo - o) / d;
    let b = (hi - o) / d;
    if (a > b) [a, b] = [b, a];
    t0 = Math.max(t0, a);
    t1 = Math.min(t1, b);
  };
  slab(0, sy, yc - BOX.hy, yc + BOX.hy);
  slab(1, sz, BOX.z - BOX.hz, BOX.z + BOX.hz);
  return t0 <= t1;
}

function drainAll(cam: RasterEventCamera, into: { x: number[]; y: number[]; p: number[]; t: number[] }, list: EventList): void {
  for (;;) {
    const n = cam.drainEvents(list);
    for (let i = 0; i < n; i++) {
      into.x.push(list.x[i]!);
      into.y.push(list.y[i]!);
      into.p.push(list.polarity[i]!);
      into.t.push(list.t_s[i]!);
    }
    if (n < list.capacity) return;
  }
}

describe('RasterEventCamera: the DVS pixel model against analytic cases', () => {
  it('a static scene without noise emits nothing', () => {
    const s = edgeScene(0, 1, 0.1);
    advanceWorld(s.sim, 1);
    expect(s.cam.renders).toBe(1000); // 1 kHz renders on 240 Hz physics
    expect(s.cam.eventsEmitted).toBe(0);
  });

  const cases = [
    { what: 'bright box moving right (−y)', vy: -1, boxAlbedo: 1, wallAlbedo: 0.1 },
    { what: 'bright box moving left (+y)', vy: 1, boxAlbedo: 1, wallAlbedo: 0.1 },
    { what: 'dark box moving right (−y)', vy: -1, boxAlbedo: 0.05, wallAlbedo: 0.8 },
  ] as const;
  for (const c of cases) {
    it(`${c.what}: ⌊|ΔL|/C⌋ events at each swept pixel, ON where it brightened, none elsewhere`, () => {
      const s = edgeScene(c.vy, c.boxAlbedo, c.wallAlbedo);
      const y0 = s.box.position.y;
      const steps = 120;
      advanceWorld(s.sim, steps * s.sim.fixedStep_s);
      const y1 = s.box.position.y;
      const dL = Math.log(c.boxAlbedo + 1e-3) - Math.log(c.wallAlbedo + 1e-3);
      const perPixel = Math.floor(Math.abs(dL) / 0.2);
      const appear = dL > 0 ? 'on' : 'off';
      const obs = allocateChannels(s.cam.channels);
      s.cam.read(obs);
      let swept = 0;
      for (let v = 0; v < NO_NOISE.height_px; v++) {
        for (let u = 0; u < NO_NOISE.width_px; u++) {
          // The box moves monotonically: a pixel is covered over one interval of y_c.
          const before = seesBox(u, v, y0), after = seesBox(u, v, y1);
          let passed = false;
          for (let i = 1; i < 200 && !passed; i++) passed = seesBox(u, v, y0 + ((y1 - y0) * i) / 200);
          const k = v * NO_NOISE.width_px + u;
          const on = obs.events_on![k]!, off = obs.events_off![k]!;
          const gained = !before && after, lost = before && !after, through = !before && !after && passed;
          if (gained || lost) {
            const pol = gained === (appear === 'on') ? 'on' : 'off';
            expect([u, v, on, off]).toEqual([u, v, pol === 'on' ? perPixel : 0, pol === 'off' ? perPixel : 0]);
            swept++;
          } else if (through) {
            // Covered and uncovered: ⌊ΔL/C⌋ of each polarity, within one for the return (rounding of ref ± n·C).
            const first = appear === 'on' ? on : off, second = appear === 'on' ? off : on;
            expect([u, v, first]).toEqual([u, v, perPixel]);
            expect(second).toBeGreaterThanOrEqual(perPixel - 1);
            expect(second).toBeLessThanOrEqual(perPixel);
            swept++;
          } else {
            expect([u, v, on + off]).toEqual([u, v, 0]);
          }
        }
      }
      expect(swept).toBeGreaterThanOrEqual(10);
      expect(perPixel).toBeGreaterThanOrEqual(5);
    });
  }

  it('with threshold mismatch each pixel gives ⌊ΔL/C_k⌋ for its own threshold; C_k has the configured spread', () => {
    const p = { ...NO_NOISE, thresholdSigma: 0.03, mismatchSeed: 11 };
    const s = edgeScene(-1, 1, 0.1, p);
    const cOn = s.cam.pixels.cOn;
    const mean = cOn.reduce((a, b) => a + b, 0) / cOn.length;
    const sd = Math.sqrt(cOn.reduce((a, b) => a + (b - mean) ** 2, 0) / (cOn.length - 1));
    // 768 draws: the sample sd is within ±15 % of σ with overwhelming probability (χ² bounds).
    expect(sd).toBeGreaterThan(0.03 * 0.85);
    expect(sd).toBeLessThan(0.03 * 1.15);
    const y0 = s.box.position.y;
    advanceWorld(s.sim, 120 * s.sim.fixedStep_s);
    const y1 = s.box.position.y;
    const obs = allocateChannels(s.cam.channels);
    s.cam.read(obs);
    const dL = Math.log(1 + 1e-3) - Math.log(0.1 + 1e-3);
    let checked = 0;
    for (let v = 0; v < p.height_px; v++) {
      for (let u = 0; u < p.width_px; u++) {
        if (!seesBox(u, v, y0) && seesBox(u, v, y1)) {
          const k = v * p.width_px + u;
          expect([u, v, obs.events_on![k]]).toEqual([u, v, Math.floor(dL / cOn[k]!)]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('timestamps: non-decreasing across drains, each inside its render interval, near the analytic crossing', () => {
    const s = edgeScene(-1, 1, 0.1);
    const list = createEventList(256);
    const ev = { x: [] as number[], y: [] as number[], p: [] as number[], t: [] as number[] };
    const y0 = s.box.position.y;
    const h = s.sim.fixedStep_s;
    let tPrevStep = 0;
    for (let i = 0; i < 60; i++) {
      const from = ev.t.length;
      advanceWorld(s.sim, h);
      drainAll(s.cam, ev, list);
      // Every event drained after this step lies after the previous step's last render and at or before this step.
      for (let j = from; j < ev.t.length; j++) {
        expect(ev.t[j]!).toBeGreaterThan(Math.floor(tPrevStep * 1000 + 1e-9) / 1000);
        expect(ev.t[j]!).toBeLessThanOrEqual(s.sim.time_s + 1e-12);
      }
      tPrevStep = s.sim.time_s;
    }
    expect(ev.t.length).toBeGreaterThan(50);
    for (let j = 1; j < ev.t.length; j++) expect(ev.t[j]!).toBeGreaterThanOrEqual(ev.t[j - 1]!);
    // The camera sees the box at the start of the physics step that contains each render (moving
    // bodies are drawn where the step left them): the crossing time is within one physics step plus
    // one render interval of the analytic time the edge reached the pixel.
    for (let j = 0; j < ev.t.length; j++) {
      const at = (t: number) => seesBox(ev.x[j]!, ev.y[j]!, y0 - t);
      let lo = 0;
      let hi = 60 * h;
      for (let it = 0; it < 60; it++) {
        const mid = (lo + hi) / 2;
        if (at(mid) === at(0)) lo = mid;
        else hi = mid;
      }
      expect(Math.abs(ev.t[j]! - lo)).toBeLessThanOrEqual(h + 1e-3 + 1e-12);
    }
  });

  it('several thresholds crossed in one interval: events at the interpolated crossing times, in order', () => {
    const px = new DvsPixelArray(2, { thresholdOn: 0.1 }, 0);
    const L0 = Float64Array.from([0, 0]);
    px.prime(L0, 0);
    const L1 = Float64Array.from([0.45, -0.25]); // pixel 0: 4 ON at 0.1/0.45 … of the interval; pixel 1: 2 OFF
    const n = px.step(L0, L1, Float64Array.of(1, 1.001));
    const got = Array.from({ length: n }, (_, j): [number, number, number] => [px.outPixel[j]!, px.outPolarity[j]!, px.outT_s[j]!]);
    expect(n).toBe(6);
    const want: [number, number, number][] = [
      [1, -1, 1 + 0.001 * (0.1 / 0.25)],
      [0, 1, 1 + 0.001 * (0.1 / 0.45)],
      [0, 1, 1 + 0.001 * (0.2 / 0.45)],
      [1, -1, 1 + 0.001 * (0.2 / 0.25)],
      [0, 1, 1 + 0.001 * (0.3 / 0.45)],
      [0, 1, 1 + 0.001 * (0.4 / 0.45)],
    ].sort((a, b) => a[2]! - b[2]!) as [number, number, number][];
    expect(got.map(([k, p]) => [k, p])).toEqual(want.map(([k, p]) => [k, p]));
    for (let i = 0; i < 6; i++) expect(Math.abs(got[i]![2] - want[i]![2])).toBeLessThanOrEqual(0.001 * 2 ** -20 + 1e-15);
    expect(px.ref[0]).toBeCloseTo(0.4, 12);
    expect(px.ref[1]).toBeCloseTo(-0.2, 12);
  });

  it('refractory period: a pixel drops events within refractory_s of its last one, and its reference still follows', () => {
    // Binary-exact levels (C = 1/8, steps of 3.5·C), so no crossing is lost to rounding.
    const px = new DvsPixelArray(1, { thresholdOn: 0.125, refractory_s: 0.0025 }, 0);
    const L = [0, 1, 2, 3, 4].map((i) => Float64Array.of(i * 0.4375));
    px.prime(L[0]!, 0);
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const n = px.step(L[i]!, L[i + 1]!, Float64Array.of(i * 1e-3, (i + 1) * 1e-3));
      for (let j = 0; j < n; j++) times.push(px.outT_s[j]!);
    }
    // 14 crossings at (j/3.5) ms; emitted: the first, then the first crossing ≥ 2.5 ms after the last emitted.
    expect(times).toHaveLength(2);
    expect(times[0]!).toBeCloseTo(1e-3 / 3.5, 8);
    expect(times[1]!).toBeCloseTo((10 * 1e-3) / 3.5, 8);
    expect(px.refractoryDropped).toBe(12);
    expect(px.ref[0]).toBe(1.75);
  });

  it('shot noise comes at the configured rate (99.9 % Poisson interval); leak gives r·T ON events per pixel', () => {
    const shot = { ...NO_NOISE, width_px: 16, height_px: 12, shotNoiseRate_hz: 5 };
    const s = edgeScene(0, 1, 0.1, shot, 5);
    const T = 20;
    advanceWorld(s.sim, T);
    const mu = 16 * 12 * 5 * T;
    expect(Math.abs(s.cam.eventsEmitted - mu)).toBeLessThan(3.29 * Math.sqrt(mu));
    const obs = allocateChannels(s.cam.channels);
    s.cam.read(obs);
    const on = obs.events_on!.reduce((a, b) => a + b, 0);
    const off = obs.events_off!.reduce((a, b) => a + b, 0);
    // Polarity: ON with probability ½ (99.9 % binomial interval).
    expect(Math.abs(on - (on + off) / 2)).toBeLessThan(3.29 * Math.sqrt((on + off) / 4));

    const leak = { ...NO_NOISE, width_px: 8, height_px: 6, leakRate_hz: 2 };
    const l = edgeScene(0, 1, 0.1, leak);
    advanceWorld(l.sim, 5);
    const lo = allocateChannels(l.cam.channels);
    l.cam.read(lo);
    for (let k = 0; k < 48; k++) {
      expect(lo.events_off![k]).toBe(0);
      expect(Math.abs(lo.events_on![k]! - 10)).toBeLessThanOrEqual(1);
    }
  });

  it('determinism: the same seeds give the same events bit for bit; another noise seed does not', () => {
    const p = { ...NO_NOISE, thresholdSigma: 0.03, mismatchSeed: 4, refractory_s: 5e-4, shotNoiseRate_hz: 2, shading: { texture: { contrast: 0.3 } } };
    const run = (seed: number) => {
      const s = edgeScene(-1, 1, 0.1, p, seed);
      const ev = { x: [] as number[], y: [] as number[], p: [] as number[], t: [] as number[] };
      const list = createEventList(4096);
      for (let i = 0; i < 50; i++) {
        advanceWorld(s.sim, s.sim.fixedStep_s);
        drainAll(s.cam, ev, list);
      }
      return ev;
    };
    const a = run(1);
    expect(a.t.length).toBeGreaterThan(20);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
  });

  it('a drone-mounted camera flying through the forest sees events from the textured ground and trunks', () => {
    const sim = createSimWorld();
    addObstacles(sim, forestLayout(FOREST_V1, 1));
    const scene = new RayScene(sim);
    const carrier = new CANNON.Body({ type: CANNON.Body.KINEMATIC, mass: 0 });
    carrier.position.set(0, 0, 1);
    carrier.velocity.set(1.5, 0, 0);
    const cam = new RasterEventCamera({
      params: { ...NO_NOISE, width_px: 64, height_px: 48, shading: {} },
      mount: { kind: 'body', body: carrier, offset_m: [0, 0, 0], orientation_xyzw: [0, 0, 0, 1] },
      world: sim,
      scene,
    });
    sim.world.addBody(carrier);
    sim.afterStep.push((dt) => cam.afterPhysicsStep(dt));
    advanceWorld(sim, 0.5);
    const obs = allocateChannels(cam.channels);
    cam.read(obs);
    let upper = 0, lower = 0;
    for (let k = 0; k < 64 * 48; k++) (k < 64 * 24 ? (upper += obs.events_on![k]! + obs.events_off![k]!) : (lower += obs.events_on![k]! + obs.events_off![k]!));
    expect(lower).toBeGreaterThan(100); // ground texture under forward flight
    expect(upper).toBeGreaterThan(10); // trunks against the sky
  });

  it('rejects bad configuration with the field named', () => {
    const sim = createSimWorld();
    const scene = new RayScene(sim);
    const mount = { kind: 'fixed', position_m: [0, 0, 1], orientation_xyzw: [0, 0, 0, 1] } as const;
    const make = (p: Partial<RasterEventCameraParams>) => () => new RasterEventCamera({ params: { ...NO_NOISE, ...p }, mount, world: sim, scene });
    expect(make({ thresholdOn: 0 })).toThrow(/thresholdOn must be a positive/);
    expect(make({ thresholdOff: -0.1 })).toThrow(/thresholdOff must be a positive/);
    expect(make({ width_px: 2000, height_px: 2000 })).toThrow(/exceeds the memory bound/);
    expect(make({ width_px: 0 })).toThrow(/width_px/);
    expect(make({ shotNoiseRate_hz: -1 })).toThrow(/shotNoiseRate_hz/);
    expect(make({ leakRate_hz: -1 })).toThrow(/leakRate_hz/);
    expect(make({ refractory_s: -1 })).toThrow(/refractory_s/);
    expect(make({ render_hz: 0 })).toThrow(/render_hz/);
    expect(make({ thresholdSigma: Number.NaN })).toThrow(/thresholdSigma/);
    expect(make({ shading: { texture: { period_m: 0 } } })).toThrow(/texture.period_m/);
  });
});
