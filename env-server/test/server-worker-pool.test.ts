// The worker pool on its own: least-loaded assignment of whole sessions, and commands on either worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool, WorkerCommandError } from '../src/workers/worker-pool.js';
import type { SessionResetResult, SessionStepResult } from '../src/workers/worker-protocol.js';
import { FAKE_BACKEND_URL, FAKE_ENV_ID, FakePointEnv } from './support/server-fake-env.js';

test('sessions go to the least-loaded worker by env count, lowest index on ties', async () => {
  const pool = await WorkerPool.start({ size: 2, backendUrl: FAKE_BACKEND_URL });
  try {
    assert.equal(pool.assign(4, 1), 0);
    assert.equal(pool.assign(1, 1), 1);
    assert.equal(pool.assign(1, 1), 1);
    assert.equal(pool.assign(3, 1), 1);
    assert.deepEqual(pool.loads(), [4, 5]);
    pool.release(0, 4, 1);
    assert.equal(pool.assign(2, 1), 0);
    assert.deepEqual(pool.loads(), [2, 5]);
  } finally {
    await pool.close();
  }
});

test('a worker steps the envs of its session with transferred arrays and reports failures by code', async () => {
  const pool = await WorkerPool.start({ size: 2, backendUrl: FAKE_BACKEND_URL });
  try {
    await pool.request(1, { kind: 'create', sessionId: 's', envId: FAKE_ENV_ID, numEnvs: 2, seed: 9n, autoReset: true });
    const reset = await pool.request<SessionResetResult>(1, {
      kind: 'reset', sessionId: 's', envIndices: Uint32Array.of(1), seeds: BigUint64Array.of(5n), taskIds: Uint32Array.of(2), useSeedSequence: false,
    });
    const reference = new FakePointEnv();
    assert.deepEqual(Array.from(reset.observations), Array.from(reference.reset(5n, 2)));
    const actions = Float64Array.of(0.5, -0.25);
    const step = await pool.request<SessionStepResult>(1, { kind: 'step', sessionId: 's', envIndices: Uint32Array.of(1), actions }, [actions.buffer]);
    assert.equal(actions.length, 0, 'the action buffer was transferred, not copied');
    assert.deepEqual(Array.from(step.observations), Array.from(reference.step([0.5, -0.25]).observation));
    await assert.rejects(
      pool.request(1, { kind: 'step', sessionId: 's', envIndices: Uint32Array.of(0), actions: new Float64Array(2) }),
      (e: unknown) => e instanceof WorkerCommandError && e.code === 'FAILED_PRECONDITION',
    );
    await assert.rejects(
      pool.request(0, { kind: 'step', sessionId: 's', envIndices: Uint32Array.of(1), actions: new Float64Array(2) }),
      (e: unknown) => e instanceof WorkerCommandError && e.code === 'NOT_FOUND',
    );
  } finally {
    await pool.close();
  }
});
