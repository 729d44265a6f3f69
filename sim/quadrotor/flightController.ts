/**
 * Onboard cascaded flight controller, like a real flight controller's (e.g. the Crazyflie's
 * velocity → attitude → rate → mixer stack):
 *
 * 1. Velocity (PI, world frame): the command (vx, vy) is in the heading frame (body yaw only,
 *    ROS `cmd_vel`), vz along world z. a = kp·e + ki·∫e, f = a + g·ẑ. The horizontal part is
 *    limited to the tilt `maxTilt_rad`. Collective thrust T = m·f·z_b (projection on the current
 *    body z axis). The desired attitude R_d has z_d = f/|f| and heading ψ_ref, which integrates
 *    the yaw-rate command.
 * 2. Attitude (P, geometric): e_R = ½·vee(R_dᵀR − RᵀR_d) (Lee, Leok & McClamroch 2010);
 *    ω_des = −k_att ∘ e_R + r·(Rᵀẑ) (yaw-rate feed-forward), clamped to the rate limits.
 * 3. Rate (PI, body frame): α = kp·(ω_des − ω) + ki·∫(ω_des − ω); τ = J·α + ω × Jω.
 *    The cascade supplies the damping an explicit D term would: each loop is a few times
 *    slower than the one inside it.
 * 4. Mixer: `mixWrench` (rotors.ts).
 *
 * State is a handful of Float64Arrays (integrators, heading reference and scratch), updated in place.
 */
import type { AirframeParams } from './airframe.js';

export interface FlightGains {
  readonly velKpXY_perS: number;
  readonly velKpZ_perS: number;
  readonly velKiXY_perS2: number;
  readonly velKiZ_perS2: number;
  /** Clamp on each component of ∫(v_ref − v) dt. */
  readonly velIntegralLimit_m: number;
  /**
   * Conditional integration (anti-windup): a velocity error component integrates only while its
   * magnitude is below this band, so a step command does not wind the integrator up; the
   * integrator is there for steady disturbances (drag, mass error).
   */
  readonly velIntegralBand_mps: number;
  readonly maxTilt_rad: number;
  readonly attKpRollPitch_perS: number;
  readonly attKpYaw_perS: number;
  readonly rateKpRollPitch_perS: number;
  readonly rateKpYaw_perS: number;
  readonly rateKiRollPitch_perS2: number;
  readonly rateKiYaw_perS2: number;
  /** Clamp on each component of ∫(ω_des − ω) dt. */
  readonly rateIntegralLimit_rad: number;
  readonly maxRateRollPitch_radps: number;
  readonly maxRateYaw_radps: number;
}

/**
 * Gains for the Crazyflie 2.x with a 20 ms motor lag, chosen so that the rate loop
 * (kp 25/s against the 50/s motor pole: ζ ≈ 0.7), the attitude loop (7/s) and the velocity
 * loop (3/s) are each several times slower than the one inside. The forward-velocity step
 * response these give is asserted in test/sim/quadrotor-control.test.ts.
 */
export const CRAZYFLIE_2X_GAINS: FlightGains = {
  velKpXY_perS: 3,
  velKpZ_perS: 4,
  velKiXY_perS2: 2,
  velKiZ_perS2: 2,
  velIntegralLimit_m: 1,
  velIntegralBand_mps: 0.2,
  maxTilt_rad: (30 * Math.PI) / 180,
  attKpRollPitch_perS: 7,
  attKpYaw_perS: 3,
  rateKpRollPitch_perS: 25,
  rateKpYaw_perS: 10,
  rateKiRollPitch_perS2: 0,
  rateKiYaw_perS2: 0,
  rateIntegralLimit_rad: 0.5,
  maxRateRollPitch_radps: 10,
  maxRateYaw_radps: 3,
};

export interface FlightState {
  /** ∫(v_ref − v) dt, world frame (m). */
  readonly velInt: Float64Array;
  /** ∫(ω_des − ω) dt, body frame (rad). */
  readonly rateInt: Float64Array;
  /** [0]: heading reference ψ_ref (rad); [1]: 1 once initialised from the measured heading. */
  readonly yawRef: Float64Array;
  /** Desired rotation matrix R_d (row-major, body→world). */
  readonly rd: Float64Array;
  /** Desired body rates (rad/s), output of the attitude loop. */
  readonly rateDes: Float64Array;
}

export function createFlightState(): FlightState {
  return {
    velInt: new Float64Array(3),
    rateInt: new Float64Array(3),
    yawRef: new Float64Array(2),
    rd: new Float64Array(9),
    rateDes: new Float64Array(3),
  };
}

export function resetFlightState(s: FlightState): void {
  s.velInt.fill(0);
  s.rateInt.fill(0);
  s.yawRef.fill(0);
  s.rd.fill(0);
  s.rateDes.fill(0);
}

function clamp(x: number, lim: number): number {
  return x > lim ? lim : x < -lim ? -lim : x;
}

/** Wraps an angle to (−π, π]. */
export function wrapAngle(a: number): number {
  const t = a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
  return t <= -Math.PI ? t + 2 * Math.PI : t;
}

/**
 * Velocity loop. `r` is the body→world rotation (row-major), `v` the world velocity.
 * Writes the desired attitude into `s.rd` and returns the collective thrust (N), clamped to [0, maxThrust_N].
 */
export function velocityLoop(
  g: FlightGains,
  s: FlightState,
  mass_kg: number,
  gravity_mps2: number,
  maxThrust_N: number,
  cmdVx: number,
  cmdVy: number,
  cmdVz: number,
  cmdYawRate: number,
  r: Float64Array,
  v: Float64Array,
  dt_s: number,
): number {
  const psi = Math.atan2(r[3]!, r[0]!);
  const c = Math.cos(psi);
  const sn = Math.sin(psi);
  const ex = c * cmdVx - sn * cmdVy - v[0]!;
  const ey = sn * cmdVx + c * cmdVy - v[1]!;
  const ez = cmdVz - v[2]!;
  const vi = s.velInt;
  const lim = g.velIntegralLimit_m;
  const band = g.velIntegralBand_mps;
  if (Math.abs(ex) < band) vi[0] = clamp(vi[0]! + ex * dt_s, lim);
  if (Math.abs(ey) < band) vi[1] = clamp(vi[1]! + ey * dt_s, lim);
  if (Math.abs(ez) < band) vi[2] = clamp(vi[2]! + ez * dt_s, lim);
  let fx = g.velKpXY_perS * ex + g.velKiXY_perS2 * vi[0]!;
  let fy = g.velKpXY_perS * ey + g.velKiXY_perS2 * vi[1]!;
  // Never ask for less than a fifth of g upward: the attitude stays defined and the drone upright.
  const fz = Math.max(0.2 * gravity_mps2, g.velKpZ_perS * ez + g.velKiZ_perS2 * vi[2]! + gravity_mps2);
  const fxyMax = fz * Math.tan(g.maxTilt_rad);
  const fxy = Math.sqrt(fx * fx + fy * fy);
  if (fxy > fxyMax) {
    fx *= fxyMax / fxy;
    fy *= fxyMax / fxy;
  }
  // Heading reference: integrate the yaw-rate command, kept within π of the measured heading.
  if (s.yawRef[1] === 0) {
    s.yawRef[0] = psi;
    s.yawRef[1] = 1;
  }
  s.yawRef[0] = psi + wrapAngle(s.yawRef[0]! + cmdYawRate * dt_s - psi);
  const psiRef = s.yawRef[0]!;
  // R_d columns: x_d, y_d, z_d.
  const fn = Math.sqrt(fx * fx + fy * fy + fz * fz);
  const zx = fx / fn, zy = fy / fn, zz = fz / fn;
  const xcx = Math.cos(psiRef), xcy = Math.sin(psiRef);
  // y_d = z_d × x_c (x_c = (xcx, xcy, 0)), normalised; fz > 0 keeps this non-degenerate.
  let yx = -zz * xcy, yy = zz * xcx, yz = zx * xcy - zy * xcx;
  const yn = Math.sqrt(yx * yx + yy * yy + yz * yz);
  yx /= yn; yy /= yn; yz /= yn;
  const xx = yy * zz - yz * zy, xy = yz * zx - yx * zz, xz = yx * zy - yy * zx;
  const rd = s.rd;
  rd[0] = xx; rd[1] = yx; rd[2] = zx;
  rd[3] = xy; rd[4] = yy; rd[5] = zy;
  rd[6] = xz; rd[7] = yz; rd[8] = zz;
  const thrust = mass_kg * (fx * r[2]! + fy * r[5]! + fz * r[8]!);
  return thrust < 0 ? 0 : thrust > maxThrust_N ? maxThrust_N : thrust;
}

/** Attitude loop: from `s.rd` and the measured `r` to desired body rates in `s.rateDes`. */
export function attitudeLoop(g: FlightGains, s: FlightState, r: Float64Array, yawRateFF_radps: number): void {
  const d = s.rd;
  // M = R_dᵀ R; e_R = ½ vee(M − Mᵀ).
  // M_ij = Σ_k Rd_ki R_kj (row-major storage), written out so nothing is allocated.
  const m21 = d[2]! * r[1]! + d[5]! * r[4]! + d[8]! * r[7]!;
  const m12 = d[1]! * r[2]! + d[4]! * r[5]! + d[7]! * r[8]!;
  const m02 = d[0]! * r[2]! + d[3]! * r[5]! + d[6]! * r[8]!;
  const m20 = d[2]! * r[0]! + d[5]! * r[3]! + d[8]! * r[6]!;
  const m10 = d[1]! * r[0]! + d[4]! * r[3]! + d[7]! * r[6]!;
  const m01 = d[0]! * r[1]! + d[3]! * r[4]! + d[6]! * r[7]!;
  const ex = 0.5 * (m21 - m12);
  const ey = 0.5 * (m02 - m20);
  const ez = 0.5 * (m10 - m01);
  const rp = g.maxRateRollPitch_radps;
  s.rateDes[0] = clamp(-g.attKpRollPitch_perS * ex + yawRateFF_radps * r[6]!, rp);
  s.rateDes[1] = clamp(-g.attKpRollPitch_perS * ey + yawRateFF_radps * r[7]!, rp);
  s.rateDes[2] = clamp(-g.attKpYaw_perS * ez + yawRateFF_radps * r[8]!, g.maxRateYaw_radps);
}

/** Rate loop: body torques (N·m) into `outTorque` from desired and measured body rates. */
export function rateLoop(
  g: FlightGains,
  s: FlightState,
  p: AirframeParams,
  rateDes: Float64Array,
  wb: Float64Array,
  dt_s: number,
  outTorque: Float64Array,
): void {
  const jx = p.inertia_kgm2[0], jy = p.inertia_kgm2[1], jz = p.inertia_kgm2[2];
  const lim = g.rateIntegralLimit_rad;
  const ri = s.rateInt;
  const e0 = rateDes[0]! - wb[0]!, e1 = rateDes[1]! - wb[1]!, e2 = rateDes[2]! - wb[2]!;
  ri[0] = clamp(ri[0]! + e0 * dt_s, lim);
  ri[1] = clamp(ri[1]! + e1 * dt_s, lim);
  ri[2] = clamp(ri[2]! + e2 * dt_s, lim);
  const ax = g.rateKpRollPitch_perS * e0 + g.rateKiRollPitch_perS2 * ri[0]!;
  const ay = g.rateKpRollPitch_perS * e1 + g.rateKiRollPitch_perS2 * ri[1]!;
  const az = g.rateKpYaw_perS * e2 + g.rateKiYaw_perS2 * ri[2]!;
  const wx = wb[0]!, wy = wb[1]!, wz = wb[2]!;
  // ω × Jω cancels the gyroscopic coupling.
  outTorque[0] = jx * ax + (wy * jz * wz - wz * jy * wy);
  outTorque[1] = jy * ay + (wz * jx * wx - wx * jz * wz);
  outTorque[2] = jz * az + (wx * jy * wy - wy * jx * wx);
}
