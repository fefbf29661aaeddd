// What the online training envs share (docs/environments.md#direction-following-envs): the seeded generator, the
// single-task episode, the robot's reset and step, and the state override tests use. Each env supplies what it
// draws at reset, its reward and termination, and its observation.
import type { CompiledModel } from '../../physics/compiled-model.js';
import type { Env, EnvSpec, StepResult } from '../env.js';
import { EnvRng } from '../env-rng.js';
import { readClippedAction } from '../unit-action.js';
import { OnlineEpisode } from './online-episode.js';

/** The robot an online env drives (the ant, the humanoid). */
export interface OnlineRobot {
  readonly sim: CompiledModel;
  /** The robot's noisy reset, drawing from the env's generator. */
  resetModel(): void;
  /** One control step with an action already clipped to [−1, 1]. */
  step(action: Float64Array): void;
  dispose(): void;
}

/** Reward and termination of one step. */
export interface OnlineOutcome {
  reward: number;
  terminated: boolean;
}

export abstract class OnlineEnv<R extends OnlineRobot> implements Env {
  /** The env's generator: reseeded by every reset, drawn from by the robot's reset and the env's own draws. */
  protected readonly rng = new EnvRng(0n);
  protected readonly episode: OnlineEpisode;
  protected readonly robot: R;
  private readonly action: Float64Array;

  /** `makeRobot` builds the robot around the env's generator. */
  protected constructor(readonly spec: EnvSpec, makeRobot: (rng: EnvRng) => R) {
    this.robot = makeRobot(this.rng);
    this.episode = new OnlineEpisode(spec);
    this.action = new Float64Array(spec.action.shape[0]!);
  }

  /** The compiled model, for renderers (scene description, body poses). */
  get physics(): CompiledModel {
    return this.robot.sim;
  }

  /** Draws what the episode needs after the robot's reset (positions, direction, goal). */
  protected abstract afterReset(): void;
  /** Records what the outcome is measured against, just before the physics step. */
  protected abstract beforeStep(): void;
  /** Reward and termination of the step just taken. */
  protected abstract outcome(): OnlineOutcome;
  /** Called once the step is counted (e.g. to redraw a direction). */
  protected afterStep(): void {}
  protected abstract observe(): Float64Array;

  reset(seed: bigint, taskId: number): Float64Array {
    this.episode.begin(taskId);
    this.rng.reseed(seed);
    this.robot.resetModel();
    this.afterReset();
    return this.observe();
  }

  step(action: ArrayLike<number>): StepResult {
    this.episode.checkStarted();
    readClippedAction(this.spec.id, action, this.action);
    this.beforeStep();
    this.robot.step(this.action);
    const { reward, terminated } = this.outcome();
    const truncated = this.episode.countStep();
    this.afterStep();
    return { observation: this.observe(), reward, terminated, truncated, success: false };
  }

  /**
   * Overwrites the physics state (then runs a forward pass), e.g. to lift the robot out of range in tests.
   * Call after reset(); the step counter and the episode's draws are unchanged.
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
}
