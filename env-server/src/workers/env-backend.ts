// What a worker thread needs to build envs: a backend that builds an env from its id in the thread's physics
// instance and knows the instance's heap budget and what one env of an id costs in it (for admission control
// in the main thread). The default backend loads one MuJoCo instance for the thread and builds envs through the
// env registry; tests may point a worker at another module exporting `createEnvBackend` (e.g. cheap fake envs).
import type { Env } from '../envs/env.js';

export interface EnvBackend {
  /** Builds an env of a canonical env id on the calling thread. */
  createEnv(envId: string): Env;
  /** Heap bytes the envs of this backend may hold together (the budget admission control hands out). */
  readonly heapCapacityBytes: number;
  /** Heap bytes one env of `envId` holds, measured without touching the live envs. */
  measureEnvBytes(envId: string): Promise<number>;
}

/** The shape of a backend module: `export async function createEnvBackend(): Promise<EnvBackend>`. */
export interface EnvBackendModule {
  createEnvBackend(): Promise<EnvBackend>;
}

/** URL of the default backend of the worker pool (MuJoCo envs of the registry). */
export const DEFAULT_BACKEND_URL = new URL('./mujoco-backend.js', import.meta.url).href;
