// One cube environment (single-task variant, docs/environments.md#cube-objects): n cubes to move to their targets with the UR5e arm.
// Also exposes what the scripted oracles need for data collection (random resets, per-cube targets).
import { CUBE_TOLERANCE, type CubeTask, cubeTasks, type CubeVariant } from '@qflow/datasets';
import type { Mujoco } from '../../physics/mujoco-loader.js';
import type { CompiledModel } from '../../physics/compiled-model.js';
import type { Env, EnvSpec, GoalMarker, StepResult } from '../env.js';
import { checkManipulationAction, ManipulationSim, PROPRIO_DIM } from '../manipulation/manipulation-sim.js';
import { yawOfQuat } from '../manipulation/rotation.js';
import {
  ARM_INIT_HIGH, ARM_INIT_LOW, OBJECT_HIGH_XY, OBJECT_LOW_XY, OBSERVATION_CENTER, type Vec3,
} from '../manipulation/workspace.js';
import { EnvRng } from '../env-rng.js';
import { partsScore, SingleTaskEpisode } from '../single-task-episode.js';
import { cubeSceneXml, cubeJointName, cubeTargetName } from './cube-scene.js';
import { CUBE_COUNT } from './cube-variants.js';

/** Random actions stepped before the goal observation is recorded (docs/environments.md#cube-reset). */
const GOAL_RANDOM_STEPS = 2;
const PER_CUBE_DIM = 9;

export function cubeObservationSize(count: number): number {
  return PROPRIO_DIM + PER_CUBE_DIM * count;
}

/**
 * Cube env with OGBench's single-task semantics (success timing 'pre'): reward = (#cubes within 0.04 m of their
 * targets) − n and success/termination are evaluated on the state before the action.
 */
export class CubeEnv implements Env {
  readonly sim: ManipulationSim;
  readonly count: number;
  /** Target position of every cube (3 per cube). */
  readonly targets: Float64Array;
  private readonly tasks: readonly CubeTask[];
  private readonly rng = new EnvRng(0n);
  private readonly qposAddress: number[];
  private readonly mocapIds: number[];
  private readonly randomAction = new Float64Array(5);
  private readonly episode: SingleTaskEpisode;

  constructor(mujoco: Mujoco, readonly spec: EnvSpec, readonly variant: CubeVariant) {
    this.count = CUBE_COUNT[variant];
    this.tasks = cubeTasks(variant);
    this.sim = new ManipulationSim(mujoco, cubeSceneXml(this.count));
    this.qposAddress = Array.from({ length: this.count }, (_, i) => this.sim.jointQposAddress(cubeJointName(i)));
    this.mocapIds = Array.from({ length: this.count }, (_, i) => this.sim.mocapId(cubeTargetName(i)));
    this.targets = new Float64Array(3 * this.count);
    this.episode = new SingleTaskEpisode(spec, this.tasks.length, cubeObservationSize(this.count), {
      readAction: (action) => checkManipulationAction(spec.id, action),
      score: () => partsScore(this.countSatisfied(), this.count),
      advance: (action) => {
        this.sim.step(action);
        return this.observe();
      },
    });
  }

  get observationSize(): number { return cubeObservationSize(this.count); }
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
    goal.forEach((p, i) => this.setTarget(i, p));
    // Goal snapshot: arm somewhere random, cubes exactly on their targets, a couple of random actions.
    sim.initializeArm(this.rng, ARM_INIT_LOW, ARM_INIT_HIGH);
    goal.forEach((p, i) => this.placeCube(i, p[0], p[1], p[2], 0));
    sim.forward();
    for (let k = 0; k < GOAL_RANDOM_STEPS; k++) {
      for (let j = 0; j < 5; j++) this.randomAction[j] = this.rng.uniform(-1, 1);
      sim.step(this.randomAction);
    }
    this.observeInto(this.episode.goalOb);
    sim.qpos.set(savedQpos);
    sim.qvel.set(savedQvel);
    sim.initializeArm(this.rng, ARM_INIT_LOW, ARM_INIT_HIGH);
    init.forEach((p, i) => {
      const x = p[0] + this.rng.uniform(-0.01, 0.01);
      const y = p[1] + this.rng.uniform(-0.01, 0.01);
      this.placeCube(i, x, y, p[2], this.rng.uniform(0, 2 * Math.PI));
    });
    sim.forward();
    this.episode.begin(task);
    return this.observe();
  }

  step(action: ArrayLike<number>): StepResult {
    return this.episode.step(action);
  }

  goalMarkers(): GoalMarker[] {
    return Array.from({ length: this.count }, (_, i) => ({
      label: `cube ${i}`, position: this.targetPos(i), radius: CUBE_TOLERANCE, planar: false,
    }));
  }

  dispose(): void {
    this.sim.dispose();
  }

  // --- state access (oracles, data collection, tests) ---

  /** Data-collection reset (docs/datasets.md#manipulation-data-collection): random arm, cubes at uniform x-y in the object box with random yaw. */
  resetForCollection(rng: EnvRng): void {
    const sim = this.sim;
    sim.resetToHome();
    sim.initializeArm(rng, ARM_INIT_LOW, ARM_INIT_HIGH);
    for (let i = 0; i < this.count; i++) {
      const x = rng.uniform(OBJECT_LOW_XY[0], OBJECT_HIGH_XY[0]);
      const y = rng.uniform(OBJECT_LOW_XY[1], OBJECT_HIGH_XY[1]);
      this.placeCube(i, x, y, 0.02, rng.uniform(0, 2 * Math.PI));
    }
    sim.forward();
    this.episode.beginCollection();
  }

  /** Applies one action without reward bookkeeping (data collection). */
  stepPhysics(action: ArrayLike<number>): void {
    this.sim.step(action);
    this.episode.countStep();
  }

  cubePos(i: number): Vec3 {
    const q = this.sim.qpos, a = this.qposAddress[i]!;
    return [q[a]!, q[a + 1]!, q[a + 2]!];
  }
  /** Cube orientation (w, x, y, z). */
  cubeQuat(i: number): [number, number, number, number] {
    const q = this.sim.qpos, a = this.qposAddress[i]! + 3;
    return [q[a]!, q[a + 1]!, q[a + 2]!, q[a + 3]!];
  }
  cubeYaw(i: number): number {
    const [w, x, y, z] = this.cubeQuat(i);
    return yawOfQuat(w, x, y, z);
  }
  targetPos(i: number): Vec3 {
    return [this.targets[3 * i]!, this.targets[3 * i + 1]!, this.targets[3 * i + 2]!];
  }
  /** Moves cube i's target (and its marker). */
  setTarget(i: number, p: readonly number[]): void {
    this.targets.set(p.slice(0, 3), 3 * i);
    const mocap = this.sim.derived.mocapPos;
    mocap.set(p.slice(0, 3), 3 * this.mocapIds[i]!);
  }
  cubeAtTarget(i: number): boolean {
    const p = this.cubePos(i), t = this.targetPos(i);
    return Math.hypot(p[0] - t[0], p[1] - t[1], p[2] - t[2]) <= CUBE_TOLERANCE;
  }
  countSatisfied(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.cubeAtTarget(i)) n++;
    return n;
  }
  /** Places cube i at (x, y, z) with yaw `yaw`, at rest. Call sim.forward() afterwards. */
  placeCube(i: number, x: number, y: number, z: number, yaw: number): void {
    const q = this.sim.qpos, a = this.qposAddress[i]!;
    q[a] = x; q[a + 1] = y; q[a + 2] = z;
    q[a + 3] = Math.cos(yaw / 2); q[a + 4] = 0; q[a + 5] = 0; q[a + 6] = Math.sin(yaw / 2);
    const dof = this.sim.jointDofAddress(cubeJointName(i));
    this.sim.qvel.fill(0, dof, dof + 6);
  }

  observe(): Float64Array {
    const out = new Float64Array(this.observationSize);
    this.observeInto(out);
    return out;
  }

  private observeInto(out: Float64Array): void {
    this.sim.writeProprio(out, 0);
    const q = this.sim.qpos;
    for (let i = 0; i < this.count; i++) {
      const a = this.qposAddress[i]!, o = PROPRIO_DIM + PER_CUBE_DIM * i;
      for (let k = 0; k < 3; k++) out[o + k] = (q[a + k]! - OBSERVATION_CENTER[k]!) * 10;
      for (let k = 0; k < 4; k++) out[o + 3 + k] = q[a + 3 + k]!;
      const yaw = yawOfQuat(q[a + 3]!, q[a + 4]!, q[a + 5]!, q[a + 6]!);
      out[o + 7] = Math.cos(yaw);
      out[o + 8] = Math.sin(yaw);
    }
  }
}
