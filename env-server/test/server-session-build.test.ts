// Building a large session's envs takes seconds on its worker; the sessions beside it on that worker keep
// stepping meanwhile instead of waiting for the whole build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../src/index.js';
import { fakeCatalog } from './server-fake-env.js';
import { Client, actionTensor, testAction } from './server-harness.js';
import { FAKE_ENV_ID, SLOW_BUILD_BACKEND_URL, SLOW_BUILD_MS } from './server-slow-build-backend.js';

const LARGE = 100;
const STEPS = 5;

test('a session of many envs being built does not hold up the steps of a session on the same worker', { timeout: 60_000 }, async () => {
  const server = await startServer({ workers: 1, catalog: fakeCatalog, backendUrl: SLOW_BUILD_BACKEND_URL });
  const client = new Client(server.address);
  try {
    const { sessionId } = await client.createSession(FAKE_ENV_ID, 1);
    await client.reset(sessionId, [1n]);
    // The large build (LARGE × SLOW_BUILD_MS = 3 s) is sent first, so the worker receives it before the steps.
    let built = false;
    const large = client.createSession(FAKE_ENV_ID, LARGE).then((s) => {
      built = true;
      return s;
    });
    const steppedDuringBuild: boolean[] = [];
    for (let t = 0; t < STEPS; t++) {
      await client.step(sessionId, actionTensor([testAction(0, 0, t, 2)]));
      steppedDuringBuild.push(!built);
    }
    assert.deepEqual(steppedDuringBuild, Array(STEPS).fill(true),
      `steps answered while the ${LARGE}-env session (${LARGE * SLOW_BUILD_MS} ms of building) was still being built`);
    const { sessionId: largeId, numEnvs } = await large;
    assert.equal(numEnvs, LARGE);
    await client.reset(largeId, Array.from({ length: LARGE }, (_, i) => BigInt(i)));
  } finally {
    client.dispose();
    await server.close();
  }
});
