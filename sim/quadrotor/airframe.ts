/**
 * Quadrotor airframes as data. Another airframe is another `AirframeParams` object, not new code.
 *
 * Frames (REP-103): body x forward, y left, z up (FLU). Rotor `i` sits at
 * `armLength_m · (cos azimuth_i, sin azimuth_i, 0)` and spins about body +z with sign `spin_i`
 * (+1 counter-clockwise seen from above). Its thrust is `kf·ωᵢ²` along body +z and its drag
 * (reaction) torque on the body is `−spinᵢ·km·ωᵢ²` about body z: a rotor turning counter-clockwise
 * yaws the body clockwise.
 *
 * Maximum and hover rotor speeds are derived (`maxRpm`, `hoverRpm`), never stored:
 * hover ω = √(m g / (n kf)), max ω = √(T/W · m g / (n kf)).
 */
import type { Vec3Tuple } from '../world/obstacles.js';

export interface RotorSpec {
  /** Angle of the arm from body +x, counter-clockwise seen from above. */
  readonly azimuth_rad: number;
  /** +1: rotor turns counter-clockwise seen from above (about +z); −1: clockwise. */
  readonly spin: 1 | -1;
}

export interface AirframeParams {
  readonly name: string;
  readonly mass_kg: number;
  /** Distance from the centre of mass to each rotor axis. */
  readonly armLength_m: number;
  /** Principal moments of inertia about body x, y, z. */
  readonly inertia_kgm2: Vec3Tuple;
  /** Thrust per rotor = kf · ω², ω in RPM. */
  readonly kf_NPerRpm2: number;
  /** Drag torque per rotor = km · ω², ω in RPM. */
  readonly km_NmPerRpm2: number;
  /** Total maximum thrust over weight; sets the maximum RPM. */
  readonly thrustToWeight: number;
  readonly rotors: readonly RotorSpec[];
  /** First-order motor lag: dω/dt = (ω_cmd − ω) / τ. */
  readonly motorTimeConstant_s: number;
  /** Collision cylinder (axis along body z). */
  readonly collisionRadius_m: number;
  readonly collisionHeight_m: number;
  /**
   * Rotor (induced) drag, gym-pybullet-drones' model: F_body = −diag(cxy, cxy, cz) · Σᵢ ωᵢ[rad/s] · v_body.
   * Units N / ((rad/s)·(m/s)) = kg/rad.
   */
  readonly dragCoeffXY_kgPerRad: number;
  readonly dragCoeffZ_kgPerRad: number;
}

const DEG = Math.PI / 180;

/**
 * Crazyflie 2.x in X configuration, values from gym-pybullet-drones `assets/cf2x.urdf`
 * (Panerati et al. 2021): rotors 0 front-right, 1 back-right, 2 back-left, 3 front-left at
 * (±0.028, ±0.028) m = 0.0397 m / √2; rotors 0 and 2 turn counter-clockwise (their yaw
 * torque is −km ω², matching `z_torque = −M0 + M1 − M2 + M3` in `BaseAviary._physics`).
 * The motor time constant is not in the URDF (gym-pybullet-drones has no motor lag); 20 ms
 * is an assumed value for brushed 7 mm motors — set it from your own identification.
 */
export const CRAZYFLIE_2X: AirframeParams = {
  name: 'crazyflie-2x',
  mass_kg: 0.027,
  armLength_m: 0.0397,
  inertia_kgm2: [1.4e-5, 1.4e-5, 2.17e-5],
  kf_NPerRpm2: 3.16e-10,
  km_NmPerRpm2: 7.94e-12,
  thrustToWeight: 2.25,
  rotors: [
    { azimuth_rad: -45 * DEG, spin: 1 },
    { azimuth_rad: -135 * DEG, spin: -1 },
    { azimuth_rad: 135 * DEG, spin: 1 },
    { azimuth_rad: 45 * DEG, spin: -1 },
  ],
  motorTimeConstant_s: 0.02,
  collisionRadius_m: 0.06,
  collisionHeight_m: 0.025,
  dragCoeffXY_kgPerRad: 9.1785e-7,
  dragCoeffZ_kgPerRad: 10.311e-7,
};

function positive(x: number, what: string): void {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`airframe.${what} must be a positive finite number, got ${x}`);
}

/** Throws a RangeError naming the offending field. */
export function validateAirframe(p: AirframeParams): void {
  positive(p.mass_kg, 'mass_kg');
  positive(p.armLength_m, 'armLength_m');
  p.inertia_kgm2.forEach((v, i) => positive(v, `inertia_kgm2[${i}]`));
  positive(p.kf_NPerRpm2, 'kf_NPerRpm2');
  positive(p.km_NmPerRpm2, 'km_NmPerRpm2');
  positive(p.motorTimeConstant_s, 'motorTimeConstant_s');
  positive(p.collisionRadius_m, 'collisionRadius_m');
  positive(p.collisionHeight_m, 'collisionHeight_m');
  if (!(p.thrustToWeight > 1)) throw new RangeError(`airframe.thrustToWeight must be > 1 to fly, got ${p.thrustToWeight}`);
  if (!(p.dragCoeffXY_kgPerRad >= 0) || !(p.dragCoeffZ_kgPerRad >= 0)) throw new RangeError('airframe drag coefficients must be ≥ 0');
  if (p.rotors.length !== 4) throw new RangeError(`airframe.rotors: the mixer supports exactly 4 rotors, got ${p.rotors.length}`);
  p.rotors.forEach((r, i) => {
    if (!Number.isFinite(r.azimuth_rad)) throw new RangeError(`airframe.rotors[${i}].azimuth_rad must be finite`);
    if (r.spin !== 1 && r.spin !== -1) throw new RangeError(`airframe.rotors[${i}].spin must be +1 or −1, got ${String(r.spin)}`);
  });
}

/** Rotor speed (RPM) at which the rotors together carry the weight. */
export function hoverRpm(p: AirframeParams, gravity_mps2 = 9.81): number {
  return Math.sqrt((p.mass_kg * gravity_mps2) / (p.rotors.length * p.kf_NPerRpm2));
}

/** Maximum rotor speed (RPM), from the thrust-to-weight ratio. */
export function maxRpm(p: AirframeParams, gravity_mps2 = 9.81): number {
  return Math.sqrt((p.thrustToWeight * p.mass_kg * gravity_mps2) / (p.rotors.length * p.kf_NPerRpm2));
}

/** Maximum total thrust (N). */
export function maxThrust(p: AirframeParams, gravity_mps2 = 9.81): number {
  return p.thrustToWeight * p.mass_kg * gravity_mps2;
}

/** Body-frame x, y of rotor `i` (m). */
export function rotorX(p: AirframeParams, i: number): number {
  return p.armLength_m * Math.cos(p.rotors[i]!.azimuth_rad);
}
export function rotorY(p: AirframeParams, i: number): number {
  return p.armLength_m * Math.sin(p.rotors[i]!.azimuth_rad);
}

/** RPM → rad/s. */
export const RPM_TO_RADPS = (2 * Math.PI) / 60;
