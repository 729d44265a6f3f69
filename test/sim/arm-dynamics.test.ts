import { describe, expect, it } from 'vitest';
import * as CANNON from 'cannon-es';
import { allocateChannels } from '../../loop/channels.js';
import { hashString32 } from '../../loop/rng.js';
import type { ArmLinkParams, ArmParams } from '../../sim/arm/index.js';
import { ArmBody, PLANAR_2DOF, PLANAR_3DOF, SPATIAL_4DOF, buildArm, toolPosition } from '../../sim/arm/index.js';
import { advanceWorld, createSimWorld } from '../../sim/world/simWorld.js';
import { fk, holdingTorques } from './arm-fk.js';

const G = 9.81;

function link(over: Partial<ArmLinkParams>): ArmLinkParams {
  return {
    name: 'link',
    axis: [0, 1, 0],
    direction: '-z',
    length_m: 0.4,
    width_m: 0.03,
    mass_kg: 0.8,
    limitLower_rad: -3,
    limitUpper_rad: 3,
    maxTorque_Nm: 5,
    maxVelocity_radps: 5,
    kp_NmPerRad: 10,
    kd_NmsPerRad: 1,
    damping_NmsPerRad: 0,
    ...over,
  };
}
function oneLink(over: Partial<ArmLinkParams>, mount_z = 1): ArmParams {
  return { name: 'one-link', mount_m: [0, 0, mount_z], pedestalWidth_m: 0, links: [link(over)] };
}

describe('arm dynamics', () => {
  it('a single link swings with the compound-pendulum period 2π√(I/(m g d)) within 2 %', () => {
    const p = oneLink({});
    const l = p.links[0]!;
    // Box about the pivot axis y: I_com = m (w² + L²)/12, plus m d² with d = L/2.
    const d = l.length_m / 2;
    const I = (l.mass_kg * (l.width_m ** 2 + l.length_m ** 2)) / 12 + l.mass_kg * d * d;
    const T = 2 * Math.PI * Math.sqrt(I / (l.mass_kg * G * d));
    const body = new ArmBody({ params: p, mode: { kind: 'torque' }, initialPose_rad: [0.05] });
    const obs = allocateChannels(body.sensors);
    const h = body.world.fixedStep_s;
    // Upward zero crossings, linearly interpolated, over ≥ 5 periods.
    const crossings: number[] = [];
    let prev = 0.05;
    for (let k = 1; k * h < 6 * T; k++) {
      body.advance(h);
      body.observe(obs);
      const q = obs.joint_position![0]!;
      if (prev < 0 && q >= 0) crossings.push((k - 1 + -prev / (q - prev)) * h);
      prev = q;
    }
    expect(crossings.length).toBeGreaterThanOrEqual(5);
    const measured = (crossings[crossings.length - 1]! - crossings[0]!) / (crossings.length - 1);
    expect(Math.abs(measured - T) / T).toBeLessThan(0.02);
  });

  it('torques are re-applied every physics step: q = τ t²/(2I) about a vertical axis (fails if applied once)', () => {
    // Link along +x turning about +z: gravity exerts no torque about the axis.
    const p = oneLink({ axis: [0, 0, 1], direction: '+x', maxTorque_Nm: 0.5 }, 0.5);
    const l = p.links[0]!;
    const I = (l.mass_kg * (l.width_m ** 2 + l.length_m ** 2)) / 12 + l.mass_kg * (l.length_m / 2) ** 2;
    const tau = 0.2;
    const t = 0.5;
    const body = new ArmBody({ params: p, mode: { kind: 'torque' } });
    const act = allocateChannels(body.actuators);
    act.joint_torque![0] = tau;
    body.command(act);
    body.advance(t); // one control period = 120 physics steps
    const expected = (tau * t * t) / (2 * I);
    // Semi-implicit Euler over n steps of h gives exactly (τ/I)·h²·n(n+1)/2 (1/n = 0.8 % above the continuum).
    const n = Math.round(t / body.world.fixedStep_s);
    const discrete = ((tau / I) * body.world.fixedStep_s ** 2 * n * (n + 1)) / 2;
    expect(Math.abs(body.model.state.q[0]! - discrete) / discrete).toBeLessThan(0.003);

    // The failure mode: a torque set once before a multi-step advance acts for one step only.
    const sim = createSimWorld();
    const m = buildArm(sim, p);
    m.links[0]!.torque.set(0, 0, tau);
    advanceWorld(sim, t);
    m.joints[0]!.measure();
    expect(m.joints[0]!.angle_rad).toBeLessThan(expected / 50);
  });

  it('a held horizontal pose sags by the PD equilibrium without gravity feed-forward, and < 0.5 mm with it', () => {
    const p = PLANAR_3DOF;
    // Static equilibrium of kp (0 − q) = holding torque(q): fixed point computed with the test's own FK.
    let q = p.links.map(() => 0);
    for (let it = 0; it < 50; it++) {
      const tau = holdingTorques(p, q);
      q = tau.map((t, i) => -t / p.links[i]!.kp_NmPerRad);
    }
    const expectedSag = fk(p, p.links.map(() => 0)).tip[2] - fk(p, q).tip[2];
    expect(expectedSag).toBeGreaterThan(0.01); // the prediction itself is not trivially small

    const tip = new CANNON.Vec3();
    const sagOf = (gravityCompensation: boolean): number => {
      const body = new ArmBody({ params: p, mode: { kind: 'position', gravityCompensation } });
      const act = allocateChannels(body.actuators); // targets: zero configuration
      body.command(act);
      body.advance(3);
      toolPosition(body.model, tip);
      return p.mount_m[2] - tip.z;
    };
    const sagPd = sagOf(false);
    expect(Math.abs(sagPd - expectedSag)).toBeLessThan(0.01 * expectedSag);
    const sagFf = sagOf(true);
    expect(Math.abs(sagFf)).toBeLessThan(0.5e-3);
  });

  it('the 4-DOF arm reaches a position target within 0.005 rad per joint and 5 mm at the tool in 1.0 s', () => {
    const target = [0.8, 0.5, 0.9, -0.6];
    const body = new ArmBody({ params: SPATIAL_4DOF, mode: { kind: 'position', gravityCompensation: true } });
    const act = allocateChannels(body.actuators);
    act.joint_position_target!.set(target);
    body.command(act);
    const obs = allocateChannels(body.sensors);
    body.advance(1.0);
    body.observe(obs);
    for (let i = 0; i < 4; i++) expect(Math.abs(obs.joint_position![i]! - target[i]!)).toBeLessThan(0.005);
    const want = fk(SPATIAL_4DOF, target).tip;
    const got = obs.ee_position!;
    expect(Math.hypot(got[0]! - want[0], got[1]! - want[1], got[2]! - want[2])).toBeLessThan(0.005);
    // And it stays there (no drift, no limit cycle).
    body.advance(1.0);
    body.observe(obs);
    for (let i = 0; i < 4; i++) expect(Math.abs(obs.joint_position![i]! - target[i]!)).toBeLessThan(0.005);
  });

  it('a velocity target is tracked: q advances by v·t once the motor has caught up', () => {
    const body = new ArmBody({ params: SPATIAL_4DOF, mode: { kind: 'velocity' } });
    const act = allocateChannels(body.actuators);
    act.joint_velocity_target!.set([0.5, 0, 0, 0]);
    body.command(act);
    const obs = allocateChannels(body.sensors);
    body.advance(0.2);
    body.observe(obs);
    const q0 = obs.joint_position![0]!;
    expect(obs.joint_velocity![0]).toBeCloseTo(0.5, 2);
    body.advance(1.0);
    body.observe(obs);
    expect(obs.joint_position![0]! - q0).toBeCloseTo(0.5, 2);
  });

  it('joint limits hold under the full torque pushing against them (penetration ≈ τ/k); without the limit equation they do not', () => {
    const p: ArmParams = { ...oneLink({ axis: [0, 0, 1], direction: '+x', limitLower_rad: -0.5, limitUpper_rad: 0.7, maxTorque_Nm: 4 }, 0.5) };
    const tau = 4;
    const k = 1e7; // default joint stiffness (N·m/rad)
    for (const sign of [1, -1]) {
      const body = new ArmBody({ params: p, mode: { kind: 'torque' } });
      const act = allocateChannels(body.actuators);
      act.joint_torque![0] = sign * tau;
      body.command(act);
      const limit = sign > 0 ? 0.7 : -0.5;
      let worst = -Infinity;
      for (let s = 0; s < 480; s++) {
        body.advance(body.world.fixedStep_s);
        worst = Math.max(worst, sign * (body.model.state.q[0]! - limit));
      }
      // Impact overshoot stays tiny, and the resting penetration is the SPOOK spring's τ/k.
      expect(worst).toBeLessThan(1e-3);
      const pen = sign * (body.model.state.q[0]! - limit);
      expect(pen).toBeGreaterThan(0.5 * (tau / k));
      expect(pen).toBeLessThan(2 * (tau / k));
    }
    // The failure mode: cannon-es's hinge alone has no limit.
    const body = new ArmBody({ params: p, mode: { kind: 'torque' } });
    body.model.joints[0]!.limit.enabled = false;
    const act = allocateChannels(body.actuators);
    act.joint_torque![0] = tau;
    body.command(act);
    body.advance(0.2); // free: q = τ t²/(2I) ≈ 1.9 rad, well past 0.7 and short of wrapping at π
    expect(body.model.state.q[0]! - 0.7).toBeGreaterThan(0.5);
  });

  it('limits hold on a gravity-loaded chain: the 2-DOF arm driven down into its shoulder limit stays there', () => {
    const p: ArmParams = {
      ...PLANAR_2DOF,
      links: [{ ...PLANAR_2DOF.links[0]!, limitUpper_rad: 0.6 }, PLANAR_2DOF.links[1]!],
    };
    const body = new ArmBody({ params: p, mode: { kind: 'torque' } });
    const act = allocateChannels(body.actuators);
    act.joint_torque!.set([p.links[0]!.maxTorque_Nm, 0]);
    body.command(act);
    let worst = -Infinity;
    for (let s = 0; s < 720; s++) {
      body.advance(body.world.fixedStep_s);
      worst = Math.max(worst, body.model.state.q[0]! - 0.6);
    }
    expect(worst).toBeLessThan(2e-3);
  });

  it('same seed ⇒ identical joint trajectory (hash); another seed ⇒ a different one', () => {
    const run = (seed: number): number => {
      const body = new ArmBody({
        params: SPATIAL_4DOF,
        mode: { kind: 'position', gravityCompensation: false },
        initialJitter_rad: 0.2,
      });
      body.reset(seed);
      const obs = allocateChannels(body.sensors);
      const act = allocateChannels(body.actuators);
      let h = 0x811c9dc5;
      const bytes = new Uint8Array(8);
      const view = new DataView(bytes.buffer);
      for (let k = 0; k < 50; k++) {
        act.joint_position_target!.set([Math.sin(k / 10), 0.5 * Math.cos(k / 7), 0.8, -0.3]);
        body.command(act);
        body.advance(0.02);
        body.observe(obs);
        for (const name of ['joint_position', 'joint_velocity'] as const) {
          for (const v of body.model.state[name === 'joint_position' ? 'q' : 'qd']) {
            view.setFloat64(0, v);
            h = hashString32(String.fromCharCode(...bytes), h);
          }
        }
      }
      return h;
    };
    const a = run(7);
    expect(run(7)).toBe(a);
    expect(run(8)).not.toBe(a);
  });

  it('rejects bad parameters and commands with messages naming the field', () => {
    expect(() => new ArmBody({ params: oneLink({ axis: [0, 1, 1] }), mode: { kind: 'torque' } })).toThrow(/axis must be a unit vector/);
    expect(() => new ArmBody({ params: oneLink({ limitLower_rad: 1, limitUpper_rad: 0 }), mode: { kind: 'torque' } })).toThrow(/joint limits/);
    expect(() => new ArmBody({ params: oneLink({ kp_NmPerRad: 1e6 }), mode: { kind: 'torque' } })).toThrow(/kp·h²\/I/);
    const body = new ArmBody({ params: PLANAR_2DOF, mode: { kind: 'torque' } });
    expect(() => body.command({ joint_torque: new Float32Array([0, NaN]) })).toThrow(/joint_torque'\[1\] must be finite/);
    expect(() => body.command({ joint_velocity_target: new Float32Array(2) })).toThrow(/no channel 'joint_torque'/);
  });
});
