// What the maze envs (antmaze, humanoidmaze, antsoccer) share around their robot: the single-task episode, the
// goal x-y, the per-episode getters, the step, and the state override tests use.
import type { Xy } from '@qflow/datasets';
import type { CompiledModel } from '../../physics/compiled-model.js';
import type { Env, EnvSpec, StepResult } from '../env.js';
import type { SingleTaskEpisode } from '../single-task-episode.js';

export abstract class MazeTaskEnv implements Env {
  abstract readonly spec: EnvSpec;
  protected abstract readonly robot: { readonly sim: CompiledModel; dispose(): void };
  protected abstract readonly episode: SingleTaskEpisode;
  protected goal: Xy = [0, 0];

  abstract reset(seed: bigint, taskId: number): Float64Array;

  /** Task (1..5) of the current episode. */
  get taskId(): number {
    return this.episode.taskId;
  }

  /** Goal x-y of the current episode. */
  get goalXy(): Xy {
    return this.goal;
  }

  /** The full observation recorded at the goal during reset (OGBench's `info['goal']`). */
  get goalObservation(): Float64Array {
    return this.episode.goalObservation;
  }

  /** Steps taken since the last reset. */
  get elapsedSteps(): number {
    return this.episode.elapsedSteps;
  }

  step(action: ArrayLike<number>): StepResult {
    return this.episode.step(action);
  }

  /**
   * Overwrites the physics state (then runs a forward pass), e.g. to put the robot or the ball on its goal in
   * tests. Call after reset(); the episode's step counter is unchanged.
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
