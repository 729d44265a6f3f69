/**
 * Builds an arm from {@link ArmParams} into a {@link SimWorld}: a static base (pedestal), one
 * box body per link with its origin at the link's centre of mass (cannon-es approximates a
 * body's inertia by its shapes' AABB box without parallel-axis terms, so a single centred box
 * gives the exact box inertia), and an {@link ArmJoint} per joint.
 *
 * Links collide with the environment (ground, obstacles: collision group 1) but not with each
 * other or the base; self-collision is not modelled. Links carry no cannon-es velocity damping
 * (its default 0.01 per second would act as hidden friction); joint friction is a parameter.
 *
 * All joint constraint equations get SPOOK parameters for the world's real fixed step: cannon-es
 * computes them for 1/60 s at construction, which at 1/240 s makes a constraint of stiffness k
 * behave statically like one of stiffness 4k and changes its damping.
 */
import * as CANNON from 'cannon-es';
import type { SimWorld } from '../world/simWorld.js';
import { ArmJoint } from './armJoint.js';
import type { ArmParams } from './armParams.js';
import { directionVector, linkExtents_m, validateArmParams } from './armParams.js';

/** Collision group of arm links and base; they collide only with group 1 (the environment). */
export const ARM_COLLISION_GROUP = 2;
/** Default SPOOK joint stiffness and relaxation when the params leave them out. */
export const DEFAULT_JOINT_STIFFNESS = 1e7;
export const DEFAULT_JOINT_RELAXATION_STEPS = 3;

/** Joint state, one entry per joint (struct of arrays). */
export interface ArmJointState {
  /** Angle (rad). */
  readonly q: Float64Array;
  /** Rate (rad/s). */
  readonly qd: Float64Array;
  /** Actuator torque applied during the last physics step (N·m). */
  readonly effort: Float64Array;
}

export interface ArmModel {
  readonly params: ArmParams;
  readonly sim: SimWorld;
  readonly base: CANNON.Body;
  readonly links: readonly CANNON.Body[];
  readonly joints: readonly ArmJoint[];
  readonly state: ArmJointState;
  /** Tool point in the last link's body frame (its far end). */
  readonly toolInLastLink: CANNON.Vec3;
}

/** Half-length vector of link i along its direction (from its COM to its far end), link frame. */
function halfLinkVector(p: ArmParams, i: number): CANNON.Vec3 {
  const l = p.links[i]!;
  const d = directionVector(l.direction);
  return new CANNON.Vec3((d[0] * l.length_m) / 2, (d[1] * l.length_m) / 2, (d[2] * l.length_m) / 2);
}

/**
 * Creates the arm's bodies and joints in `sim`, posed at `q0_rad` (default: zero configuration,
 * clamped into the limits), at rest.
 */
export function buildArm(sim: SimWorld, params: ArmParams, q0_rad?: ArrayLike<number>): ArmModel {
  validateArmParams(params, sim.fixedStep_s);
  const n = params.links.length;
  if (q0_rad !== undefined && q0_rad.length !== n) {
    throw new RangeError(`buildArm '${params.name}': q0_rad has ${q0_rad.length} entries, expected ${n} (one per joint)`);
  }
  const world = sim.world;
  const mount = new CANNON.Vec3(params.mount_m[0], params.mount_m[1], params.mount_m[2]);

  // Base: a static pedestal from the ground to the mount, or a shapeless static anchor.
  const base = new CANNON.Body({ type: CANNON.Body.STATIC, mass: 0 });
  if (params.pedestalWidth_m > 0) {
    const hw = params.pedestalWidth_m / 2;
    base.addShape(new CANNON.Box(new CANNON.Vec3(hw, hw, mount.z / 2)));
    base.position.set(mount.x, mount.y, mount.z / 2);
  } else {
    base.position.copy(mount);
  }
  base.collisionFilterGroup = ARM_COLLISION_GROUP;
  base.collisionFilterMask = 1;
  world.addBody(base);

  const links: CANNON.Body[] = [];
  const joints: ArmJoint[] = [];
  const stiffness = params.jointStiffness ?? DEFAULT_JOINT_STIFFNESS;
  const relaxation = params.jointRelaxation_steps ?? DEFAULT_JOINT_RELAXATION_STEPS;
  // Zero configuration: joint i at `jointPos`, link COM half a length further along its direction.
  const jointPos = mount.clone();
  for (let i = 0; i < n; i++) {
    const l = params.links[i]!;
    const e = linkExtents_m(l);
    const half = halfLinkVector(params, i);
    // Create at identity orientation so the AABB-based inertia is the box's own.
    const body = new CANNON.Body({ mass: l.mass_kg, shape: new CANNON.Box(new CANNON.Vec3(e[0] / 2, e[1] / 2, e[2] / 2)) });
    jointPos.vadd(half, body.position);
    body.linearDamping = 0;
    body.angularDamping = 0;
    body.allowSleep = false;
    body.collisionFilterGroup = ARM_COLLISION_GROUP;
    body.collisionFilterMask = 1;
    world.addBody(body);
    const parent = i === 0 ? base : links[i - 1]!;
    const axis = new CANNON.Vec3(l.axis[0], l.axis[1], l.axis[2]);
    const joint = new ArmJoint(parent, body, {
      pivotParent: jointPos.vsub(parent.position),
      pivotChild: jointPos.vsub(body.position),
      axis,
      lower_rad: l.limitLower_rad,
      upper_rad: l.limitUpper_rad,
    });
    joint.setSpook(stiffness, relaxation, sim.fixedStep_s);
    world.addConstraint(joint);
    links.push(body);
    joints.push(joint);
    jointPos.vadd(half, jointPos);
    jointPos.vadd(half, jointPos);
  }
  const model: ArmModel = {
    params,
    sim,
    base,
    links,
    joints,
    state: { q: new Float64Array(n), qd: new Float64Array(n), effort: new Float64Array(n) },
    toolInLastLink: halfLinkVector(params, n - 1),
  };
  const q0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l = params.links[i]!;
    q0[i] = Math.min(l.limitUpper_rad, Math.max(l.limitLower_rad, q0_rad?.[i] ?? 0));
  }
  setArmConfiguration(model, q0);
  return model;
}

/**
 * Places every link for joint angles `q_rad` (forward kinematics from the base), at rest.
 * R_i = R_{i−1}·Rot(axis_i, q_i); joint i+1 = joint i + R_i·(length_i · direction_i).
 */
export function setArmConfiguration(model: ArmModel, q_rad: ArrayLike<number>): void {
  const p = model.params;
  const R = new CANNON.Quaternion();
  const step = new CANNON.Quaternion();
  const jointPos = new CANNON.Vec3(p.mount_m[0], p.mount_m[1], p.mount_m[2]);
  const tmp = new CANNON.Vec3();
  for (let i = 0; i < p.links.length; i++) {
    const l = p.links[i]!;
    step.setFromAxisAngle(new CANNON.Vec3(l.axis[0], l.axis[1], l.axis[2]), q_rad[i]!);
    R.mult(step, R);
    R.normalize();
    const body = model.links[i]!;
    body.quaternion.copy(R);
    R.vmult(halfLinkVector(p, i), tmp);
    jointPos.vadd(tmp, body.position);
    jointPos.vadd(tmp, jointPos);
    jointPos.vadd(tmp, jointPos);
    body.previousPosition.copy(body.position);
    body.interpolatedPosition.copy(body.position);
    body.previousQuaternion.copy(body.quaternion);
    body.interpolatedQuaternion.copy(body.quaternion);
    body.velocity.setZero();
    body.angularVelocity.setZero();
    body.force.setZero();
    body.torque.setZero();
    body.aabbNeedsUpdate = true;
    body.updateInertiaWorld(true);
  }
  measureArm(model);
}

/** Refreshes `model.state.q` and `.qd` from the bodies. Allocates nothing. */
export function measureArm(model: ArmModel): void {
  const { joints, state } = model;
  for (let i = 0; i < joints.length; i++) {
    const j = joints[i]!;
    j.measure();
    state.q[i] = j.angle_rad;
    state.qd[i] = j.rate_radps;
  }
}

/** World position of the tool point (far end of the last link), written into `out`. */
export function toolPosition(model: ArmModel, out: CANNON.Vec3): CANNON.Vec3 {
  const last = model.links[model.links.length - 1]!;
  last.quaternion.vmult(model.toolInLastLink, out);
  out.vadd(last.position, out);
  return out;
}
