import { describe, expect, it } from 'vitest';
import * as CANNON from 'cannon-es';
import { allocateChannels } from '../../loop/channels.js';
import type { EventCameraParams } from '../../sim/sensors/eventCamera.js';
import { EventCamera, focalLength_px } from '../../sim/sensors/eventCamera.js';
import { createEventList } from '../../sim/sensors/eventList.js';
import { RayScene } from '../../sim/sensors/rayScene.js';
import { advanceWorld, createSimWorld } from '../../sim/world/simWorld.js';
import type { SimWorld } from '../../sim/world/simWorld.js';

const CAM: EventCameraParams = {
  width_px: 32,
  height_px: 24,
  horizontalFov_rad: Math.PI / 2,
  maxRange_m: 10,
  contrastThreshold: 0.2,
  ambient: 1, // unshaded: intensity = albedo exactly
  backgroundIntensity: 0.1,
};
const CAM_Z = 1;
const BOX = { x: 3, y: 0.5, z: 1, hx: 0.05, hy: 0.3, hz: 0.5 };

interface Scene {
  sim: SimWorld;
  box: CANNON.Body;
  wall: CANNON.Body;
  cam: EventCamera;
}

/** A camera at (0, 0, 1) looking along +x at a box (albedo `boxAlbedo`) before a wall at x = 5. */
function scene(vy_mps: number, boxAlbedo: number, wallAlbedo: number, params: EventCameraParams = CAM): Scene {
  const sim = createSimWorld();
  const wall = new CANNON.Body({ type: CANNON.Body.STATIC, mass: 0, shape: new CANNON.Box(new CANNON.Vec3(0.1, 6, 4)) });
  wall.position.set(5, 0, 2);
  sim.world.addBody(wall);
  const box = new CANNON.Body({ type: CANNON.Body.KINEMATIC, mass: 0, shape: new CANNON.Box(new CANNON.Vec3(BOX.hx, BOX.hy, BOX.hz)) });
  box.position.set(BOX.x, BOX.y, BOX.z);
  box.velocity.set(0, vy_mps, 0);
  sim.world.addBody(box);
  const rays = new RayScene(sim);
  const cam = new EventCamera({
    params,
    mount: { kind: 'fixed', position_m: [0, 0, CAM_Z], orientation_xyzw: [0, 0, 0, 1] },
    world: sim,
    scene: rays,
    albedo: (b) => (b === box ? boxAlbedo : b === wall ? wallAlbedo : 0.3),
  });
  sim.afterStep.push((dt) => cam.afterPhysicsStep(dt));
  return { sim, box, wall, cam };
}

/** Pixel ray direction (unnormalised, x = 1) from the pinhole model. */
function pixelDir(u: number, v: number, p: EventCameraParams): [number, number] {
  const f = focalLength_px(p);
  return [-(u + 0.5 - p.width_px / 2) / f, -(v + 0.5 - p.height_px / 2) / f];
}

/** Does the pixel's ray pass through the box centred at lateral position y_c? (slab test, test-side) */
function seesBox(u: number, v: number, yc: number, p: EventCameraParams = CAM): boolean {
  const [sy, sz] = pixelDir(u, v, p);
  // Ray (t, sy·t, CAM_Z + sz·t): intersect the x, y and z slabs.
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
  slab(CAM_Z, sz, BOX.z - BOX.hz, BOX.z + BOX.hz);
  return t0 <= t1;
}

describe('event camera (DVS model)', () => {
  it('emits nothing in a static scene', () => {
    const s = scene(0, 1, 0.1);
    advanceWorld(s.sim, 100 * s.sim.fixedStep_s);
    expect(s.cam.renders).toBe(100);
    expect(s.cam.eventsEmitted).toBe(0);
    const obs = allocateChannels(s.cam.channels);
    s.cam.read(obs);
    expect(obs.events_on!.reduce((a, b) => a + b, 0) + obs.events_off!.reduce((a, b) => a + b, 0)).toBe(0);
  });

  const cases = [
    { what: 'bright box moving right (−y)', vy: -1, boxAlbedo: 1, wallAlbedo: 0.1 },
    { what: 'bright box moving left (+y)', vy: 1, boxAlbedo: 1, wallAlbedo: 0.1 },
    { what: 'dark box moving right (−y)', vy: -1, boxAlbedo: 0.05, wallAlbedo: 0.8 },
  ] as const;
  for (const c of cases) {
    it(`${c.what}: events exactly at the pixels its edges swept, polarity from the contrast sign, ⌊|ΔL|/C⌋ each`, () => {
      const s = scene(c.vy, c.boxAlbedo, c.wallAlbedo);
      const h = s.sim.fixedStep_s;
      advanceWorld(s.sim, h); // first render: sets the reference only
      expect(s.cam.eventsEmitted).toBe(0);
      const yFirst = s.box.position.y;
      const steps = 120;
      advanceWorld(s.sim, steps * h);
      const yLast = s.box.position.y;
      expect(yLast - yFirst).toBeCloseTo(c.vy * steps * h, 9);

      const eps = 1e-3;
      const dL = Math.log(c.boxAlbedo + eps) - Math.log(c.wallAlbedo + eps); // box over wall
      const perPixel = Math.floor(Math.abs(dL) / CAM.contrastThreshold);
      const appearPol = dL > 0 ? 1 : -1; // pixels the box moves onto
      const obs = allocateChannels(s.cam.channels);
      s.cam.read(obs);
      let onCols = 0;
      let onN = 0;
      let offCols = 0;
      let offN = 0;
      let predicted = 0;
      for (let v = 0; v < CAM.height_px; v++) {
        for (let u = 0; u < CAM.width_px; u++) {
          const before = seesBox(u, v, yFirst);
          const after = seesBox(u, v, yLast);
          const k = v * CAM.width_px + u;
          const wantOn = !before && after ? (appearPol > 0 ? perPixel : 0) : before && !after ? (appearPol < 0 ? perPixel : 0) : 0;
          const wantOff = !before && after ? (appearPol < 0 ? perPixel : 0) : before && !after ? (appearPol > 0 ? perPixel : 0) : 0;
          expect([u, v, obs.events_on![k]]).toEqual([u, v, wantOn]);
          expect([u, v, obs.events_off![k]]).toEqual([u, v, wantOff]);
          predicted += wantOn + wantOff;
          onCols += u * obs.events_on![k]!;
          onN += obs.events_on![k]!;
          offCols += u * obs.events_off![k]!;
          offN += obs.events_off![k]!;
        }
      }
      expect(predicted).toBeGreaterThanOrEqual(10 * perPixel); // the edges really swept ≥ 10 pixels
      // Leading edge: the side it moves towards (image right = smaller world y). A bright object
      // gives ON there and OFF at its trailing edge; a dark one the reverse.
      const movingRight = c.vy < 0;
      const onIsRightOfOff = onCols / onN > offCols / offN;
      expect(onIsRightOfOff).toBe(movingRight === appearPol > 0);
    });
  }

  it('timestamps lie within one render of the analytic edge-crossing time; list and channels agree', () => {
    const s = scene(-1, 1, 0.1);
    const h = s.sim.fixedStep_s;
    const y0 = s.box.position.y;
    advanceWorld(s.sim, 40 * h);
    const list = createEventList(100000);
    const n = s.cam.drainEvents(list);
    expect(n).toBe(s.cam.eventsEmitted);
    expect(s.cam.pendingEvents).toBe(0);
    const obs = allocateChannels(s.cam.channels);
    s.cam.read(obs);
    const counts = new Float32Array(CAM.width_px * CAM.height_px);
    for (let i = 0; i < n; i++) {
      const u = list.x[i]!;
      const v = list.y[i]!;
      counts[v * CAM.width_px + u]! += 1;
      // The pixel's visibility flips once: find the flip time by bisection on y_c(t) = y0 − t.
      const at = (t: number) => seesBox(u, v, y0 - t);
      let lo = 0;
      let hi = 40 * h;
      expect(at(lo)).not.toBe(at(hi));
      for (let it = 0; it < 60; it++) {
        const mid = (lo + hi) / 2;
        if (at(mid) === at(lo)) lo = mid;
        else hi = mid;
      }
      expect(Math.abs(list.t_s[i]! - lo)).toBeLessThanOrEqual(h + 1e-12);
    }
    const fromChannels = obs.events_on!.map((a, k) => a + obs.events_off![k]!);
    expect(Array.from(counts)).toEqual(Array.from(fromChannels));
  });

  it('shading: a ground pixel reads ln(albedo·(ambient + (1 − ambient)·n·l) + ε)', () => {
    const p: EventCameraParams = { ...CAM, ambient: 0.3, lightDirection: [1, 0, 1] };
    const s = scene(0, 1, 0.1, p);
    s.cam.render();
    // Bottom-centre pixel looks down at the ground (albedo 0.3 in `scene`), normal +z, n·l = 1/√2.
    const k = (p.height_px - 1) * p.width_px + p.width_px / 2;
    expect(s.cam.logIntensity[k]).toBeCloseTo(Math.log(0.3 * (0.3 + 0.7 / Math.SQRT2) + 1e-3), 12);
  });

  it('a body-mounted camera renders what a fixed camera at the same pose renders', () => {
    const s = scene(0, 1, 0.1, { ...CAM, ambient: 0.4 });
    const carrier = new CANNON.Body({ type: CANNON.Body.KINEMATIC, mass: 0 });
    carrier.position.set(-0.5, 0.2, 0.6);
    const yaw = 0.3;
    carrier.quaternion.setFromAxisAngle(new CANNON.Vec3(0, 0, 1), yaw);
    // Mount 0.5 m forward and 0.4 m up, pitched down 0.1 rad (rotation about +y).
    const pitch = new CANNON.Quaternion().setFromAxisAngle(new CANNON.Vec3(0, 1, 0), 0.1);
    const rays = new RayScene(s.sim);
    const onBody = new EventCamera({
      params: { ...CAM, ambient: 0.4 },
      mount: { kind: 'body', body: carrier, offset_m: [0.5, 0, 0.4], orientation_xyzw: [pitch.x, pitch.y, pitch.z, pitch.w] },
      world: s.sim,
      scene: rays,
    });
    const q = carrier.quaternion.mult(pitch);
    const pos = [-0.5 + 0.5 * Math.cos(yaw), 0.2 + 0.5 * Math.sin(yaw), 1.0] as const;
    const fixed = new EventCamera({
      params: { ...CAM, ambient: 0.4 },
      mount: { kind: 'fixed', position_m: pos, orientation_xyzw: [q.x, q.y, q.z, q.w] },
      world: s.sim,
      scene: rays,
    });
    onBody.render();
    fixed.render();
    for (let k = 0; k < onBody.logIntensity.length; k++) expect(onBody.logIntensity[k]).toBeCloseTo(fixed.logIntensity[k]!, 12);
    // A pure yaw of the carrier (ego-motion in a static scene) produces events.
    carrier.quaternion.setFromAxisAngle(new CANNON.Vec3(0, 0, 1), yaw + 0.1);
    onBody.render();
    expect(onBody.eventsEmitted).toBeGreaterThan(0);
  });

  it('rejects bad parameters with messages naming the field', () => {
    const sim = createSimWorld();
    const rays = new RayScene(sim);
    const mount = { kind: 'fixed', position_m: [0, 0, 1], orientation_xyzw: [0, 0, 0, 1] } as const;
    expect(() => new EventCamera({ params: { ...CAM, width_px: 0 }, mount, world: sim, scene: rays })).toThrow(/width_px/);
    expect(() => new EventCamera({ params: { ...CAM, contrastThreshold: -1 }, mount, world: sim, scene: rays })).toThrow(/contrastThreshold/);
    expect(() => new EventCamera({ params: CAM, mount: { ...mount, orientation_xyzw: [0, 0, 0, 2] }, world: sim, scene: rays })).toThrow(/unit quaternion/);
  });
});
