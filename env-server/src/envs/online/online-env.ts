// What the online training envs share (docs/environments.md#direction-following-envs) beyond ../robot-env.ts: the
// single-task episode and the robot's reset and step. Each env supplies what it draws at reset, its reward and
// termination, and its observation.
import type { Env, EnvSpec, StepResult } from '../env.js';
import type { EnvRng } from '../env-rng.js';
import { RobotEnv, type SimulatedRobot } from '../robot-env.js';
import { readClippedAction } from '../unit-action.js';
import { OnlineEpisode } from './online-episode.js';

/** The robot an online env drives (the ant, the humanoid). */
export interface OnlineRobot extends SimulatedRobot {
  /** The robot's noisy reset, drawing from the env's generator. */
  resetModel(): void;
  /** One control step with an action already clipped to [−1, 1]. */
  step(action: Float64Array): void;
}

/** Reward and termination of one step. */
export interface OnlineOutcome {
  reward: number;
  terminated: boolean;
}

export abstract class OnlineEnv<R extends OnlineRobot> extends RobotEnv<R> implements Env {
  protected readonly episode: OnlineEpisode;
  protected readonly robot: R;
  private readonly action: Float64Array;

  /** `makeRobot` builds the robot around the env's generator. */
  protected constructor(readonly spec: EnvSpec, makeRobot: (rng: EnvRng) => R) {
    super();
    this.robot = makeRobot(this.rng);
    this.episode = new OnlineEpisode(spec);
    this.action = new Float64Array(spec.action.shape[0]!);
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
}
