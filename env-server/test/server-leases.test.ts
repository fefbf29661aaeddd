// Leases: an idle session is freed after its lease; activity renews it; a client whose stream drops
// re-attaches within the lease and continues the same episodes. Leases are bounded by the server's maximum,
// and an open but idle StepStream does not renew them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { status } from '@grpc/grpc-js';
import { DEFAULT_MAX_LEASE_SECONDS, decodeFloat64, type StepResponse } from '@qflow/proto';
import type { RunningServer } from '../src/index.js';
import { FAKE_ENV_ID, FakePointEnv } from './support/server-fake-env.js';
import { Client, actionTensor, startFakeServer, testAction } from './support/server-harness.js';

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
  for (let t = 0; t < 3; t++) stream.write({ sessionId, envIds: [], actions: actionTensor(actionsAt(t)), sequence: BigInt(t), renderPoses: false });
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
  for (let t = 3; t < 6; t++) resumed.write({ sessionId, envIds: [], actions: actionTensor(actionsAt(t)), sequence: BigInt(t), renderPoses: false });
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

test('a lease above the server maximum, or not finite, or negative, is refused naming the value and the maximum', async () => {
  const info = await client.unary<{ maxLeaseSeconds: number }>('getServerInfo', {});
  assert.equal(info.maxLeaseSeconds, DEFAULT_MAX_LEASE_SECONDS);
  for (const [lease, shown] of [[1e300, '1e\\+300'], [DEFAULT_MAX_LEASE_SECONDS + 1, String(DEFAULT_MAX_LEASE_SECONDS + 1)], [Infinity, 'Infinity'], [NaN, 'NaN'], [-1, '-1']] as const) {
    await assert.rejects(client.createSession(FAKE_ENV_ID, 1, 0n, { leaseSeconds: lease }), (e: { code: number; details: string }) => {
      assert.equal(e.code, status.INVALID_ARGUMENT, e.details);
      assert.match(e.details, new RegExp(`^lease_seconds ${shown} invalid: .*maximum of ${DEFAULT_MAX_LEASE_SECONDS} s`));
      return true;
    });
  }
  const longest = await client.createSession(FAKE_ENV_ID, 1, 0n, { leaseSeconds: DEFAULT_MAX_LEASE_SECONDS });
  assert.equal(longest.leaseSeconds, DEFAULT_MAX_LEASE_SECONDS);
  await client.close(longest.sessionId);
});

test('the maximum lease is a server setting, reported by GetServerInfo', async () => {
  const capped = await startFakeServer({ leaseSeconds: 2, maxLeaseSeconds: 5 });
  const c = new Client(capped.address);
  try {
    assert.equal((await c.unary<{ maxLeaseSeconds: number }>('getServerInfo', {})).maxLeaseSeconds, 5);
    await assert.rejects(c.createSession(FAKE_ENV_ID, 1, 0n, { leaseSeconds: 6 }), /lease_seconds 6 invalid: .*maximum of 5 s/);
    assert.equal((await c.createSession(FAKE_ENV_ID, 1, 0n, { leaseSeconds: 5 })).leaseSeconds, 5);
  } finally {
    c.dispose();
    await capped.close();
  }
  await assert.rejects(startFakeServer({ leaseSeconds: 10, maxLeaseSeconds: 5 }), /leaseSeconds 10 must be .* at most maxLeaseSeconds \(5\)/);
});

test('an open but idle StepStream does not renew the lease of its session', { timeout: 20_000 }, async () => {
  const { sessionId } = await client.createSession(FAKE_ENV_ID, 1);
  await client.reset(sessionId, [1n]);
  const stream = client.stream();
  const got: StepResponse[] = [];
  stream.on('data', (r: StepResponse) => got.push(r));
  stream.on('error', () => undefined);
  stream.write({ sessionId, envIds: [], actions: actionTensor([testAction(0, 0, 0, 2)]), sequence: 0n, renderPoses: false });
  while (got.length < 1) await sleep(10);
  await sleep(1600); // the 1 s lease runs out while the stream stays open
  await assert.rejects(client.attach(sessionId), (e: { code: number }) => e.code === status.NOT_FOUND);
  stream.end();
});
