// Scripted data collection for the manipulation datasets (docs/datasets.md#manipulation-data-collection): one episode of `length` rows, each the
// observation, qpos, qvel (and puzzle button states) before an action, and the action taken. New subtask targets
// are set whenever the oracle finishes, so an episode is never cut.
// Task-directed collection (not an OGBench recipe; for small demo datasets): an episode starts from an evaluation
// task's own reset and its first subtasks move each cube that is off its goal to that goal; then play goes on.
import type { CubeVariant } from '@qflow/datasets';
import type { Mujoco } from '../physics/mujoco-loader.js';
import { CubeEnv } from '../envs/cube/cube-env.js';
import { createEnv } from '../envs/registry.js';
import { PuzzleEnv } from '../envs/puzzle/puzzle-env.js';
import { EnvRng } from '../envs/env-rng.js';
import {
  buttonTargetReached, cubeTargetReached, drawStackProbability, newButtonTarget, newCubeTarget, type CubeTarget,
} from './collection-targets.js';
import { ActionNoise, ButtonNoisyOracle, CubeNoisyOracle, RANDOM_ACTION_PROBABILITY } from './noisy-oracle.js';
import type { Oracle } from './oracle.js';
import { ButtonPlayOracle, CubePlayOracle } from './play-oracle.js';

export type CollectionKind = 'play' | 'noisy';

/** A manipulation dataset to generate, parsed from `<env>-<play|noisy>-v0`. */
export interface CollectionSpec {
  name: string;
  family: 'cube' | 'puzzle';
  /** 'single' … 'quadruple' or '3x3' … '4x6'. */
  variant: string;
  kind: CollectionKind;
}

const CUBE_NAMES = ['single', 'double', 'triple', 'quadruple'];
const PUZZLE_NAMES = ['3x3', '4x4', '4x5', '4x6'];
/** Rows per episode in OGBench's manipulation datasets. */
export const EPISODE_ROWS = 1001;

/** Every dataset name that can be generated here. */
export function generatableDatasets(): string[] {
  const names: string[] = [];
  for (const kind of ['play', 'noisy']) {
    for (const v of CUBE_NAMES) names.push(`cube-${v}-${kind}-v0`);
    for (const v of PUZZLE_NAMES) names.push(`puzzle-${v}-${kind}-v0`);
  }
  return names;
}

export function parseCollectionName(name: string): CollectionSpec {
  const match = /^(cube|puzzle)-([a-z0-9]+)-(play|noisy)-v0$/.exec(name);
  const valid = match && (match[1] === 'cube' ? CUBE_NAMES : PUZZLE_NAMES).includes(match[2]!);
  if (!match || !valid) {
    throw new Error(`cannot generate dataset '${name}'; valid names: ${generatableDatasets().join(', ')}`);
  }
  return { name, family: match[1] as 'cube' | 'puzzle', variant: match[2]!, kind: match[3] as CollectionKind };
}

/** The rows of one episode, in the dtypes of the OGBench files. */
export interface EpisodeRows {
  observations: Float32Array;
  actions: Float32Array;
  qpos: Float32Array;
  qvel: Float32Array;
  /** Puzzle only. */
  buttonStates?: BigInt64Array;
  /** Subtasks the oracle finished in this episode, and how many of them reached their target. */
  subtasks: number;
  successes: number;
}

/** Each episode has its own random stream, so the result does not depend on how episodes are split over workers. */
export function episodeSeed(seed: bigint, episode: number): bigint {
  return BigInt.asUintN(64, seed * 0x100000001n + BigInt(episode) * 0x9e3779b97f4a7c15n);
}

export class EpisodeCollector {
  readonly observationSize: number;
  readonly nq: number;
  readonly nv: number;
  readonly buttons: number;
  private readonly env: CubeEnv | PuzzleEnv;
  private readonly action = new Float64Array(5);

  /** `task`: 1-based evaluation task for task-directed collection (cube only); undefined for OGBench's recipe. */
  constructor(mujoco: Mujoco, readonly spec: CollectionSpec, readonly task?: number) {
    if (task !== undefined) checkCollectionTask(spec, task);
    const env = createEnv(mujoco, `${spec.family}-${spec.variant}-singletask-v0`);
    if (!(env instanceof CubeEnv || env instanceof PuzzleEnv)) throw new Error(`${spec.name} is not a manipulation env`);
    this.env = env;
    this.observationSize = env.observationSize;
    this.nq = env.sim.compiled.nq;
    this.nv = env.sim.compiled.nv;
    this.buttons = env instanceof PuzzleEnv ? env.buttons : 0;
  }

  /** Runs episode `index` of the dataset generated from `seed`. */
  collect(seed: bigint, index: number, length = EPISODE_ROWS): EpisodeRows {
    const rng = new EnvRng(episodeSeed(seed, index));
    const rows: EpisodeRows = {
      observations: new Float32Array(length * this.observationSize),
      actions: new Float32Array(length * 5),
      qpos: new Float32Array(length * this.nq),
      qvel: new Float32Array(length * this.nv),
      buttonStates: this.buttons ? new BigInt64Array(length * this.buttons) : undefined,
      subtasks: 0,
      successes: 0,
    };
    const episode = this.env instanceof CubeEnv ? this.cubeEpisode(this.env, rng) : this.puzzleEpisode(this.env, rng);
    const noise = this.spec.kind === 'noisy' ? new ActionNoise(RANDOM_ACTION_PROBABILITY[this.spec.family]) : undefined;
    noise?.beginEpisode(rng);
    episode.next();
    for (let t = 0; t < length; t++) {
      this.record(rows, t);
      episode.oracle.act(this.action, rng);
      noise?.apply(this.action, rng);
      for (let i = 0; i < 5; i++) {
        const a = this.action[i]!;
        this.action[i] = a < -1 ? -1 : a > 1 ? 1 : a;
        rows.actions[5 * t + i] = this.action[i]!;
      }
      this.env.stepPhysics(this.action);
      if (episode.oracle.done) {
        rows.subtasks++;
        if (episode.reached()) rows.successes++;
        episode.next();
      }
    }
    return rows;
  }

  dispose(): void {
    this.env.dispose();
  }

  private record(rows: EpisodeRows, t: number): void {
    rows.observations.set(this.env.observe(), t * this.observationSize);
    const sim = this.env.sim;
    rows.qpos.set(sim.qpos.subarray(0, this.nq), t * this.nq);
    rows.qvel.set(sim.qvel.subarray(0, this.nv), t * this.nv);
    if (rows.buttonStates && this.env instanceof PuzzleEnv) {
      for (let k = 0; k < this.buttons; k++) rows.buttonStates[t * this.buttons + k] = BigInt(this.env.states[k]!);
    }
  }

  private cubeEpisode(env: CubeEnv, rng: EnvRng): SubtaskLoop {
    const taskTargets: CubeTarget[] = [];
    if (this.task === undefined) {
      env.resetForCollection(rng);
    } else {
      env.reset(BigInt(rng.nextUint32()), this.task);
      for (let i = 0; i < env.count; i++) {
        if (!env.cubeAtTarget(i)) taskTargets.push({ cube: i, pos: env.targetPos(i), yaw: rng.uniform(0, 2 * Math.PI) });
      }
    }
    const pStack = drawStackProbability(this.spec.variant as CubeVariant, rng);
    const oracle = this.spec.kind === 'play' ? new CubePlayOracle(env) : new CubeNoisyOracle(env);
    const newTarget = (): CubeTarget => taskTargets.shift() ?? newCubeTarget(env, rng, pStack);
    return subtaskLoop(oracle, rng, newTarget, (t) => cubeTargetReached(env, t));
  }

  private puzzleEpisode(env: PuzzleEnv, rng: EnvRng): SubtaskLoop {
    env.resetForCollection(rng);
    const oracle = this.spec.kind === 'play' ? new ButtonPlayOracle(env) : new ButtonNoisyOracle(env);
    return subtaskLoop(oracle, rng, () => newButtonTarget(env, rng), (t) => buttonTargetReached(env, t));
  }
}

/** Task-directed collection needs a cube dataset and one of its five evaluation tasks. */
export function checkCollectionTask(spec: CollectionSpec, task: number): void {
  if (spec.family !== 'cube') throw new Error(`--task is supported for cube datasets only, not ${spec.name}`);
  if (!Number.isInteger(task) || task < 1 || task > 5) throw new Error(`task ${task} does not exist; valid: 1..5`);
}

interface SubtaskLoop {
  readonly oracle: Oracle<unknown>;
  /** Sets a new target and starts the oracle on it. */
  next(): void;
  /** Whether the current target is reached. */
  reached(): boolean;
}

function subtaskLoop<T>(oracle: Oracle<T>, rng: EnvRng, newTarget: () => T, isReached: (target: T) => boolean): SubtaskLoop {
  let target: T | undefined;
  return {
    oracle: oracle as Oracle<unknown>,
    next() {
      target = newTarget();
      oracle.begin(target, rng);
    },
    reached: () => target !== undefined && isReached(target),
  };
}
