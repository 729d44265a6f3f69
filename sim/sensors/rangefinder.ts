/**
 * Single-beam rangefinder with `sensor_msgs/Range` semantics (a ToF sensor such as the
 * Crazyflie flow deck's VL53L1x): one ray from `mount_m` (body frame) along the unit vector
 * `direction` (body frame, FLU), returning the distance to the first surface, +Inf when
 * nothing is within `rangeMax_m`, −Inf when closer than `rangeMin_m` (REP-117).
 * The beam is a single ray; `fieldOfView_rad` is reported metadata, not modelled.
 */
import type * as CANNON from 'cannon-es';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { Vec3Tuple } from '../world/obstacles.js';
import type { Sensor } from './sensor.js';
import type { RayScene } from './rayScene.js';
import { rotationFromQuaternion } from './bodyFrame.js';
import { checkRangeLimits, rangeReading } from './rangeReading.js';

export interface RangefinderParams {
  /** @default 'range' */
  readonly name?: string;
  readonly rangeMin_m: number;
  readonly rangeMax_m: number;
  /** Beam direction in the body frame (normalised here). @default [0, 0, -1] (down) */
  readonly direction?: Vec3Tuple;
  /** Beam origin in the body frame. @default [0, 0, 0] */
  readonly mount_m?: Vec3Tuple;
  /** @default 0.47 (27°, VL53L1x) */
  readonly fieldOfView_rad?: number;
}

/** A down-looking VL53L1x-like ToF ranger: 0.04–4 m. */
export const DOWN_RANGER: RangefinderParams = { rangeMin_m: 0.04, rangeMax_m: 4 };

export class Rangefinder implements Sensor {
  readonly channels: readonly ChannelSpec[];
  readonly params: RangefinderParams;
  private readonly body: CANNON.Body;
  private readonly scene: RayScene;
  private readonly dir = new Float64Array(3);
  private readonly mount = new Float64Array(3);
  private readonly r = new Float64Array(9);
  private readonly name: string;

  constructor(body: CANNON.Body, scene: RayScene, params: RangefinderParams) {
    checkRangeLimits('Rangefinder', params.rangeMin_m, params.rangeMax_m);
    const d = params.direction ?? [0, 0, -1];
    const n = Math.hypot(d[0], d[1], d[2]);
    if (!(n > 0) || !Number.isFinite(n)) throw new RangeError(`Rangefinder: direction must be a finite non-zero vector, got ${JSON.stringify(d)}`);
    this.dir.set([d[0] / n, d[1] / n, d[2] / n]);
    this.mount.set(params.mount_m ?? [0, 0, 0]);
    this.body = body;
    this.scene = scene;
    this.params = params;
    this.name = params.name ?? 'range';
    this.channels = [
      {
        name: this.name,
        size: 1,
        low: -Infinity,
        high: Infinity,
        unit: 'm',
        doc: `distance along the beam; +Inf: nothing within ${params.rangeMax_m} m, −Inf: closer than ${params.rangeMin_m} m (REP-117)`,
      },
    ];
  }

  read(out: Channels): void {
    const b = this.body, r = this.r, d = this.dir, m = this.mount;
    rotationFromQuaternion(b.quaternion, r);
    const ox = b.position.x + r[0]! * m[0]! + r[1]! * m[1]! + r[2]! * m[2]!;
    const oy = b.position.y + r[3]! * m[0]! + r[4]! * m[1]! + r[5]! * m[2]!;
    const oz = b.position.z + r[6]! * m[0]! + r[7]! * m[1]! + r[8]! * m[2]!;
    const dx = r[0]! * d[0]! + r[1]! * d[1]! + r[2]! * d[2]!;
    const dy = r[3]! * d[0]! + r[4]! * d[1]! + r[5]! * d[2]!;
    const dz = r[6]! * d[0]! + r[7]! * d[1]! + r[8]! * d[2]!;
    this.scene.refresh();
    const t = this.scene.castRay(ox, oy, oz, dx, dy, dz, this.params.rangeMax_m);
    out[this.name]![0] = rangeReading(t, this.params.rangeMin_m, this.params.rangeMax_m);
  }
}
