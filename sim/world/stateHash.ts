/**
 * A hash of the dynamic state of a world, for determinism tests: the exact IEEE-754 bits of every
 * body's position, quaternion, velocity and angular velocity, in body order. Two runs agree on the
 * hash only if they agree bit for bit.
 *
 * Two 32-bit FNV-1a lanes with different offsets over the bytes give a 64-bit hex digest.
 */
import type * as CANNON from 'cannon-es';

const f64 = new Float64Array(1);
const bytes = new Uint8Array(f64.buffer);

/** Hash state accumulator: two FNV-1a lanes. */
interface Lanes {
  a: number;
  b: number;
}

function mix(l: Lanes, x: number): void {
  f64[0] = x;
  for (let i = 0; i < 8; i++) {
    l.a = Math.imul(l.a ^ bytes[i]!, 0x01000193);
    l.b = Math.imul(l.b ^ bytes[i]!, 0x01000193);
  }
}

/** 16 hex digits identifying the exact kinematic state of `bodies`. */
export function hashBodies(bodies: readonly CANNON.Body[]): string {
  const l: Lanes = { a: 0x811c9dc5 | 0, b: 0x050c5d1f | 0 };
  for (const b of bodies) {
    mix(l, b.position.x); mix(l, b.position.y); mix(l, b.position.z);
    mix(l, b.quaternion.x); mix(l, b.quaternion.y); mix(l, b.quaternion.z); mix(l, b.quaternion.w);
    mix(l, b.velocity.x); mix(l, b.velocity.y); mix(l, b.velocity.z);
    mix(l, b.angularVelocity.x); mix(l, b.angularVelocity.y); mix(l, b.angularVelocity.z);
  }
  return (l.a >>> 0).toString(16).padStart(8, '0') + (l.b >>> 0).toString(16).padStart(8, '0');
}

/** `hashBodies` over all bodies of a world. */
export function hashWorldState(world: CANNON.World): string {
  return hashBodies(world.bodies);
}

/** Hash of any list of numbers (e.g. sensor readings), same scheme. */
export function hashNumbers(values: ArrayLike<number>): string {
  const l: Lanes = { a: 0x811c9dc5 | 0, b: 0x050c5d1f | 0 };
  for (let i = 0; i < values.length; i++) mix(l, values[i]!);
  return (l.a >>> 0).toString(16).padStart(8, '0') + (l.b >>> 0).toString(16).padStart(8, '0');
}
