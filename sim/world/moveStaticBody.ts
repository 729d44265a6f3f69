/**
 * Moving a static body after construction. cannon-es caches a body's AABB and only recomputes it
 * when `aabbNeedsUpdate` is set, which integration does for moving bodies but nothing does for a
 * static body whose `position` is assigned: ray casts (`World.raycast*` query AABBs) and AABB
 * broadphases then miss it at its new place. This helper sets the pose and refreshes the AABB,
 * and bumps the world's `staticRevision` so cached static geometry (ray scenes) is rebuilt.
 */
import type * as CANNON from 'cannon-es';
import type { SimWorld } from './simWorld.js';
import { StaticDynamicBroadphase } from './staticDynamicBroadphase.js';

export function moveStaticBody(
  w: SimWorld,
  body: CANNON.Body,
  x_m: number,
  y_m: number,
  z_m: number,
  quaternion?: { readonly x: number; readonly y: number; readonly z: number; readonly w: number },
): void {
  if (!Number.isFinite(x_m) || !Number.isFinite(y_m) || !Number.isFinite(z_m)) {
    throw new RangeError(`moveStaticBody: position must be finite, got (${x_m}, ${y_m}, ${z_m})`);
  }
  body.position.set(x_m, y_m, z_m);
  body.previousPosition.set(x_m, y_m, z_m);
  if (quaternion) {
    body.quaternion.set(quaternion.x, quaternion.y, quaternion.z, quaternion.w);
    body.quaternion.normalize();
    body.previousQuaternion.copy(body.quaternion);
  }
  body.updateAABB();
  if (w.world.broadphase instanceof StaticDynamicBroadphase) w.world.broadphase.invalidate();
  w.staticRevision++;
}
