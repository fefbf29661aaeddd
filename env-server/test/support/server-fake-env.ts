// A cheap deterministic stand-in env for server tests that are about the protocol, not the physics:
// a point in the plane pushed by the action, with a state-dependent wobble so that any change of the
// action bits changes the trajectory. Also a worker backend module (createEnvBackend) and a catalog.
import type { Env, EnvSpec, StepResult } from '../../src/envs/env.js';
import type { EnvCatalog } from '../../src/server/env-catalog.js';
import type { EnvBackend } from '../../src/workers/env-backend.js';

export const FAKE_ENV_ID = 'fakepoint-singletask-task1-v0';
export const FAKE_ALIAS = 'fakepoint-singletask-v0';
export const FAKE_MAX_STEPS = 20;
export const SLOW_STEP_MS = 1;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export const FAKE_SPEC: EnvSpec = {
  id: FAKE_ENV_ID,
  family: 'fakepoint',
  defaultTask: 1,
  numTasks: 3,
  maxEpisodeSteps: FAKE_MAX_STEPS,
  observation: { shape: [4], dtype: 'float64' },
  action: { shape: [2], dtype: 'float32', low: [-1, -1], high: [1, 1] },
  datasets: ['fakepoint-navigate-v0'],
};

/** Goal of each task; task 3's goal is where every episode starts, so it succeeds at once.
 * Task 2 is also slow: each step sleeps SLOW_STEP_MS, so that requests pile up behind it. */
const GOALS: Record<number, [number, number]> = { 1: [5, 5], 2: [-5, 5], 3: [0, 0] };

function unitFromSeed(seed: bigint, salt: number): number {
  let z = BigInt.asUintN(64, seed + BigInt(salt) * 0x9e3779b97f4a7c15n);
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  return Number((z ^ (z >> 31n)) >> 11n) / 2 ** 53;
}

export class FakePointEnv implements Env {
  readonly spec = FAKE_SPEC;
  private x = 0;
  private y = 0;
  private goal: [number, number] = GOALS[1]!;
  private steps = 0;

  reset(seed: bigint, taskId: number): Float64Array {
    const goal = GOALS[taskId];
    if (!goal) throw new Error(`fake env has tasks 1..3, got ${taskId}`);
    this.goal = goal;
    this.x = taskId === 3 ? 0 : (unitFromSeed(seed, 1) - 0.5) * 0.2;
    this.y = taskId === 3 ? 0 : (unitFromSeed(seed, 2) - 0.5) * 0.2;
    this.steps = 0;
    return this.observation();
  }

  step(action: ArrayLike<number>): StepResult {
    if (this.goal === GOALS[2]) Atomics.wait(sleeper, 0, 0, SLOW_STEP_MS);
    const ax = Math.max(-1, Math.min(1, action[0]!));
    const ay = Math.max(-1, Math.min(1, action[1]!));
    this.x += 0.1 * ax + 1e-3 * Math.sin(1e3 * this.y);
    this.y += 0.1 * ay + 1e-3 * Math.cos(1e3 * this.x);
    this.steps++;
    const success = Math.hypot(this.x - this.goal[0], this.y - this.goal[1]) <= 0.5;
    return {
      observation: this.observation(),
      reward: success ? 0 : -1,
      terminated: success,
      truncated: !success && this.steps >= FAKE_MAX_STEPS,
      success,
    };
  }

  dispose(): void {}

  private observation(): Float64Array {
    return Float64Array.of(this.x, this.y, this.goal[0], this.goal[1]);
  }
}

/** What the fake backend says one env costs, and its heap budget (1024 envs). */
export const FAKE_ENV_BYTES = 1 << 20;
export const FAKE_HEAP_BYTES = 1024 * FAKE_ENV_BYTES;

/** A backend of `make()` envs with the fake costs. */
export function fakeBackend(make: () => Env): EnvBackend {
  return {
    createEnv: (envId) => {
      if (envId !== FAKE_ENV_ID) throw new Error(`fake backend has only ${FAKE_ENV_ID}, got ${envId}`);
      return make();
    },
    heapCapacityBytes: FAKE_HEAP_BYTES,
    measureEnvBytes: async () => FAKE_ENV_BYTES,
  };
}

/** Worker backend entry point (this module's URL is passed as `backendUrl`). */
export async function createEnvBackend(): Promise<EnvBackend> {
  return fakeBackend(() => new FakePointEnv());
}

export const FAKE_BACKEND_URL = import.meta.url;

export const fakeCatalog: EnvCatalog = {
  specs: () => [FAKE_SPEC],
  resolve: (name) => {
    if (name === FAKE_ENV_ID || name === FAKE_ALIAS) return FAKE_ENV_ID;
    throw new Error(`unknown env id '${name}'; valid: ${FAKE_ENV_ID}`);
  },
};
