// Differential inverse kinematics of the arm's attachment site (docs/environments.md#manipulation-controller): damped
// least squares on the 6×6 site Jacobian of the arm-only chain, at most 20 iterations, steps capped at 45° per joint.
// No allocation per solve.
import { ArmKinematics } from './ur5e-chain.js';
import { rotationError } from './rotation.js';

const MAX_ITERATIONS = 20;
const TOLERANCE = 1e-4;
const DAMPING = 1e-12;
const MAX_STEP = Math.PI / 4;

export class DiffIk {
  readonly kinematics = new ArmKinematics();
  /** The solution of the last `solve` (6 joint angles). */
  readonly q = new Float64Array(6);
  private readonly error = new Float64Array(6);
  private readonly scratch = new Float64Array(13);
  private readonly a = new Float64Array(36);
  private readonly y = new Float64Array(6);
  /** Iterations used by the last solve. */
  iterations = 0;

  /**
   * Solves for joint angles placing the attachment site at `targetPos` with rotation `targetMat` (3×3 row-major),
   * starting from `q0`. Returns the solution (the `q` buffer).
   */
  solve(q0: ArrayLike<number>, targetPos: ArrayLike<number>, targetMat: ArrayLike<number>): Float64Array {
    const q = this.q, fk = this.kinematics, e = this.error;
    for (let i = 0; i < 6; i++) q[i] = q0[i]!;
    let it = 0;
    for (; it < MAX_ITERATIONS; it++) {
      fk.compute(q);
      e[0] = targetPos[0]! - fk.sitePos[0]!;
      e[1] = targetPos[1]! - fk.sitePos[1]!;
      e[2] = targetPos[2]! - fk.sitePos[2]!;
      rotationError(targetMat, fk.siteMat, 0, this.scratch, e, 3);
      if (Math.hypot(e[0]!, e[1]!, e[2]!) <= TOLERANCE && Math.hypot(e[3]!, e[4]!, e[5]!) <= TOLERANCE) break;
      this.step(fk.jacobian);
      let max = 0;
      for (let i = 0; i < 6; i++) max = Math.max(max, Math.abs(this.y[i]!));
      const scale = max > MAX_STEP ? MAX_STEP / max : 1;
      for (let i = 0; i < 6; i++) q[i] = q[i]! + this.y[i]! * scale;
    }
    this.iterations = it;
    return q;
  }

  /** y ← Jᵀ (J Jᵀ + λI)⁻¹ e, by Cholesky on the symmetric positive definite 6×6 system. */
  private step(J: Float64Array): void {
    const A = this.a, e = this.error, y = this.y;
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j <= i; j++) {
        let s = i === j ? DAMPING : 0;
        for (let k = 0; k < 6; k++) s += J[6 * i + k]! * J[6 * j + k]!;
        A[6 * i + j] = s;
      }
    }
    // In-place Cholesky A = L Lᵀ (lower triangle).
    for (let j = 0; j < 6; j++) {
      let d = A[6 * j + j]!;
      for (let k = 0; k < j; k++) d -= A[6 * j + k]! * A[6 * j + k]!;
      const l = Math.sqrt(Math.max(d, 1e-300));
      A[6 * j + j] = l;
      for (let i = j + 1; i < 6; i++) {
        let s = A[6 * i + j]!;
        for (let k = 0; k < j; k++) s -= A[6 * i + k]! * A[6 * j + k]!;
        A[6 * i + j] = s / l;
      }
    }
    // Solve L z = e, then Lᵀ w = z (w kept in e's place is not allowed: e is reused, so use y as z/w).
    for (let i = 0; i < 6; i++) {
      let s = e[i]!;
      for (let k = 0; k < i; k++) s -= A[6 * i + k]! * y[k]!;
      y[i] = s / A[6 * i + i]!;
    }
    for (let i = 5; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < 6; k++) s -= A[6 * k + i]! * y[k]!;
      y[i] = s / A[6 * i + i]!;
    }
    // Δq = Jᵀ w, written to `scratch` first, then copied into y.
    const w = this.scratch;
    for (let i = 0; i < 6; i++) w[i] = y[i]!;
    for (let c = 0; c < 6; c++) {
      let s = 0;
      for (let r = 0; r < 6; r++) s += J[6 * r + c]! * w[r]!;
      y[c] = s;
    }
  }
}
