// Determinism of antmaze-large over the server: same seed and actions ⇒ bit-identical observations, whether
// the env is stepped alone or inside a batch of 16 (with changing batch composition), on either of two
// workers, and after a server restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor } from '@qflow/proto';
import { startServer } from '../src/index.js';
import { Client, actionTensor, rowBytes, testAction } from './support/server-harness.js';

const ENV_ID = 'antmaze-large-singletask-task1-v0';
const SEED = 1234n;
const STEPS = 30;
const ACTION_DIM = 8;

/** Observation bytes of the env of interest after its reset and after each step, stepping it alone. */
async function alone(client: Client): Promise<Buffer[]> {
  const { sessionId } = await client.createSession(ENV_ID, 1);
  const reset = await client.reset(sessionId, [SEED]);
  const trajectory = [rowBytes(reset.observations!, 0)];
  for (let t = 0; t < STEPS; t++) {
    const response = await client.step(sessionId, actionTensor([testAction(7, 0, t, ACTION_DIM)]));
    trajectory.push(rowBytes(response.observations!, 0));
  }
  await client.close(sessionId);
  return trajectory;
}

/** The same, as env 9 of a 16-env session whose other envs have other seeds and step in changing subsets. */
async function inBatch(client: Client, sessionId: string): Promise<Buffer[]> {
  const seeds = Array.from({ length: 16 }, (_, i) => (i === 9 ? SEED : 5000n + BigInt(i)));
  const reset = await client.reset(sessionId, seeds);
  const trajectory = [rowBytes(reset.observations!, 9)];
  for (let t = 0; t < STEPS; t++) {
    // Env 9 plus a subset of the others that changes every step, in a shuffled order.
    const others = Array.from({ length: 16 }, (_, i) => i).filter((i) => i !== 9 && (i * 7 + t) % 3 !== 0);
    const envIds = t % 2 ? [...others, 9] : [9, ...others.reverse()];
    const actions = envIds.map((i) => testAction(i === 9 ? 7 : 8, i === 9 ? 0 : i, t, ACTION_DIM));
    const response = await client.step(sessionId, actionTensor(actions), envIds);
    trajectory.push(rowBytes(response.observations as Tensor, envIds.indexOf(9)));
  }
  return trajectory;
}

function assertSame(actual: Buffer[], expected: Buffer[], what: string): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((bytes, t) => assert.ok(bytes.equals(expected[t]!), `${what}: observation ${t} differs`));
}

test('same seed and actions give bit-identical antmaze observations across batch, worker and restart', { timeout: 120_000 }, async () => {
  let server = await startServer({ workers: 2 });
  let client = new Client(server.address);
  let reference: Buffer[];
  try {
    // Workers start empty: the 1-env session goes to worker 0, the 16-env one to worker 1.
    reference = await alone(client);
    const keepWorker0Busy = await client.createSession(ENV_ID, 1);
    const batch = await client.createSession(ENV_ID, 16);
    assertSame(await inBatch(client, batch.sessionId), reference, 'env 9 of a batch of 16 on worker 1');
    await client.close(batch.sessionId);
    // Loads are now 1 (worker 0) and 0 (worker 1): this one runs on worker 1.
    assertSame(await alone(client), reference, 'alone on worker 1');
    await client.close(keepWorker0Busy.sessionId);
    // A different seed must give a different trajectory (the comparison can fail).
    const other = await client.createSession(ENV_ID, 1);
    const reset = await client.reset(other.sessionId, [SEED + 1n]);
    assert.ok(!rowBytes(reset.observations!, 0).equals(reference[0]!), 'another seed gave the same initial observation');
  } finally {
    client.dispose();
    await server.close();
  }
  server = await startServer({ workers: 1 });
  client = new Client(server.address);
  try {
    assertSame(await alone(client), reference, 'after a server restart');
  } finally {
    client.dispose();
    await server.close();
  }
});
