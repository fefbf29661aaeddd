// A worker backend for the worker-crash test: fake point envs whose step kills the worker thread when the
// action's first element is saturated (≥ 1), standing in for a fatal fault inside the physics.
import type { StepResult } from '../../src/envs/env.js';
import type { EnvBackend } from '../../src/workers/env-backend.js';
import { fakeBackend, FakePointEnv } from './server-fake-env.js';

class CrashingPointEnv extends FakePointEnv {
  override step(action: ArrayLike<number>): StepResult {
    if (action[0]! >= 1) process.exit(7); // in a worker thread this ends the thread only
    return super.step(action);
  }
}

export async function createEnvBackend(): Promise<EnvBackend> {
  return fakeBackend(() => new CrashingPointEnv());
}

export const CRASHING_BACKEND_URL = import.meta.url;
