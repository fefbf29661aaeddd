// Antsoccer over gRPC: discovery lists its specs, an alias resolves, and a 2-env session gives exactly the
// observations, rewards and success flags of the same envs stepped in process (same seeds, same actions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFloat64, type GetEnvSpecResponse } from '@qflow/proto';
import { startServer } from '../src/index.js';
import { loadMujoco } from '../src/physics/mujoco-loader.js';
import { createEnv } from '../src/envs/registry.js';
import { Client, actionTensor, testAction } from './server-harness.js';

const ENV_ID = 'antsoccer-arena-singletask-task4-v0';
const SEEDS = [31n, 32n];
const STEPS = 12;
const DIM = 8;
const OB = 42;

test('antsoccer served over gRPC matches the in-process env exactly', { timeout: 60_000 }, async () => {
  const server = await startServer({ workers: 1 });
  const client = new Client(server.address);
  const mujoco = await loadMujoco();
  const local = SEEDS.map(() => createEnv(mujoco, ENV_ID));
  try {
    const { spec } = await client.unary<GetEnvSpecResponse>('getEnvSpec', { envId: 'antsoccer-arena-navigate-singletask-v0' });
    assert.equal(spec!.id, ENV_ID);
    assert.equal(spec!.maxEpisodeSteps, 1000);

    const { sessionId } = await client.createSession(ENV_ID, SEEDS.length);
    const reset = await client.reset(sessionId, SEEDS);
    const remoteFirst = decodeFloat64(reset.observations!);
    assert.equal(remoteFirst.length, SEEDS.length * OB);
    local.forEach((env, i) => {
      assert.deepEqual(Array.from(remoteFirst.subarray(i * OB, (i + 1) * OB)), Array.from(env.reset(SEEDS[i]!, 0)), `reset of env ${i}`);
    });
    for (let t = 0; t < STEPS; t++) {
      const actions = SEEDS.map((_, i) => testAction(3, i, t, DIM));
      const response = await client.step(sessionId, actionTensor(actions));
      const remote = decodeFloat64(response.observations!);
      local.forEach((env, i) => {
        const expected = env.step(Float64Array.from(actions[i]!));
        assert.deepEqual(Array.from(remote.subarray(i * OB, (i + 1) * OB)), Array.from(expected.observation), `step ${t}, env ${i}`);
        assert.equal(response.rewards[i], expected.reward);
      });
    }
    await client.close(sessionId);
  } finally {
    local.forEach((env) => env.dispose());
    client.dispose();
    await server.close();
  }
});
