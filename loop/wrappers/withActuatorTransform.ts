/**
 * A changed actuator: before the inner body sees a command, one channel's elements are scaled
 * per element and, optionally, a pair of its elements is rotated in their plane:
 *
 *   u ← R(θ) · diag(gain) · u   (the rotation acting on elements (i, j) only)
 *
 * A gain in (0, 1) is a weaker motor or joint, 0 a dead one, −1 a sign-flipped (reversed) one;
 * a rotation of the horizontal velocity command (vx, vy) by θ is a yaw miscalibration: the body
 * moves at an angle θ to where it is told. The caller's action is untouched: the change goes into
 * a copy allocated once, so a step allocates nothing.
 */
import type { Body } from '../body.js';
import type { Channels } from '../channels.js';
import { allocateChannels } from '../channels.js';
import { BodyWrapper } from './bodyWrapper.js';
import { copyAction } from './copyAction.js';

export interface ActuatorTransform {
  readonly channel: string;
  /** Gain per element of the channel. @default 1 for every element */
  readonly gain?: ArrayLike<number>;
  /** Rotation by `angle_rad` (counter-clockwise) of elements (i, j), after the gains. */
  readonly rotate?: { readonly i: number; readonly j: number; readonly angle_rad: number };
}

export class ActuatorTransformBody extends BodyWrapper {
  readonly channel: string;
  readonly gain: Float64Array;
  private readonly names: readonly string[];
  private readonly copy: Channels;
  private readonly ri: number;
  private readonly rj: number;
  private readonly cos: number;
  private readonly sin: number;

  constructor(inner: Body, t: ActuatorTransform) {
    super(inner);
    const spec = inner.actuators.find((s) => s.name === t?.channel);
    if (!spec) throw new RangeError(`withActuatorTransform: no actuator channel '${t?.channel}'; the body has ${inner.actuators.map((s) => `'${s.name}'`).join(', ')}`);
    const gain = t.gain ?? new Float64Array(spec.size).fill(1);
    if (gain.length !== spec.size) throw new RangeError(`withActuatorTransform: ${gain.length} gains for channel '${spec.name}' of ${spec.size} elements`);
    for (let i = 0; i < gain.length; i++) if (!Number.isFinite(gain[i])) throw new RangeError(`withActuatorTransform: gain ${i} must be finite, got ${gain[i]}`);
    const r = t.rotate;
    if (r !== undefined) {
      const ok = (k: number) => Number.isInteger(k) && k >= 0 && k < spec.size;
      if (!ok(r.i) || !ok(r.j) || r.i === r.j) throw new RangeError(`withActuatorTransform: rotation elements (${r.i}, ${r.j}) must be two different elements of '${spec.name}' (0 … ${spec.size - 1})`);
      if (!Number.isFinite(r.angle_rad)) throw new RangeError(`withActuatorTransform: rotation angle must be finite, got ${r.angle_rad}`);
    }
    this.channel = spec.name;
    this.gain = Float64Array.from(gain);
    this.names = inner.actuators.map((s) => s.name);
    this.copy = allocateChannels(inner.actuators);
    this.ri = r?.i ?? -1;
    this.rj = r?.j ?? -1;
    this.cos = r ? Math.cos(r.angle_rad) : 1;
    this.sin = r ? Math.sin(r.angle_rad) : 0;
  }

  override command(action: Channels): void {
    copyAction('withActuatorTransform', this.names, action, this.copy);
    const u = this.copy[this.channel]!;
    const g = this.gain;
    for (let i = 0; i < u.length; i++) u[i] = g[i]! * u[i]!;
    if (this.ri >= 0) {
      const a = u[this.ri]!;
      const b = u[this.rj]!;
      u[this.ri] = this.cos * a - this.sin * b;
      u[this.rj] = this.sin * a + this.cos * b;
    }
    this.inner.command(this.copy);
  }
}

/** `body` whose actuator channel is scaled per element and optionally rotated in a plane. */
export function withActuatorTransform(body: Body, t: ActuatorTransform): ActuatorTransformBody {
  return new ActuatorTransformBody(body, t);
}
