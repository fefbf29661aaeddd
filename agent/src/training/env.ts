// The environment interface the training loop evaluates on: a vector of `count` envs stepped together. Remote
// gRPC sessions (the online pipeline) and scripted fakes (tests) both implement it.

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
}

export interface Env {
  readonly spec: EnvDims;
  /** How many envs step together. */
  readonly count: number;
  /** Resets every env with its own seed and task id; returns the first observations [count, obsDim]. */
  reset(seeds: number[], taskIds: number[]): Promise<Float32Array>;
  /** Steps every env with actions [count, actDim]. Envs whose episode already ended must be ignored by callers. */
  step(actions: Float32Array): Promise<EnvStepResult>;
  close(): Promise<void>;
}
