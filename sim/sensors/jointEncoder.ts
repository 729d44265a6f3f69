/**
 * Joint encoders: position (rad), velocity (rad/s) and effort (N·m, the actuator torque applied
 * during the last physics step) of every joint of an arm — `sensor_msgs/JointState` semantics,
 * one channel per field, one element per joint in chain order.
 */
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { ArmModel } from '../arm/armModel.js';
import { measureArm } from '../arm/armModel.js';
import type { ArmParams } from '../arm/armParams.js';
import type { Sensor } from './sensor.js';

/** Channel specs of a joint encoder for `params` (pure: the same before and after a reset). */
export function jointEncoderChannels(params: ArmParams, prefix = 'joint'): readonly ChannelSpec[] {
  const n = params.links.length;
  let lo = Infinity;
  let hi = -Infinity;
  let tmax = 0;
  for (const l of params.links) {
    lo = Math.min(lo, l.limitLower_rad);
    hi = Math.max(hi, l.limitUpper_rad);
    tmax = Math.max(tmax, l.maxTorque_Nm);
  }
  return [
    { name: `${prefix}_position`, size: n, low: lo, high: hi, unit: 'rad', doc: 'joint angles, chain order' },
    { name: `${prefix}_velocity`, size: n, low: -Infinity, high: Infinity, unit: 'rad/s', doc: 'joint rates' },
    { name: `${prefix}_effort`, size: n, low: -tmax, high: tmax, unit: 'N*m', doc: 'actuator torque of the last physics step' },
  ];
}

/** A joint encoder reading `model`'s joints. */
export function jointEncoder(model: ArmModel, prefix = 'joint'): Sensor {
  const channels = jointEncoderChannels(model.params, prefix);
  const [pos, vel, eff] = channels.map((c) => c.name) as [string, string, string];
  return {
    channels,
    read(out: Channels): void {
      measureArm(model);
      const { q, qd, effort } = model.state;
      const p = out[pos]!;
      const v = out[vel]!;
      const e = out[eff]!;
      for (let i = 0; i < q.length; i++) {
        p[i] = q[i]!;
        v[i] = qd[i]!;
        e[i] = effort[i]!;
      }
    },
  };
}
