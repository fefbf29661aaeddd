// A worker thread that dies takes only its own sessions with it: their calls answer NOT_FOUND saying why,
// sessions on the other worker go on unchanged, and a replacement worker serves new sessions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { decodeFloat64, encodeTensor } from '@qflow/proto';
import { CRASHING_BACKEND_URL } from './support/server-crashing-backend.js';
import { FAKE_ENV_ID, FakePointEnv } from './support/server-fake-env.js';
import { Client, actionTensor, eventually, startFakeServer, testAction } from './support/server-harness.js';

test('a crashed worker loses its sessions only and is replaced', { timeout: 30_000 }, async () => {
  const logs: string[] = [];
  const server = await startFakeServer({ workers: 2, backendUrl: CRASHING_BACKEND_URL, log: (line) => logs.push(line) });
  const client = new Client(server.address);
  try {
    const doomed = await client.createSession(FAKE_ENV_ID, 1); // worker 0
    const survivor = await client.createSession(FAKE_ENV_ID, 1); // worker 1
    await client.reset(doomed.sessionId, [1n]);
    await client.reset(survivor.sessionId, [2n]);
    const reference = new FakePointEnv();
    reference.reset(2n, 1);
    const stepSurvivor = async (t: number) => {
      const action = testAction(6, 0, t, 2);
      const response = await client.step(survivor.sessionId, actionTensor([action]));
      assert.deepEqual(Array.from(decodeFloat64(response.observations!)), Array.from(reference.step(action).observation));
    };
    await stepSurvivor(0);

    await assert.rejects(client.step(doomed.sessionId, encodeTensor(Float32Array.of(1, 0), [1, 2])),
      (e: { code: number; details: string }) => e.code === status.INTERNAL && /exited with code 7/.test(e.details));
    await assert.rejects(client.step(doomed.sessionId, actionTensor([testAction(0, 0, 0, 2)])),
      (e: { code: number; details: string }) => e.code === status.NOT_FOUND && /was lost: its worker thread died/.test(e.details));
    await stepSurvivor(1);

    // Now the other original worker dies too: a session that works afterwards runs on a replacement.
    await assert.rejects(client.step(survivor.sessionId, encodeTensor(Float32Array.of(1, 0), [1, 2])),
      (e: { code: number }) => e.code === status.INTERNAL);
    const fresh = await eventually(async () => {
      const created = await client.createSession(FAKE_ENV_ID, 1);
      await client.reset(created.sessionId, [3n]);
      return created;
    }, 10_000);
    const after = new FakePointEnv();
    after.reset(3n, 1);
    const action = testAction(0, 0, 0, 2);
    const response = await client.step(fresh.sessionId, actionTensor([action]));
    assert.deepEqual(Array.from(decodeFloat64(response.observations!)), Array.from(after.step(action).observation));
    const info = await client.unary<{ activeSessions: number }>('getServerInfo', {});
    assert.equal(info.activeSessions, 1);
    assert.ok(logs.some((line) => /worker 0 died .*lost session\(s\) /.test(line) && line.includes(doomed.sessionId)), logs.join('\n'));
  } finally {
    client.dispose();
    await server.close();
  }
});
