import { describe, expect, it } from 'vitest';
import { allocateChannels } from '../../loop/channels.js';
import { Rng } from '../../loop/rng.js';
import type { ArmParams } from '../../sim/arm/index.js';
import { ArmBody, SPATIAL_4DOF } from '../../sim/arm/index.js';
import { addObstacles } from '../../sim/world/obstacles.js';
import { fk, holdingTorques } from './arm-fk.js';
import type { M3 } from './arm-fk.js';

const G = 9.81;

/** Rotation matrix (row-major) of a unit quaternion (x, y, z, w). */
function quatToM3(q: ArrayLike<number>): M3 {
  const [x, y, z, w] = [q[0]!, q[1]!, q[2]!, q[3]!];
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
}

function randomPose(p: ArmParams, rng: Rng): number[] {
  return p.links.map((l) => rng.range(0.8 * l.limitLower_rad, 0.8 * l.limitUpper_rad));
}

describe('arm sensors', () => {
  it('joint encoders read the configuration the arm was set to, at rest', () => {
    const rng = new Rng(3, 'poses');
    for (let k = 0; k < 5; k++) {
      const q0 = randomPose(SPATIAL_4DOF, rng);
      const body = new ArmBody({ params: SPATIAL_4DOF, mode: { kind: 'torque' }, initialPose_rad: q0 });
      const obs = allocateChannels(body.sensors);
      body.observe(obs);
      for (let i = 0; i < 4; i++) {
        expect(obs.joint_position![i]).toBeCloseTo(q0[i]!, 6); // Float32 channel
        expect(Math.abs(obs.joint_velocity![i]!)).toBe(0);
      }
    }
  });

  it('joint effort while holding a pose equals the gravity holding torques of the test-side statics, and kp·(q* − q)', () => {
    const q = [0.4, 0.6, -0.3, 0.5];
    // 200 solver iterations: the implicit-PD identity effort = kp·(q* − q) holds for the converged
    // SPOOK solution; cannon-es's Gauss–Seidel at the default 50 leaves it 0.5 % soft on the shoulder.
    const body = new ArmBody({
      params: SPATIAL_4DOF,
      mode: { kind: 'position', gravityCompensation: false },
      initialPose_rad: q,
      world: { solverIterations: 200 },
    });
    const act = allocateChannels(body.actuators);
    act.joint_position_target!.set(q);
    body.command(act);
    body.advance(2);
    const obs = allocateChannels(body.sensors);
    body.observe(obs);
    const qNow = Array.from(obs.joint_position!);
    const want = holdingTorques(SPATIAL_4DOF, qNow, G);
    for (let i = 1; i < 4; i++) expect(Math.abs(obs.joint_effort![i]! - want[i]!)).toBeLessThan(1e-3 * Math.abs(want[i]!));
    expect(Math.abs(obs.joint_effort![0]!)).toBeLessThan(1e-4); // base yaw carries no gravity load
    for (let i = 1; i < 4; i++) {
      const pd = SPATIAL_4DOF.links[i]!.kp_NmPerRad * (q[i]! - qNow[i]!);
      expect(Math.abs(obs.joint_effort![i]! - pd)).toBeLessThan(1e-3 * Math.abs(pd));
    }
  });

  it('end-effector pose matches forward kinematics computed in the test (set poses and after motion)', () => {
    const rng = new Rng(5, 'poses');
    for (let k = 0; k < 5; k++) {
      const q0 = randomPose(SPATIAL_4DOF, rng);
      const body = new ArmBody({ params: SPATIAL_4DOF, mode: { kind: 'torque' }, initialPose_rad: q0 });
      const obs = allocateChannels(body.sensors);
      body.observe(obs);
      const f = fk(SPATIAL_4DOF, q0);
      for (let i = 0; i < 3; i++) expect(obs.ee_position![i]).toBeCloseTo(f.tip[i]!, 6);
      const R = quatToM3(obs.ee_orientation!);
      for (let i = 0; i < 9; i++) expect(R[i]).toBeCloseTo(f.R[i]!, 6);
      expect(obs.ee_orientation![3]).toBeGreaterThanOrEqual(0);
    }
    // After a move under control the sensed pose is the FK of the sensed joint angles, up to the
    // joint drift of the maximal-coordinate chain (pivots held by SPOOK springs, solved by 50
    // Gauss–Seidel sweeps): < 5 mm mid-motion (measured 3.4 mm), < 0.1 mm at rest.
    const body = new ArmBody({ params: SPATIAL_4DOF, mode: { kind: 'position', gravityCompensation: true } });
    const act = allocateChannels(body.actuators);
    act.joint_position_target!.set([-1.0, 0.3, 1.1, -0.4]);
    body.command(act);
    const obs = allocateChannels(body.sensors);
    const drift = (): number => {
      body.observe(obs);
      const f = fk(SPATIAL_4DOF, Array.from(obs.joint_position!));
      return Math.hypot(obs.ee_position![0]! - f.tip[0], obs.ee_position![1]! - f.tip[1], obs.ee_position![2]! - f.tip[2]);
    };
    for (let k = 0; k < 5; k++) {
      body.advance(0.1);
      expect(drift()).toBeLessThan(5e-3);
    }
    body.advance(1);
    expect(drift()).toBeLessThan(1e-4);
  });

  it('contact sensor: a link resting on a sphere reports touch and the moment-balance force; no touch before', () => {
    const L = 0.4;
    const w = 0.03;
    const m = 0.8;
    const mountZ = 0.5;
    const sphere = { x: 0.3, r: 0.1, gap: 0.05 };
    const sphereZ = mountZ - w / 2 - sphere.gap - sphere.r;
    const params: ArmParams = {
      name: 'lever',
      mount_m: [0, 0, mountZ],
      pedestalWidth_m: 0,
      links: [
        {
          name: 'lever', axis: [0, 1, 0], direction: '+x', length_m: L, width_m: w, mass_kg: m,
          limitLower_rad: -1.5, limitUpper_rad: 1.5, maxTorque_Nm: 5, maxVelocity_radps: 5,
          kp_NmPerRad: 20, kd_NmsPerRad: 1, damping_NmsPerRad: 0.05,
        },
      ],
    };
    const scene = (sim: Parameters<NonNullable<ConstructorParameters<typeof ArmBody>[0]['scene']>>[0]) => {
      addObstacles(sim, [{ kind: 'sphere', center_m: [sphere.x, 0, sphereZ], radius_m: sphere.r }]);
    };
    // Held horizontally above the sphere: no touch.
    const held = new ArmBody({ params, mode: { kind: 'position', gravityCompensation: true }, scene });
    const obs = allocateChannels(held.sensors);
    held.command(allocateChannels(held.actuators));
    for (let k = 0; k < 20; k++) {
      held.advance(0.05);
      held.observe(obs);
      expect(obs.contact_touch![0]).toBe(0);
      expect(obs.contact_force![0]).toBe(0);
    }
    // Limp: it falls onto the sphere and rests there.
    const limp = new ArmBody({ params, mode: { kind: 'torque' }, scene });
    limp.advance(2);
    limp.observe(obs); // clears the accumulators
    limp.advance(0.1);
    limp.observe(obs);
    expect(obs.contact_touch![0]).toBe(1);
    const theta = obs.joint_position![0]!; // tilt (positive = tip down)
    expect(theta).toBeGreaterThan(0.1);
    // Contact where the sphere's normal meets the link's lower face: distance along the link from
    // the pivot = projection of (sphere centre − pivot) on the link direction (cos θ, −sin θ).
    const dx = sphere.x;
    const dz = sphereZ - mountZ;
    const d = dx * Math.cos(theta) - dz * Math.sin(theta);
    // Moments about the pivot: F·d = m g (L/2) cos θ (normal force ⟂ link; friction acts along the link through the pivot line's offset w/2, neglected).
    const F = (m * G * (L / 2) * Math.cos(theta)) / d;
    expect(Math.abs(obs.contact_force![0]! - F) / F).toBeLessThan(0.05);
  });
});
