// The default env backend: one MuJoCo instance per worker thread, envs built through the env registry.
//
// Heap accounting. A MuJoCo instance's WebAssembly heap can grow to MUJOCO_HEAP_MAX_BYTES and no further; an env
// holds its MjModel and MjData (arena included) there. The cost of an env id is measured on first use by
// building one env of it in a separate probe instance and reading how far the heap's top moved (see
// env-heap-probe.ts). The budget handed out is HEAP_USABLE_FRACTION of what the live instance has left after
// loading, the rest being headroom for the transient allocations of compiling a model and for fragmentation.
import { createEnv } from '../envs/registry.js';
import { heapTopBytes, loadMujoco, MUJOCO_HEAP_MAX_BYTES } from '../physics/mujoco-loader.js';
import type { EnvBackend } from './env-backend.js';
import { EnvHeapProbe } from './env-heap-probe.js';

const HEAP_USABLE_FRACTION = 0.95;

export async function createEnvBackend(): Promise<EnvBackend> {
  const mujoco = await loadMujoco();
  const probe = new EnvHeapProbe((instance, id) => createEnv(instance, id));
  return {
    createEnv: (envId) => createEnv(mujoco, envId),
    heapCapacityBytes: Math.floor(HEAP_USABLE_FRACTION * (MUJOCO_HEAP_MAX_BYTES - heapTopBytes(mujoco))),
    measureEnvBytes: (envId) => probe.measure(envId),
  };
}
