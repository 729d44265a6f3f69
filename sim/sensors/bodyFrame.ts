/**
 * Small frame helpers shared by the body-mounted sensors: the body→world rotation of a cannon-es
 * body as a row-major 3×3 matrix (cannon-es quaternions rotate body → world).
 */
import type * as CANNON from 'cannon-es';

/** Writes the row-major body→world rotation of `q` into `out` (9 numbers). */
export function rotationFromQuaternion(q: CANNON.Quaternion, out: Float64Array): void {
  const { x, y, z, w } = q;
  out[0] = 1 - 2 * (y * y + z * z); out[1] = 2 * (x * y - z * w); out[2] = 2 * (x * z + y * w);
  out[3] = 2 * (x * y + z * w); out[4] = 1 - 2 * (x * x + z * z); out[5] = 2 * (y * z - x * w);
  out[6] = 2 * (x * z - y * w); out[7] = 2 * (y * z + x * w); out[8] = 1 - 2 * (x * x + y * y);
}
