// One humanoidmaze environment (single-task variant): the humanoid in a maze, its reset, step, reward and success.
import { MAZE_GOAL_TOLERANCE, type NavigationTask, navigationTasks } from '@qflow/datasets';
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { EnvSpec } from '../env.js';
import { HUMANOID_NU, HUMANOID_OBSERVATION_SIZE, HumanoidRobot } from '../humanoid/humanoid-robot.js';
import { mazeMap } from '../maze/maze-maps.js';
import { MazeTaskEnv } from '../maze/maze-task-env.js';
import { Teleporters } from '../maze/teleporters.js';
import { goalScore, SingleTaskEpisode } from '../single-task-episode.js';
import { readClippedAction } from '../unit-action.js';
import { humanoidMazeScene } from './humanoidmaze-scene.js';

export type HumanoidMazeName = 'medium' | 'large' | 'giant' | 'teleport';

/**
 * Humanoidmaze with OGBench's single-task semantics (success timing 'pre'): success, reward and termination of
 * a step are evaluated on the state BEFORE the action. reward = 0 and terminated = true when the root x-y is
 * within 0.5 m of the goal, else reward = −1; truncated once `spec.maxEpisodeSteps` steps have been taken.
 * The teleport maze teleports as antmaze's does (after the step and its success check).
 */
export class HumanoidMazeEnv extends MazeTaskEnv {
  protected readonly robot: HumanoidRobot;
  protected readonly episode: SingleTaskEpisode;
  protected readonly goalRandomSteps = 40;
  private readonly tasks: readonly NavigationTask[];
  private readonly action = new Float64Array(HUMANOID_NU);

  constructor(mujoco: Mujoco, readonly spec: EnvSpec, readonly maze: HumanoidMazeName) {
    super();
    this.tasks = navigationTasks(maze);
    this.teleporters = maze === 'teleport' ? new Teleporters() : undefined;
    this.robot = new HumanoidRobot(mujoco, humanoidMazeScene(mazeMap(maze), this.teleporters).toXml(), this.rng);
    this.episode = new SingleTaskEpisode(spec, this.tasks.length, HUMANOID_OBSERVATION_SIZE, {
      readAction: (action) => readClippedAction(spec.id, action, this.action),
      score: () => goalScore(this.isSuccess()),
      advance: () => {
        this.robot.step(this.action);
        const observation = this.robot.observe();
        this.teleportIfTriggered();
        return observation;
      },
    });
  }

  /** The simulated humanoid (read-only use: tests, benchmarks). */
  get humanoid(): HumanoidRobot {
    return this.robot;
  }

  reset(seed: bigint, taskId: number): Float64Array {
    return this.resetNavigation(seed, taskId, this.tasks);
  }

  private isSuccess(): boolean {
    return Math.hypot(this.robot.rootX() - this.goal[0], this.robot.rootY() - this.goal[1]) <= MAZE_GOAL_TOLERANCE;
  }
}
