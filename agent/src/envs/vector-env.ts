// The environment interfaces of the agent side: a vector of `count` envs stepped together, with explicit resets
// (Env, for evaluation) or restarting by themselves (OnlineEnv, for online training). Remote gRPC sessions (the
// online pipeline) and scripted fakes (tests) implement them.

/** What the agent needs to know of an env: observation and action sizes, episode limit, tasks. */
export interface EnvDims {
  obsDim: number;
  actDim: number;
  /** Episode step limit (the env reports `truncated` when it is reached). */
  maxEpisodeSteps: number;
  /** Task ids this env accepts in `reset`. */
  taskIds: number[];
}

export interface EnvStepResult {
  observations: Float32Array;  // [count, obsDim]; for a finished env, its final observation (no auto-reset here)
  rewards: Float32Array;       // [count]
  terminated: Uint8Array;      // [count] 1 where the episode ended by the task (e.g. goal reached)
  truncated: Uint8Array;       // [count] 1 where the episode hit its step limit
  success: Uint8Array;         // [count] the env's success flag after this step
  /** Only when the step asked for poses: [count, nbody, 7] world pose (x, y, z, qw, qx, qy, qz) of every body after
   * the step, in the scene's body order; rows of envs not asked are zeros. */
  bodyPoses?: Float32Array;
}

export interface StepOptions {
  /** [count] 1 for the envs whose body poses the step should also return (for renderers); never changes results. */
  renderPoses?: Uint8Array;
}

/** What both interfaces share. */
export interface VectorEnv {
  readonly spec: EnvDims;
  /** How many envs step together. */
  readonly count: number;
  close(): Promise<void>;
}

/** The environment interface the training loop evaluates on. */
export interface Env extends VectorEnv {
  /** Resets every env with its own seed and task id; returns the first observations [count, obsDim]. */
  reset(seeds: number[], taskIds: number[]): Promise<Float32Array>;
  /** Steps every env with actions [count, actDim]. Envs whose episode already ended must be ignored by callers. */
  step(actions: Float32Array, options?: StepOptions): Promise<EnvStepResult>;
}

export interface OnlineStepResult {
  /** [count, obsDim] the observation to act on next: for an env whose episode ended or was lost, the first
   * observation of its new episode. */
  observations: Float32Array;
  /** [count, obsDim] the observation reached by this step (s'), for the transition; undefined rows where lost. */
  nextObservations: Float32Array;
  rewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  success: Uint8Array;
  /** 1 where the env's episode was lost in this step: no transition of that episode may be kept. */
  lost: Uint8Array;
}

/**
 * What the online loop needs from a vector of envs: episodes that restart by themselves (each from the next seed
 * of its env's own sequence) and, per env and step, whether the episode it was in was lost (its server died or
 * forgot the session). A lost episode's transitions must be dropped, never kept or padded.
 */
export interface OnlineEnv extends VectorEnv {
  /** Starts an episode in every env; returns the first observations. */
  start(): Promise<Float32Array>;
  /** Steps every env; ended and lost episodes restart within the call. */
  stepAutoReset(actions: Float32Array): Promise<OnlineStepResult>;
  /** Milliseconds spent waiting on env calls so far. */
  readonly waitMs: number;
  /** The env servers the envs currently live on (remote envs only). */
  readonly servers?: readonly string[];
}
