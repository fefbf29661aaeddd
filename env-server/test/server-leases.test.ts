// Leases: an idle session is freed after its lease; activity renews it; a client whose stream drops
// re-attaches within the lease and continues the same episodes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { status } from '@grpc/grpc-js';
import { decodeFloat64, type StepResponse } from '@qflow/proto';
import type { RunningServer } from '../src/index.js';
import { FAKE_ENV_ID, FakePointEnv } from './server-fake-env.js';
import { Client, actionTensor, startFakeServer, testAction } from './server-harness.js';

let server: RunningServer;
let client: Client;

before(async () => {
  server = await startFakeServer({ leaseSeconds: 1 });
  client = new Client(server.address);
});

after(async () => {
  client.dispose();
  await server.close();
});

test('an idle session is freed after its lease, an active one is kept', { timeout: 20_000 }, async () => {
  const idle = await client.createSession(FAKE_ENV_ID, 2);
  const active = await client.createSession(FAKE_ENV_ID, 1);
  assert.equal(idle.leaseSeconds, 1);
  await client.reset(active.sessionId, [1n]);
  const started = Date.now();
  for (let t = 0; Date.now() - started < 2000; t++) {
    await client.step(active.sessionId, actionTensor([testAction(0, 0, t, 2)]));
    await sleep(200);
  }
  await assert.rejects(client.attach(idle.sessionId), (e: { code: number }) => e.code === status.NOT_FOUND);
  const info = await client.attach(active.sessionId);
  assert.equal(info.numEnvs, 1);
  const serverInfo = await client.unary<{ activeSessions: number }>('getServerInfo', {});
  assert.equal(serverInfo.activeSessions, 1);
  await client.close(active.sessionId);
});

test('a session may ask for its own lease', { timeout: 20_000 }, async () => {
  const longer = await client.createSession(FAKE_ENV_ID, 1, 0n, { leaseSeconds: 3 });
  assert.equal(longer.leaseSeconds, 3);
  await sleep(1600);
  await client.attach(longer.sessionId); // would be gone under the 1 s default
  await client.close(longer.sessionId);
});

test('a dropped stream re-attaches within the lease and continues the episode', { timeout: 20_000 }, async () => {
  const { sessionId } = await client.createSession(FAKE_ENV_ID, 2);
  await client.reset(sessionId, [21n, 22n]);
  const reference = [new FakePointEnv(), new FakePointEnv()];
  reference[0]!.reset(21n, 1);
  reference[1]!.reset(22n, 1);
  const actionsAt = (t: number) => [testAction(4, 0, t, 2), testAction(4, 1, t, 2)];

  // First connection: three steps over a stream, then the connection drops (client closed abruptly).
  const first = new Client(server.address);
  const stream = first.stream();
  const got: StepResponse[] = [];
  stream.on('data', (r: StepResponse) => got.push(r));
  stream.on('error', () => undefined);
  for (let t = 0; t < 3; t++) stream.write({ sessionId, envIds: [], actions: actionTensor(actionsAt(t)), sequence: BigInt(t) });
  while (got.length < 3) await sleep(10);
  stream.cancel();
  first.dispose();
  await sleep(500);

  // Second connection, within the 1 s lease: the session is there, 3 steps into its episodes.
  const second = new Client(server.address);
  const attached = await second.attach(sessionId);
  assert.deepEqual(attached.episodeSteps, [3, 3]);
  assert.deepEqual(attached.ready, [true, true]);
  const resumed = second.stream();
  const after: StepResponse[] = [];
  resumed.on('data', (r: StepResponse) => after.push(r));
  const ended = new Promise((resolve) => resumed.on('end', resolve));
  for (let t = 3; t < 6; t++) resumed.write({ sessionId, envIds: [], actions: actionTensor(actionsAt(t)), sequence: BigInt(t) });
  resumed.end();
  await ended;
  const all = [...got, ...after];
  assert.deepEqual(all.map((r) => r.sequence), [0n, 1n, 2n, 3n, 4n, 5n]);
  for (const [t, response] of all.entries()) {
    const observations = decodeFloat64(response.observations!);
    const [a0, a1] = actionsAt(t);
    assert.deepEqual(Array.from(observations.subarray(0, 4)), Array.from(reference[0]!.step(a0!).observation), `env 0, step ${t}`);
    assert.deepEqual(Array.from(observations.subarray(4, 8)), Array.from(reference[1]!.step(a1!).observation), `env 1, step ${t}`);
  }
  await second.close(sessionId);
  second.dispose();
});
