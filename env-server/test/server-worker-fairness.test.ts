// A worker runs one command at a time, but a session's large batch (building, or stepping, hundreds of envs
// takes seconds) must not hold up the sessions beside it on that worker: they keep stepping meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../src/index.js';
import { FAKE_BACKEND_URL, SLOW_STEP_MS, fakeCatalog } from './support/server-fake-env.js';
import { Client, actionTensor, testAction } from './support/server-harness.js';
import { FAKE_ENV_ID, SLOW_BUILD_BACKEND_URL, SLOW_BUILD_MS } from './support/server-slow-build-backend.js';

const STEPS = 5;

/** Steps the 1-env session `sessionId` STEPS times while `busy` runs; returns, per step, whether `busy` was still running. */
async function stepDuring(client: Client, sessionId: string, busy: Promise<unknown>): Promise<boolean[]> {
  let done = false;
  void busy.then(() => (done = true), () => (done = true));
  const during: boolean[] = [];
  for (let t = 0; t < STEPS; t++) {
    await client.step(sessionId, actionTensor([testAction(0, 0, t, 2)]));
    during.push(!done);
  }
  return during;
}

test('a session of many envs being built does not hold up the steps of a session on the same worker', { timeout: 60_000 }, async () => {
  const server = await startServer({ workers: 1, catalog: fakeCatalog, backendUrl: SLOW_BUILD_BACKEND_URL });
  const client = new Client(server.address);
  try {
    const { sessionId } = await client.createSession(FAKE_ENV_ID, 1);
    await client.reset(sessionId, [1n]);
    const large = 100; // 100 × SLOW_BUILD_MS = 3 s of building, sent before the steps
    const building = client.createSession(FAKE_ENV_ID, large);
    assert.deepEqual(await stepDuring(client, sessionId, building), Array(STEPS).fill(true),
      `steps answered while the ${large}-env session (${large * SLOW_BUILD_MS} ms of building) was still being built`);
    const { sessionId: largeId } = await building;
    await client.reset(largeId, Array.from({ length: large }, (_, i) => BigInt(i)));
  } finally {
    client.dispose();
    await server.close();
  }
});

test('a step of many envs does not hold up the steps of a session on the same worker', { timeout: 60_000 }, async () => {
  const server = await startServer({ workers: 1, catalog: fakeCatalog, backendUrl: FAKE_BACKEND_URL });
  const client = new Client(server.address);
  try {
    const small = await client.createSession(FAKE_ENV_ID, 1);
    await client.reset(small.sessionId, [1n]);
    const large = 1000; // task 2 steps sleep SLOW_STEP_MS each: 1000 envs step for 1 s
    const big = await client.createSession(FAKE_ENV_ID, large, 0n, { taskId: 2 });
    await client.reset(big.sessionId, Array.from({ length: large }, (_, i) => BigInt(i)));
    const stepping = client.step(big.sessionId, actionTensor(Array.from({ length: large }, (_, i) => testAction(1, i, 0, 2))));
    assert.deepEqual(await stepDuring(client, small.sessionId, stepping), Array(STEPS).fill(true),
      `steps answered while the ${large}-env step (${large * SLOW_STEP_MS} ms) was still running`);
    assert.equal((await stepping).envIds.length, large);
  } finally {
    client.dispose();
    await server.close();
  }
});
