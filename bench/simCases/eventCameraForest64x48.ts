/**
 * Benchmark case `event-camera-forest-64x48`: the rasterised event camera alone (no physics
 * solve) at 64×48 px rendering at 1 kHz, carried through drone-forest-v1's forest (seed 1) at
 * 1.5 m/s, 1 m up, weaving ±0.3 rad in yaw at 0.5 Hz with a little roll and pitch, its pose
 * advanced in 240 Hz steps (the drone's physics rate). Camera parameters: EVENT_CAMERA_64X48
 * (C = 0.2 ± 0.03, 1 ms refractory, 0.1 Hz shot noise) with the default texture.
 *
 * Figures: real-time factor of the camera alone (simulated s per wall s, and per CPU s of this
 * process, which is steadier on a shared machine), µs per render, events per simulated second,
 * heap growth per render in steady state (at a fixed pose; 0: allocates nothing), and for comparison
 * the ray-cast `EventCamera` (eventCamera.ts) in the same flight at 64×48 / 1 kHz and at its
 * bench configuration 32×24 / 240 Hz, with the speed-up at equal resolution and rate.
 */
import * as CANNON from 'cannon-es';
import { createSimWorld } from '../../sim/world/simWorld.js';
import type { SimWorld } from '../../sim/world/simWorld.js';
import { addObstacles } from '../../sim/world/obstacles.js';
import { forestLayout } from '../../sim/world/forestLayout.js';
import { RayScene } from '../../sim/sensors/rayScene.js';
import { EventCamera } from '../../sim/sensors/eventCamera.js';
import { EVENT_CAMERA_64X48, RasterEventCamera } from '../../sim/sensors/rasterEventCamera.js';
import { FOREST_V1 } from '../../scenarios/droneForest.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds } from '../suite.js';

const STEP_S = 1 / 240;

interface Flight {
  sim: SimWorld;
  scene: RayScene;
  carrier: CANNON.Body;
}

function flight(): Flight {
  const sim = createSimWorld();
  addObstacles(sim, forestLayout(FOREST_V1, 1));
  const scene = new RayScene(sim);
  const carrier = new CANNON.Body({ type: CANNON.Body.KINEMATIC, mass: 0 });
  sim.world.addBody(carrier);
  return { sim, scene, carrier };
}

const euler = new CANNON.Quaternion();
/** Pose at time t: forward through the forest (wrapping before its end), weaving in yaw. */
function place(f: Flight, t: number): void {
  const x = (1.5 * t) % 18;
  const yaw = 0.3 * Math.sin(Math.PI * t);
  f.carrier.position.set(x, 0.8 * Math.sin(0.5 * t), 1 + 0.1 * Math.sin(2 * t));
  euler.setFromEuler(0.05 * Math.sin(3 * t), 0.08 * Math.sin(2 * t), yaw, 'ZYX');
  f.carrier.quaternion.copy(euler);
}

const cpuSeconds = (): number => process.cpuUsage().user / 1e6;
const gc = (globalThis as { gc?: () => void }).gc;

/** Runs `steps` pose steps calling `step(dt)` after each; returns wall and CPU seconds. */
function fly(f: Flight, from: number, steps: number, step: (dt: number) => void): { wall: number; cpu: number } {
  const w0 = nowSeconds();
  const c0 = cpuSeconds();
  for (let i = 0; i < steps; i++) {
    place(f, (from + i + 1) * STEP_S);
    step(STEP_S);
  }
  return { wall: nowSeconds() - w0, cpu: cpuSeconds() - c0 };
}

function rayCastCamera(f: Flight, width_px: number, height_px: number): EventCamera {
  return new EventCamera({
    params: { width_px, height_px, horizontalFov_rad: Math.PI / 2, maxRange_m: 30, contrastThreshold: 0.2 },
    mount: { kind: 'body', body: f.carrier, offset_m: [0, 0, 0], orientation_xyzw: [0, 0, 0, 1] },
    world: f.sim,
    scene: f.scene,
    refreshScene: false,
  });
}

export async function runEventCameraForest64x48(quick: boolean): Promise<BenchRow> {
  const sim_s = quick ? 2 : 20;
  const steps = Math.round(sim_s / STEP_S);
  // Raster camera: warm up (JIT), then measure.
  const f = flight();
  place(f, 0);
  const cam = new RasterEventCamera({
    params: { ...EVENT_CAMERA_64X48, eventCapacity: 0 },
    mount: { kind: 'body', body: f.carrier, offset_m: [0, 0, 0], orientation_xyzw: [0, 0, 0, 1] },
    world: f.sim,
    scene: f.scene,
    refreshScene: false,
  });
  fly(f, 0, Math.round(5 / STEP_S), (dt) => cam.afterPhysicsStep(dt));
  place(f, 0);
  cam.reset(1);
  const t = fly(f, 0, steps, (dt) => cam.afterPhysicsStep(dt));
  const renders = cam.renders;
  const events = cam.eventsEmitted;
  // Heap growth of the camera alone (the flight's pose updates box numbers): renders at a fixed pose.
  const heapSteps = 2400;
  for (let i = 0; i < heapSteps; i++) cam.afterPhysicsStep(STEP_S); // this loop's own warm-up (JIT)
  const r0 = cam.renders;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  for (let i = 0; i < heapSteps; i++) cam.afterPhysicsStep(STEP_S);
  const heap1 = process.memoryUsage().heapUsed;
  const heapRenders = cam.renders - r0;

  // The ray-cast EventCamera in the same flight (a shorter stretch: it is slow): 64×48 rendering
  // 1000 times per simulated second (at the step's pose; the cost per render is what is compared),
  // and 32×24 once per 240 Hz step, its bench configuration.
  const g = flight();
  place(g, 0);
  const old64 = rayCastCamera(g, 64, 48);
  const oldSteps = Math.max(24, Math.round(steps / 40));
  let owed = 0;
  const renderOld = (): void => {
    owed += STEP_S * 1000;
    while (owed >= 1) {
      old64.render();
      owed -= 1;
    }
  };
  fly(g, 0, 24, renderOld);
  const warm64 = old64.renders;
  const o64 = fly(g, 24, oldSteps, renderOld);
  const old64Renders = old64.renders - warm64;
  const h = flight();
  place(h, 0);
  const old32 = rayCastCamera(h, 32, 24);
  fly(h, 0, 48, () => old32.render());
  const n32 = Math.max(96, Math.round(steps / 10));
  const o32 = fly(h, 48, n32, () => old32.render());
  const old64_us = (o64.cpu / old64Renders) * 1e6;
  const new_us = (t.cpu / renders) * 1e6;
  return {
    case: 'event-camera-forest-64x48',
    sim_s,
    pixels: 64 * 48,
    render_hz: EVENT_CAMERA_64X48.render_hz,
    renders,
    realtime_factor: sim_s / t.wall,
    realtime_factor_cpu: sim_s / t.cpu,
    us_per_render_cpu: new_us,
    events_per_sim_s: events / sim_s,
    heap_bytes_per_render: gc ? Math.max(0, heap1 - heap0) / heapRenders : null,
    raycast_64x48_1khz_realtime_factor_cpu: (oldSteps * STEP_S) / o64.cpu,
    raycast_64x48_us_per_render_cpu: old64_us,
    raycast_32x24_240hz_realtime_factor_cpu: (n32 * STEP_S) / o32.cpu,
    speedup_vs_raycast_same_resolution: old64_us / new_us,
    load_average_1min: (await import('node:os')).loadavg()[0]!,
  };
}
