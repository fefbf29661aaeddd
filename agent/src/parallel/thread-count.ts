// How many threads share each update by default, and why (logged). Data-parallel threads help the JavaScript
// backends (wasm, cpu), which run one core each; tfjs-node and WebGPU already spread their work themselves.
import { availableParallelism } from 'node:os';

export const SELF_THREADED_BACKENDS: readonly string[] = ['tensorflow', 'webgpu'];

export interface ThreadChoice {
  threads: number;
  reason: string;
}

/**
 * The machine's cores for wasm and cpu, 1 for backends that thread themselves. A local env server (the demo's)
 * needs no core of its own: the online loop steps the envs and updates in turn, never both at once.
 */
export function defaultThreads(backend: string, cores = availableParallelism()): ThreadChoice {
  if (SELF_THREADED_BACKENDS.includes(backend)) return { threads: 1, reason: `the ${backend} backend uses the machine's cores itself` };
  return { threads: cores, reason: `${cores} cores (--threads N to choose)` };
}
