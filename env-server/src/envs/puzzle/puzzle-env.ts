// One puzzle environment (single-task variant, docs/environments.md#puzzle-logic): a Lights Out grid of physical buttons pressed with the
// closed gripper. Also exposes what the scripted oracles need for data collection.
import { type PuzzleSize, type PuzzleTask, puzzleTasks } from '@qflow/datasets';
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { CompiledModel } from '../../physics/compiled-model.js';
import type { Env, EnvSpec, StepResult } from '../env.js';
import { checkManipulationAction, ManipulationSim, PROPRIO_DIM } from '../manipulation/manipulation-sim.js';
import { PUZZLE_ARM_INIT_HIGH, PUZZLE_ARM_INIT_LOW } from '../manipulation/workspace.js';
import { EnvRng } from '../env-rng.js';
import { partsScore, SingleTaskEpisode } from '../single-task-episode.js';
import { applyCrossings, type Grid } from './lights-out.js';
import { buttonJointName, buttonXy, puzzleSceneXml } from './puzzle-scene.js';
import { puzzleGrid } from './puzzle-sizes.js';

/** Random actions (gripper forced closed) stepped before the goal observation is recorded (docs/environments.md#puzzle-reset). */
const GOAL_RANDOM_STEPS = 5;
const PER_BUTTON_DIM = 4;

export function puzzleObservationSize(buttons: number): number {
  return PROPRIO_DIM + PER_BUTTON_DIM * buttons;
}

/**
 * Puzzle env with OGBench's single-task semantics (success timing 'pre'): reward = (#buttons equal to the goal)
 * − N and success/termination are evaluated on the state before the action.
 */
export class PuzzleEnv implements Env {
  readonly sim: ManipulationSim;
  readonly grid: Grid;
  readonly buttons: number;
  /** Logical button states (0/1). */
  readonly states: Uint8Array;
  /** Goal button states. */
  readonly goal: Uint8Array;
  private readonly tasks: readonly PuzzleTask[];
  private readonly rng = new EnvRng(0n);
  private readonly qposAddress: number[];
  private readonly dofAddress: number[];
  private readonly before: Float64Array;
  private readonly after: Float64Array;
  private readonly randomAction = new Float64Array(5);
  private readonly episode: SingleTaskEpisode;

  constructor(mujoco: Mujoco, readonly spec: EnvSpec, readonly size: PuzzleSize) {
    this.grid = puzzleGrid(size);
    this.buttons = this.grid.rows * this.grid.cols;
    this.tasks = puzzleTasks(size);
    this.sim = new ManipulationSim(mujoco, puzzleSceneXml(this.grid));
    this.qposAddress = Array.from({ length: this.buttons }, (_, k) => this.sim.jointQposAddress(buttonJointName(k)));
    this.dofAddress = Array.from({ length: this.buttons }, (_, k) => this.sim.jointDofAddress(buttonJointName(k)));
    this.states = new Uint8Array(this.buttons);
    this.goal = new Uint8Array(this.buttons);
    this.before = new Float64Array(this.buttons);
    this.after = new Float64Array(this.buttons);
    this.episode = new SingleTaskEpisode(spec, this.tasks.length, puzzleObservationSize(this.buttons), {
      readAction: (action) => checkManipulationAction(spec.id, action),
      score: () => partsScore(this.countSatisfied(), this.buttons),
      advance: (action) => {
        this.stepPhysics(action);
        return this.observe();
      },
    });
  }

  get observationSize(): number { return puzzleObservationSize(this.buttons); }
  get physics(): CompiledModel { return this.sim.compiled; }
  get taskId(): number { return this.episode.taskId; }
  get elapsedSteps(): number { return this.episode.elapsedSteps; }
  /** The observation recorded at the goal during reset (OGBench's `info['goal']`). */
  get goalObservation(): Float64Array { return this.episode.goalObservation; }

  reset(seed: bigint, taskId: number): Float64Array {
    const task = this.episode.resolveTask(taskId);
    const { init, goal } = this.tasks[task - 1]!;
    this.rng.reseed(seed);
    const sim = this.sim;
    sim.resetToHome();
    const savedQpos = sim.qpos.slice();
    const savedQvel = sim.qvel.slice();
    // Goal snapshot: random arm, buttons showing the goal, a few random pokes with the gripper closed.
    sim.initializeArm(this.rng, PUZZLE_ARM_INIT_LOW, PUZZLE_ARM_INIT_HIGH);
    sim.forward();
    this.states.set(goal);
    for (let k = 0; k < GOAL_RANDOM_STEPS; k++) {
      for (let j = 0; j < 4; j++) this.randomAction[j] = this.rng.uniform(-1, 1);
      this.randomAction[4] = 1;
      this.stepPhysics(this.randomAction);
    }
    this.observeInto(this.episode.goalOb);
    sim.qpos.set(savedQpos);
    sim.qvel.set(savedQvel);
    sim.initializeArm(this.rng, PUZZLE_ARM_INIT_LOW, PUZZLE_ARM_INIT_HIGH);
    sim.forward();
    this.states.set(init);
    this.goal.set(goal);
    this.episode.begin(task);
    return this.observe();
  }

  step(action: ArrayLike<number>): StepResult {
    return this.episode.step(action);
  }

  dispose(): void {
    this.sim.dispose();
  }

  // --- state access (oracles, data collection, tests) ---

  /** Data-collection reset (docs/datasets.md#manipulation-data-collection): random arm, every button state 0/1 uniformly. */
  resetForCollection(rng: EnvRng): void {
    this.sim.resetToHome();
    this.sim.initializeArm(rng, PUZZLE_ARM_INIT_LOW, PUZZLE_ARM_INIT_HIGH);
    this.sim.forward();
    for (let k = 0; k < this.buttons; k++) this.states[k] = rng.integer(2);
    this.goal.set(this.states);
    this.episode.beginCollection();
  }

  /** One control step with the Lights Out toggles of every button crossing −0.02 m on the way down. */
  stepPhysics(action: ArrayLike<number>): number {
    this.readButtons(this.before);
    this.sim.step(action);
    this.readButtons(this.after);
    return applyCrossings(this.states, this.grid, this.before, this.after);
  }

  /** Button joint position (0 at rest, −0.024 fully pressed). */
  buttonPos(k: number): number { return this.sim.qpos[this.qposAddress[k]!]!; }
  buttonXy(k: number): [number, number] { return buttonXy(this.grid, k); }
  countSatisfied(): number {
    let n = 0;
    for (let k = 0; k < this.buttons; k++) if (this.states[k] === this.goal[k]) n++;
    return n;
  }

  observe(): Float64Array {
    const out = new Float64Array(this.observationSize);
    this.observeInto(out);
    return out;
  }

  private readButtons(out: Float64Array): void {
    const q = this.sim.qpos;
    for (let k = 0; k < this.buttons; k++) out[k] = q[this.qposAddress[k]!]!;
  }

  private observeInto(out: Float64Array): void {
    this.sim.writeProprio(out, 0);
    const q = this.sim.qpos, v = this.sim.qvel;
    for (let k = 0; k < this.buttons; k++) {
      const o = PROPRIO_DIM + PER_BUTTON_DIM * k;
      out[o] = this.states[k] === 0 ? 1 : 0;
      out[o + 1] = this.states[k] === 1 ? 1 : 0;
      out[o + 2] = q[this.qposAddress[k]!]! * 120;
      out[o + 3] = v[this.dofAddress[k]!]!;
    }
  }
}
