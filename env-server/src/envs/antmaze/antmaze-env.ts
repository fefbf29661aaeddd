// One antmaze environment (single-task variant): the ant in a maze, its reset, step, reward and success.
import {
  MAZE_GOAL_TOLERANCE, type NavigationMaze, type NavigationTask, navigationTasks, type Xy,
} from '@qflow/datasets';
import type { Mujoco } from '../../physics/mujoco-loader.js';
import { antMazeScene } from '../ant/ant-maze-scene.js';
import { ANT_NU, AntRobot } from '../ant/ant-robot.js';
import type { EnvSpec } from '../env.js';
import { mazeMap } from '../maze/maze-maps.js';
import { MazeTaskEnv } from '../maze/maze-task-env.js';
import { Teleporters } from '../maze/teleporters.js';
import { goalScore, SingleTaskEpisode } from '../single-task-episode.js';
import { readClippedAction } from '../unit-action.js';


/**
 * Antmaze with OGBench's single-task semantics (v1.2.0+, success timing 'pre'): success, reward and
 * termination of a step are evaluated on the state BEFORE the action is applied, i.e. r(s), not r(s').
 * reward = 0 and terminated = true when the ant's x-y is within 0.5 m of the goal, else reward = −1;
 * truncated once `spec.maxEpisodeSteps` steps have been taken. In the teleport maze, the teleport check runs
 * after the physics step and the success check; the returned observation is the pre-teleport one.
 */
export class AntMazeEnv extends MazeTaskEnv {
  protected readonly robot: AntRobot;
  protected readonly episode: SingleTaskEpisode;
  protected readonly goalRandomSteps = 5;
  private readonly tasks: readonly NavigationTask[];
  private readonly action = new Float64Array(ANT_NU);

  constructor(
    mujoco: Mujoco,
    readonly spec: EnvSpec,
    readonly maze: NavigationMaze,
  ) {
    super();
    this.tasks = navigationTasks(maze);
    this.teleporters = maze === 'teleport' ? new Teleporters() : undefined;
    const scene = antMazeScene({ map: mazeMap(maze), teleporters: this.teleporters }).toXml();
    this.robot = new AntRobot(mujoco, scene, this.rng);
    this.episode = new SingleTaskEpisode(spec, this.tasks.length, this.observationSize, {
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

  get observationSize(): number {
    return this.robot.observationSize;
  }

  /** The simulated ant (read-only use: tests, benchmarks). */
  get ant(): AntRobot {
    return this.robot;
  }

  reset(seed: bigint, taskId: number): Float64Array {
    const first = this.resetNavigation(seed, taskId, this.tasks);
    this.moveTargetMarker(this.goal);
    return first;
  }

  /** Moves the (visual only) goal marker site; it takes no part in the physics. */
  private moveTargetMarker([x, y]: Xy): void {
    const { sim } = this.robot;
    const site = sim.id(sim.mujoco.mjtObj.mjOBJ_SITE.value, 'target');
    const sitePos: Float64Array = sim.model.site_pos;
    sitePos[3 * site] = x;
    sitePos[3 * site + 1] = y;
  }

  private isSuccess(): boolean {
    const qpos = this.robot.sim.qpos;
    return Math.hypot(qpos[0]! - this.goal[0], qpos[1]! - this.goal[1]) <= MAZE_GOAL_TOLERANCE;
  }
}
