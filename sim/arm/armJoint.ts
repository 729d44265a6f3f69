/**
 * A revolute arm joint: cannon-es's HingeConstraint (pivot + two rotational equations + an
 * optional motor) plus a {@link JointLimitEquation}, with the joint angle and rate measured from
 * the two bodies. Angle convention: right-hand rotation of the child relative to the parent about
 * the joint axis, zero where both frames are parallel (the arm's zero configuration), in (−π, π].
 *
 * cannon-es's motor equation has G = [0, n, 0, −n], i.e. it drives (ω_parent − ω_child)·n, the
 * negative of q̇: targets are negated here so callers think in q̇ only.
 */
import * as CANNON from 'cannon-es';
import { JointLimitEquation } from './jointLimitEquation.js';

const tmpQ = new CANNON.Quaternion();

export interface ArmJointOptions {
  /** Joint position in the parent / child body frames. */
  readonly pivotParent: CANNON.Vec3;
  readonly pivotChild: CANNON.Vec3;
  /** Unit axis, the same in both body frames (their frames are parallel at zero configuration). */
  readonly axis: CANNON.Vec3;
  readonly lower_rad: number;
  readonly upper_rad: number;
}

export class ArmJoint extends CANNON.HingeConstraint {
  readonly limit: JointLimitEquation;
  /** Joint axis in world coordinates, refreshed by {@link measure}. */
  readonly worldAxis = new CANNON.Vec3();
  /** Joint angle (rad) and rate (rad/s), refreshed by {@link measure}. */
  angle_rad = 0;
  rate_radps = 0;

  constructor(parent: CANNON.Body, child: CANNON.Body, o: ArmJointOptions) {
    super(parent, child, { pivotA: o.pivotParent, pivotB: o.pivotChild, axisA: o.axis, axisB: o.axis, collideConnected: false });
    this.limit = new JointLimitEquation(parent, child, o.lower_rad, o.upper_rad);
    this.equations.push(this.limit);
  }

  /** Recomputes angle, rate and world axis from the bodies' current state. Allocates nothing. */
  measure(): void {
    const a = this.bodyA;
    const b = this.bodyB;
    a.quaternion.conjugate(tmpQ);
    tmpQ.mult(b.quaternion, tmpQ); // child orientation in the parent frame
    const n = this.axisA;
    const s = tmpQ.x * n.x + tmpQ.y * n.y + tmpQ.z * n.z;
    let q = 2 * Math.atan2(s, tmpQ.w);
    if (q > Math.PI) q -= 2 * Math.PI;
    else if (q <= -Math.PI) q += 2 * Math.PI;
    this.angle_rad = q;
    a.quaternion.vmult(n, this.worldAxis);
    const w = this.worldAxis;
    this.rate_radps =
      (b.angularVelocity.x - a.angularVelocity.x) * w.x +
      (b.angularVelocity.y - a.angularVelocity.y) * w.y +
      (b.angularVelocity.z - a.angularVelocity.z) * w.z;
  }

  /** Sets every equation's SPOOK parameters for the real physics step (cannon-es defaults to 1/60 s). */
  setSpook(stiffness: number, relaxation_steps: number, fixedStep_s: number): void {
    for (const eq of this.equations) eq.setSpookParams(stiffness, relaxation_steps, fixedStep_s);
  }

  /**
   * Drives q̇ towards `rate_radps` with at most `maxTorque_Nm`. The solver bounds the motor's
   * impulse per step, so the bound is torque × step (passing the torque itself would allow
   * 1/h times the torque — 240× at 240 Hz).
   */
  driveVelocity(rate_radps: number, maxTorque_Nm: number, fixedStep_s: number): void {
    const m = this.motorEquation;
    m.enabled = true;
    m.targetVelocity = -rate_radps;
    m.maxForce = maxTorque_Nm * fixedStep_s;
    m.minForce = -m.maxForce;
  }

  /** Motor torque on the child about +axis during the last step (N·m); 0 when the motor is off. */
  motorTorque_Nm(): number {
    return this.motorEquation.enabled ? -this.motorEquation.multiplier : 0;
  }

  override update(): void {
    super.update();
    this.measure();
    this.limit.axis.copy(this.worldAxis);
    this.limit.setAngle(this.angle_rad);
  }
}
