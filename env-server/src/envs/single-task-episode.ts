// The episode bookkeeping every single-task env shares (OGBench's single-task semantics): which task runs, how
// many steps were taken, the goal observation recorded at reset, and the step with success timing 'pre'.
import type { EnvSpec, StepResult } from './env.js';

/** Reward and success of one state. */
export interface Score {
  reward: number;
  success: boolean;
}

/** Navigation reward: 0 on success, −1 otherwise. */
export function goalScore(success: boolean): Score {
  return { reward: success ? 0 : -1, success };
}

/** Manipulation reward: minus the number of unsatisfied parts; success when every part is satisfied. */
export function partsScore(satisfied: number, total: number): Score {
  return { reward: satisfied - total, success: satisfied === total };
}

/** What an env supplies for its steps; `SingleTaskEpisode.step` calls them in this order. */
export interface StepHooks {
  /** Checks the action (and keeps it, if the env needs to); throws a RangeError naming a bad value. */
  readAction(action: ArrayLike<number>): void;
  /** Reward and success of the current state, i.e. of the state BEFORE the action. */
  score(): Score;
  /** Applies the action to the physics and returns the next observation. */
  advance(action: ArrayLike<number>): Float64Array;
}

/** The single-task episode of one env; the env owns one and delegates to it. */
export class SingleTaskEpisode {
  /** Reset writes the observation at the goal here (OGBench's `info['goal']`). */
  readonly goalOb: Float64Array<ArrayBuffer>;
  private task = 0;
  private elapsed = 0;
  private started = false;

  constructor(
    private readonly spec: EnvSpec,
    private readonly numTasks: number,
    observationSize: number,
    private readonly hooks: StepHooks,
  ) {
    this.goalOb = new Float64Array(observationSize);
  }

  /** Task (1..numTasks) of the current episode; 0 before the first reset. */
  get taskId(): number {
    return this.task;
  }

  /** Steps taken since the last reset. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  /** A copy of the goal observation recorded during the last reset. */
  get goalObservation(): Float64Array {
    return this.goalOb.slice();
  }

  /** The task a reset to `taskId` runs: 0 means `spec.defaultTask`; anything outside 1..numTasks throws. */
  resolveTask(taskId: number): number {
    const task = taskId === 0 ? this.spec.defaultTask : taskId;
    if (!Number.isInteger(task) || task < 1 || task > this.numTasks) {
      throw new RangeError(`task id ${taskId} is not valid for ${this.spec.id}: use 0 (default) or 1..${this.numTasks}`);
    }
    return task;
  }

  /** Starts an episode of `task`; call when reset has set up the state. */
  begin(task: number): void {
    this.task = task;
    this.elapsed = 0;
    this.started = true;
  }

  /** Starts a data-collection episode: the step count restarts, the task stays what it was. */
  beginCollection(): void {
    this.elapsed = 0;
    this.started = true;
  }

  /** Counts a step taken outside `step` (data collection). */
  countStep(): void {
    this.elapsed++;
  }

  /**
   * One step with success timing 'pre': reward, success and termination come from the state before the action;
   * truncated once `spec.maxEpisodeSteps` steps have been taken.
   */
  step(action: ArrayLike<number>): StepResult {
    if (!this.started) throw new Error(`${this.spec.id}: step() called before reset()`);
    this.hooks.readAction(action);
    const { reward, success } = this.hooks.score();
    const observation = this.hooks.advance(action);
    this.elapsed++;
    return {
      observation,
      reward,
      terminated: success,
      truncated: this.elapsed >= this.spec.maxEpisodeSteps,
      success,
    };
  }
}
