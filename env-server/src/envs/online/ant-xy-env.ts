// online-ant-xy-v0: the ant on an open floor, rewarded for moving along a commanded x-y direction
// (docs/environments.md#direction-following-envs). The low-level ant expert is trained here.
import type { Mujoco } from '../../physics/mujoco-loader.js';
import { antFloorScene } from '../ant/ant-floor-scene.js';
import { AntRobot } from '../ant/ant-robot.js';
import type { EnvSpec } from '../env.js';
import { DirectionEnv } from './direction-env.js';
import type { OnlineOutcome } from './online-env.js';

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
export class AntXyEnv extends DirectionEnv<AntRobot> {
  constructor(mujoco: Mujoco, spec: EnvSpec) {
    super(spec, ANT_XY_DIRECTION_PERIOD, (rng) => new AntRobot(mujoco, antFloorScene(), rng));
  }

  /** The simulated ant (read-only use: tests, benchmarks). */
  get ant(): AntRobot {
    return this.robot;
  }

  protected score(progress: number): OnlineOutcome {
    return { reward: progress, terminated: !antIsHealthy(this.robot.sim) };
  }

  /** qpos[2:] ‖ qvel. */
  protected observeBody(out: Float64Array): void {
    const { qpos, qvel } = this.robot.sim;
    out.set(qpos.subarray(2), 0);
    out.set(qvel, qpos.length - 2);
  }
}
