import { describe, expect, it } from 'vitest';
import * as CANNON from 'cannon-es';
import { advanceWorld, createSimWorld } from '../../sim/world/simWorld.js';
import type { BroadphaseKind } from '../../sim/world/simWorld.js';
import { addObstacles, validateObstacle } from '../../sim/world/obstacles.js';
import type { ObstacleSpec } from '../../sim/world/obstacles.js';
import { FOREST_100, forestLayout } from '../../sim/world/forestLayout.js';
import { moveStaticBody } from '../../sim/world/moveStaticBody.js';
import { RayScene } from '../../sim/sensors/rayScene.js';

const G = 9.81;

describe('forest layout', () => {
  it('is a pure function of the seed and respects gaps and the clear start disc', () => {
    const a = forestLayout(FOREST_100, 7);
    const b = forestLayout(FOREST_100, 7);
    const c = forestLayout(FOREST_100, 8);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toHaveLength(FOREST_100.count);
    for (let i = 0; i < a.length; i++) {
      const t = a[i]!;
      expect(t.radius_m).toBeGreaterThanOrEqual(FOREST_100.radiusMin_m);
      expect(t.radius_m).toBeLessThan(FOREST_100.radiusMax_m);
      expect(t.center_m[2]).toBe(FOREST_100.height_m / 2); // stands on the ground
      expect(Math.hypot(t.center_m[0], t.center_m[1]) - t.radius_m).toBeGreaterThanOrEqual(FOREST_100.clearRadius_m);
      for (let j = 0; j < i; j++) {
        const u = a[j]!;
        const gap = Math.hypot(t.center_m[0] - u.center_m[0], t.center_m[1] - u.center_m[1]) - t.radius_m - u.radius_m;
        expect(gap).toBeGreaterThanOrEqual(FOREST_100.minGap_m);
      }
    }
  });

  it('fails clearly when the trees cannot fit', () => {
    expect(() => forestLayout({ ...FOREST_100, xMin_m: -1, xMax_m: 1, yMin_m: -1, yMax_m: 1 }, 1)).toThrow(/placed only \d+ of 100 trees/);
  });

  it('rejects malformed obstacles with the field named', () => {
    expect(() => validateObstacle({ kind: 'sphere', center_m: [0, 0, 0], radius_m: -1 })).toThrow(/radius_m must be a positive/);
    expect(() => validateObstacle({ kind: 'box', center_m: [0, 0, Number.NaN], halfExtents_m: [1, 1, 1] })).toThrow(/center_m/);
    expect(() => validateObstacle({ kind: 'cone', center_m: [0, 0, 0] } as unknown as ObstacleSpec)).toThrow(/kind must be/);
  });
});

/** Drops a sphere of radius r from height z0 above (x, y) and returns its resting height. */
function restingHeight(specs: readonly ObstacleSpec[], x: number, y: number, z0: number, r: number, broadphase: BroadphaseKind): number {
  const w = createSimWorld({ broadphase });
  addObstacles(w, specs);
  const ball = new CANNON.Body({ mass: 1, shape: new CANNON.Sphere(r), linearDamping: 0.5 });
  ball.position.set(x, y, z0);
  w.world.addBody(ball);
  advanceWorld(w, 3);
  return ball.position.z;
}

describe('static obstacles in the world', () => {
  const specs: ObstacleSpec[] = [
    { kind: 'box', center_m: [0, 0, 0.25], halfExtents_m: [0.5, 0.5, 0.25], yaw_rad: 0.3 },
    { kind: 'cylinder', center_m: [3, 0, 1], radius_m: 0.3, height_m: 2 },
    { kind: 'sphere', center_m: [-3, 0, 0.5], radius_m: 0.5 },
  ];

  it('balls come to rest on top of each obstacle (cylinders stand upright along z)', () => {
    const r = 0.1;
    // Contacts are soft (SPOOK): allow 5 mm of penetration.
    expect(restingHeight(specs, 0, 0, 1.5, r, 'static-dynamic')).toBeCloseTo(0.5 + r, 2);
    expect(restingHeight(specs, 3, 0, 3, r, 'static-dynamic')).toBeCloseTo(2 + r, 2);
    // Exactly above the sphere's top: stays balanced on it (unstable, but symmetric).
    expect(restingHeight(specs, -3, 0, 1.5, r, 'static-dynamic')).toBeCloseTo(1 + r, 2);
    // Beside everything: the ground.
    expect(restingHeight(specs, 0, 5, 1, r, 'static-dynamic')).toBeCloseTo(r, 2);
  });

  it('the static-dynamic broadphase gives the same trajectories as cannon-es NaiveBroadphase', () => {
    const forest = [...forestLayout(FOREST_100, 3), ...specs];
    for (const [x, y] of [[0, 0], [3, 0], [-3, 0.05], [forest[0]!.center_m[0], forest[0]!.center_m[1]]] as const) {
      const a = restingHeight(forest, x, y, 5, 0.1, 'static-dynamic');
      const b = restingHeight(forest, x, y, 5, 0.1, 'naive');
      expect(a).toBe(b);
    }
  });
});

describe('cannon-es pitfall: forces are cleared after every internal step', () => {
  // A 1 kg body with an upward force m·g should hover. The control loop runs at 50 Hz and the
  // physics at 240 Hz, so one control period is 4.8 physics steps.
  const controlDt = 1 / 50;

  it('re-applying the force in beforeStep holds the body exactly', () => {
    const w = createSimWorld({ ground: false });
    const b = new CANNON.Body({ mass: 1, shape: new CANNON.Sphere(0.1), linearDamping: 0 });
    b.position.set(0, 0, 10);
    w.world.addBody(b);
    w.beforeStep.push(() => b.applyForce(new CANNON.Vec3(0, 0, b.mass * G)));
    for (let k = 0; k < 50; k++) advanceWorld(w, controlDt);
    expect(Math.abs(b.position.z - 10)).toBeLessThan(1e-9);
  });

  it('applying it once per control period lets the body fall as if the force acted one step in ~4.8', () => {
    const w = createSimWorld({ ground: false });
    const b = new CANNON.Body({ mass: 1, shape: new CANNON.Sphere(0.1), linearDamping: 0 });
    b.position.set(0, 0, 10);
    w.world.addBody(b);
    let forced = 0;
    for (let k = 0; k < 50; k++) {
      b.applyForce(new CANNON.Vec3(0, 0, b.mass * G));
      const before = w.steps;
      advanceWorld(w, controlDt);
      if (w.steps > before) forced++;
    }
    // Velocity after N steps of which `forced` had the force: v = −g·h·(N − forced), exact for the
    // symplectic Euler step. The drop is far from zero.
    const h = w.fixedStep_s;
    expect(b.velocity.z).toBeCloseTo(-G * h * (w.steps - forced), 9);
    expect(10 - b.position.z).toBeGreaterThan(0.3);
  });
});

describe('cannon-es pitfall: a static body moved after construction keeps a stale AABB', () => {
  function setup() {
    const w = createSimWorld();
    const [box] = addObstacles(w, [{ kind: 'box', center_m: [0, 0, 0.5], halfExtents_m: [0.5, 0.5, 0.5] }]);
    return { w, box: box! };
  }
  const from = new CANNON.Vec3(5, 0, 0.5);
  const to = new CANNON.Vec3(15, 0, 0.5);

  it('rays miss a box moved by assigning its position', () => {
    const { w, box } = setup();
    box.position.set(10, 0, 0.5);
    const res = new CANNON.RaycastResult();
    w.world.raycastClosest(from, to, {}, res);
    expect(res.hasHit).toBe(false);
  });

  it('moveStaticBody refreshes the AABB: cannon-es and RayScene rays hit at the hand-computed distance', () => {
    const { w, box } = setup();
    const scene = new RayScene(w);
    moveStaticBody(w, box, 10, 0, 0.5);
    const res = new CANNON.RaycastResult();
    w.world.raycastClosest(from, to, {}, res);
    expect(res.hasHit).toBe(true);
    expect(res.distance).toBeCloseTo(10 - 0.5 - 5, 9);
    scene.refresh();
    expect(scene.castRay(5, 0, 0.5, 1, 0, 0, 10)).toBeCloseTo(4.5, 12);
  });

  it('a ball falls through a box moved by assignment but lands on one moved with moveStaticBody', () => {
    for (const useHelper of [false, true]) {
      const { w, box } = setup();
      const ball = new CANNON.Body({ mass: 1, shape: new CANNON.Sphere(0.1) });
      ball.position.set(10, 0, 2);
      w.world.addBody(ball);
      advanceWorld(w, w.fixedStep_s); // the broadphase has binned the box at its first place
      if (useHelper) moveStaticBody(w, box, 10, 0, 0.5);
      else box.position.set(10, 0, 0.5);
      advanceWorld(w, 2);
      if (useHelper) expect(ball.position.z).toBeCloseTo(1.1, 2);
      else expect(ball.position.z).toBeCloseTo(0.1, 2); // through the box, onto the ground
    }
  });
});
