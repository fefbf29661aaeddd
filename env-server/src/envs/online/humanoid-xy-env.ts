// online-humanoid-xy-v0: the humanoid on an open floor, rewarded for standing and moving along a commanded x-y
// direction (docs/environments.md#direction-following-envs). A humanoid expert would be trained here.
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { EnvSpec } from '../env.js';
import { humanoidFloorScene } from '../humanoid/humanoid-floor-scene.js';
import { HUMANOID_OBSERVATION_SIZE, HumanoidRobot } from '../humanoid/humanoid-robot.js';
import { DirectionEnv } from './direction-env.js';
import type { OnlineOutcome } from './online-env.js';
import { gaussianTolerance, linearTolerance } from './tolerance.js';

/** Steps between direction draws. */
export const HUMANOID_XY_DIRECTION_PERIOD = 200;
/** The humanoid observation (69) without root x-y, then the direction (2). */
export const HUMANOID_XY_OBSERVATION_SIZE = HUMANOID_OBSERVATION_SIZE - 2 + 2;
/** Indices in the humanoid observation: head height and the torso's z-axis z component. */
const HEAD_Z = 23;
const TORSO_ZZ = 38;
/** Standing: head at least 1.4 m high (Gaussian margin 0.35), torso upright ≥ 0.9 (linear margin 1.9). */
const STAND_HEIGHT = 1.4;
const STAND_MARGIN = STAND_HEIGHT / 4;
const UPRIGHT = 0.9;
const UPRIGHT_MARGIN = 1.9;
/** Weight of the projected displacement (metres per 25 ms step) in the reward. */
const PROGRESS_WEIGHT = 100;

/**
 * Reset: the humanoid's random airborne reset at the origin, then a direction draw. Step: reward =
 * stand · (1 + 100 · projected root x-y displacement), stand = tolerance(head z) · tolerance(torso zz);
 * a new direction after every 200th step. No termination; 1000-step episodes; never a success.
 */
export class HumanoidXyEnv extends DirectionEnv<HumanoidRobot> {
  private readonly body = new Float64Array(HUMANOID_OBSERVATION_SIZE);

  constructor(mujoco: Mujoco, spec: EnvSpec) {
    super(spec, HUMANOID_XY_DIRECTION_PERIOD, (rng) => new HumanoidRobot(mujoco, humanoidFloorScene(), rng));
  }

  /** The simulated humanoid (read-only use: tests, benchmarks). */
  get humanoid(): HumanoidRobot {
    return this.robot;
  }

  protected score(progress: number): OnlineOutcome {
    const ob = this.robot.observe(this.body);
    const stand = gaussianTolerance(ob[HEAD_Z]!, STAND_HEIGHT, STAND_MARGIN) * linearTolerance(ob[TORSO_ZZ]!, UPRIGHT, UPRIGHT_MARGIN);
    return { reward: stand * (1 + PROGRESS_WEIGHT * progress), terminated: false };
  }

  /** The humanoid observation without its first two entries (root x-y). */
  protected observeBody(out: Float64Array): void {
    out.set(this.robot.observe(this.body).subarray(2), 0);
  }
}
