// Each server run has a random instance id (GetServerInfo.instance_id) that prefixes its session ids, so that a
// session id from an earlier run gets a NOT_FOUND saying sessions do not survive a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { RunningServer } from '../src/index.js';
import { FAKE_ENV_ID } from './support/server-fake-env.js';
import { Client, startFakeServer } from './support/server-harness.js';

let server: RunningServer;
let client: Client;

before(async () => {
  server = await startFakeServer();
  client = new Client(server.address);
});

after(async () => {
  client.dispose();
  await server.close();
});

test('GetServerInfo reports the instance id, and session ids start with it', async () => {
  const info = await client.unary<{ instanceId: string; maxNameBytes: number }>('getServerInfo', {});
  assert.match(info.instanceId, /^[0-9a-f]{12}$/);
  assert.equal(info.instanceId, server.instanceId);
  assert.equal(info.maxNameBytes, 256);
  const { sessionId } = await client.createSession(FAKE_ENV_ID, 1);
  assert.ok(sessionId.startsWith(`${info.instanceId}-`), sessionId);
  await client.close(sessionId);
});

test('a session id of an earlier run answers NOT_FOUND saying sessions do not survive a restart', async () => {
  const earlier = await startFakeServer();
  const earlierClient = new Client(earlier.address);
  const { sessionId } = await earlierClient.createSession(FAKE_ENV_ID, 1);
  earlierClient.dispose();
  await earlier.close();
  assert.notEqual(earlier.instanceId, server.instanceId);

  await assert.rejects(client.attach(sessionId), (e: { code: number; details: string }) => {
    assert.equal(e.code, status.NOT_FOUND, e.details);
    assert.match(e.details, new RegExp(`belonged to an earlier run of this server \\(instance ${earlier.instanceId}; .*sessions do not survive a restart`));
    return true;
  });
  const own = `${server.instanceId}-00000000-0000-4000-8000-000000000000`;
  await assert.rejects(client.attach(own), /not found: never created, closed, or its lease expired/);
  await assert.rejects(client.attach('no-such-session'), /not found: never created, closed, or its lease expired/);
});
