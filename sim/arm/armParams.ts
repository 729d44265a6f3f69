/**
 * Arm parameters: a serial chain of revolute joints described as data.
 *
 * Conventions (REP-103): SI units, world ENU with z up. The chain is described in its **zero
 * configuration**, in which every link frame is parallel to the world frame. Joint 0 sits at
 * `mount_m`; link i is a box of `length_m` along `direction` starting at joint i, and joint i+1
 * sits at its far end. The end effector (tool point) is the far end of the last link. A joint
 * angle is the right-hand rotation of link i relative to link i−1 (or the base) about
 * `axis` (a unit vector in the parent's frame, equal to the world frame at zero configuration);
 * e.g. a joint about +y with the link along +x lowers the link (−z) for positive angles.
 */

/** A 3-vector as a readonly tuple. */
import type { Vec3Tuple } from '../world/obstacles.js';
export type { Vec3Tuple };

/** Directions a link may extend along (the box is axis-aligned in its own frame). */
export const LINK_DIRECTIONS = ['+x', '-x', '+y', '-y', '+z', '-z'] as const;
export type LinkDirection = (typeof LINK_DIRECTIONS)[number];

/** One joint and the link it moves. */
export interface ArmLinkParams {
  readonly name: string;
  /** Joint axis, unit vector in the parent frame (= world frame at zero configuration). */
  readonly axis: Vec3Tuple;
  /** Direction the link extends from its joint, in its own frame. */
  readonly direction: LinkDirection;
  /** Joint-to-next-joint distance (box length along `direction`). */
  readonly length_m: number;
  /** Side of the square cross-section of the link box. */
  readonly width_m: number;
  readonly mass_kg: number;
  /** Joint limits, inside (−π, π). */
  readonly limitLower_rad: number;
  readonly limitUpper_rad: number;
  /** Actuator torque limit (absolute). */
  readonly maxTorque_Nm: number;
  /** Velocity-target limit (absolute). */
  readonly maxVelocity_radps: number;
  /** Position-mode proportional gain. */
  readonly kp_NmPerRad: number;
  /** Position-mode derivative gain (acts on joint velocity). */
  readonly kd_NmsPerRad: number;
  /** Passive viscous joint friction. */
  readonly damping_NmsPerRad: number;
}

/** A whole arm. */
export interface ArmParams {
  readonly name: string;
  /** World position of joint 0 (the base is a static pedestal from the ground up to here). */
  readonly mount_m: Vec3Tuple;
  /** Side of the square pedestal; 0 for no pedestal (arm mounted on something else). */
  readonly pedestalWidth_m: number;
  readonly links: readonly ArmLinkParams[];
  /** SPOOK stiffness of the joint constraint equations (N/m for the pivot, N·m/rad for the axis). @default 1e7 */
  readonly jointStiffness?: number;
  /** SPOOK relaxation, in steps. @default 3 */
  readonly jointRelaxation_steps?: number;
}

/** Unit vector of a link direction. */
export function directionVector(d: LinkDirection): Vec3Tuple {
  switch (d) {
    case '+x':
      return [1, 0, 0];
    case '-x':
      return [-1, 0, 0];
    case '+y':
      return [0, 1, 0];
    case '-y':
      return [0, -1, 0];
    case '+z':
      return [0, 0, 1];
    case '-z':
      return [0, 0, -1];
  }
}

/** Box full extents (x, y, z) of a link in its own frame. */
export function linkExtents_m(l: ArmLinkParams): Vec3Tuple {
  const d = directionVector(l.direction);
  return [d[0] !== 0 ? l.length_m : l.width_m, d[1] !== 0 ? l.length_m : l.width_m, d[2] !== 0 ? l.length_m : l.width_m];
}

/** Principal moments of inertia of a link box about its centre of mass, in its own frame (kg·m²). */
export function linkInertiaCom_kgm2(l: ArmLinkParams): Vec3Tuple {
  const [x, y, z] = linkExtents_m(l);
  const k = l.mass_kg / 12;
  return [k * (y * y + z * z), k * (x * x + z * z), k * (x * x + y * y)];
}

/**
 * Moment of inertia of link i alone about its own joint axis (parallel-axis theorem).
 * Used as the smallest inertia the joint's PD loop can see when checking gain stability.
 */
export function linkInertiaAboutJoint_kgm2(l: ArmLinkParams): number {
  const I = linkInertiaCom_kgm2(l);
  const a = l.axis;
  const d = directionVector(l.direction);
  const r = [(d[0] * l.length_m) / 2, (d[1] * l.length_m) / 2, (d[2] * l.length_m) / 2];
  const iAxis = I[0] * a[0] * a[0] + I[1] * a[1] * a[1] + I[2] * a[2] * a[2];
  // Squared distance of the COM from the axis line: |r|² − (r·a)².
  const ra = r[0] * a[0] + r[1] * a[1] + r[2] * a[2];
  const dist2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2] - ra * ra;
  return iAxis + l.mass_kg * dist2;
}

/** Total arm mass (kg). */
export function armMass_kg(p: ArmParams): number {
  let m = 0;
  for (const l of p.links) m += l.mass_kg;
  return m;
}

function finitePositive(where: string, name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${where}: ${name} must be a positive finite number, got ${v}`);
}
function finiteNonNegative(where: string, name: string, v: number): void {
  if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${where}: ${name} must be ≥ 0 and finite, got ${v}`);
}

/**
 * Validates an arm description; throws a RangeError/TypeError naming the offending field.
 * `fixedStep_s`, when given, also checks the explicitly integrated parts of each joint for
 * that step on the joint's own link inertia I: the position-mode spring (its target rate uses the
 * start-of-step angle) needs kp·h²/I < 1 and the passive friction needs damping·h/I < 1 (the
 * PD damping is solved implicitly by the motor equation and needs no bound; see armActuator).
 */
export function validateArmParams(p: ArmParams, fixedStep_s?: number): void {
  const where = `arm '${p.name}'`;
  if (!Array.isArray(p.links) || p.links.length === 0) throw new RangeError(`${where}: links must be a non-empty array`);
  for (let k = 0; k < 3; k++) {
    if (!Number.isFinite(p.mount_m[k])) throw new RangeError(`${where}: mount_m[${k}] must be finite, got ${p.mount_m[k]}`);
  }
  finiteNonNegative(where, 'pedestalWidth_m', p.pedestalWidth_m);
  if (p.pedestalWidth_m > 0 && !(p.mount_m[2] > 0)) {
    throw new RangeError(`${where}: a pedestal needs mount_m[2] > 0 (it stands on the ground), got ${p.mount_m[2]}`);
  }
  if (p.jointStiffness !== undefined) finitePositive(where, 'jointStiffness', p.jointStiffness);
  if (p.jointRelaxation_steps !== undefined) finitePositive(where, 'jointRelaxation_steps', p.jointRelaxation_steps);
  p.links.forEach((l, i) => {
    const w = `${where} link ${i} ('${l.name}')`;
    const n = Math.hypot(l.axis[0], l.axis[1], l.axis[2]);
    if (!(Math.abs(n - 1) < 1e-9)) throw new RangeError(`${w}: axis must be a unit vector, got [${l.axis.join(', ')}] (norm ${n})`);
    if (!(LINK_DIRECTIONS as readonly string[]).includes(l.direction)) {
      throw new TypeError(`${w}: direction must be one of ${LINK_DIRECTIONS.join(', ')}, got '${String(l.direction)}'`);
    }
    finitePositive(w, 'length_m', l.length_m);
    finitePositive(w, 'width_m', l.width_m);
    finitePositive(w, 'mass_kg', l.mass_kg);
    finitePositive(w, 'maxTorque_Nm', l.maxTorque_Nm);
    finitePositive(w, 'maxVelocity_radps', l.maxVelocity_radps);
    finiteNonNegative(w, 'kp_NmPerRad', l.kp_NmPerRad);
    finiteNonNegative(w, 'kd_NmsPerRad', l.kd_NmsPerRad);
    finiteNonNegative(w, 'damping_NmsPerRad', l.damping_NmsPerRad);
    if (!(l.limitLower_rad > -Math.PI && l.limitLower_rad < l.limitUpper_rad && l.limitUpper_rad < Math.PI)) {
      throw new RangeError(
        `${w}: joint limits must satisfy −π < limitLower_rad < limitUpper_rad < π, got [${l.limitLower_rad}, ${l.limitUpper_rad}]`,
      );
    }
    if (fixedStep_s !== undefined) {
      const I = linkInertiaAboutJoint_kgm2(l);
      const k = (l.kp_NmPerRad * fixedStep_s * fixedStep_s) / I;
      const c = (l.damping_NmsPerRad * fixedStep_s) / I;
      if (!(k < 1 && c < 1)) {
        throw new RangeError(
          `${w}: gains too stiff for the physics step ${fixedStep_s} s on link inertia ${I.toExponential(3)} kg·m² ` +
            `(need kp·h²/I < 1 and damping·h/I < 1; got ${k.toFixed(3)} and ${c.toFixed(3)}): lower the gains or the step`,
        );
      }
    }
  });
}
