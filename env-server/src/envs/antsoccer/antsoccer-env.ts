// One antsoccer environment (single-task variant): the ant dribbles a ball to a goal cell (docs/environments.md#antsoccer-model).
import { cellToXy, MAZE_GOAL_TOLERANCE, type SoccerMaze, type SoccerTask, soccerTasks, type Xy } from '@qflow/datasets';
import type { Mujoco } from '../../physics/mujoco-loader.js';
import { ANT_NU, AntRobot } from '../ant/ant-robot.js';
import type { EnvSpec } from '../env.js';
import { mazeMap } from '../maze/maze-maps.js';
import { noisyCellXy } from '../maze/maze-reset.js';
import { MazeTaskEnv } from '../maze/maze-task-env.js';
import { goalScore, SingleTaskEpisode } from '../single-task-episode.js';
import { readClippedAction } from '../unit-action.js';
import { antSoccerScene } from './antsoccer-scene.js';

/** Addresses of the ball's free joint: x, y, z, quaternion in qpos; 6 velocities in qvel. */
export const BALL_QPOS = 15;
export const BALL_QVEL = 14;

/**
 * Antsoccer with OGBench's single-task semantics (success timing 'pre'): success, reward and termination of a
 * step are evaluated on the state BEFORE the action. reward = 0 and terminated = true when the ball's x-y is
 * within 0.5 m of the goal, else reward = −1; truncated once `spec.maxEpisodeSteps` steps have been taken.
 * Observation (42) = qpos (ant 15, ball 7) ‖ qvel (ant 14, ball 6).
 */
export class AntSoccerEnv extends MazeTaskEnv {
  protected readonly robot: AntRobot;
  protected readonly episode: SingleTaskEpisode;
  /** Random actions taken before the goal state is recorded (docs/environments.md#antsoccer-model). */
  protected readonly goalRandomSteps = 10;
  private readonly tasks: readonly SoccerTask[];
  private readonly action = new Float64Array(ANT_NU);
  protected override readonly goalLabel = 'ball';

  constructor(mujoco: Mujoco, readonly spec: EnvSpec, readonly maze: SoccerMaze) {
    super();
    this.tasks = soccerTasks(maze);
    this.robot = new AntRobot(mujoco, antSoccerScene(mazeMap(maze)), this.rng);
    this.episode = new SingleTaskEpisode(spec, this.tasks.length, this.observationSize, {
      readAction: (action) => readClippedAction(spec.id, action, this.action),
      score: () => goalScore(this.isSuccess()),
      advance: () => {
        this.robot.step(this.action);
        return this.robot.observe();
      },
    });
  }

  get observationSize(): number {
    return this.robot.observationSize;
  }

  /** The simulated ant and ball (read-only use: tests, benchmarks). */
  get ant(): AntRobot {
    return this.robot;
  }

  /**
   * docs/environments.md#antsoccer-model: ant reset, 10 random actions, ant and ball moved onto the goal and that state recorded; then a
   * fresh reset with the ant and the ball on their own noisy cells.
   */
  reset(seed: bigint, taskId: number): Float64Array {
    const task = this.episode.resolveTask(taskId);
    const { agent, ball, goal } = this.tasks[task - 1]!;
    this.rng.reseed(seed);
    const agentXy = noisyCellXy(agent, this.rng);
    const ballXy = noisyCellXy(ball, this.rng);
    const goalXy = cellToXy(goal); // single-task variants add no goal noise
    this.resetPlacing(agentXy, ballXy, goalXy);
    this.episode.begin(task);
    return this.robot.observe();
  }

  /**
   * The reset of data collection: as `reset`, with the ant, the ball and the goal at x-y the caller drew (noise
   * included); the step counter restarts. Returns the first observation.
   */
  resetWithBall(seed: bigint, agentXy: Xy, ballXy: Xy, goalXy: Xy): Float64Array {
    this.rng.reseed(seed);
    this.resetPlacing(agentXy, ballXy, goalXy);
    this.episode.beginCollection();
    return this.robot.observe();
  }

  /** The ball's x-y now. */
  get ballXy(): Xy {
    const qpos = this.robot.sim.qpos;
    return [qpos[BALL_QPOS]!, qpos[BALL_QPOS + 1]!];
  }

  private resetPlacing(agentXy: Xy, ballXy: Xy, goalXy: Xy): void {
    this.robot.resetModel();
    for (let k = 0; k < this.goalRandomSteps; k++) this.robot.randomStep();
    this.place(goalXy, goalXy);
    this.robot.observe(this.episode.goalOb);
    this.robot.resetModel();
    this.place(agentXy, ballXy);
    this.goal = goalXy;
  }

  /** Moves the ant's root and the ball to their x-y, keeping heights, orientations and velocities. */
  private place(agentXy: Xy, [bx, by]: Xy): void {
    const qpos = this.robot.sim.qpos;
    qpos[BALL_QPOS] = bx;
    qpos[BALL_QPOS + 1] = by;
    this.robot.placeAt(agentXy);
  }

  private isSuccess(): boolean {
    const qpos = this.robot.sim.qpos;
    return Math.hypot(qpos[BALL_QPOS]! - this.goal[0], qpos[BALL_QPOS + 1]! - this.goal[1]) <= MAZE_GOAL_TOLERANCE;
  }
}
