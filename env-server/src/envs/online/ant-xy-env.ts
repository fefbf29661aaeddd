// online-ant-xy-v0: the ant on an open floor, rewarded for moving along a commanded x-y direction
// (docs/environments.md#direction-following-envs). The low-level ant expert is trained here.
import type { Mujoco } from '../../physics/mujoco-loader.js';
import { antFloorScene } from '../ant/ant-floor-scene.js';
import { AntRobot } from '../ant/ant-robot.js';
import type { EnvSpec } from '../env.js';
import { DirectionCommand } from './direction-command.js';
import { OnlineEnv, type OnlineOutcome } from './online-env.js';

/** Steps between direction draws. */
export const ANT_XY_DIRECTION_PERIOD = 100;
/** The episode ends (terminated) once the torso height leaves this range. */
export const ANT_HEALTHY_Z: readonly [number, number] = [0.2, 1.0];
/** qpos (15) without root x-y, qvel (14), direction (2). */
export const ANT_XY_OBSERVATION_SIZE = 13 + 14 + 2;

/** True while the torso height is inside ANT_HEALTHY_Z and the state is finite. */
export function antIsHealthy({ qpos, qvel }: { qpos: Float64Array; qvel: Float64Array }): boolean {
  const z = qpos[2]!;
  return z >= ANT_HEALTHY_Z[0] && z <= ANT_HEALTHY_Z[1] && qpos.every(Number.isFinite) && qvel.every(Number.isFinite);
}

/**
 * Reset: the ant's noisy reset at the origin, then a direction draw. Step: the action is applied; reward = the
 * torso's x-y displacement over the step projected on the direction in force when the action was taken;
 * terminated when the torso z (after the step) is outside [0.2, 1.0] or the state is not finite; after every
 * 100th step a new direction is drawn and the returned observation carries it. Never succeeds.
 */
export class AntXyEnv extends OnlineEnv<AntRobot> {
  private readonly command = new DirectionCommand(ANT_XY_DIRECTION_PERIOD);
  private x0 = 0;
  private y0 = 0;

  constructor(mujoco: Mujoco, spec: EnvSpec) {
    super(spec, (rng) => new AntRobot(mujoco, antFloorScene(), rng));
  }

  /** The commanded unit direction. */
  get direction(): [number, number] {
    return this.command.direction;
  }

  /** The simulated ant (read-only use: tests, benchmarks). */
  get ant(): AntRobot {
    return this.robot;
  }

  protected afterReset(): void {
    this.command.resample(this.rng);
  }

  protected beforeStep(): void {
    const { qpos } = this.robot.sim;
    this.x0 = qpos[0]!;
    this.y0 = qpos[1]!;
  }

  protected outcome(): OnlineOutcome {
    const { qpos } = this.robot.sim;
    const reward = this.command.project(qpos[0]! - this.x0, qpos[1]! - this.y0);
    return { reward, terminated: !antIsHealthy(this.robot.sim) };
  }

  protected override afterStep(): void {
    this.command.afterStep(this.episode.elapsedSteps, this.rng);
  }

  /** qpos[2:] ‖ qvel ‖ direction. */
  protected observe(): Float64Array {
    const { qpos, qvel } = this.robot.sim;
    const out = new Float64Array(ANT_XY_OBSERVATION_SIZE);
    out.set(qpos.subarray(2), 0);
    out.set(qvel, qpos.length - 2);
    out.set(this.command.direction, qpos.length - 2 + qvel.length);
    return out;
  }
}
