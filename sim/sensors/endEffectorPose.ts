/**
 * End-effector pose: the world pose of a point fixed in a body (for an arm, the far end of the
 * last link), as `geometry_msgs/Pose` — position (m) and orientation quaternion (x, y, z, w) of
 * the body frame, world ENU (REP-103).
 */
import * as CANNON from 'cannon-es';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { ArmModel } from '../arm/armModel.js';
import type { Sensor } from './sensor.js';

/** Channel specs of an end-effector pose sensor named `prefix`. */
export function endEffectorPoseChannels(prefix = 'ee'): readonly ChannelSpec[] {
  return [
    { name: `${prefix}_position`, size: 3, low: -Infinity, high: Infinity, unit: 'm', doc: 'tool point, world frame' },
    { name: `${prefix}_orientation`, size: 4, low: -1, high: 1, unit: '1', doc: 'tool frame quaternion x, y, z, w (world)' },
  ];
}

/** Pose sensor of the point `offset_m` (body frame) of `body`. */
export function endEffectorPose(body: CANNON.Body, offset_m: CANNON.Vec3, prefix = 'ee'): Sensor {
  const channels = endEffectorPoseChannels(prefix);
  const posName = channels[0]!.name;
  const oriName = channels[1]!.name;
  const offset = offset_m.clone();
  const tmp = new CANNON.Vec3();
  return {
    channels,
    read(out: Channels): void {
      body.quaternion.vmult(offset, tmp);
      const p = out[posName]!;
      p[0] = body.position.x + tmp.x;
      p[1] = body.position.y + tmp.y;
      p[2] = body.position.z + tmp.z;
      const o = out[oriName]!;
      const q = body.quaternion;
      // Canonical sign (w ≥ 0) so the same orientation always reads the same.
      const s = q.w < 0 ? -1 : 1;
      o[0] = s * q.x;
      o[1] = s * q.y;
      o[2] = s * q.z;
      o[3] = s * q.w;
    },
  };
}

/** The tool pose of an arm (far end of its last link). */
export function armEndEffectorPose(model: ArmModel, prefix = 'ee'): Sensor {
  return endEffectorPose(model.links[model.links.length - 1]!, model.toolInLastLink, prefix);
}
