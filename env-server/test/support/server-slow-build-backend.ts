// A worker backend for the session-build fairness test: fake point envs that take SLOW_BUILD_MS each to build
// (as a MuJoCo env takes ~12 ms), so that building a large session takes seconds.
import type { EnvBackend } from '../../src/workers/env-backend.js';
import { FAKE_ENV_ID, FakePointEnv, fakeBackend } from './server-fake-env.js';

export const SLOW_BUILD_MS = 30;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export async function createEnvBackend(): Promise<EnvBackend> {
  return fakeBackend(() => {
    Atomics.wait(sleeper, 0, 0, SLOW_BUILD_MS);
    return new FakePointEnv();
  });
}

export const SLOW_BUILD_BACKEND_URL = import.meta.url;
export { FAKE_ENV_ID };
