// Shared check of the per-family server tests: a 2-env gRPC session of a real env gives exactly the
// observations and rewards of the same envs stepped in process (same seeds, same actions).
import assert from 'node:assert/strict';
import { decodeFloat64, type GetEnvSpecResponse } from '@qflow/proto';
import { startServer } from '../src/index.js';
import { loadMujoco } from '../src/physics/mujoco-loader.js';
import { createEnv } from '../src/envs/registry.js';
import { Client, actionTensor, testAction } from './server-harness.js';

const SEEDS = [31n, 32n];
const STEPS = 12;

export interface ServedEnvCase {
  envId: string;
  /** An alias that getEnvSpec must resolve to `envId`. */
  alias: string;
  maxEpisodeSteps: number;
  actionSize: number;
  observationSize: number;
}

/** Starts a one-worker server and compares its session of `envId` with in-process envs, step by step. */
export async function assertServedMatchesInProcess(c: ServedEnvCase): Promise<void> {
  const { envId, actionSize, observationSize: ob } = c;
  const server = await startServer({ workers: 1 });
  const client = new Client(server.address);
  const mujoco = await loadMujoco();
  const local = SEEDS.map(() => createEnv(mujoco, envId));
  try {
    const { spec } = await client.unary<GetEnvSpecResponse>('getEnvSpec', { envId: c.alias });
    assert.equal(spec!.id, envId);
    assert.equal(spec!.maxEpisodeSteps, c.maxEpisodeSteps);

    const { sessionId } = await client.createSession(envId, SEEDS.length);
    const reset = await client.reset(sessionId, SEEDS);
    const remoteFirst = decodeFloat64(reset.observations!);
    assert.equal(remoteFirst.length, SEEDS.length * ob);
    local.forEach((env, i) => {
      assert.deepEqual(Array.from(remoteFirst.subarray(i * ob, (i + 1) * ob)), Array.from(env.reset(SEEDS[i]!, 0)), `reset of env ${i}`);
    });
    for (let t = 0; t < STEPS; t++) {
      const actions = SEEDS.map((_, i) => testAction(3, i, t, actionSize));
      const response = await client.step(sessionId, actionTensor(actions));
      const remote = decodeFloat64(response.observations!);
      local.forEach((env, i) => {
        const expected = env.step(Float64Array.from(actions[i]!));
        assert.deepEqual(Array.from(remote.subarray(i * ob, (i + 1) * ob)), Array.from(expected.observation), `step ${t}, env ${i}`);
        assert.equal(response.rewards[i], expected.reward);
      });
    }
    await client.close(sessionId);
  } finally {
    local.forEach((env) => env.dispose());
    client.dispose();
    await server.close();
  }
}
