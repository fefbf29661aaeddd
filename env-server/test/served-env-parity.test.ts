// Every env variant (e.g. `antsoccer-arena`) over gRPC: a dataset-style alias resolves to its default-task id, and
// an episode is a pure function of (seed, task, actions) — the two envs of a session, stepped interleaved in the
// worker's MuJoCo module, give bit for bit the observations and rewards of one in-process env (another module)
// replaying their episodes one after the other; another seed gives another episode. The ids of one variant share
// model, scene and code and differ only in their default task. The online training envs are served the same way.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_TASK } from '@qflow/datasets';
import { decodeFloat64, type GetEnvSpecResponse } from '@qflow/proto';
import { startServer, type RunningServer } from '../src/index.js';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv, envSpec, envSpecs } from '../src/envs/registry.js';
import { Client, actionTensor, testAction } from './support/server-harness.js';
import { float64Bytes } from './support/episode-bytes.js';

const SEEDS = [31n, 32n];
const STEPS = 4;

const SINGLE_TASK = /-singletask-task\d+-v0$/;

/**
 * Each single-task variant's default-task id, and the alias `<dataset name>-singletask-v0` of its first dataset
 * (`<variant>-singletask-v0` for a variant without dataset, humanoidmaze-teleport); each other id (the online
 * training envs: one task, no dataset) as itself.
 */
const VARIANTS = [
  ...new Map(envSpecs().map((spec) => {
    if (!SINGLE_TASK.test(spec.id)) return [spec.id, { id: spec.id, alias: spec.id }];
    const variant = spec.id.replace(SINGLE_TASK, '');
    const id = `${variant}-singletask-task${DEFAULT_TASK[variant]}-v0`;
    const alias = spec.datasets.length ? spec.datasets[0]!.replace(/-v0$/, '-singletask-v0') : `${variant}-singletask-v0`;
    return [variant, { id, alias }];
  })).values(),
];

/** What the session returned after its reset (t = 0) and each step: all envs' observations, and rewards. */
interface ServedStep {
  observations: Float64Array;
  rewards: number[];
}

describe('served envs are deterministic and match the in-process envs', () => {
  let server: RunningServer;
  let client: Client;
  let mujoco: Mujoco;

  before(async () => {
    server = await startServer({ workers: 1 });
    client = new Client(server.address);
    mujoco = await loadMujoco();
  });
  after(async () => {
    client.dispose();
    await server.close();
  });

  /** Runs one session of `id` with an env per seed; `actions[t][i]` is env i's action at step t. */
  async function serve(id: string, actions: Float32Array[][]): Promise<ServedStep[]> {
    const { sessionId } = await client.createSession(id, SEEDS.length);
    try {
      const reset = await client.reset(sessionId, SEEDS);
      const served = [{ observations: decodeFloat64(reset.observations!), rewards: [] as number[] }];
      for (const stepActions of actions) {
        const response = await client.step(sessionId, actionTensor(stepActions));
        served.push({ observations: decodeFloat64(response.observations!), rewards: response.rewards });
      }
      return served;
    } finally {
      await client.close(sessionId);
    }
  }

  for (const { id, alias } of VARIANTS) {
    test(id, { timeout: 60_000 }, async () => {
      const spec = envSpec(id);
      const response = await client.unary<GetEnvSpecResponse>('getEnvSpec', { envId: alias });
      assert.equal(response.spec!.id, id, `${alias} names the default task`);
      assert.equal(response.spec!.maxEpisodeSteps, spec.maxEpisodeSteps);

      const ob = spec.observation.shape[0]!;
      const actions = Array.from({ length: STEPS }, (_, t) => SEEDS.map((_, i) => testAction(3, i, t, spec.action.shape[0]!)));
      const served = await serve(id, actions);
      assert.equal(served[0]!.observations.length, SEEDS.length * ob);
      const row = (t: number, i: number) => float64Bytes(served[t]!.observations.subarray(i * ob, (i + 1) * ob));
      assert.ok(!row(0, 0).equals(row(0, 1)), 'another seed gave the same first observation');

      const local = createEnv(mujoco, id);
      try {
        SEEDS.forEach((seed, i) => {
          assert.ok(row(0, i).equals(float64Bytes(local.reset(seed, 0))), `reset of env ${i}`);
          actions.forEach((stepActions, t) => {
            const expected = local.step(Float64Array.from(stepActions[i]!));
            assert.ok(row(t + 1, i).equals(float64Bytes(expected.observation)), `step ${t}, env ${i}: observation differs`);
            assert.equal(served[t + 1]!.rewards[i], expected.reward, `step ${t}, env ${i}: reward`);
          });
        });
      } finally {
        local.dispose();
      }
    });
  }
});
