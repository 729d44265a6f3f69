/**
 * Frame conversions between ROS (REP-103: world ENU, body FLU) and aerospace conventions
 * (PX4: world NED, body FRD). All pure, in place on plain arrays, allocation-free.
 *
 * Vectors: ENU (x east, y north, z up) ↔ NED (x north, y east, z down) swaps x and y and
 * negates z; FLU ↔ FRD negates y and z. Both maps are their own inverse.
 *
 * Attitude: a quaternion is the rotation body → world. With C the ENU↔NED map and D the
 * FLU↔FRD map (both symmetric, involutions), R_enu_flu = C · R_ned_frd · D. PX4's
 * VehicleOdometry quaternion is (w, x, y, z); ROS's is (x, y, z, w).
 */

/** In place: a vector in ENU ↔ the same vector in NED (involution). */
export function swapEnuNed(v: Float32Array | number[], o = 0): void {
  const x = v[o]!;
  v[o] = v[o + 1]!;
  v[o + 1] = x;
  v[o + 2] = -v[o + 2]!;
}

/** In place: a vector in FLU ↔ the same vector in FRD (involution). */
export function swapFluFrd(v: Float32Array | number[], o = 0): void {
  v[o + 1] = -v[o + 1]!;
  v[o + 2] = -v[o + 2]!;
}

const m = new Float64Array(9);

/**
 * Attitude NED/FRD (w, x, y, z at `src`) → ENU/FLU (x, y, z, w into `dst`). Uses the rotation
 * matrix, so it is exact for any attitude; the result has w ≥ 0.
 */
export function quatNedFrdToEnuFlu(src: ArrayLike<number>, dst: Float32Array | number[], srcOffset = 0, dstOffset = 0): void {
  convertAttitude(src[srcOffset]!, src[srcOffset + 1]!, src[srcOffset + 2]!, src[srcOffset + 3]!, dst, dstOffset);
}

/** R' = C·R·D of the unit quaternion (w, x, y, z), written as (x, y, z, w): the map is its own inverse. */
function convertAttitude(w: number, x: number, y: number, z: number, dst: Float32Array | number[], o: number): void {
  const n = Math.sqrt(w * w + x * x + y * y + z * z);
  quatToMatrix(w / n, x / n, y / n, z / n, m);
  // C = [[0,1,0],[1,0,0],[0,0,-1]], D = diag(1,-1,-1): swap rows 0/1, negate row 2, negate columns 1 and 2.
  matrixToQuatXyzw(m[3]!, -m[4]!, -m[5]!, m[0]!, -m[1]!, -m[2]!, -m[6]!, m[7]!, m[8]!, dst, o);
}

/** Attitude ENU/FLU (x, y, z, w) → NED/FRD (w, x, y, z); the inverse of quatNedFrdToEnuFlu. */
export function quatEnuFluToNedFrd(src: ArrayLike<number>, dst: Float32Array | number[], srcOffset = 0, dstOffset = 0): void {
  convertAttitude(src[srcOffset + 3]!, src[srcOffset]!, src[srcOffset + 1]!, src[srcOffset + 2]!, dst, dstOffset);
  // reorder x, y, z, w → w, x, y, z
  const qx = dst[dstOffset]!, qy = dst[dstOffset + 1]!, qz = dst[dstOffset + 2]!, qw = dst[dstOffset + 3]!;
  dst[dstOffset] = qw;
  dst[dstOffset + 1] = qx;
  dst[dstOffset + 2] = qy;
  dst[dstOffset + 3] = qz;
}

/** Yaw (rad, about +z from +x) of the ROS quaternion (x, y, z, w) at `o`. */
export function yawOfQuatXyzw(q: ArrayLike<number>, o = 0): number {
  const x = q[o]!, y = q[o + 1]!, z = q[o + 2]!, w = q[o + 3]!;
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

/** In place: rotate the horizontal part of a body-frame (FLU) vector by `yaw_rad` into the world (ENU) frame. */
export function bodyToWorldYaw(v: Float32Array | number[], yaw_rad: number, o = 0): void {
  const c = Math.cos(yaw_rad), s = Math.sin(yaw_rad);
  const x = v[o]!, y = v[o + 1]!;
  v[o] = c * x - s * y;
  v[o + 1] = s * x + c * y;
}

function quatToMatrix(w: number, x: number, y: number, z: number, out: Float64Array): void {
  out[0] = 1 - 2 * (y * y + z * z);
  out[1] = 2 * (x * y - w * z);
  out[2] = 2 * (x * z + w * y);
  out[3] = 2 * (x * y + w * z);
  out[4] = 1 - 2 * (x * x + z * z);
  out[5] = 2 * (y * z - w * x);
  out[6] = 2 * (x * z - w * y);
  out[7] = 2 * (y * z + w * x);
  out[8] = 1 - 2 * (x * x + y * y);
}

// Shepperd's method: numerically stable for every rotation.
function matrixToQuatXyzw(m00: number, m01: number, m02: number, m10: number, m11: number, m12: number, m20: number, m21: number, m22: number, out: Float32Array | number[], o: number): void {
  const tr = m00 + m11 + m22;
  let w: number, x: number, y: number, z: number;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    w = 0.25 * s;
    x = (m21 - m12) / s;
    y = (m02 - m20) / s;
    z = (m10 - m01) / s;
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    w = (m21 - m12) / s;
    x = 0.25 * s;
    y = (m01 + m10) / s;
    z = (m02 + m20) / s;
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    w = (m02 - m20) / s;
    x = (m01 + m10) / s;
    y = 0.25 * s;
    z = (m12 + m21) / s;
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    w = (m10 - m01) / s;
    x = (m02 + m20) / s;
    y = (m12 + m21) / s;
    z = 0.25 * s;
  }
  const sign = w < 0 ? -1 : 1;
  out[o] = sign * x;
  out[o + 1] = sign * y;
  out[o + 2] = sign * z;
  out[o + 3] = sign * w;
}

/**
 * In place: a vector in the NED world frame → the body FLU frame, given the attitude (w, x, y, z,
 * NED/FRD body → world): v_frd = Rᵀ v_ned, then FRD → FLU.
 */
export function nedWorldToFluBody(v: Float32Array | number[], q_wxyz: ArrayLike<number>): void {
  const w = q_wxyz[0]!, x = q_wxyz[1]!, y = q_wxyz[2]!, z = q_wxyz[3]!;
  const n = Math.sqrt(w * w + x * x + y * y + z * z);
  quatToMatrix(w / n, x / n, y / n, z / n, m);
  const a = v[0]!, b = v[1]!, c = v[2]!;
  v[0] = m[0]! * a + m[3]! * b + m[6]! * c;
  v[1] = -(m[1]! * a + m[4]! * b + m[7]! * c);
  v[2] = -(m[2]! * a + m[5]! * b + m[8]! * c);
}
