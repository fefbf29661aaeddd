// The UR5e arm as a kinematic chain (docs/environments.md#ur5e-arm): body offsets, fixed rotations and joint axes,
// shared by the MJCF builder and by the arm-only forward kinematics that the differential IK runs on.
import { axisAngleToMat, matMul, quatToMat } from './rotation.js';

export interface ChainLink {
  name: string;
  /** Position in the parent body frame. */
  pos: [number, number, number];
  /** Fixed rotation relative to the parent, (w, x, y, z), not necessarily normalised. */
  quat: [number, number, number, number];
  /** Hinge axis in the body frame. */
  axis: [number, number, number];
}

/** The six moving links of the arm in chain order; the base (world origin, +90° about z) precedes them. */
export const UR5E_LINKS: readonly ChainLink[] = [
  { name: 'shoulder_link', pos: [0, 0, 0.163], quat: [1, 0, 0, 0], axis: [0, 0, 1] },
  { name: 'upper_arm_link', pos: [0, 0.138, 0], quat: [1, 0, 1, 0], axis: [0, 1, 0] },
  { name: 'forearm_link', pos: [0, -0.131, 0.425], quat: [1, 0, 0, 0], axis: [0, 1, 0] },
  { name: 'wrist_1_link', pos: [0, 0, 0.392], quat: [1, 0, 1, 0], axis: [0, 1, 0] },
  { name: 'wrist_2_link', pos: [0, 0.127, 0], quat: [1, 0, 0, 0], axis: [0, 0, 1] },
  { name: 'wrist_3_link', pos: [0, 0, 0.1], quat: [1, 0, 0, 0], axis: [0, 1, 0] },
];
export const UR5E_JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow', 'wrist_1', 'wrist_2', 'wrist_3'] as const;
export const UR5E_BASE_QUAT: [number, number, number, number] = [1, 0, 0, 1];
/** The attachment site in the wrist_3 frame, where the gripper is mounted. */
export const ATTACHMENT_POS: [number, number, number] = [0, 0.1, 0];
export const ATTACHMENT_QUAT: [number, number, number, number] = [-1, 1, 0, 0];
/** Home configuration: gripper pointing down, pinch point at ≈(0.492, 0.134, 0.332). */
export const HOME_QPOS: readonly number[] = [-Math.PI / 2, -Math.PI / 2, Math.PI / 2, -Math.PI / 2, -Math.PI / 2, 0];

function normalisedQuatMat(q: readonly number[], out: Float64Array, o: number): void {
  const n = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!);
  quatToMat(q[0]! / n, q[1]! / n, q[2]! / n, q[3]! / n, out, o);
}

/**
 * Forward kinematics and site Jacobian of the arm alone. All buffers are allocated once; `compute` allocates nothing.
 * After `compute(q)`: `sitePos` (3), `siteMat` (3×3 row-major) and `jacobian` (6×6 row-major: rows 0–2 translation,
 * rows 3–5 rotation, as MuJoCo's site Jacobian).
 */
export class ArmKinematics {
  readonly sitePos = new Float64Array(3);
  readonly siteMat = new Float64Array(9);
  readonly jacobian = new Float64Array(36);
  private readonly fixedMats = new Float64Array(9 * 6);
  private readonly baseMat = new Float64Array(9);
  private readonly attachMat = new Float64Array(9);
  private readonly jointMat = new Float64Array(9);
  private readonly tmp = new Float64Array(9);
  private readonly frameMat = new Float64Array(9);
  private readonly framePos = new Float64Array(3);
  private readonly anchors = new Float64Array(18);
  private readonly axes = new Float64Array(18);

  constructor() {
    normalisedQuatMat(UR5E_BASE_QUAT, this.baseMat, 0);
    normalisedQuatMat(ATTACHMENT_QUAT, this.attachMat, 0);
    UR5E_LINKS.forEach((link, i) => normalisedQuatMat(link.quat, this.fixedMats, 9 * i));
  }

  compute(q: ArrayLike<number>): void {
    const R = this.frameMat, p = this.framePos, tmp = this.tmp;
    R.set(this.baseMat);
    p.fill(0);
    for (let i = 0; i < 6; i++) {
      const link = UR5E_LINKS[i]!;
      this.advance(link.pos);
      matMul(R, 0, this.fixedMats, 9 * i, tmp, 0);
      const [ax, ay, az] = link.axis;
      this.anchors[3 * i] = p[0]!; this.anchors[3 * i + 1] = p[1]!; this.anchors[3 * i + 2] = p[2]!;
      this.axes[3 * i] = tmp[0]! * ax + tmp[1]! * ay + tmp[2]! * az;
      this.axes[3 * i + 1] = tmp[3]! * ax + tmp[4]! * ay + tmp[5]! * az;
      this.axes[3 * i + 2] = tmp[6]! * ax + tmp[7]! * ay + tmp[8]! * az;
      axisAngleToMat(ax, ay, az, q[i]!, this.jointMat, 0);
      matMul(tmp, 0, this.jointMat, 0, R, 0);
    }
    this.advance(ATTACHMENT_POS);
    this.sitePos.set(p);
    matMul(R, 0, this.attachMat, 0, this.siteMat, 0);
    this.fillJacobian();
  }

  /** p += R · offset */
  private advance(offset: readonly number[]): void {
    const R = this.frameMat, p = this.framePos;
    const x = offset[0]!, y = offset[1]!, z = offset[2]!;
    p[0] = p[0]! + R[0]! * x + R[1]! * y + R[2]! * z;
    p[1] = p[1]! + R[3]! * x + R[4]! * y + R[5]! * z;
    p[2] = p[2]! + R[6]! * x + R[7]! * y + R[8]! * z;
  }

  private fillJacobian(): void {
    const J = this.jacobian, s = this.sitePos;
    for (let i = 0; i < 6; i++) {
      const ax = this.axes[3 * i]!, ay = this.axes[3 * i + 1]!, az = this.axes[3 * i + 2]!;
      const rx = s[0]! - this.anchors[3 * i]!, ry = s[1]! - this.anchors[3 * i + 1]!, rz = s[2]! - this.anchors[3 * i + 2]!;
      J[i] = ay * rz - az * ry;
      J[6 + i] = az * rx - ax * rz;
      J[12 + i] = ax * ry - ay * rx;
      J[18 + i] = ax;
      J[24 + i] = ay;
      J[30 + i] = az;
    }
  }
}
