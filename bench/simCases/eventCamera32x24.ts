/**
 * Benchmark case `event-camera-32x24`: a fixed 32×24 DVS camera (90° field of view, C = 0.2,
 * Lambertian shading) rendering after every 240 Hz physics step a scene of a ground plane, a back
 * wall, six static blocks and four kinematic objects (boxes and spheres) sweeping back and forth
 * across the view.
 *
 * Figures: physics steps (with one render each) per wall second, real-time factor, µs per
 * render, rays per wall second, events per simulated second, and the cost of the same 768 rays
 * through cannon-es' `World.raycastClosest` for comparison (rendering dominates the step).
 */
import * as CANNON from 'cannon-es';
import { createSimWorld, advanceWorld } from '../../sim/world/simWorld.js';
import type { SimWorld } from '../../sim/world/simWorld.js';
import { addObstacles } from '../../sim/world/obstacles.js';
import { RayScene } from '../../sim/sensors/rayScene.js';
import { EVENT_CAMERA_32X24, EventCamera } from '../../sim/sensors/eventCamera.js';
import { createEventList } from '../../sim/sensors/eventList.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds } from '../suite.js';

interface Setup {
  sim: SimWorld;
  cam: EventCamera;
  movers: CANNON.Body[];
}

function setup(): Setup {
  const sim = createSimWorld();
  addObstacles(sim, [
    { kind: 'box', center_m: [6, 0, 1.5], halfExtents_m: [0.1, 6, 1.5] },
    ...[-2, -1, 0, 1, 2, 3].map((k) => ({ kind: 'box' as const, center_m: [4, 1.2 * k - 0.6, 0.25] as const, halfExtents_m: [0.2, 0.2, 0.25] as const })),
  ]);
  const movers: CANNON.Body[] = [];
  for (let k = 0; k < 4; k++) {
    const shape = k % 2 === 0 ? new CANNON.Box(new CANNON.Vec3(0.15, 0.15, 0.15)) : new CANNON.Sphere(0.2);
    const b = new CANNON.Body({ type: CANNON.Body.KINEMATIC, mass: 0, shape });
    b.position.set(2 + 0.5 * k, -1.5 + k, 0.6 + 0.3 * k);
    b.velocity.set(0, k % 2 === 0 ? 1.2 : -0.9, 0);
    sim.world.addBody(b);
    movers.push(b);
  }
  // Turn the movers around at the edges of the view.
  sim.beforeStep.push(() => {
    for (const b of movers) if (Math.abs(b.position.y) > 2 && b.position.y * b.velocity.y > 0) b.velocity.y = -b.velocity.y;
  });
  const scene = new RayScene(sim);
  const cam = new EventCamera({
    params: EVENT_CAMERA_32X24,
    mount: { kind: 'fixed', position_m: [-0.5, 0, 1], orientation_xyzw: [0, 0, 0, 1] },
    world: sim,
    scene,
    albedo: (b) => (movers.includes(b) ? 0.9 : b === sim.ground ? 0.3 : 0.5),
  });
  sim.afterStep.push((dt) => cam.afterPhysicsStep(dt));
  return { sim, cam, movers };
}

function run(s: Setup, sim_s: number): number {
  const list = createEventList(1 << 16);
  const t0 = nowSeconds();
  const periods = Math.round(sim_s * 50);
  for (let k = 0; k < periods; k++) {
    advanceWorld(s.sim, 1 / 50);
    s.cam.drainEvents(list);
  }
  return nowSeconds() - t0;
}

/** µs per 768-ray frame through cannon-es World.raycastClosest (same camera rays). */
function cannonFrame_us(s: Setup, frames: number): number {
  const p = EVENT_CAMERA_32X24;
  const f = p.width_px / 2 / Math.tan(p.horizontalFov_rad / 2);
  const from = new CANNON.Vec3(-0.5, 0, 1);
  const to = new CANNON.Vec3();
  const res = new CANNON.RaycastResult();
  const opts = {};
  const t0 = nowSeconds();
  let hits = 0;
  for (let fr = 0; fr < frames; fr++) {
    for (let v = 0; v < p.height_px; v++) {
      for (let u = 0; u < p.width_px; u++) {
        const dy = -(u + 0.5 - p.width_px / 2) / f;
        const dz = -(v + 0.5 - p.height_px / 2) / f;
        const n = Math.hypot(1, dy, dz);
        to.set(from.x + (p.maxRange_m * 1) / n, from.y + (p.maxRange_m * dy) / n, from.z + (p.maxRange_m * dz) / n);
        res.reset();
        if (s.sim.world.raycastClosest(from, to, opts, res)) hits++;
      }
    }
  }
  if (hits === 0) throw new Error('event-camera bench: cannon-es rays hit nothing; the scene is wrong');
  return ((nowSeconds() - t0) / frames) * 1e6;
}

export async function runEventCamera32x24(quick: boolean): Promise<BenchRow> {
  const sim_s = quick ? 2 : 20;
  run(setup(), 1); // JIT warm-up
  const s = setup();
  const wall = run(s, sim_s);
  const steps = s.sim.steps;
  // Physics alone, same scene, to split the step.
  const bare = setup();
  bare.sim.afterStep.length = 0;
  const t0 = nowSeconds();
  advanceWorld(bare.sim, sim_s);
  const physWall = nowSeconds() - t0;
  const pixels = EVENT_CAMERA_32X24.width_px * EVENT_CAMERA_32X24.height_px;
  const renderWall = Math.max(0, wall - physWall);
  return {
    case: 'event-camera-32x24',
    sim_s,
    physics_hz: 1 / s.sim.fixedStep_s,
    render_hz: 1 / s.sim.fixedStep_s,
    pixels,
    wall_s: wall,
    physics_steps_per_s: steps / wall,
    realtime_factor: sim_s / wall,
    us_per_render: (renderWall / s.cam.renders) * 1e6,
    rays_per_s: (s.cam.renders * pixels) / renderWall,
    render_share: renderWall / wall,
    events_per_sim_s: s.cam.eventsEmitted / sim_s,
    events_dropped: s.cam.eventsDropped,
    cannon_raycast_us_per_frame: cannonFrame_us(s, quick ? 20 : 200),
  };
}
