// The simulated humanoid: DeepMind-Control-style stepping, the random reset until no contacts (docs/environments.md#humanoid-reset-and-tasks),
// root x-y placement for the maze, and the 69-D observation (docs/environments.md#humanoid-observation).
import type { Xy } from '@qflow/datasets';
import { CompiledModel } from '../../physics/compiled-model.js';
import type { Mujoco } from '../../physics/mujoco-loader.js';
import { placeRootAt, type MazeRobot } from '../maze/maze-reset.js';
import type { EnvRng } from '../env-rng.js';
import { HUMANOID_ACTUATORS, HUMANOID_FRAME_SKIP } from './humanoid-model.js';

export const HUMANOID_NQ = 28;
export const HUMANOID_NV = 27;
export const HUMANOID_NU = HUMANOID_ACTUATORS.length;
export const HUMANOID_OBSERVATION_SIZE = 69;

/** Body indices used by the observation (docs/environments.md#humanoid-model body order). */
export const HUMANOID_BODY = {
  torso: 1, head: 2, rightFoot: 7, leftFoot: 10, rightHand: 13, leftHand: 16,
} as const;

/** Extremities in observation order. */
const EXTREMITIES = [HUMANOID_BODY.leftHand, HUMANOID_BODY.leftFoot, HUMANOID_BODY.rightHand, HUMANOID_BODY.rightFoot];

/** Gives up a reset that keeps producing contacts (it takes a handful of tries in practice). */
const MAX_RESET_ATTEMPTS = 10_000;
const DISABLE_ACTUATION = 2048; // mjDSBL_ACTUATION

export class HumanoidRobot implements MazeRobot {
  readonly sim: CompiledModel;
  private readonly randomAction = new Float64Array(HUMANOID_NU);

  /**
   * Compiles `xml`, an MJCF with the humanoid of `humanoid-model.ts` as its only jointed body (plus static geoms).
   * `rng` is the env's generator, drawn from by the resets and random steps.
   */
  constructor(mujoco: Mujoco, xml: string, private readonly rng: EnvRng) {
    this.sim = new CompiledModel(mujoco, xml);
    if (this.sim.nu !== HUMANOID_NU) {
      this.sim.dispose();
      throw new Error(`humanoid model has ${this.sim.nu} actuators, expected ${HUMANOID_NU}`);
    }
  }

  /**
   * DMC-style random initial state: root at qpos0 (0, 0, 1.5) with a random orientation (quaternion from
   * normalised U[0,1)^4), velocities 0.1·N(0,1), every hinge uniform in its range; redrawn until the pose has
   * no contact. Positions and sensors are up to date afterwards.
   */
  resetModel(): void {
    const { sim } = this;
    sim.resetData();
    for (let attempt = 0; attempt < MAX_RESET_ATTEMPTS; attempt++) {
      this.drawPose();
      this.forwardWithoutActuation();
      if (sim.data.ncon === 0) return;
    }
    throw new Error(`humanoid reset found no contact-free pose in ${MAX_RESET_ATTEMPTS} attempts`);
  }

  /**
   * Clips `action` to [−1, 1], writes the controls, advances one control step (5 × 5 ms) and updates positions.
   * Requires the position/velocity stage of the current state: every state change here ends with one.
   */
  step(action: ArrayLike<number>): void {
    const { sim } = this;
    const ctrl = sim.ctrl;
    for (let i = 0; i < HUMANOID_NU; i++) {
      const a = action[i] ?? 0;
      ctrl[i] = a > 1 ? 1 : a < -1 ? -1 : a;
    }
    // DeepMind Control's split stepping: the first substep reuses the position/velocity stage that the previous
    // mj_step1 (or a forward pass after a state write) left, and the final mj_step1 brings body poses and
    // sensors up to date with the new qpos. Same physics as 5 × mj_step, without a sixth collision pass.
    const { mujoco, model, data } = sim;
    mujoco.mj_step2(model, data);
    sim.step(HUMANOID_FRAME_SKIP - 1);
    mujoco.mj_step1(model, data);
  }

  /** One control step with an action drawn uniformly from [−1, 1]^21. */
  randomStep(): void {
    for (let i = 0; i < HUMANOID_NU; i++) this.randomAction[i] = this.rng.uniform(-1, 1);
    this.step(this.randomAction);
  }

  /** Moves the root to (x, y), keeping everything else, and recomputes positions (as a state write does). */
  placeAt(xy: Xy): void {
    placeRootAt(this.sim, xy);
  }

  rootX(): number { return this.sim.qpos[0]!; }
  rootY(): number { return this.sim.qpos[1]!; }

  /** The 69-D observation of docs/environments.md#humanoid-observation, written into `out` (allocated when omitted). */
  observe(out = new Float64Array(HUMANOID_OBSERVATION_SIZE)): Float64Array {
    const { data } = this.sim;
    const qpos = this.sim.qpos;
    const qvel = this.sim.qvel;
    const xpos = data.xpos;
    const xmat = data.xmat;
    const sensordata = data.sensordata;
    out[0] = qpos[0]!;
    out[1] = qpos[1]!;
    for (let i = 7; i < HUMANOID_NQ; i++) out[i - 5] = qpos[i]!;
    out[23] = xpos[3 * HUMANOID_BODY.head + 2]!;
    const t = 3 * HUMANOID_BODY.torso;
    const r = 9 * HUMANOID_BODY.torso;
    let k = 24;
    for (const b of EXTREMITIES) {
      const dx = xpos[3 * b]! - xpos[t]!;
      const dy = xpos[3 * b + 1]! - xpos[t + 1]!;
      const dz = xpos[3 * b + 2]! - xpos[t + 2]!;
      // Row vector times the torso rotation matrix: the offset expressed in the torso frame.
      for (let c = 0; c < 3; c++) out[k++] = dx * xmat[r + c]! + dy * xmat[r + 3 + c]! + dz * xmat[r + 6 + c]!;
    }
    out[36] = xmat[r + 6]!;
    out[37] = xmat[r + 7]!;
    out[38] = xmat[r + 8]!;
    out[39] = sensordata[0]!;
    out[40] = sensordata[1]!;
    out[41] = sensordata[2]!;
    for (let i = 0; i < HUMANOID_NV; i++) out[42 + i] = qvel[i]!;
    return out;
  }

  dispose(): void {
    this.sim.dispose();
  }

  private drawPose(): void {
    const { rng } = this;
    const { model } = this.sim;
    const qpos = this.sim.qpos;
    const qvel = this.sim.qvel;
    const quat = [rng.nextDouble(), rng.nextDouble(), rng.nextDouble(), rng.nextDouble()];
    const norm = Math.hypot(...quat);
    for (let i = 0; i < 4; i++) qpos[3 + i] = quat[i]! / norm;
    for (let i = 0; i < HUMANOID_NV; i++) qvel[i] = 0.1 * rng.normal();
    const range = model.jnt_range;
    // Joint 0 is the free root; joints 1..21 are hinges whose qpos addresses are 7..27 in order.
    for (let j = 1; j < model.njnt; j++) {
      const lo = range[2 * j]!;
      const hi = range[2 * j + 1]!;
      qpos[model.jnt_qposadr[j]!] = rng.uniform(lo, hi);
    }
  }

  private forwardWithoutActuation(): void {
    const opt = this.sim.model.opt;
    const saved = opt.disableflags;
    opt.disableflags = saved | DISABLE_ACTUATION;
    try {
      this.sim.forward();
    } finally {
      opt.disableflags = saved;
    }
  }
}
