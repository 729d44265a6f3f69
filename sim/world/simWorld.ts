/**
 * A cannon-es world stepped only with a fixed step, never the wall-clock variants
 * (`World.step(dt, timeSinceLastCalled)` interpolates and depends on call timing, so it is not
 * deterministic). Gravity 9.81 m/s² along −z (REP-103: z up), a ground plane at z = 0.
 *
 * `advanceWorld` runs whole fixed steps for a requested duration and carries the remainder,
 * so control periods that are not multiples of the physics step stay exact over time.
 * `beforeStep` hooks run before every internal step: cannon-es clears forces after each
 * internal step, so actuators must re-apply their forces there, not once per control period.
 */
import * as CANNON from 'cannon-es';
import { StaticDynamicBroadphase } from './staticDynamicBroadphase.js';
import { SparseCollisionMatrix } from './sparseCollisionMatrix.js';

/**
 * Broadphase algorithms. `static-dynamic` (default) pairs only moving bodies with the rest, which
 * suits many static and few dynamic bodies; `sap` and `naive` are cannon-es' own, kept for comparison.
 */
export const BROADPHASE_KINDS = ['static-dynamic', 'sap', 'naive'] as const;
export type BroadphaseKind = (typeof BROADPHASE_KINDS)[number];

export interface SimWorldOptions {
  /** Physics step in seconds. @default 1/240 */
  readonly fixedStep_s?: number;
  /** Gravity magnitude, applied along −z. @default 9.81 */
  readonly gravity_mps2?: number;
  /** Solver iterations per step. @default 20 */
  readonly solverIterations?: number;
  /** Add a ground plane at z = 0. @default true */
  readonly ground?: boolean;
  /** Broadphase algorithm. @default 'static-dynamic' */
  readonly broadphase?: BroadphaseKind;
  /**
   * SPOOK stiffness of the default contact material (N/m). Light bodies with tiny inertia (a
   * 27 g drone) rock in a period-2 limit cycle on cannon-es' default 1e7 N/m; 1e6 settles them.
   * @default 1e7 (cannon-es)
   */
  readonly contactStiffness_Npm?: number;
  /** SPOOK relaxation (steps) of the default contact material. @default 3 (cannon-es) */
  readonly contactRelaxation?: number;
}

export interface SimWorld {
  readonly world: CANNON.World;
  readonly fixedStep_s: number;
  readonly ground: CANNON.Body | null;
  /** Called before each internal physics step with the step length (s). */
  readonly beforeStep: Array<(dt_s: number) => void>;
  /** Called after each internal physics step. */
  readonly afterStep: Array<(dt_s: number) => void>;
  /** Simulated time in seconds (whole steps taken × fixed step). */
  time_s: number;
  /** Steps taken since creation. */
  steps: number;
  /** Time requested but not yet stepped (< fixedStep_s). */
  remainder_s: number;
  /**
   * Incremented whenever a static body is moved through `moveStaticBody`, so caches of static
   * geometry (e.g. a ray scene's grid) know to rebuild.
   */
  staticRevision: number;
}

export function createSimWorld(opts: SimWorldOptions = {}): SimWorld {
  const fixedStep_s = opts.fixedStep_s ?? 1 / 240;
  if (!(fixedStep_s > 0) || !Number.isFinite(fixedStep_s)) {
    throw new RangeError(`createSimWorld: fixedStep_s must be a positive finite number of seconds, got ${fixedStep_s}`);
  }
  const world = new CANNON.World({ gravity: new CANNON.Vec3(0, 0, -(opts.gravity_mps2 ?? 9.81)) });
  const cm = world.defaultContactMaterial;
  if (opts.contactStiffness_Npm !== undefined) {
    if (!(opts.contactStiffness_Npm > 0)) throw new RangeError(`createSimWorld: contactStiffness_Npm must be > 0, got ${opts.contactStiffness_Npm}`);
    cm.contactEquationStiffness = opts.contactStiffness_Npm;
  }
  if (opts.contactRelaxation !== undefined) {
    if (!(opts.contactRelaxation > 0)) throw new RangeError(`createSimWorld: contactRelaxation must be > 0, got ${opts.contactRelaxation}`);
    cm.contactEquationRelaxation = opts.contactRelaxation;
  }
  world.broadphase = makeBroadphase(opts.broadphase ?? 'static-dynamic', world);
  // The dense matrix is zeroed every step (O(n²) with many static bodies); see sparseCollisionMatrix.ts.
  world.collisionMatrix = new SparseCollisionMatrix() as unknown as CANNON.ArrayCollisionMatrix;
  world.collisionMatrixPrevious = new SparseCollisionMatrix() as unknown as CANNON.ArrayCollisionMatrix;
  world.allowSleep = false;
  (world.solver as CANNON.GSSolver).iterations = opts.solverIterations ?? 20;
  world.quatNormalizeFast = false;
  world.quatNormalizeSkip = 0;
  let ground: CANNON.Body | null = null;
  if (opts.ground ?? true) {
    ground = new CANNON.Body({ type: CANNON.Body.STATIC, mass: 0, shape: new CANNON.Plane() });
    world.addBody(ground); // Plane normal is +z by default.
  }
  return { world, fixedStep_s, ground, beforeStep: [], afterStep: [], time_s: 0, steps: 0, remainder_s: 0, staticRevision: 0 };
}

function makeBroadphase(kind: BroadphaseKind, world: CANNON.World): CANNON.Broadphase {
  switch (kind) {
    case 'static-dynamic': {
      const b = new StaticDynamicBroadphase();
      b.setWorld(world);
      return b;
    }
    case 'sap':
      return new CANNON.SAPBroadphase(world);
    case 'naive':
      return new CANNON.NaiveBroadphase();
    default:
      throw new RangeError(`createSimWorld: broadphase must be one of ${BROADPHASE_KINDS.join(', ')}, got '${String(kind)}'`);
  }
}

/** Advances by `dt_s` seconds in whole fixed steps; returns the number of steps taken. */
export function advanceWorld(w: SimWorld, dt_s: number): number {
  if (!(dt_s >= 0) || !Number.isFinite(dt_s)) throw new RangeError(`advanceWorld: dt_s must be ≥ 0 and finite, got ${dt_s}`);
  const h = w.fixedStep_s;
  // Tolerance so that e.g. 0.02 s at 1/240 s gives 4.8 → 4 steps + 0.8 carried, and 1/60 gives exactly 4.
  let budget = w.remainder_s + dt_s;
  let n = 0;
  while (budget >= h * (1 - 1e-9)) {
    for (const f of w.beforeStep) f(h);
    w.world.step(h);
    for (const f of w.afterStep) f(h);
    budget -= h;
    n++;
  }
  w.remainder_s = Math.max(0, budget);
  w.steps += n;
  w.time_s = w.steps * h;
  return n;
}
