// What the main thread knows about the hosted envs (no physics needed): their specs and id resolution.
import type { EnvSpec } from '../envs/env.js';

export interface EnvCatalog {
  /** Every hosted env id's spec. */
  specs(): EnvSpec[];
  /** Canonical id of an id or alias; throws an Error listing the valid ids when unknown. */
  resolve(name: string): string;
}

interface RegistryModule {
  envSpecs(): EnvSpec[];
  resolveEnvId(name: string): string;
}

/** The catalog of the env registry (`src/envs/registry.ts`). */
export async function loadRegistryCatalog(): Promise<EnvCatalog> {
  // Imported by URL so that the server builds independently of the registry's progress.
  const registry = (await import(new URL('../envs/registry.js', import.meta.url).href)) as RegistryModule;
  return { specs: () => registry.envSpecs(), resolve: (name) => registry.resolveEnvId(name) };
}
