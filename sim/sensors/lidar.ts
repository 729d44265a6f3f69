/**
 * Planar lidar with `sensor_msgs/LaserScan` semantics: `beams` rays in the body x–y plane at
 * angles θᵢ = angleMin + i·angleIncrement, measured counter-clockwise from body +x (FLU: +y is
 * left, so θ = +π/2 looks left). Beam i has direction R·(cos θᵢ, sin θᵢ, 0) from the mount point
 * R·mount + p; the scan plane tilts with the body, as on a real drone. Ranges follow REP-117
 * (−Inf closer than rangeMin, +Inf nothing within rangeMax).
 *
 * All beams share one `RayScene.gather` around the sensor (radius rangeMax), so each beam is
 * tested only against nearby obstacles.
 */
import type * as CANNON from 'cannon-es';
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import type { Vec3Tuple } from '../world/obstacles.js';
import type { Sensor } from './sensor.js';
import type { RayScene } from './rayScene.js';
import { rotationFromQuaternion } from './bodyFrame.js';
import { checkRangeLimits } from './rangeReading.js';

export interface LidarParams {
  /** @default 'lidar' */
  readonly name?: string;
  readonly beams: number;
  /** Angle of beam 0 from body +x, counter-clockwise. @default −π */
  readonly angleMin_rad?: number;
  /** Angle between beams. @default 2π / beams (a full circle, angle_max = angle_min + (beams−1)·increment) */
  readonly angleIncrement_rad?: number;
  readonly rangeMin_m: number;
  readonly rangeMax_m: number;
  /** Scan origin in the body frame. @default [0, 0, 0] */
  readonly mount_m?: Vec3Tuple;
}

/** 16 beams over the full circle, 0.05–4 m (a Crazyflie multi-ranger-like ring, denser). */
export const LIDAR_16: LidarParams = { beams: 16, rangeMin_m: 0.05, rangeMax_m: 4 };

/** Angle of beam i (rad, body frame). */
export function beamAngle(p: LidarParams, i: number): number {
  return (p.angleMin_rad ?? -Math.PI) + i * (p.angleIncrement_rad ?? (2 * Math.PI) / p.beams);
}

export class Lidar implements Sensor {
  readonly channels: readonly ChannelSpec[];
  readonly params: LidarParams;
  private readonly body: CANNON.Body;
  private readonly scene: RayScene;
  private readonly cosA: Float64Array;
  private readonly sinA: Float64Array;
  private readonly mount = new Float64Array(3);
  private readonly r = new Float64Array(9);
  private readonly name: string;

  constructor(body: CANNON.Body, scene: RayScene, params: LidarParams) {
    if (!Number.isInteger(params.beams) || params.beams < 1) throw new RangeError(`Lidar: beams must be a positive integer, got ${params.beams}`);
    checkRangeLimits('Lidar', params.rangeMin_m, params.rangeMax_m);
    if (params.angleIncrement_rad !== undefined && !Number.isFinite(params.angleIncrement_rad)) {
      throw new RangeError(`Lidar: angleIncrement_rad must be finite, got ${params.angleIncrement_rad}`);
    }
    this.body = body;
    this.scene = scene;
    this.params = params;
    this.name = params.name ?? 'lidar';
    this.cosA = new Float64Array(params.beams);
    this.sinA = new Float64Array(params.beams);
    for (let i = 0; i < params.beams; i++) {
      const a = beamAngle(params, i);
      this.cosA[i] = Math.cos(a);
      this.sinA[i] = Math.sin(a);
    }
    this.mount.set(params.mount_m ?? [0, 0, 0]);
    this.channels = [
      {
        name: this.name,
        size: params.beams,
        low: -Infinity,
        high: Infinity,
        unit: 'm',
        doc: `LaserScan ranges, beam i at ${(params.angleMin_rad ?? -Math.PI).toFixed(4)} + i·${(params.angleIncrement_rad ?? (2 * Math.PI) / params.beams).toFixed(4)} rad; ±Inf per REP-117`,
      },
    ];
  }

  read(out: Channels): void {
    const b = this.body, r = this.r, m = this.mount, p = this.params;
    rotationFromQuaternion(b.quaternion, r);
    const ox = b.position.x + r[0]! * m[0]! + r[1]! * m[1]! + r[2]! * m[2]!;
    const oy = b.position.y + r[3]! * m[0]! + r[4]! * m[1]! + r[5]! * m[2]!;
    const oz = b.position.z + r[6]! * m[0]! + r[7]! * m[1]! + r[8]! * m[2]!;
    const scene = this.scene;
    scene.refresh();
    scene.gather(ox, oy, p.rangeMax_m);
    const ranges = out[this.name]!;
    for (let i = 0; i < p.beams; i++) {
      const c = this.cosA[i]!, s = this.sinA[i]!;
      scene.castGatheredInto(ox, oy, oz, r[0]! * c + r[1]! * s, r[3]! * c + r[4]! * s, r[6]! * c + r[7]! * s, p.rangeMax_m);
      // rangeReading(), written out: a double returned from a non-inlined call is heap-boxed.
      const t = scene.distance[0]!;
      ranges[i] = t > p.rangeMax_m ? Infinity : t < p.rangeMin_m ? -Infinity : t;
    }
  }
}
