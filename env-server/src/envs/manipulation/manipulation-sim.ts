// One simulated manipulation scene: the compiled model, the arm controller, the 25-substep control step, the
// 19-D proprioceptive observation (docs/environments.md#proprioception) and the arm initialisation
// (docs/environments.md#arm-initialisation). Cube and puzzle envs build on it.
import type { Mujoco } from '../../physics/mujoco-loader.js';
import { CompiledModel } from '../../physics/compiled-model.js';
import type { EnvSpec } from '../env.js';
import type { EnvRng } from '../env-rng.js';
import { ArmController, type ArmState } from './arm-controller.js';
import { HOME_QPOS } from './ur5e-chain.js';
import { yawOfMat } from './rotation.js';
import { OBSERVATION_CENTER, SUBSTEPS, type Vec3 } from './workspace.js';

export const PROPRIO_DIM = 19;
const OBJ_BODY = 1;
const OBJ_JOINT = 3;
const OBJ_SITE = 6;

/** Views of MjData arrays beyond qpos/qvel/ctrl; refreshed when the WebAssembly heap grows. */
interface DerivedViews {
  siteXpos: Float64Array;
  siteXmat: Float64Array;
  cfrcExt: Float64Array;
  xpos: Float64Array;
  xquat: Float64Array;
  mocapPos: Float64Array;
}

export class ManipulationSim implements ArmState {
  readonly compiled: CompiledModel;
  readonly controller = new ArmController();
  private views: DerivedViews;
  private readonly pinchSite: number;
  private readonly rightPadBody: number;
  private readonly rightDriverQpos: number;
  private readonly action = new Float64Array(5);
  private readonly pinch = new Float64Array(3);

  constructor(readonly mujoco: Mujoco, xml: string) {
    this.compiled = new CompiledModel(mujoco, xml);
    this.pinchSite = this.compiled.id(OBJ_SITE, 'ur5e/robotiq/pinch');
    this.rightPadBody = this.compiled.id(OBJ_BODY, 'ur5e/robotiq/right_pad');
    this.rightDriverQpos = this.jointQposAddress('ur5e/robotiq/right_driver_joint');
    this.views = this.readViews();
  }

  get qpos(): Float64Array { return this.compiled.qpos; }
  get qvel(): Float64Array { return this.compiled.qvel; }
  get armQpos(): Float64Array { return this.compiled.qpos; }

  /** qpos address of a named joint. */
  jointQposAddress(name: string): number {
    return (this.compiled.model.jnt_qposadr as Int32Array)[this.compiled.id(OBJ_JOINT, name)]!;
  }
  /** qvel (dof) address of a named joint. */
  jointDofAddress(name: string): number {
    return (this.compiled.model.jnt_dofadr as Int32Array)[this.compiled.id(OBJ_JOINT, name)]!;
  }
  bodyId(name: string): number { return this.compiled.id(OBJ_BODY, name); }
  /** Mocap index of a mocap body. */
  mocapId(name: string): number {
    return (this.compiled.model.body_mocapid as Int32Array)[this.bodyId(name)]!;
  }

  get derived(): DerivedViews {
    if (this.views.siteXpos.buffer.byteLength === 0) this.views = this.readViews();
    return this.views;
  }

  /** Pinch point position (live view into a reused buffer). */
  get pinchPos(): Float64Array {
    const x = this.derived.siteXpos, o = 3 * this.pinchSite;
    this.pinch[0] = x[o]!; this.pinch[1] = x[o + 1]!; this.pinch[2] = x[o + 2]!;
    return this.pinch;
  }
  get pinchYaw(): number { return yawOfMat(this.derived.siteXmat, 9 * this.pinchSite); }
  /** Gripper opening: 0 open … 1 closed. */
  get opening(): number {
    const g = this.compiled.qpos[this.rightDriverQpos]! / 0.8;
    return g < 0 ? 0 : g > 1 ? 1 : g;
  }
  /** Contact signal of the right pad: ‖cfrc_ext‖ / 50, clipped to [0, 1]. */
  get gripperContact(): number {
    const f = this.derived.cfrcExt, o = 6 * this.rightPadBody;
    let s = 0;
    for (let i = 0; i < 6; i++) s += f[o + i]! * f[o + i]!;
    return Math.min(Math.sqrt(s) / 50, 1);
  }

  /** One control step: action (clipped to [−1, 1]) → controls, 25 physics steps, contact forces. */
  step(action: ArrayLike<number>): void {
    for (let i = 0; i < 5; i++) {
      const a = action[i]!;
      this.action[i] = a < -1 ? -1 : a > 1 ? 1 : a;
    }
    this.controller.command(this, this.action, this.compiled.ctrl);
    this.compiled.step(SUBSTEPS);
    this.mujoco.mj_rnePostConstraint(this.compiled.model, this.compiled.data);
  }

  /** mj_resetData, arm at home. */
  resetToHome(): void {
    this.compiled.resetData();
    const qpos = this.compiled.qpos;
    for (let i = 0; i < 6; i++) qpos[i] = HOME_QPOS[i]!;
  }

  /** Random pinch pose in [low, high] with yaw U(−π, π), solved by IK from home and written into qpos. */
  initializeArm(rng: EnvRng, low: Vec3, high: Vec3): void {
    const target = [rng.uniform(low[0], high[0]), rng.uniform(low[1], high[1]), rng.uniform(low[2], high[2])];
    const yaw = rng.uniform(-Math.PI, Math.PI);
    const q = this.controller.solvePinch(HOME_QPOS, target, yaw);
    const qpos = this.compiled.qpos;
    for (let i = 0; i < 6; i++) qpos[i] = q[i]!;
  }

  forward(): void {
    this.compiled.forward();
  }

  /** Writes the 19-D proprioceptive observation into out[offset..offset+19]. */
  writeProprio(out: Float64Array, offset = 0): void {
    const qpos = this.compiled.qpos, qvel = this.compiled.qvel, p = this.pinchPos, yaw = this.pinchYaw;
    for (let i = 0; i < 6; i++) {
      out[offset + i] = qpos[i]!;
      out[offset + 6 + i] = qvel[i]!;
    }
    for (let i = 0; i < 3; i++) out[offset + 12 + i] = (p[i]! - OBSERVATION_CENTER[i]!) * 10;
    out[offset + 15] = Math.cos(yaw);
    out[offset + 16] = Math.sin(yaw);
    out[offset + 17] = this.opening * 3;
    out[offset + 18] = this.gripperContact;
  }

  dispose(): void {
    this.compiled.dispose();
  }

  private readViews(): DerivedViews {
    const d = this.compiled.data;
    return {
      siteXpos: d.site_xpos, siteXmat: d.site_xmat, cfrcExt: d.cfrc_ext, xpos: d.xpos, xquat: d.xquat,
      mocapPos: d.mocap_pos,
    };
  }
}

/** Rejects actions of the wrong length or with non-finite entries (the env clips finite values itself). */
export function checkManipulationAction(id: string, action: ArrayLike<number>): void {
  if (action.length !== 5) throw new RangeError(`${id}: action has ${action.length} elements, expected 5`);
  for (let k = 0; k < 5; k++) {
    if (!Number.isFinite(action[k]!)) throw new RangeError(`${id}: action[${k}] is ${action[k]}; actions must be finite`);
  }
}

/** The 5-D action box [−1, 1] of every manipulation env. */
export function manipulationActionSpec(): EnvSpec['action'] {
  return { shape: [5], dtype: 'float32', low: Array(5).fill(-1), high: Array(5).fill(1) };
}
