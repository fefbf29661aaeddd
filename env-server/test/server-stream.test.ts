// StepStream pipelining: far more requests in flight than the server reads ahead (it pauses the stream past
// 64 unanswered; the slow task makes them pile up) are all answered, in order, with the trajectory the same
// actions give in process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFloat64, type StepResponse } from '@qflow/proto';
import type { RunningServer } from '../src/index.js';
import { FAKE_ENV_ID, FakePointEnv } from './support/server-fake-env.js';
import { Client, actionTensor, startFakeServer, testAction } from './support/server-harness.js';

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

test('300 pipelined steps are answered in order with the exact trajectory', { timeout: 30_000 }, async () => {
  const { sessionId } = await client.createSession(FAKE_ENV_ID, 1, 9n);
  await client.reset(sessionId, [31n], [], [2]);
  const reference = new FakePointEnv();
  reference.reset(31n, 2);
  const stream = client.stream();
  const responses: StepResponse[] = [];
  stream.on('data', (r: StepResponse) => responses.push(r));
  const ended = new Promise((resolve, reject) => { stream.on('end', resolve); stream.on('error', reject); });
  const actions = Array.from({ length: 300 }, (_, t) => testAction(3, 0, t, 2));
  actions.forEach((a, t) => stream.write({ sessionId, envIds: [], actions: actionTensor([a]), sequence: BigInt(t), renderPoses: false }));
  stream.end();
  await ended;
  assert.deepEqual(responses.map((r) => r.sequence), actions.map((_, t) => BigInt(t)));
  for (const [t, response] of responses.entries()) {
    assert.equal(response.error, undefined);
    const expected = reference.step(actions[t]!);
    const next = expected.terminated || expected.truncated ? reference.reset(response.resetSeeds[0]!, 2) : expected.observation;
    assert.deepEqual(Array.from(decodeFloat64(response.observations!)), Array.from(next), `step ${t}`);
  }
  await client.close(sessionId);
});
