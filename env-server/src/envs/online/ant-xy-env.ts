// online-ant-xy-v0: the ant on an open floor, rewarded for moving along a commanded x-y direction
// (docs/environments.md#direction-following-envs). The low-level ant expert is trained here.
import type { Mujoco } from '../../physics/mujoco-loader.js';
import { antFloorScene } from '../ant/ant-floor-scene.js';
import { ANT_NU, AntRobot } from '../ant/ant-robot.js';
import type { Env, EnvSpec, StepResult } from '../env.js';
import { EnvRng } from '../env-rng.js';
import { readClippedAction } from '../unit-action.js';
import { DirectionCommand } from './direction-command.js';
import { OnlineEpisode } from './online-episode.js';

/** Steps between direction draws. */
export const ANT_XY_DIRECTION_PERIOD = 100;
/** The episode ends (terminated) once the torso height leaves this range. */
export const ANT_HEALTHY_Z: readonly [number, number] = [0.2, 1.0];
/** qpos (15) without root x-y, qvel (14), direction (2). */
export const ANT_XY_OBSERVATION_SIZE = 13 + 14 + 2;

/**
 * Reset: the ant's noisy reset at the origin, then a direction draw. Step: the action is applied; reward = the
 * torso's x-y displacement over the step projected on the direction in force when the action was taken;
 * terminated when the torso z (after the step) is outside [0.2, 1.0] or the state is not finite; after every
 * 100th step a new direction is drawn and the returned observation carries it. Never succeeds.
 */
export class AntXyEnv implements Env {
  private readonly rng = new EnvRng(0n);
  private readonly robot: AntRobot;
  private readonly command = new DirectionCommand(ANT_XY_DIRECTION_PERIOD);
  private readonly episode: OnlineEpisode;
  private readonly action = new Float64Array(ANT_NU);

  constructor(mujoco: Mujoco, readonly spec: EnvSpec) {
    this.robot = new AntRobot(mujoco, antFloorScene(), this.rng);
    this.episode = new OnlineEpisode(spec);
  }

  /** The commanded unit direction. */
  get direction(): [number, number] {
    return this.command.direction;
  }

  /** The simulated ant (read-only use: tests, benchmarks). */
  get ant(): AntRobot {
    return this.robot;
  }

  reset(seed: bigint, taskId: number): Float64Array {
    this.episode.begin(taskId);
    this.rng.reseed(seed);
    this.robot.resetModel();
    this.command.resample(this.rng);
    return this.observe();
  }

  step(action: ArrayLike<number>): StepResult {
    this.episode.checkStarted();
    readClippedAction(this.spec.id, action, this.action);
    const qpos = this.robot.sim.qpos;
    const [x0, y0] = [qpos[0]!, qpos[1]!];
    this.robot.step(this.action);
    const reward = this.command.project(qpos[0]! - x0, qpos[1]! - y0);
    const terminated = !this.isHealthy();
    const truncated = this.episode.countStep();
    this.command.afterStep(this.episode.elapsedSteps, this.rng);
    return { observation: this.observe(), reward, terminated, truncated, success: false };
  }

  /**
   * Overwrites the physics state (then runs a forward pass), e.g. to lift the torso out of range in tests.
   * Call after reset(); the step counter and direction are unchanged.
   */
  setState(qpos: ArrayLike<number>, qvel: ArrayLike<number>): void {
    const { sim } = this.robot;
    sim.qpos.set(qpos);
    sim.qvel.set(qvel);
    sim.forward();
  }

  dispose(): void {
    this.robot.dispose();
  }

  private isHealthy(): boolean {
    const { qpos, qvel } = this.robot.sim;
    const z = qpos[2]!;
    return z >= ANT_HEALTHY_Z[0] && z <= ANT_HEALTHY_Z[1] && qpos.every(Number.isFinite) && qvel.every(Number.isFinite);
  }

  /** qpos[2:] ‖ qvel ‖ direction. */
  private observe(): Float64Array {
    const { qpos, qvel } = this.robot.sim;
    const out = new Float64Array(ANT_XY_OBSERVATION_SIZE);
    out.set(qpos.subarray(2), 0);
    out.set(qvel, qpos.length - 2);
    out.set(this.command.direction, qpos.length - 2 + qvel.length);
    return out;
  }
}
