// What the main thread knows about the hosted envs (no physics needed): their specs and id resolution.
import type { EnvSpec } from '../envs/env.js';
import { envSpecs, resolveEnvId } from '../envs/registry.js';

export interface EnvCatalog {
  /** Every hosted env id's spec. */
  specs(): EnvSpec[];
  /** Canonical id of an id or alias; throws an Error listing the valid ids when unknown. */
  resolve(name: string): string;
}

/** The catalog of the env registry (`src/envs/registry.ts`). */
export async function loadRegistryCatalog(): Promise<EnvCatalog> {
  return { specs: envSpecs, resolve: resolveEnvId };
}
