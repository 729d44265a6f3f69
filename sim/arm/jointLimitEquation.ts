/**
 * A one-sided angular constraint that keeps a revolute joint inside its limits — cannon-es's
 * HingeConstraint has none. Composed like cannon-es's own equations (SPOOK, Lacoursière 2007):
 *
 *   G = [0, −n, 0, +n]   (n: joint axis in world, A = parent, B = child), so G·W = q̇,
 *   B = −a·g − b·G·W − h·G·M⁻¹·f,
 *
 * with g = q − q_upper at the upper limit (impulse λ ∈ [−F, 0]: may only push q down) and
 * g = q − q_lower at the lower limit (λ ∈ [0, F]). Only the side nearer to the current angle is
 * active. Inside the range g has the sign that makes the unclamped λ point away from the limit,
 * so the clamp zeroes it: the equation is speculative and only acts when the next step would
 * cross the limit. At rest against the limit under a torque τ the penetration is τ / k (k: the
 * SPOOK stiffness, N·m/rad), provided `setSpookParams` was called with the real step.
 */
import * as CANNON from 'cannon-es';

/** Which limit the equation currently guards. */
export type LimitSide = 'lower' | 'upper';

export class JointLimitEquation extends CANNON.Equation {
  /** Joint axis in world coordinates (set by the owning joint every step). */
  readonly axis = new CANNON.Vec3(0, 0, 1);
  /** Current joint angle (rad), set by the owning joint every step. */
  angle_rad = 0;
  side: LimitSide = 'upper';

  constructor(
    parent: CANNON.Body,
    child: CANNON.Body,
    readonly lower_rad: number,
    readonly upper_rad: number,
    /** Largest impulse per step (N·m·s); the default is effectively unbounded. */
    readonly maxImpulse_Nms = 1e6,
  ) {
    super(parent, child, -maxImpulse_Nms, 0);
  }

  /** Picks the nearer limit and sets the impulse bounds for it. */
  setAngle(angle_rad: number): void {
    this.angle_rad = angle_rad;
    const upper = angle_rad - this.lower_rad > this.upper_rad - angle_rad;
    this.side = upper ? 'upper' : 'lower';
    this.minForce = upper ? -this.maxImpulse_Nms : 0;
    this.maxForce = upper ? 0 : this.maxImpulse_Nms;
  }

  /** Constraint violation g (rad): positive beyond the upper limit, negative beyond the lower. */
  violation_rad(): number {
    return this.angle_rad - (this.side === 'upper' ? this.upper_rad : this.lower_rad);
  }

  override computeB(h: number): number {
    const GA = this.jacobianElementA;
    const GB = this.jacobianElementB;
    GA.spatial.set(0, 0, 0);
    GB.spatial.set(0, 0, 0);
    this.axis.negate(GA.rotational);
    GB.rotational.copy(this.axis);
    const g = this.violation_rad();
    return -g * this.a - this.computeGW() * this.b - h * this.computeGiMf();
  }
}
