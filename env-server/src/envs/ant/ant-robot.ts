// The simulated ant: Gymnasium-style stepping, the noisy reset (docs/environments.md#ant-model, docs/environments.md#maze-reset), root x-y placement for the
// maze, and the qpos ‖ qvel observation. Antsoccer's ball shares the ant's physics, so the reset noise and the
// observation cover it too (docs/environments.md#antsoccer-model).
import type { Xy } from '@qflow/datasets';
import { CompiledModel } from '../../physics/compiled-model.js';
import type { Mujoco } from '../../physics/mujoco-loader.js';
import { placeRootAt, type MazeRobot } from '../maze/maze-reset.js';
import type { EnvRng } from '../env-rng.js';
import { ANT_ACTUATOR_JOINTS, ANT_FRAME_SKIP } from './ant-model.js';

export const ANT_NU = ANT_ACTUATOR_JOINTS.length;
/** Scale of reset noise: qpos + U(−0.1, 0.1), qvel 0.1·N(0, 1). */
const RESET_NOISE = 0.1;

export class AntRobot implements MazeRobot {
  readonly sim: CompiledModel;
  private readonly randomAction = new Float64Array(ANT_NU);

  /**
   * Compiles `xml`, an MJCF with the ant of `ant-model.ts` (plus static geoms and, for antsoccer, the ball).
   * `rng` is the env's generator, drawn from by the resets and random steps.
   */
  constructor(mujoco: Mujoco, xml: string, private readonly rng: EnvRng) {
    this.sim = new CompiledModel(mujoco, xml);
  }

  /** qpos ‖ qvel (29 values for the ant alone). */
  get observationSize(): number {
    return this.sim.nq + this.sim.nv;
  }

  /** The ant's `reset_model`: MjData reset, then noise on every qpos and qvel entry. */
  resetModel(): void {
    const physics = this.sim;
    physics.resetData();
    const qpos = physics.qpos;
    const qvel = physics.qvel;
    for (let k = 0; k < qpos.length; k++) qpos[k] = qpos[k]! + this.rng.uniform(-RESET_NOISE, RESET_NOISE);
    for (let k = 0; k < qvel.length; k++) qvel[k] = RESET_NOISE * this.rng.normal();
    physics.forward();
  }

  /** Gymnasium's do_simulation: write ctrl, frame-skip mj_step calls, then mj_rnePostConstraint. */
  step(action: ArrayLike<number>): void {
    this.sim.ctrl.set(action);
    this.sim.step(ANT_FRAME_SKIP);
    this.sim.mujoco.mj_rnePostConstraint(this.sim.model, this.sim.data);
  }

  /** One control step with an action drawn uniformly from [−1, 1]^8. */
  randomStep(): void {
    for (let k = 0; k < ANT_NU; k++) this.randomAction[k] = this.rng.uniform(-1, 1);
    this.step(this.randomAction);
  }

  placeAt(xy: Xy): void {
    placeRootAt(this.sim, xy);
  }

  /** qpos ‖ qvel, written into `out` (allocated when omitted). */
  observe(out = new Float64Array(this.observationSize)): Float64Array {
    out.set(this.sim.qpos, 0);
    out.set(this.sim.qvel, this.sim.nq);
    return out;
  }

  dispose(): void {
    this.sim.dispose();
  }
}
