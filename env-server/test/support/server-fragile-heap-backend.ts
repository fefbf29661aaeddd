// A worker backend for the allocation-failure test: fake point envs in a simulated heap of FRAGILE_HEAP_ENVS
// envs that behaves as MuJoCo's did when filled: building one env too many fails with an allocation error,
// and from then on every env build fails ("unrecognized attribute 'memory'") until the instance is replaced.
// It under-reports the env cost, so that admission control lets the failure happen. Module state is per worker
// thread, so a replacement thread starts with a healthy heap.
import type { EnvBackend } from '../../src/workers/env-backend.js';
import { FAKE_ENV_ID, FakePointEnv } from './server-fake-env.js';

export const FRAGILE_HEAP_ENVS = 8;

let used = 0;
let broken = false;

class HeapPointEnv extends FakePointEnv {
  override dispose(): void {
    used--;
  }
}

export async function createEnvBackend(): Promise<EnvBackend> {
  return {
    createEnv: (envId) => {
      if (envId !== FAKE_ENV_ID) throw new Error(`fragile backend has only ${FAKE_ENV_ID}, got ${envId}`);
      if (broken) throw new Error("XML Error: Schema violation: unrecognized attribute 'memory'");
      if (used === FRAGILE_HEAP_ENVS) {
        broken = true;
        throw new Error('engine error: Could not allocate memory');
      }
      used++;
      return new HeapPointEnv();
    },
    heapCapacityBytes: 1 << 30,
    measureEnvBytes: async () => 1,
  };
}

export const FRAGILE_BACKEND_URL = import.meta.url;
