// Messages between the server's main thread and its env worker threads. Bulk data travels as typed arrays
// whose buffers are transferred (not copied); no per-element JS objects.
import type { GoalMarker } from '../envs/env.js';
import type { SceneGeometry } from '../physics/scene-geometry.js';

/** Observation storage type, per the env spec's observation dtype. */
export type ObservationArray = Float32Array | Float64Array;

export interface CreateCommand {
  kind: 'create';
  sessionId: string;
  envId: string;
  numEnvs: number;
  /** Root of the per-env seed sequences. */
  seed: bigint;
  autoReset: boolean;
}

export interface ResetCommand {
  kind: 'reset';
  sessionId: string;
  envIndices: Uint32Array;
  /** One per env; ignored when `useSeedSequence`. */
  seeds: BigUint64Array;
  /** Resolved task ids (1..numTasks), one per env. */
  taskIds: Uint32Array;
  useSeedSequence: boolean;
}

export interface StepCommand {
  kind: 'step';
  sessionId: string;
  envIndices: Uint32Array;
  /** Row-major [k, actionDim], validated finite by the main thread. */
  actions: Float64Array;
  /** Also return every env's body poses after the step. */
  renderPoses?: boolean;
  /** Env index (within the session) whose poses a viewer watches: copied into `watchedPoses` if it steps. */
  watchEnv?: number;
}

export interface CloseCommand {
  kind: 'close';
  sessionId: string;
}

/** Measures the heap bytes one env of `envId` takes (admission control); answered with a MeasureResult. */
export interface MeasureCommand {
  kind: 'measure';
  envId: string;
}

export interface MeasureResult {
  envBytes: number;
}

/** Describes the scene of `envId` with the goals of task `taskId` (1..numTasks); answered with a SceneResult. */
export interface SceneCommand {
  kind: 'scene';
  envId: string;
  taskId: number;
}

export interface SceneResult {
  geometry: SceneGeometry;
  goals: GoalMarker[];
}

export type WorkerCommand = CreateCommand | ResetCommand | StepCommand | CloseCommand | MeasureCommand | SceneCommand;

/** A command with the id its reply carries. */
export type WorkerRequest = WorkerCommand & { requestId: number };

export interface SessionResetResult {
  observations: ObservationArray;
  seeds: BigUint64Array;
  taskIds: Uint32Array;
}

/** Bits of SessionStepResult.flags. */
export const TERMINATED = 1;
export const TRUNCATED = 2;
export const SUCCESS = 4;

export interface SessionStepResult {
  /** [k, obsDim]: after the step, or the first observation of the next episode after an auto-reset. */
  observations: ObservationArray;
  rewards: Float64Array;
  /** Per env: TERMINATED | TRUNCATED | SUCCESS bits. */
  flags: Uint8Array;
  /** [m, obsDim]: last observations of the episodes that ended, in request order. */
  finalObservations: ObservationArray;
  /** Seeds of the auto-resets, one per ended episode (empty when auto-reset is off). */
  resetSeeds: BigUint64Array;
  /** [k, nbody, 7] body poses after the step, when the command asked for them. */
  bodyPoses?: Float32Array;
  /** [nbody, 7] poses of the command's `watchEnv` after the step, when that env stepped and has a model. */
  watchedPoses?: Float32Array;
}

/** A failure the worker reports instead of a result; `code` is a gRPC status name. */
export interface WorkerFailure {
  code: 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'RESOURCE_EXHAUSTED' | 'UNIMPLEMENTED' | 'INTERNAL';
  message: string;
  /**
   * Building envs failed inside the physics instance (e.g. out of heap): the instance may be left unusable,
   * so the worker must take no new sessions and be replaced once its sessions are gone.
   */
  instanceSuspect?: boolean;
}

export interface WorkerReply {
  requestId: number;
  result?: SessionResetResult | SessionStepResult | MeasureResult | SceneResult | null;
  failure?: WorkerFailure;
}

/** What the worker posts once its physics is loaded (or failed to load). */
export interface WorkerReady {
  ready: true;
  error?: string;
  /** The backend's heap budget for envs (EnvBackend.heapCapacityBytes). */
  heapCapacityBytes?: number;
}
