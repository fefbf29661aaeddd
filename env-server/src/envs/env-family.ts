import type { Env, EnvSpec } from './env.js';

/**
 * A family of environments (antmaze, cube, ...) as the registry sees it: the ids it hosts and a factory.
 * `mujoco` is the loaded MuJoCo WebAssembly module of the calling thread.
 */
export interface EnvFamily<M = unknown> {
  readonly family: string;
  specs(): EnvSpec[];
  create(mujoco: M, id: string): Env;
}
