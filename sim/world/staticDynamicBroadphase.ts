/**
 * A broadphase for worlds with many static bodies and few moving ones (a drone in a forest,
 * an arm on a table).
 *
 * cannon-es ships NaiveBroadphase (every pair, O(n²)) and SAPBroadphase, whose inner loop calls
 * `needBroadphaseCollision` before its sort-axis early exit, so static–static pairs are still
 * visited: O(n²) again with 100 trees. Static pairs can never collide, so this broadphase only
 * pairs each non-static body with every other body: O(d·n) bounding-box tests for d moving bodies.
 * Pairs are emitted in body-index order, so the result is deterministic.
 *
 * Static bodies keep the AABB computed when they were added or last flagged: move them with
 * `moveStaticBody`, which refreshes it (cannon-es does not, see the stale-AABB test).
 */
import * as CANNON from 'cannon-es';

export class StaticDynamicBroadphase extends CANNON.Broadphase {
  constructor() {
    super();
    this.useBoundingBoxes = true;
  }

  override collisionPairs(world: CANNON.World, p1: CANNON.Body[], p2: CANNON.Body[]): void {
    const bodies = world.bodies;
    const n = bodies.length;
    for (let i = 0; i !== n; i++) {
      const bi = bodies[i]!;
      if (bi.type === CANNON.Body.STATIC) continue;
      if (bi.aabbNeedsUpdate) bi.updateAABB();
      for (let j = 0; j !== n; j++) {
        if (j === i) continue;
        const bj = bodies[j]!;
        // A pair of two moving bodies is visited from both sides; keep it once (from the lower index).
        if (bj.type !== CANNON.Body.STATIC && j < i) continue;
        if (!this.needBroadphaseCollision(bi, bj)) continue;
        if (bj.aabbNeedsUpdate) bj.updateAABB();
        if (bi.aabb.overlaps(bj.aabb)) {
          if (j < i) {
            p1.push(bj);
            p2.push(bi);
          } else {
            p1.push(bi);
            p2.push(bj);
          }
        }
      }
    }
  }

  override aabbQuery(world: CANNON.World, aabb: CANNON.AABB, result: CANNON.Body[] = []): CANNON.Body[] {
    const bodies = world.bodies;
    for (let i = 0; i < bodies.length; i++) {
      const b = bodies[i]!;
      if (b.aabbNeedsUpdate) b.updateAABB();
      if (b.aabb.overlaps(aabb)) result.push(b);
    }
    return result;
  }
}
