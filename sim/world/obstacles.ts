/**
 * Static obstacles as data. An `ObstacleSpec` is a plain object discriminated by `kind`; a layout
 * is an array of them, so worlds can be generated from a seed, saved as JSON and rebuilt exactly.
 *
 * Frames (REP-103): world ENU, z up, metres. `center_m` is the centre of the solid. Cylinders stand
 * upright (axis along world z); boxes may be turned about z by `yaw_rad` (counter-clockwise seen
 * from above). cannon-es builds its `Cylinder` along the shape's local y axis, so the shape is
 * mounted with a +90° rotation about x (local y → world z).
 */
import * as CANNON from 'cannon-es';
import type { SimWorld } from './simWorld.js';

export type Vec3Tuple = readonly [number, number, number];

export interface BoxObstacle {
  readonly kind: 'box';
  readonly center_m: Vec3Tuple;
  readonly halfExtents_m: Vec3Tuple;
  /** Rotation about world z, counter-clockwise seen from above. @default 0 */
  readonly yaw_rad?: number;
}

export interface CylinderObstacle {
  readonly kind: 'cylinder';
  readonly center_m: Vec3Tuple;
  readonly radius_m: number;
  readonly height_m: number;
}

export interface SphereObstacle {
  readonly kind: 'sphere';
  readonly center_m: Vec3Tuple;
  readonly radius_m: number;
}

export type ObstacleSpec = BoxObstacle | CylinderObstacle | SphereObstacle;
export type ObstacleKind = ObstacleSpec['kind'];

/** A seeded layout: the same seed must return the same obstacles. */
export type LayoutFn = (seed: number) => readonly ObstacleSpec[];

export interface ObstacleBuildOptions {
  /** Facets of the cannon-es cylinder polyhedron used for contacts (rays see the exact cylinder). @default 16 */
  readonly cylinderSegments?: number;
  /** Contact material shared by all obstacles. @default none (world default) */
  readonly material?: CANNON.Material;
}

/** Shape-local +y (cannon-es cylinder axis) → world +z. */
const CYLINDER_UPRIGHT = new CANNON.Quaternion().setFromAxisAngle(new CANNON.Vec3(1, 0, 0), Math.PI / 2);

function checkVec(v: unknown, what: string, positive: boolean): void {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0))) {
    throw new RangeError(`${what} must be 3 finite${positive ? ' positive' : ''} numbers, got ${JSON.stringify(v)}`);
  }
}

function checkPositive(x: unknown, what: string): void {
  if (typeof x !== 'number' || !(x > 0) || !Number.isFinite(x)) throw new RangeError(`${what} must be a positive finite number, got ${String(x)}`);
}

/** Throws a RangeError naming the field if `spec` is not a valid obstacle. */
export function validateObstacle(spec: ObstacleSpec, where = 'obstacle'): void {
  checkVec(spec.center_m, `${where}.center_m`, false);
  switch (spec.kind) {
    case 'box':
      checkVec(spec.halfExtents_m, `${where}.halfExtents_m`, true);
      if (spec.yaw_rad !== undefined && !Number.isFinite(spec.yaw_rad)) throw new RangeError(`${where}.yaw_rad must be finite, got ${spec.yaw_rad}`);
      return;
    case 'cylinder':
      checkPositive(spec.radius_m, `${where}.radius_m`);
      checkPositive(spec.height_m, `${where}.height_m`);
      return;
    case 'sphere':
      checkPositive(spec.radius_m, `${where}.radius_m`);
      return;
    default:
      throw new TypeError(`${where}.kind must be 'box', 'cylinder' or 'sphere', got '${String((spec as { kind: unknown }).kind)}'`);
  }
}

/** A static cannon-es body for one obstacle (not yet added to a world). */
export function createObstacleBody(spec: ObstacleSpec, opts: ObstacleBuildOptions = {}): CANNON.Body {
  validateObstacle(spec);
  const body = new CANNON.Body({ type: CANNON.Body.STATIC, mass: 0, ...(opts.material ? { material: opts.material } : {}) });
  const [x, y, z] = spec.center_m;
  body.position.set(x, y, z);
  switch (spec.kind) {
    case 'box': {
      const [hx, hy, hz] = spec.halfExtents_m;
      body.addShape(new CANNON.Box(new CANNON.Vec3(hx, hy, hz)));
      if (spec.yaw_rad) body.quaternion.setFromAxisAngle(new CANNON.Vec3(0, 0, 1), spec.yaw_rad);
      break;
    }
    case 'cylinder': {
      const segments = opts.cylinderSegments ?? 16;
      body.addShape(new CANNON.Cylinder(spec.radius_m, spec.radius_m, spec.height_m, segments), new CANNON.Vec3(), CYLINDER_UPRIGHT);
      break;
    }
    case 'sphere':
      body.addShape(new CANNON.Sphere(spec.radius_m));
      break;
  }
  body.updateAABB();
  return body;
}

/** Builds and adds one static body per obstacle, in order; returns them. */
export function addObstacles(w: SimWorld, specs: readonly ObstacleSpec[], opts: ObstacleBuildOptions = {}): CANNON.Body[] {
  const out: CANNON.Body[] = [];
  specs.forEach((s, i) => {
    validateObstacle(s, `obstacles[${i}]`);
    const b = createObstacleBody(s, opts);
    w.world.addBody(b);
    out.push(b);
  });
  w.staticRevision++;
  return out;
}
