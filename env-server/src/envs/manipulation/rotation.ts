// Small rotation helpers on plain arrays: 3×3 row-major matrices and (w, x, y, z) quaternions.
// Written to work on caller-owned buffers so that the per-step controller allocates nothing.

/** Writes the rotation matrix of the unit quaternion (w, x, y, z) into `out` (row-major 3×3). */
export function quatToMat(w: number, x: number, y: number, z: number, out: Float64Array, o = 0): void {
  out[o] = 1 - 2 * (y * y + z * z);
  out[o + 1] = 2 * (x * y - w * z);
  out[o + 2] = 2 * (x * z + w * y);
  out[o + 3] = 2 * (x * y + w * z);
  out[o + 4] = 1 - 2 * (x * x + z * z);
  out[o + 5] = 2 * (y * z - w * x);
  out[o + 6] = 2 * (x * z - w * y);
  out[o + 7] = 2 * (y * z + w * x);
  out[o + 8] = 1 - 2 * (x * x + y * y);
}

/** Writes a unit quaternion of the rotation matrix `m` (row-major, from offset `o`) into `out` with w ≥ 0. */
export function matToQuat(m: ArrayLike<number>, out: Float64Array, o = 0, outOffset = 0): void {
  const m00 = m[o]!, m01 = m[o + 1]!, m02 = m[o + 2]!;
  const m10 = m[o + 3]!, m11 = m[o + 4]!, m12 = m[o + 5]!;
  const m20 = m[o + 6]!, m21 = m[o + 7]!, m22 = m[o + 8]!;
  const trace = m00 + m11 + m22;
  let w: number, x: number, y: number, z: number;
  if (trace > 0) {
    const s = 2 * Math.sqrt(trace + 1);
    w = 0.25 * s; x = (m21 - m12) / s; y = (m02 - m20) / s; z = (m10 - m01) / s;
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    w = (m21 - m12) / s; x = 0.25 * s; y = (m01 + m10) / s; z = (m02 + m20) / s;
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    w = (m02 - m20) / s; x = (m01 + m10) / s; y = 0.25 * s; z = (m12 + m21) / s;
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
    w = (m10 - m01) / s; x = (m02 + m20) / s; y = (m12 + m21) / s; z = 0.25 * s;
  }
  const sign = w < 0 ? -1 : 1;
  const n = sign / Math.hypot(w, x, y, z);
  out[outOffset] = w * n; out[outOffset + 1] = x * n; out[outOffset + 2] = y * n; out[outOffset + 3] = z * n;
}

/** out = a · b for row-major 3×3 matrices (out must not alias a or b). */
export function matMul(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, out: Float64Array, oo: number): void {
  for (let i = 0; i < 3; i++) {
    const a0 = a[ao + 3 * i]!, a1 = a[ao + 3 * i + 1]!, a2 = a[ao + 3 * i + 2]!;
    for (let j = 0; j < 3; j++) {
      out[oo + 3 * i + j] = a0 * b[bo + j]! + a1 * b[bo + 3 + j]! + a2 * b[bo + 6 + j]!;
    }
  }
}

/** Rotation matrix about a unit axis (x, y, z) by `angle` (Rodrigues), written into out[o..o+9]. */
export function axisAngleToMat(x: number, y: number, z: number, angle: number, out: Float64Array, o = 0): void {
  const c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
  out[o] = c + x * x * t; out[o + 1] = x * y * t - z * s; out[o + 2] = x * z * t + y * s;
  out[o + 3] = y * x * t + z * s; out[o + 4] = c + y * y * t; out[o + 5] = y * z * t - x * s;
  out[o + 6] = z * x * t - y * s; out[o + 7] = z * y * t + x * s; out[o + 8] = c + z * z * t;
}

/** ZYX yaw of a rotation matrix (row-major): atan2(R10, R00). */
export function yawOfMat(m: ArrayLike<number>, o = 0): number {
  return Math.atan2(m[o + 3]!, m[o])!;
}

/** ZYX yaw of a (w, x, y, z) quaternion. */
export function yawOfQuat(w: number, x: number, y: number, z: number): number {
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

/** Wraps an angle to [−π, π]. */
export function wrapAngle(a: number): number {
  return ((((a + Math.PI) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI)) - Math.PI;
}

/**
 * Rotation vector (axis × angle, shortest way) of R_a · R_bᵀ, written into out[0..3].
 * `scratch` needs 13 entries. Used as the orientation error of the IK.
 */
export function rotationError(ra: ArrayLike<number>, rb: ArrayLike<number>, rbo: number, scratch: Float64Array, out: Float64Array, oo = 0): void {
  // R_a · R_bᵀ
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      scratch[3 * i + j] = ra[3 * i]! * rb[rbo + 3 * j]! + ra[3 * i + 1]! * rb[rbo + 3 * j + 1]! + ra[3 * i + 2]! * rb[rbo + 3 * j + 2]!;
    }
  }
  matToQuat(scratch, scratch, 0, 9);
  const w = scratch[9]!, vx = scratch[10]!, vy = scratch[11]!, vz = scratch[12]!;
  const n = Math.hypot(vx, vy, vz);
  const f = n < 1e-12 ? 2 / Math.max(w, 1e-12) : (2 * Math.atan2(n, w)) / n;
  out[oo] = vx * f; out[oo + 1] = vy * f; out[oo + 2] = vz * f;
}
