// One antsoccer environment (single-task variant): the ant dribbles a ball to a goal cell (spec §4).
import { cellToXy, MAZE_GOAL_TOLERANCE, type SoccerMaze, type SoccerTask, soccerTasks, type Xy } from '@qflow/datasets';
import { CompiledModel } from '../../physics/compiled-model.js';
import type { Mujoco } from '../../physics/mujoco-loader.js';
import { ANT_ACTUATOR_JOINTS, ANT_FRAME_SKIP } from '../antmaze/ant-model.js';
import type { Env, EnvSpec, StepResult } from '../env.js';
import { mazeMap } from '../maze/maze-maps.js';
import { noisyCellXy } from '../maze/maze-reset.js';
import { Rng } from '../random.js';
import { goalScore, SingleTaskEpisode } from '../single-task-episode.js';
import { readClippedAction } from '../unit-action.js';
import { antSoccerScene } from './antsoccer-scene.js';

/** Random actions taken before the goal state is recorded (spec §4.1). */
const GOAL_RANDOM_STEPS = 10;
/** Scale of reset noise: qpos + U(−0.1, 0.1), qvel 0.1·N(0, 1), on the ant and the ball alike. */
const RESET_NOISE = 0.1;
const ACTION_SIZE = ANT_ACTUATOR_JOINTS.length;
/** Addresses of the ball's free joint: x, y, z, quaternion in qpos; 6 velocities in qvel. */
export const BALL_QPOS = 15;
export const BALL_QVEL = 14;

/**
 * Antsoccer with OGBench's single-task semantics (success timing 'pre'): success, reward and termination of a
 * step are evaluated on the state BEFORE the action. reward = 0 and terminated = true when the ball's x-y is
 * within 0.5 m of the goal, else reward = −1; truncated once `spec.maxEpisodeSteps` steps have been taken.
 * Observation (42) = qpos (ant 15, ball 7) ‖ qvel (ant 14, ball 6).
 */
export class AntSoccerEnv implements Env {
  private readonly physics: CompiledModel;
  private readonly tasks: readonly SoccerTask[];
  private readonly rng = new Rng(0n);
  private readonly action = new Float64Array(ACTION_SIZE);
  private readonly episode: SingleTaskEpisode;
  private goal: Xy = [0, 0];

  constructor(mujoco: Mujoco, readonly spec: EnvSpec, readonly maze: SoccerMaze) {
    this.tasks = soccerTasks(maze);
    this.physics = new CompiledModel(mujoco, antSoccerScene(mazeMap(maze)));
    this.episode = new SingleTaskEpisode(spec, this.tasks.length, this.observationSize, {
      readAction: (action) => readClippedAction(spec.id, action, this.action),
      score: () => goalScore(this.isSuccess()),
      advance: () => {
        this.applyControl();
        return this.observe();
      },
    });
  }

  get observationSize(): number {
    return this.physics.nq + this.physics.nv;
  }

  /** The compiled model (read-only use: tests, benchmarks). */
  get compiled(): CompiledModel {
    return this.physics;
  }

  /** Task (1..5) of the current episode. */
  get taskId(): number {
    return this.episode.taskId;
  }

  /** Goal x-y of the current episode. */
  get goalXy(): Xy {
    return this.goal;
  }

  /** The full observation recorded during reset with ant and ball on the goal (OGBench's `info['goal']`). */
  get goalObservation(): Float64Array {
    return this.episode.goalObservation;
  }

  /** Steps taken since the last reset. */
  get elapsedSteps(): number {
    return this.episode.elapsedSteps;
  }

  /**
   * Spec §4.1: ant reset, 10 random actions, ant and ball moved onto the goal and that state recorded; then a
   * fresh reset with the ant and the ball on their own noisy cells.
   */
  reset(seed: bigint, taskId: number): Float64Array {
    const task = this.episode.resolveTask(taskId);
    const { agent, ball, goal } = this.tasks[task - 1]!;
    this.rng.reseed(seed);
    const agentXy = noisyCellXy(agent, this.rng);
    const ballXy = noisyCellXy(ball, this.rng);
    const goalXy = cellToXy(goal); // single-task variants add no goal noise

    this.resetModel();
    for (let k = 0; k < GOAL_RANDOM_STEPS; k++) this.randomStep();
    this.place(goalXy, goalXy);
    this.observeInto(this.episode.goalOb);
    this.resetModel();
    this.place(agentXy, ballXy);

    this.goal = goalXy;
    this.episode.begin(task);
    return this.observe();
  }

  step(action: ArrayLike<number>): StepResult {
    return this.episode.step(action);
  }

  /**
   * Overwrites the physics state (then runs a forward pass), e.g. to put the ball on its goal in tests.
   * Call after reset(); the episode's step counter is unchanged.
   */
  setState(qpos: ArrayLike<number>, qvel: ArrayLike<number>): void {
    this.physics.qpos.set(qpos);
    this.physics.qvel.set(qvel);
    this.physics.forward();
  }

  dispose(): void {
    this.physics.dispose();
  }

  /** The ant's `reset_model`, whose noise also hits the ball's 7 qpos and 6 qvel entries (spec §4.1). */
  private resetModel(): void {
    const physics = this.physics;
    physics.resetData();
    const qpos = physics.qpos;
    const qvel = physics.qvel;
    for (let k = 0; k < qpos.length; k++) qpos[k] = qpos[k]! + this.rng.uniform(-RESET_NOISE, RESET_NOISE);
    for (let k = 0; k < qvel.length; k++) qvel[k] = RESET_NOISE * this.rng.normal();
    physics.forward();
  }

  private randomStep(): void {
    for (let k = 0; k < ACTION_SIZE; k++) this.action[k] = this.rng.uniform(-1, 1);
    this.applyControl();
  }

  /** Moves the ant's root and the ball to their x-y, keeping heights, orientations and velocities. */
  private place([ax, ay]: Xy, [bx, by]: Xy): void {
    const qpos = this.physics.qpos;
    qpos[0] = ax;
    qpos[1] = ay;
    qpos[BALL_QPOS] = bx;
    qpos[BALL_QPOS + 1] = by;
    this.physics.forward();
  }

  /** Gymnasium's do_simulation: write ctrl, frame-skip mj_step calls, then mj_rnePostConstraint. */
  private applyControl(): void {
    this.physics.ctrl.set(this.action);
    this.physics.step(ANT_FRAME_SKIP);
    this.physics.mujoco.mj_rnePostConstraint(this.physics.model, this.physics.data);
  }

  private isSuccess(): boolean {
    const qpos = this.physics.qpos;
    return Math.hypot(qpos[BALL_QPOS]! - this.goal[0], qpos[BALL_QPOS + 1]! - this.goal[1]) <= MAZE_GOAL_TOLERANCE;
  }

  private observe(): Float64Array {
    const out = new Float64Array(this.observationSize);
    this.observeInto(out);
    return out;
  }

  private observeInto(out: Float64Array): void {
    out.set(this.physics.qpos, 0);
    out.set(this.physics.qvel, this.physics.nq);
  }
}
