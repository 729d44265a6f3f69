/**
 * Joint actuation for an {@link ArmModel}, one command mode per arm:
 *
 * - `torque`: τ_i = clamp(u_i, ±maxTorque_i), applied as equal and opposite torques on child and
 *   parent about the joint axis before **every** physics step (cannon-es clears forces and
 *   torques after each internal step, so a torque applied once per control period would act for
 *   one physics step only).
 * - `velocity`: the hinge motor drives q̇ → clamp(u_i, ±maxVelocity_i) with |τ| ≤ maxTorque_i.
 *   The solver bounds the motor's *impulse* per step, so the bound is maxTorque·h.
 * - `position`: PD, τ = kp·(q* − q) − kd·q̇ (q* clamped into the joint limits), solved
 *   **implicitly** by the motor equation: with target rate v = −(kp/kd)(q* − q) on cannon-es's
 *   reversed axis, b = 4d/(1+4d) and regularisation ε = b / (h·kd) — i.e. `setSpookParams` with
 *   stiffness kd/(d·h) — the SPOOK row (G M⁻¹ Gᵀ + ε) λ = −b (G W − v) − h G M⁻¹ f yields the
 *   impulse λ = h·(kp (q* − q) − kd q̇_next): the damping acts on the end-of-step velocity, so
 *   it is stable for any kd (an explicit PD needs kd·h/I < 2). At rest the static balance is
 *   exactly kp·(q* − q) = τ_load. Optional gravity compensation adds the feed-forward
 *   τ_g,i = −n_i · Σ_{j≥i} (c_j − p_i) × m_j g from the current link poses; the sum of both
 *   stays within ±maxTorque. The rate target (kp/kd)(q* − q) is clamped to ±maxVelocity, so far
 *   targets are approached at the joint's velocity limit and the PD law holds near the target.
 *
 * Passive joint friction −damping·q̇ is applied in every mode (not counted as effort).
 */
import * as CANNON from 'cannon-es';
import type { ArmModel } from './armModel.js';
import { DEFAULT_JOINT_RELAXATION_STEPS, measureArm } from './armModel.js';

/** How an arm is commanded (one per arm, chosen when it is built). */
export type ArmCommandMode =
  | { readonly kind: 'torque' }
  | { readonly kind: 'velocity' }
  | { readonly kind: 'position'; readonly gravityCompensation: boolean };

export interface ArmActuator {
  readonly mode: ArmCommandMode;
  /** The latched command, one entry per joint (N·m, rad/s or rad by mode). */
  readonly command: Float64Array;
  /** Explicit torque applied in the last step (torque command or gravity feed-forward), N·m. */
  readonly explicitTorque: Float64Array;
  /** Removes the hooks from the world. */
  detach(): void;
}

const tmpR = new CANNON.Vec3();
const tmpT = new CANNON.Vec3();

function applyJointTorque(model: ArmModel, i: number, tau: number): void {
  const j = model.joints[i]!;
  const n = j.worldAxis;
  const child = model.links[i]!;
  child.torque.x += tau * n.x;
  child.torque.y += tau * n.y;
  child.torque.z += tau * n.z;
  const parent = j.bodyA;
  if (parent.type === CANNON.Body.DYNAMIC) {
    parent.torque.x -= tau * n.x;
    parent.torque.y -= tau * n.y;
    parent.torque.z -= tau * n.z;
  }
}

/**
 * Gravity feed-forward torques for the current pose into `out` (N·m): the torque each joint
 * must supply to hold the links beyond it still. Allocates nothing.
 */
export function gravityTorques(model: ArmModel, out: Float64Array): Float64Array {
  const g = model.sim.world.gravity;
  const n = model.links.length;
  // Accumulate from the tip: M = Σ m_j, S = Σ m_j c_j over j ≥ i.
  let M = 0;
  let Sx = 0;
  let Sy = 0;
  let Sz = 0;
  for (let i = n - 1; i >= 0; i--) {
    const b = model.links[i]!;
    M += b.mass;
    Sx += b.mass * b.position.x;
    Sy += b.mass * b.position.y;
    Sz += b.mass * b.position.z;
    const j = model.joints[i]!;
    b.quaternion.vmult(j.pivotB, tmpR);
    tmpR.vadd(b.position, tmpR); // joint i in world
    // r = Σ m_j (c_j − p_i) = S − M p_i; gravity moment = r × g; compensation = −n·(r × g).
    const rx = Sx - M * tmpR.x;
    const ry = Sy - M * tmpR.y;
    const rz = Sz - M * tmpR.z;
    tmpT.set(ry * g.z - rz * g.y, rz * g.x - rx * g.z, rx * g.y - ry * g.x);
    out[i] = -tmpT.dot(j.worldAxis);
  }
  return out;
}

/** Attaches actuation hooks to the model's world. Commands start at zero (position: the current pose). */
export function attachArmActuator(model: ArmModel, mode: ArmCommandMode): ArmActuator {
  const n = model.links.length;
  const params = model.params;
  const command = new Float64Array(n);
  const explicitTorque = new Float64Array(n);
  const gravity = new Float64Array(n);
  const h = model.sim.fixedStep_s;
  const relaxation = params.jointRelaxation_steps ?? DEFAULT_JOINT_RELAXATION_STEPS;
  if (mode.kind === 'position') {
    for (let i = 0; i < n; i++) {
      const l = params.links[i]!;
      if (!(l.kd_NmsPerRad > 0)) {
        throw new RangeError(`arm '${params.name}' link ${i}: position mode needs kd_NmsPerRad > 0, got ${l.kd_NmsPerRad}`);
      }
      model.joints[i]!.motorEquation.setSpookParams(l.kd_NmsPerRad / (relaxation * h), relaxation, h);
      command[i] = model.state.q[i]!;
    }
  }
  const before = (): void => {
    measureArm(model);
    const { q, qd } = model.state;
    if (mode.kind === 'position' && mode.gravityCompensation) gravityTorques(model, gravity);
    for (let i = 0; i < n; i++) {
      const l = params.links[i]!;
      const j = model.joints[i]!;
      const tmax = l.maxTorque_Nm;
      let tau = 0;
      switch (mode.kind) {
        case 'torque': {
          const u = command[i]!;
          tau = u > tmax ? tmax : u < -tmax ? -tmax : u;
          break;
        }
        case 'velocity': {
          const vmax = l.maxVelocity_radps;
          const u = command[i]!;
          j.driveVelocity(u > vmax ? vmax : u < -vmax ? -vmax : u, tmax, h);
          break;
        }
        case 'position': {
          const target = Math.min(l.limitUpper_rad, Math.max(l.limitLower_rad, command[i]!));
          if (mode.gravityCompensation) {
            const gc = gravity[i]!;
            tau = gc > tmax ? tmax : gc < -tmax ? -tmax : gc;
          }
          // The servo's rate target saturates at ±maxVelocity (like a real servo's profile velocity).
          const vmax = l.maxVelocity_radps;
          const v = (l.kp_NmPerRad / l.kd_NmsPerRad) * (target - q[i]!);
          j.driveVelocity(v > vmax ? vmax : v < -vmax ? -vmax : v, tmax - Math.abs(tau), h);
          break;
        }
      }
      explicitTorque[i] = tau;
      applyJointTorque(model, i, tau - l.damping_NmsPerRad * qd[i]!);
    }
  };
  const after = (): void => {
    const e = model.state.effort;
    for (let i = 0; i < n; i++) e[i] = explicitTorque[i]! + model.joints[i]!.motorTorque_Nm();
  };
  model.sim.beforeStep.push(before);
  model.sim.afterStep.push(after);
  return {
    mode,
    command,
    explicitTorque,
    detach() {
      const b = model.sim.beforeStep.indexOf(before);
      if (b >= 0) model.sim.beforeStep.splice(b, 1);
      const a = model.sim.afterStep.indexOf(after);
      if (a >= 0) model.sim.afterStep.splice(a, 1);
      for (const j of model.joints) j.motorEquation.enabled = false;
    },
  };
}
