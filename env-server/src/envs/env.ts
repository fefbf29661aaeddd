// The contract between environment implementations (antmaze, humanoidmaze, antsoccer, cube, puzzle)
// and the server that hosts them (worker pool, sessions, gRPC).
import type { CompiledModel } from '../physics/compiled-model.js';

/** Shape, dtype and (optional) bounds of one observation or action tensor. */
export interface ArraySpec {
  shape: number[];
  dtype: 'float32' | 'float64';
  /** Per-element lower bound; omitted when unbounded. */
  low?: number[];
  /** Per-element upper bound; omitted when unbounded. */
  high?: number[];
}

/** Static description of one environment id, as listed by discovery. */
export interface EnvSpec {
  /** Canonical id, e.g. `antmaze-large-singletask-task1-v0`. */
  id: string;
  /** Task family, e.g. `antmaze`. */
  family: string;
  /** Task id used when a reset names task 0 (1..5). */
  defaultTask: number;
  /** Number of evaluation tasks (task ids 1..numTasks). */
  numTasks: number;
  /** Steps after which an episode is truncated. */
  maxEpisodeSteps: number;
  observation: ArraySpec;
  action: ArraySpec;
  /** Dataset names (OGBench, without `.npz`) whose transitions come from this environment. */
  datasets: string[];
}

/** What one environment step returns. */
export interface StepResult {
  observation: Float64Array;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  success: boolean;
}

/** Where the current task wants something to be (for renderers; no part of the env's logic). */
export interface GoalMarker {
  /** What must reach it, e.g. `agent`, `ball`, `cube 0`. */
  label: string;
  /** Goal position [x, y, z]. */
  position: [number, number, number];
  /** Success tolerance (m). */
  radius: number;
  /** Only the x-y distance counts. */
  planar: boolean;
}

/** One simulated environment, owned by a single thread. Not thread-safe. */
export interface Env {
  readonly spec: EnvSpec;
  /** Starts an episode of task `taskId` (1..numTasks) from `seed`; returns the first observation. */
  reset(seed: bigint, taskId: number): Float64Array;
  /** Applies one action (clipped to the action bounds) and advances one control step. */
  step(action: ArrayLike<number>): StepResult;
  /** The compiled model the env simulates, for read-only use by renderers (scene description, body poses). */
  readonly physics?: CompiledModel;
  /** Goal markers of the current episode's task (valid after reset). */
  goalMarkers?(): GoalMarker[];
  /** Frees every MuJoCo object the env owns. The env is unusable afterwards. */
  dispose(): void;
}
