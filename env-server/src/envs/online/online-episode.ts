// Episode bookkeeping of the online training envs (docs/environments.md#direction-following-envs): they have a
// single task, count steps, and truncate at `spec.maxEpisodeSteps`. Reward and termination come from the env.
import type { EnvSpec } from '../env.js';

export class OnlineEpisode {
  private elapsed = 0;
  private started = false;

  constructor(private readonly spec: EnvSpec) {}

  /** Steps taken since the last reset. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  /** Starts an episode; `taskId` must be 0 (default) or 1, the only task. */
  begin(taskId: number): void {
    if (taskId !== 0 && taskId !== 1) {
      throw new RangeError(`task id ${taskId} is not valid for ${this.spec.id}: use 0 (default) or 1`);
    }
    this.elapsed = 0;
    this.started = true;
  }

  /** Throws when no episode has started; call before applying an action. */
  checkStarted(): void {
    if (!this.started) throw new Error(`${this.spec.id}: step() called before reset()`);
  }

  /** Counts one step; returns whether the episode is now truncated. */
  countStep(): boolean {
    this.elapsed++;
    return this.elapsed >= this.spec.maxEpisodeSteps;
  }
}
