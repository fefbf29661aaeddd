// What the online loop needs from a vector of envs: episodes that restart by themselves (each from the next seed
// of its env's own sequence) and, per env and step, whether the episode it was in was lost (its server died or
// forgot the session). A lost episode's transitions must be dropped, never kept or padded.
import type { EnvDims } from '../training/env.js';

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

export interface OnlineEnv {
  readonly spec: EnvDims;
  readonly count: number;
  /** Starts an episode in every env; returns the first observations. */
  start(): Promise<Float32Array>;
  /** Steps every env; ended and lost episodes restart within the call. */
  stepAutoReset(actions: Float32Array): Promise<OnlineStepResult>;
  /** Milliseconds spent waiting on env calls so far. */
  readonly waitMs: number;
  close(): Promise<void>;
}
