import type { Env, EnvSpec } from './env.js';

/**
 * A family of environments (antmaze, cube, ...) as the registry sees it: the ids it hosts and a factory.
 * `mujoco` is the loaded MuJoCo WebAssembly module of the calling thread.
 */
export interface EnvFamily<M = unknown> {
  readonly family: string;
  /**
   * Task that the short alias `<env>-singletask-v0` stands for (OGBench's default task; 1 when omitted).
   * Single-task ids must have the form `<env>-singletask-task<K>-v0` for the registry's aliases to apply.
   */
  readonly defaultTask?: number;
  specs(): EnvSpec[];
  create(mujoco: M, id: string): Env;
}
