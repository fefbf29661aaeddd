// What the maze envs (antmaze, humanoidmaze, antsoccer) share around their robot (beyond ../robot-env.ts): the
// single-task episode, the goal x-y, the navigation reset, the per-episode getters and the step.
import { cellToXy, MAZE_GOAL_TOLERANCE, type NavigationTask, type Xy } from '@qflow/datasets';
import type { Env, EnvSpec, GoalMarker, StepResult } from '../env.js';
import { RobotEnv, type SimulatedRobot } from '../robot-env.js';
import type { SingleTaskEpisode } from '../single-task-episode.js';
import { noisyCellXy, resetInMaze, type MazeRobot } from './maze-reset.js';
import type { Teleporters } from './teleporters.js';

/** A robot in a maze: what the reset procedure drives, its physics, and its observation. */
export interface MazeEnvRobot extends MazeRobot, SimulatedRobot {
  /** The observation, written into `out` (allocated when omitted). */
  observe(out?: Float64Array): Float64Array;
}

export abstract class MazeTaskEnv extends RobotEnv<MazeEnvRobot> implements Env {
  abstract readonly spec: EnvSpec;
  protected abstract readonly episode: SingleTaskEpisode;
  protected goal: Xy = [0, 0];
  /** What must reach the goal (the goal marker's label). */
  protected readonly goalLabel: string = 'agent';
  /** The teleport maze's teleporters; undefined in other mazes. */
  protected teleporters: Teleporters | undefined;
  /** Random actions taken before the goal state is recorded (docs/environments.md#maze-reset). */
  protected abstract readonly goalRandomSteps: number;

  abstract reset(seed: bigint, taskId: number): Float64Array;

  /** Task (1..5) of the current episode. */
  get taskId(): number {
    return this.episode.taskId;
  }

  /** Goal x-y of the current episode. */
  get goalXy(): Xy {
    return this.goal;
  }

  /** Moves the goal within the episode (data collection sets new goals on success); it takes no part in the physics. */
  setGoal(xy: Xy): void {
    this.goal = xy;
  }

  /** The robot's root x-y now. */
  get agentXy(): Xy {
    const qpos = this.robot.sim.qpos;
    return [qpos[0]!, qpos[1]!];
  }

  goalMarkers(): GoalMarker[] {
    return [{ label: this.goalLabel, position: [this.goal[0], this.goal[1], 0], radius: MAZE_GOAL_TOLERANCE, planar: true }];
  }

  /** The full observation recorded at the goal during reset (OGBench's `info['goal']`). */
  get goalObservation(): Float64Array {
    return this.episode.goalObservation;
  }

  /** Steps taken since the last reset. */
  get elapsedSteps(): number {
    return this.episode.elapsedSteps;
  }

  /**
   * The navigation reset of task `taskId` from `seed` (antmaze, humanoidmaze): the maze reset procedure with the
   * robot starting near its start cell and the goal at the goal cell's center. Returns the first observation.
   */
  protected resetNavigation(seed: bigint, taskId: number, tasks: readonly NavigationTask[]): Float64Array {
    const task = this.episode.resolveTask(taskId);
    const { start, goal } = tasks[task - 1]!;
    this.rng.reseed(seed);
    const startXy = noisyCellXy(start, this.rng);
    const goalXy = cellToXy(goal); // single-task variants add no goal noise
    resetInMaze(this.robot, this.goalRandomSteps, startXy, goalXy, () => this.robot.observe(this.episode.goalOb));
    this.goal = goalXy;
    this.episode.begin(task);
    return this.robot.observe();
  }

  /**
   * The maze reset of data collection (antmaze, humanoidmaze; antsoccer has `resetWithBall`): the robot starting at
   * `startXy` and the goal at `goalXy` (both already drawn by the caller, noise included); the step counter restarts.
   * Returns the first observation.
   */
  resetForCollection(seed: bigint, startXy: Xy, goalXy: Xy): Float64Array {
    this.rng.reseed(seed);
    resetInMaze(this.robot, this.goalRandomSteps, startXy, goalXy, () => this.robot.observe(this.episode.goalOb));
    this.goal = goalXy;
    this.episode.beginCollection();
    return this.robot.observe();
  }

  /** In the teleport maze: moves the root to a random exit when it is on an entrance (after the step's success check). */
  protected teleportIfTriggered(): void {
    if (!this.teleporters) return;
    const [x, y] = this.agentXy;
    const destination = this.teleporters.destination(x, y, this.rng);
    if (destination) this.robot.placeAt(destination);
  }

  step(action: ArrayLike<number>): StepResult {
    return this.episode.step(action);
  }
}
