// One antmaze environment (single-task variant): the ant in a maze, its reset, step, reward and success.
import {
  cellToXy, MAZE_GOAL_TOLERANCE, type NavigationMaze, type NavigationTask, navigationTasks, type Xy,
} from '@qflow/datasets';
import { CompiledModel } from '../../physics/compiled-model.js';
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { Env, EnvSpec, StepResult } from '../env.js';
import { mazeMap } from '../maze/maze-maps.js';
import { noisyCellXy, resetInMaze, type MazeRobot } from '../maze/maze-reset.js';
import { Teleporters } from '../maze/teleporters.js';
import { Rng } from '../random.js';
import { goalScore, SingleTaskEpisode } from '../single-task-episode.js';
import { readClippedAction } from '../unit-action.js';
import { ANT_FRAME_SKIP } from './ant-model.js';
import { antMazeScene } from './antmaze-scene.js';

/** Random actions taken before the goal state is recorded (spec §1.4). */
const GOAL_RANDOM_STEPS = 5;
/** Scale of reset noise: qpos + U(−0.1, 0.1), qvel 0.1·N(0, 1). */
const RESET_NOISE = 0.1;

/**
 * Antmaze with OGBench's single-task semantics (v1.2.0+, success timing 'pre'): success, reward and
 * termination of a step are evaluated on the state BEFORE the action is applied, i.e. r(s), not r(s').
 * reward = 0 and terminated = true when the ant's x-y is within 0.5 m of the goal, else reward = −1;
 * truncated once `spec.maxEpisodeSteps` steps have been taken. In the teleport maze, the teleport check runs
 * after the physics step and the success check; the returned observation is the pre-teleport one.
 */
export class AntMazeEnv implements Env, MazeRobot {
  private readonly physics: CompiledModel;
  private readonly tasks: readonly NavigationTask[];
  private readonly teleporters: Teleporters | undefined;
  private readonly rng = new Rng(0n);
  private readonly action = new Float64Array(8);
  private readonly episode: SingleTaskEpisode;
  private goal: Xy = [0, 0];

  constructor(
    mujoco: Mujoco,
    readonly spec: EnvSpec,
    readonly maze: NavigationMaze,
  ) {
    this.tasks = navigationTasks(maze);
    this.teleporters = maze === 'teleport' ? new Teleporters() : undefined;
    this.physics = new CompiledModel(mujoco, antMazeScene({ map: mazeMap(maze), teleporters: this.teleporters }).toXml());
    this.episode = new SingleTaskEpisode(spec, this.tasks.length, this.observationSize, {
      readAction: (action) => readClippedAction(spec.id, action, this.action),
      score: () => goalScore(this.isSuccess()),
      advance: () => {
        this.applyControl();
        const observation = this.observe();
        this.teleportIfTriggered();
        return observation;
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

  /** The full observation recorded at the goal during reset (OGBench's `info['goal']`). */
  get goalObservation(): Float64Array {
    return this.episode.goalObservation;
  }

  /** Steps taken since the last reset. */
  get elapsedSteps(): number {
    return this.episode.elapsedSteps;
  }

  reset(seed: bigint, taskId: number): Float64Array {
    const task = this.episode.resolveTask(taskId);
    const { start, goal } = this.tasks[task - 1]!;
    this.rng.reseed(seed);
    const startXy = noisyCellXy(start, this.rng);
    const goalXy = cellToXy(goal); // single-task variants add no goal noise
    resetInMaze(this, GOAL_RANDOM_STEPS, startXy, goalXy, () => this.observeInto(this.episode.goalOb));
    this.moveTargetMarker(goalXy);
    this.goal = goalXy;
    this.episode.begin(task);
    return this.observe();
  }

  step(action: ArrayLike<number>): StepResult {
    return this.episode.step(action);
  }

  /**
   * Overwrites the physics state (then runs a forward pass), e.g. to put the ant on its goal in tests.
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

  // --- MazeRobot (used by the reset procedure) ---

  resetModel(): void {
    const physics = this.physics;
    physics.resetData();
    const qpos = physics.qpos;
    const qvel = physics.qvel;
    for (let k = 0; k < qpos.length; k++) qpos[k] = qpos[k]! + this.rng.uniform(-RESET_NOISE, RESET_NOISE);
    for (let k = 0; k < qvel.length; k++) qvel[k] = RESET_NOISE * this.rng.normal();
    physics.forward();
  }

  randomStep(): void {
    for (let k = 0; k < this.action.length; k++) this.action[k] = this.rng.uniform(-1, 1);
    this.applyControl();
  }

  placeAt([x, y]: Xy): void {
    const qpos = this.physics.qpos;
    qpos[0] = x;
    qpos[1] = y;
    this.physics.forward();
  }

  // --- internals ---

  /** Gymnasium's do_simulation: write ctrl, frame-skip mj_step calls, then mj_rnePostConstraint. */
  private applyControl(): void {
    this.physics.ctrl.set(this.action);
    this.physics.step(ANT_FRAME_SKIP);
    this.physics.mujoco.mj_rnePostConstraint(this.physics.model, this.physics.data);
  }

  /** Moves the (visual only) goal marker site; it takes no part in the physics. */
  private moveTargetMarker([x, y]: Xy): void {
    const site = this.physics.id(this.physics.mujoco.mjtObj.mjOBJ_SITE.value, 'target');
    const sitePos: Float64Array = this.physics.model.site_pos;
    sitePos[3 * site] = x;
    sitePos[3 * site + 1] = y;
  }

  private isSuccess(): boolean {
    const qpos = this.physics.qpos;
    return Math.hypot(qpos[0]! - this.goal[0], qpos[1]! - this.goal[1]) <= MAZE_GOAL_TOLERANCE;
  }

  private teleportIfTriggered(): void {
    if (!this.teleporters) return;
    const qpos = this.physics.qpos;
    const destination = this.teleporters.destination(qpos[0]!, qpos[1]!, this.rng);
    if (destination) this.placeAt(destination);
  }

  private observe(): Float64Array {
    const out = new Float64Array(this.observationSize);
    this.observeInto(out);
    return out;
  }

  /** qpos ‖ qvel (29 values for the ant). */
  private observeInto(out: Float64Array): void {
    out.set(this.physics.qpos, 0);
    out.set(this.physics.qvel, this.physics.nq);
  }
}
