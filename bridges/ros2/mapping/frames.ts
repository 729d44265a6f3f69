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

// Scratch for the attitude maths. Doubles go between the helpers through these arrays, not as
// arguments: a helper V8 does not inline gets each double argument boxed (16 B apiece), which
// made one PX4 odometry decode allocate ~128 B.
/** The unit quaternion (w, x, y, z). */
const q = new Float64Array(4);
/** Its rotation matrix, row-major. */
const m = new Float64Array(9);
/** The converted matrix C·R·D. */
const cm = new Float64Array(9);

/** q ← (w, x, y, z) / |(w, x, y, z)|, read from `src` at the four offsets. */
function loadUnitQuat(src: ArrayLike<number>, iw: number, ix: number, iy: number, iz: number): void {
  const w = src[iw]!, x = src[ix]!, y = src[iy]!, z = src[iz]!;
  const n = Math.sqrt(w * w + x * x + y * y + z * z);
  q[0] = w / n;
  q[1] = x / n;
  q[2] = y / n;
  q[3] = z / n;
}

/**
 * Attitude NED/FRD (w, x, y, z at `src`) → ENU/FLU (x, y, z, w into `dst`). Uses the rotation
 * matrix, so it is exact for any attitude; the result has w ≥ 0.
 */
export function quatNedFrdToEnuFlu(src: ArrayLike<number>, dst: Float32Array | number[], srcOffset = 0, dstOffset = 0): void {
  loadUnitQuat(src, srcOffset, srcOffset + 1, srcOffset + 2, srcOffset + 3);
  convertAttitude(dst, dstOffset);
}

/** R' = C·R·D of the unit quaternion in `q`, written as (x, y, z, w): the map is its own inverse. */
function convertAttitude(dst: Float32Array | number[], o: number): void {
  quatToMatrix();
  // C = [[0,1,0],[1,0,0],[0,0,-1]], D = diag(1,-1,-1): swap rows 0/1, negate row 2, negate columns 1 and 2.
  cm[0] = m[3]!;
  cm[1] = -m[4]!;
  cm[2] = -m[5]!;
  cm[3] = m[0]!;
  cm[4] = -m[1]!;
  cm[5] = -m[2]!;
  cm[6] = -m[6]!;
  cm[7] = m[7]!;
  cm[8] = m[8]!;
  matrixToQuatXyzw(dst, o);
}

/** Attitude ENU/FLU (x, y, z, w) → NED/FRD (w, x, y, z); the inverse of quatNedFrdToEnuFlu. */
export function quatEnuFluToNedFrd(src: ArrayLike<number>, dst: Float32Array | number[], srcOffset = 0, dstOffset = 0): void {
  loadUnitQuat(src, srcOffset + 3, srcOffset, srcOffset + 1, srcOffset + 2);
  convertAttitude(dst, dstOffset);
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

/**
 * In place: rotate the horizontal part of a body-frame (FLU) vector at `o` into the world (ENU)
 * frame by the yaw of the heading quaternion (x, y, z, w) — yawOfQuatXyzw's yaw, computed here
 * so that no double crosses a call (a boxed heap number per call when V8 does not inline it).
 */
export function bodyToWorldByHeading(v: Float32Array | number[], heading_xyzw: ArrayLike<number>, o = 0): void {
  const qx = heading_xyzw[0]!, qy = heading_xyzw[1]!, qz = heading_xyzw[2]!, qw = heading_xyzw[3]!;
  const yaw = Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz));
  const c = Math.cos(yaw), s = Math.sin(yaw);
  const x = v[o]!, y = v[o + 1]!;
  v[o] = c * x - s * y;
  v[o + 1] = s * x + c * y;
}

/** m ← the rotation matrix of the unit quaternion in `q`. */
function quatToMatrix(): void {
  const w = q[0]!, x = q[1]!, y = q[2]!, z = q[3]!;
  const out = m;
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
function matrixToQuatXyzw(out: Float32Array | number[], o: number): void {
  const m00 = cm[0]!, m01 = cm[1]!, m02 = cm[2]!, m10 = cm[3]!, m11 = cm[4]!, m12 = cm[5]!, m20 = cm[6]!, m21 = cm[7]!, m22 = cm[8]!;
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
  loadUnitQuat(q_wxyz, 0, 1, 2, 3);
  quatToMatrix();
  const a = v[0]!, b = v[1]!, c = v[2]!;
  v[0] = m[0]! * a + m[3]! * b + m[6]! * c;
  v[1] = -(m[1]! * a + m[4]! * b + m[7]! * c);
  v[2] = -(m[2]! * a + m[5]! * b + m[8]! * c);
}
