// The 5-D action → actuator controls of the arm and gripper (docs/environments.md#manipulation-controller): scale,
// clip to the workspace, point the gripper down at the commanded yaw, and solve the differential IK for the
// attachment site.
import { DiffIk } from './diff-ik.js';
import { wrapAngle } from './rotation.js';
import { ACTION_SCALE, PINCH_OFFSET, WORKSPACE_HIGH, WORKSPACE_LOW } from './workspace.js';

/** The arm state the controller reads. */
export interface ArmState {
  /** Arm joint angles (6). */
  armQpos: ArrayLike<number>;
  pinchPos: ArrayLike<number>;
  pinchYaw: number;
  /** 0 open … 1 closed. */
  opening: number;
}

const clip = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

export class ArmController {
  readonly ik = new DiffIk();
  private readonly attachPos = new Float64Array(3);
  private readonly attachMat = new Float64Array(9);
  /** The pinch target of the last command (for tests and oracles). */
  readonly targetPos = new Float64Array(3);
  targetYaw = 0;

  /**
   * Writes the 7 controls (6 servo angles, gripper 0..255) for `action` (already clipped to [−1, 1]) into
   * ctrl[0..7].
   */
  command(state: ArmState, action: ArrayLike<number>, ctrl: Float64Array): void {
    for (let i = 0; i < 3; i++) {
      this.targetPos[i] = clip(state.pinchPos[i]! + action[i]! * ACTION_SCALE[i], WORKSPACE_LOW[i]!, WORKSPACE_HIGH[i]!);
    }
    this.targetYaw = wrapAngle(state.pinchYaw + action[3]! * ACTION_SCALE[3]);
    const q = this.solvePinch(state.armQpos, this.targetPos, this.targetYaw);
    for (let i = 0; i < 6; i++) ctrl[i] = q[i]!;
    ctrl[6] = 255 * clip(state.opening + action[4]! * ACTION_SCALE[4], 0, 1);
  }

  /** Joint angles placing the pinch point at `pos`, pointing down with yaw `yaw`, starting the IK from `q0`. */
  solvePinch(q0: ArrayLike<number>, pos: ArrayLike<number>, yaw: number): Float64Array {
    const c = Math.cos(yaw), s = Math.sin(yaw);
    // Pinch rotation Rz(yaw)·Rx(π) = [[c, s, 0], [s, −c, 0], [0, 0, −1]], times Rz(90°) for the attachment site.
    const R = this.attachMat;
    R[0] = s; R[1] = -c; R[2] = 0;
    R[3] = -c; R[4] = -s; R[5] = 0;
    R[6] = 0; R[7] = 0; R[8] = -1;
    // The attachment site sits PINCH_OFFSET back along the pinch z axis, which points down.
    this.attachPos[0] = pos[0]!;
    this.attachPos[1] = pos[1]!;
    this.attachPos[2] = pos[2]! + PINCH_OFFSET;
    return this.ik.solve(q0, this.attachPos, R);
  }
}
