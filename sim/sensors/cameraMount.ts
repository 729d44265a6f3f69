/**
 * Where a camera sits — fixed in the world or carried by a body — and its current pose from that
 * mount. Shared by the ray-cast and the rasterised event cameras so the mount is validated and
 * resolved one way.
 */
import * as CANNON from 'cannon-es';

type Vec3Tuple = readonly [number, number, number];
type QuatTuple = readonly [number, number, number, number];

/** Orientation rotates camera → parent (world for 'fixed', the body for 'body'). */
export type CameraMount =
  | { readonly kind: 'fixed'; readonly position_m: Vec3Tuple; readonly orientation_xyzw: QuatTuple }
  | { readonly kind: 'body'; readonly body: CANNON.Body; readonly offset_m: Vec3Tuple; readonly orientation_xyzw: QuatTuple };

/** A validated mount that reads the camera's world pose without allocating. */
export class CameraMountPose {
  private readonly q: CANNON.Quaternion;
  private readonly offset: CANNON.Vec3;

  /** `where` prefixes errors, e.g. "EventCamera". */
  constructor(
    readonly mount: CameraMount,
    where: string,
  ) {
    const q = mount.orientation_xyzw;
    const qn = Math.hypot(q[0], q[1], q[2], q[3]);
    if (!(Math.abs(qn - 1) < 1e-6)) throw new RangeError(`${where}: mount.orientation_xyzw must be a unit quaternion, got [${q.join(', ')}]`);
    this.q = new CANNON.Quaternion(q[0], q[1], q[2], q[3]);
    const off = mount.kind === 'body' ? mount.offset_m : mount.position_m;
    this.offset = new CANNON.Vec3(off[0], off[1], off[2]);
  }

  /** The camera's current rotation (camera → world) into qOut and position into pOut. */
  read(qOut: CANNON.Quaternion, pOut: CANNON.Vec3): void {
    const m = this.mount;
    if (m.kind === 'body') {
      m.body.quaternion.mult(this.q, qOut);
      m.body.quaternion.vmult(this.offset, pOut);
      pOut.vadd(m.body.position, pOut);
    } else {
      qOut.copy(this.q);
      pOut.copy(this.offset);
    }
  }
}
