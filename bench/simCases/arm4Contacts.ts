/**
 * Benchmark case `arm4-contacts`: the spatial 4-DOF arm (SPATIAL_4DOF, position mode with gravity
 * feed-forward) on its pedestal among four static blocks within reach, physics at 240 Hz, a 50 Hz
 * control loop that reads every arm sensor (encoders, tool pose, link contacts) and sends a
 * sweeping target (base yaw back and forth, shoulder/elbow lowered) so the links keep striking
 * and sliding over the blocks.
 *
 * Figures: physics steps per wall second, real-time factor (simulated / wall seconds), the share
 * of control periods with a link in contact, and physics-only throughput at 20, 50 (the arm
 * default) and 100 solver iterations — Gauss–Seidel sweeps dominate the step.
 */
import { allocateChannels } from '../../loop/channels.js';
import { ArmBody } from '../../sim/arm/armBody.js';
import { SPATIAL_4DOF } from '../../sim/arm/armPresets.js';
import type { SimWorld } from '../../sim/world/simWorld.js';
import { addObstacles } from '../../sim/world/obstacles.js';
import type { BenchRow } from '../suite.js';
import { nowSeconds } from '../suite.js';

const CONTROL_DT_S = 1 / 50;

function blocks(sim: SimWorld): void {
  const r = 0.42;
  addObstacles(
    sim,
    [0, 1, 2, 3].map((k) => ({
      kind: 'box' as const,
      center_m: [r * Math.cos((k * Math.PI) / 2 + 0.4), r * Math.sin((k * Math.PI) / 2 + 0.4), 0.2] as const,
      halfExtents_m: [0.06, 0.06, 0.2] as const,
    })),
  );
}

function makeBody(solverIterations?: number): ArmBody {
  return new ArmBody({
    params: SPATIAL_4DOF,
    mode: { kind: 'position', gravityCompensation: true },
    scene: blocks,
    ...(solverIterations !== undefined ? { world: { solverIterations } } : {}),
  });
}

function runLoop(body: ArmBody, sim_s: number): { wall: number; contactPeriods: number; periods: number } {
  const obs = allocateChannels(body.sensors);
  const act = allocateChannels(body.actuators);
  const target = act['joint_position_target']!;
  const touch = obs['contact_touch']!;
  const periods = Math.round(sim_s / CONTROL_DT_S);
  let contactPeriods = 0;
  const t0 = nowSeconds();
  for (let k = 0; k < periods; k++) {
    const t = k * CONTROL_DT_S;
    body.observe(obs);
    let any = 0;
    for (let i = 0; i < touch.length; i++) any |= touch[i]! > 0 ? 1 : 0;
    contactPeriods += any;
    target[0] = 2.4 * Math.sin(0.6 * t);
    target[1] = 0.75 + 0.25 * Math.sin(1.3 * t);
    target[2] = 0.9 + 0.3 * Math.sin(0.9 * t);
    target[3] = 0.4 * Math.sin(2 * t);
    body.command(act);
    body.advance(CONTROL_DT_S);
  }
  return { wall: nowSeconds() - t0, contactPeriods, periods };
}

function physicsOnly(iterations: number, sim_s: number): number {
  const body = makeBody(iterations);
  runLoop(body, 1); // warm up and get moving
  const s0 = body.world.steps;
  const t0 = nowSeconds();
  runLoop(body, sim_s);
  return (body.world.steps - s0) / (nowSeconds() - t0);
}

export async function runArm4Contacts(quick: boolean): Promise<BenchRow> {
  const sim_s = quick ? 5 : 60;
  const body = makeBody();
  runLoop(body, 2); // JIT warm-up
  body.reset(1);
  const s0 = body.world.steps;
  const r = runLoop(body, sim_s);
  const steps = body.world.steps - s0;
  const phys_s = quick ? 2 : 15;
  return {
    case: 'arm4-contacts',
    sim_s,
    physics_hz: 1 / body.world.fixedStep_s,
    control_hz: 1 / CONTROL_DT_S,
    joints: SPATIAL_4DOF.links.length,
    solver_iterations: (body.world.world.solver as unknown as { iterations: number }).iterations,
    wall_s: r.wall,
    physics_steps_per_s: steps / r.wall,
    realtime_factor: sim_s / r.wall,
    us_per_physics_step: (r.wall / steps) * 1e6,
    contact_period_share: r.contactPeriods / r.periods,
    steps_per_s_iter20: physicsOnly(20, phys_s),
    steps_per_s_iter50: physicsOnly(50, phys_s),
    steps_per_s_iter100: physicsOnly(100, phys_s),
  };
}
