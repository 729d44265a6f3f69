/**
 * cannon-es pitfalls the arm handles, each shown failing without the handling:
 * - a hinge motor's `maxForce` bounds the solver *impulse* per step, so a torque limit τ must be
 *   passed as τ·h (passing τ lets the motor exert τ/h: 240× at 240 Hz);
 * - equations compute their SPOOK constants for h = 1/60 s at construction; at another step a
 *   constraint of stiffness k then holds a static load F with deflection F·h/(k·(1/60)) instead
 *   of F/k.
 */
import { describe, expect, it } from 'vitest';
import * as CANNON from 'cannon-es';
import type { ArmLinkParams, ArmParams } from '../../sim/arm/index.js';
import { attachArmActuator, buildArm, measureArm } from '../../sim/arm/index.js';
import { advanceWorld, createSimWorld } from '../../sim/world/simWorld.js';

const G = 9.81;

function oneLink(over: Partial<ArmLinkParams>, extra: Partial<ArmParams> = {}): ArmParams {
  return {
    name: 'one-link',
    mount_m: [0, 0, 1],
    pedestalWidth_m: 0,
    links: [
      {
        name: 'link',
        axis: [0, 1, 0],
        direction: '+x',
        length_m: 0.4,
        width_m: 0.03,
        mass_kg: 1,
        limitLower_rad: -3,
        limitUpper_rad: 3,
        maxTorque_Nm: 1,
        maxVelocity_radps: 5,
        kp_NmPerRad: 10,
        kd_NmsPerRad: 1,
        damping_NmsPerRad: 0,
        ...over,
      },
    ],
    ...extra,
  };
}

describe('cannon-es pitfalls', () => {
  it('hinge motor maxForce is an impulse per step: with τ·h the torque limit holds, with τ it is exceeded 1/h-fold', () => {
    const p = oneLink({});
    const l = p.links[0]!;
    const I = (l.mass_kg * (l.width_m ** 2 + l.length_m ** 2)) / 12 + (l.mass_kg * l.length_m ** 2) / 4;
    const gravityTorque = (l.mass_kg * G * l.length_m) / 2; // 1.96 N·m at the horizontal pose, > maxTorque
    expect(gravityTorque).toBeGreaterThan(l.maxTorque_Nm);
    const t = 0.1;

    // Handled: velocity mode asks to raise the link (q̇ = −1); the motor saturates at −maxTorque and
    // the link still falls with α = (τ_g − τ_max)/I.
    const sim = createSimWorld({ solverIterations: 50 });
    const m = buildArm(sim, p);
    const act = attachArmActuator(m, { kind: 'velocity' });
    act.command[0] = -1;
    advanceWorld(sim, t);
    measureArm(m);
    const h = sim.fixedStep_s;
    const n = Math.round(t / h);
    const alpha = (gravityTorque - l.maxTorque_Nm) / I;
    const discrete = (alpha * h * h * n * (n + 1)) / 2; // semi-implicit Euler, cos q ≈ 1 for q < 0.1
    expect(Math.abs(m.state.q[0]! - discrete) / discrete).toBeLessThan(0.02);
    expect(m.state.effort[0]).toBeCloseTo(-l.maxTorque_Nm, 6);

    // Unhandled: the same motor with maxForce = τ lifts the link at the commanded rate.
    const sim2 = createSimWorld({ solverIterations: 50 });
    const m2 = buildArm(sim2, p);
    const motor = m2.joints[0]!.motorEquation;
    motor.enabled = true;
    motor.targetVelocity = 1; // cannon-es's motor axis is reversed: this asks q̇ = −1
    motor.maxForce = l.maxTorque_Nm;
    motor.minForce = -l.maxTorque_Nm;
    advanceWorld(sim2, t);
    measureArm(m2);
    expect(m2.state.q[0]).toBeLessThan(-0.05); // rose against a gravity torque twice the limit
    expect(Math.abs(motor.multiplier)).toBeGreaterThan(1.5 * l.maxTorque_Nm); // applied torque (N·m) over the limit
  });

  it('setSpookParams with the real step: a hanging link stretches its joint by m·g/k; with cannon-es’s 1/60 s by m·g·h/(k/60)', () => {
    const k = 1e5; // soft, so the deflection is large enough to measure precisely
    const p = oneLink({ direction: '-z' }, { jointStiffness: k, jointRelaxation_steps: 3 });
    const l = p.links[0]!;
    const stretch = (stepAssumed_s: number | null): { value: number; h: number } => {
      const sim = createSimWorld({ solverIterations: 50 });
      const m = buildArm(sim, p);
      if (stepAssumed_s !== null) m.joints[0]!.setSpook(k, 3, stepAssumed_s);
      advanceWorld(sim, 1.5); // settle the spring's ringing
      const a = new CANNON.Vec3();
      const b = new CANNON.Vec3();
      m.base.pointToWorldFrame(m.joints[0]!.pivotA, a);
      m.links[0]!.pointToWorldFrame(m.joints[0]!.pivotB, b);
      return { value: a.distanceTo(b), h: sim.fixedStep_s };
    };
    const handled = stretch(null); // buildArm already set them for the world's step
    const F = l.mass_kg * G;
    expect(Math.abs(handled.value - F / k) / (F / k)).toBeLessThan(0.03);
    const unhandled = stretch(1 / 60);
    const predicted = (F * handled.h) / (k * (1 / 60)); // 4× too stiff at 1/240 s
    expect(Math.abs(unhandled.value - predicted) / predicted).toBeLessThan(0.03);
    expect(unhandled.value).toBeLessThan(0.3 * handled.value);
  });
});
