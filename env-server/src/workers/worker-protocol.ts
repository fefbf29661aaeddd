// Messages between the server's main thread and its env worker threads. Bulk data travels as typed arrays
// whose buffers are transferred (not copied); no per-element JS objects.

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

export type WorkerCommand = CreateCommand | ResetCommand | StepCommand | CloseCommand | MeasureCommand;

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
}

/** A failure the worker reports instead of a result; `code` is a gRPC status name. */
export interface WorkerFailure {
  code: 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'RESOURCE_EXHAUSTED' | 'INTERNAL';
  message: string;
  /**
   * Building envs failed inside the physics instance (e.g. out of heap): the instance may be left unusable,
   * so the worker must take no new sessions and be replaced once its sessions are gone.
   */
  instanceSuspect?: boolean;
}

export interface WorkerReply {
  requestId: number;
  result?: SessionResetResult | SessionStepResult | MeasureResult | null;
  failure?: WorkerFailure;
}

/** What the worker posts once its physics is loaded (or failed to load). */
export interface WorkerReady {
  ready: true;
  error?: string;
  /** The backend's heap budget for envs (EnvBackend.heapCapacityBytes). */
  heapCapacityBytes?: number;
}
