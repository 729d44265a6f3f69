import { describe, expect, it } from 'vitest';
import { advanceWorld, createSimWorld } from '../../sim/world/simWorld.js';
import { CRAZYFLIE_2X, hoverRpm, maxRpm, RPM_TO_RADPS, rotorX, rotorY } from '../../sim/quadrotor/airframe.js';
import { allocationMatrix, invert4, mixWrench, motorLagStep, rotorWrench } from '../../sim/quadrotor/rotors.js';
import { Quadrotor } from '../../sim/quadrotor/quadrotor.js';
import type { QuadrotorControl } from '../../sim/quadrotor/quadrotor.js';

const P = CRAZYFLIE_2X;
const G = 9.81;
const H = 1 / 240;

function drone(control: QuadrotorControl, opts: { z?: number; yaw?: number; rpm?: number; drag?: boolean } = {}) {
  const w = createSimWorld();
  const q = new Quadrotor(w, {
    airframe: P,
    control,
    position_m: [0, 0, opts.z ?? 1],
    yaw_rad: opts.yaw ?? 0,
    initialRpm: opts.rpm ?? 0,
    drag: opts.drag ?? false,
  });
  return { w, q };
}

function yawOf(q: Quadrotor): number {
  const { x, y, z, w } = q.body.quaternion;
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

describe('Crazyflie 2.x parameters and rotor model', () => {
  it('hover RPM is √(m g / (4 kf)) ≈ 14,500 and max RPM gives thrust-to-weight 2.25', () => {
    const hover = hoverRpm(P, G);
    expect(hover).toBeCloseTo(Math.sqrt((P.mass_kg * G) / (4 * P.kf_NPerRpm2)), 9);
    expect(Math.abs(hover - 14500) / 14500).toBeLessThan(0.01); // the published figure
    const max = maxRpm(P, G);
    expect((4 * P.kf_NPerRpm2 * max * max) / (P.mass_kg * G)).toBeCloseTo(P.thrustToWeight, 12);
  });

  it('rotors sit in an X at the arm length, front-right first (cf2x.urdf: (0.028, −0.028) m)', () => {
    const d = P.armLength_m / Math.SQRT2;
    const expected = [[d, -d], [-d, -d], [-d, d], [d, d]];
    expected.forEach(([x, y], i) => {
      expect(rotorX(P, i)).toBeCloseTo(x!, 12);
      expect(rotorY(P, i)).toBeCloseTo(y!, 12);
    });
  });

  it('the wrench is the sum of rotor thrusts, r × F moments and alternating drag torques; the mixer inverts it', () => {
    const a = allocationMatrix(P);
    const rpm = Float64Array.from([12000, 15000, 13000, 16000]);
    const out = new Float64Array(4);
    rotorWrench(a, rpm, out);
    let T = 0, tx = 0, ty = 0, tz = 0;
    for (let i = 0; i < 4; i++) {
      const f = P.kf_NPerRpm2 * rpm[i]! ** 2;
      T += f;
      tx += rotorY(P, i) * f; // (r × F)_x = y F
      ty += -rotorX(P, i) * f; // (r × F)_y = −x F
      tz += -P.rotors[i]!.spin * P.km_NmPerRpm2 * rpm[i]! ** 2;
    }
    expect(out[0]).toBeCloseTo(T, 12);
    expect(out[1]).toBeCloseTo(tx, 14);
    expect(out[2]).toBeCloseTo(ty, 14);
    expect(out[3]).toBeCloseTo(tz, 14);
    // gym-pybullet-drones: z_torque = −M0 + M1 − M2 + M3.
    const m = rpm.map((w) => P.km_NmPerRpm2 * w * w);
    expect(out[3]).toBeCloseTo(-m[0]! + m[1]! - m[2]! + m[3]!, 14);
    const back = new Float64Array(4);
    mixWrench(invert4(a), out[0]!, out[1]!, out[2]!, out[3]!, maxRpm(P), back);
    for (let i = 0; i < 4; i++) expect(back[i]).toBeCloseTo(rpm[i]!, 6);
  });

  it('motor lag is first order with the airframe time constant, and commands are clamped to [0, max]', () => {
    const tau = P.motorTimeConstant_s;
    const max = maxRpm(P);
    const rpm = new Float64Array(4);
    const cmd = Float64Array.from([10000, 2 * max, -500, 0]);
    const n = 7;
    for (let k = 0; k < n; k++) motorLagStep(tau, max, cmd, rpm, H);
    const frac = 1 - Math.exp((-n * H) / tau);
    expect(rpm[0]).toBeCloseTo(10000 * frac, 8);
    expect(rpm[1]).toBeCloseTo(max * frac, 8);
    expect(rpm[2]).toBe(0);
  });
});

describe('Quadrotor dynamics', () => {
  it('hovers at the hover RPM (rpm level): no drift over 2 s', () => {
    const { w, q } = drone({ level: 'rpm' }, { rpm: hoverRpm(P) });
    q.command.fill(hoverRpm(P));
    advanceWorld(w, 2);
    expect(Math.abs(q.body.position.z - 1)).toBeLessThan(1e-9);
    expect(Math.hypot(q.body.velocity.x, q.body.velocity.y, q.body.velocity.z)).toBeLessThan(1e-9);
  });

  it('climbs with a = (4 kf ω² − m g)/m above the hover RPM', () => {
    const omega = 1.2 * hoverRpm(P);
    const { w, q } = drone({ level: 'rpm' }, { rpm: omega });
    q.command.fill(omega);
    advanceWorld(w, 1);
    const a = (4 * P.kf_NPerRpm2 * omega * omega - P.mass_kg * G) / P.mass_kg;
    expect(q.body.velocity.z / w.time_s).toBeCloseTo(a, 9);
  });

  it('falls freely with motors off: acceleration matches g within 0.5 %', () => {
    const { w, q } = drone({ level: 'rpm' }, { z: 50 });
    const t = 2;
    advanceWorld(w, t);
    const aFromV = -q.body.velocity.z / w.time_s;
    const aFromZ = (2 * (50 - q.body.position.z)) / (w.time_s * w.time_s);
    expect(Math.abs(aFromV - G) / G).toBeLessThan(0.005);
    expect(Math.abs(aFromZ - G) / G).toBeLessThan(0.005);
  });

  it('speeding up the clockwise rotors yaws the body counter-clockwise (REP-103: +z up) at τ/Izz', () => {
    // Keep total thrust = weight: rotors 1, 3 (spin −1, clockwise) at ω₊, rotors 0, 2 at ω₋.
    const wh = hoverRpm(P);
    const wp = wh * Math.sqrt(1.05);
    const wm = wh * Math.sqrt(0.95);
    const cmd = [wm, wp, wm, wp];
    const { w, q } = drone({ level: 'rpm' }, { rpm: 0 });
    q.rpm.set(cmd);
    q.command.set(cmd);
    const t = 0.5;
    advanceWorld(w, t);
    const tauZ = 2 * P.km_NmPerRpm2 * (wp * wp - wm * wm);
    const alpha = tauZ / P.inertia_kgm2[2];
    expect(q.body.angularVelocity.z).toBeGreaterThan(0);
    expect(q.body.angularVelocity.z).toBeCloseTo(alpha * w.time_s, 9);
    // ψ = ½ α t² up to the O(h) of the symplectic Euler step.
    expect(Math.abs(yawOf(q) - 0.5 * alpha * t * t) / (0.5 * alpha * t * t)).toBeLessThan(0.01);
    expect(Math.abs(q.body.position.z - 1)).toBeLessThan(1e-6);
  });

  it('rotor drag decelerates a moving drone by c_xy·Σω·v/m (gym-pybullet-drones model)', () => {
    const { w, q } = drone({ level: 'rpm' }, { rpm: hoverRpm(P), drag: true });
    q.command.fill(hoverRpm(P));
    q.body.velocity.set(2, 0, 0);
    advanceWorld(w, H);
    const sumW = 4 * hoverRpm(P) * RPM_TO_RADPS;
    const a = (-P.dragCoeffXY_kgPerRad * sumW * 2) / P.mass_kg;
    expect((q.body.velocity.x - 2) / H).toBeCloseTo(a, 9);
  });
});

describe('onboard controller', () => {
  it('ctbr: thrust m·g with zero rates holds altitude; a positive roll rate lifts the left side (FLU)', () => {
    const { w, q } = drone({ level: 'ctbr' }, { rpm: hoverRpm(P) });
    q.command.set([P.mass_kg * G, 0, 0, 0]);
    advanceWorld(w, 1);
    expect(Math.abs(q.body.position.z - 1)).toBeLessThan(1e-6);
    q.command.set([P.mass_kg * G, 1, 0, 0]);
    advanceWorld(w, 0.3);
    const { x, y, z, w: qw } = q.body.quaternion;
    const leftAxisUp = 2 * (y * z + x * qw); // z component of body +y in the world
    expect(leftAxisUp).toBeGreaterThan(0.1);
  });

  it('velocity: a pure yaw-rate command yaws counter-clockwise at the commanded rate and stays in place', () => {
    const { w, q } = drone({ level: 'velocity' }, { rpm: hoverRpm(P) });
    const rate = 0.5;
    q.command.set([0, 0, 0, rate]);
    advanceWorld(w, 1);
    const psi1 = yawOf(q);
    advanceWorld(w, 1);
    const psi2 = yawOf(q);
    expect(psi2 - psi1).toBeCloseTo(rate * 1, 2); // steady state: dψ/dt = command
    expect(psi1).toBeGreaterThan(0);
    const p = q.body.position;
    expect(Math.hypot(p.x, p.y, p.z - 1)).toBeLessThan(0.01);
  });

  // Stated performance of the default gains (README): 1 m/s forward step settles into the ±5 % band
  // within 1.0 s with at most 5 % overshoot; altitude moves less than 1 cm meanwhile.
  const SETTLE_S = 1.0;
  const OVERSHOOT = 0.05;

  for (const yaw of [0, Math.PI / 2]) {
    it(`velocity: 1 m/s forward step settles within ${SETTLE_S} s with ≤ ${OVERSHOOT * 100} % overshoot (heading ${yaw.toFixed(2)} rad)`, () => {
      const { w, q } = drone({ level: 'velocity' }, { rpm: hoverRpm(P), yaw });
      q.command.set([1, 0, 0, 0]);
      let peak = 0;
      let settled = 0;
      let dz = 0;
      const fx = Math.cos(yaw), fy = Math.sin(yaw);
      while (w.time_s < 5) {
        advanceWorld(w, H);
        const v = q.body.velocity;
        const forward = v.x * fx + v.y * fy;
        const lateral = -v.x * fy + v.y * fx;
        peak = Math.max(peak, forward);
        if (Math.abs(forward - 1) > 0.05 || Math.abs(lateral) > 0.05) settled = w.time_s;
        dz = Math.max(dz, Math.abs(q.body.position.z - 1));
      }
      expect(settled).toBeLessThan(SETTLE_S);
      expect(peak - 1).toBeLessThan(OVERSHOOT);
      expect(dz).toBeLessThan(0.01);
      const v = q.body.velocity;
      expect(v.x * fx + v.y * fy).toBeCloseTo(1, 3);
    });
  }

  it('velocity: holds a hover for 60 s within 5 cm after a push (0.06 m/s, 0.7 rad/s)', () => {
    const { w, q } = drone({ level: 'velocity' }, { rpm: hoverRpm(P) });
    q.body.velocity.set(0.05, -0.03, 0.02);
    q.body.angularVelocity.set(0.5, -0.5, 0.2);
    let worst = 0;
    while (w.time_s < 60) {
      advanceWorld(w, 0.02);
      const p = q.body.position;
      worst = Math.max(worst, Math.hypot(p.x, p.y, p.z - 1));
    }
    expect(worst).toBeLessThan(0.05);
    const p = q.body.position;
    // The velocity integrator is ∫(0 − v)dt = −displacement, so the drone returns to its start.
    expect(Math.hypot(p.x, p.y, p.z - 1)).toBeLessThan(0.002);
    // Rotors settle at the hover RPM.
    for (let i = 0; i < 4; i++) expect(Math.abs(q.rpm[i]! - hoverRpm(P)) / hoverRpm(P)).toBeLessThan(1e-3);
  });
});
