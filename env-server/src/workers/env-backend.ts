// What a worker thread needs to build envs: a factory from env id to Env. The default backend loads one
// MuJoCo instance for the thread and builds envs through the env registry; tests may point a worker at
// another module exporting `createEnvFactory` (e.g. cheap fake envs).
import type { Env } from '../envs/env.js';

/** Builds an env of a canonical env id on the calling thread. */
export type EnvFactory = (envId: string) => Env;

/** The shape of a backend module: `export async function createEnvFactory(): Promise<EnvFactory>`. */
export interface EnvBackendModule {
  createEnvFactory(): Promise<EnvFactory>;
}

/** URL of this module, the default backend of the worker pool. */
export const DEFAULT_BACKEND_URL = import.meta.url;

interface RegistryModule {
  createEnv(mujoco: unknown, id: string): Env;
}

/** Loads MuJoCo for this thread and returns a factory of registry envs. */
export async function createEnvFactory(): Promise<EnvFactory> {
  const { loadMujoco } = await import('../physics/mujoco-loader.js');
  // Imported by URL so that this package builds while the registry is being written.
  const registry = (await import(new URL('../envs/registry.js', import.meta.url).href)) as RegistryModule;
  const mujoco = await loadMujoco();
  return (envId) => registry.createEnv(mujoco, envId);
}
