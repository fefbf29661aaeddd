// Protocol errors on a real server (fake envs): every status code of the protocol, with clear messages,
// and neither the failing session nor a bystander session is changed by a rejected request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { Dtype, decodeFloat64, encodeTensor, type StepResponse } from '@qflow/proto';
import type { RunningServer } from '../src/index.js';
import { FAKE_ENV_ID, FakePointEnv } from './support/server-fake-env.js';
import { Client, actionTensor, startFakeServer, testAction } from './support/server-harness.js';

let server: RunningServer;
let client: Client;
let bystander: string;
const bystanderEnv = new FakePointEnv();
let bystanderSteps = 0;

async function expectStatus(promise: Promise<unknown>, code: status, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: { code: number; details: string }) => {
    assert.equal(error.code, code, `expected status ${status[code]}, got ${status[error.code]}: ${error.details}`);
    assert.match(error.details, message);
    return true;
  });
}

/** Steps the bystander once on the server and in process; their observations must agree bit for bit. */
async function stepBystander(): Promise<void> {
  const action = testAction(1, 0, bystanderSteps++, 2);
  const response = await client.step(bystander, actionTensor([action]));
  const expected = bystanderEnv.step(action).observation;
  assert.deepEqual(Array.from(decodeFloat64(response.observations!)), Array.from(expected), 'bystander session diverged');
}

before(async () => {
  server = await startFakeServer({ maxSessions: 4, workers: 1 });
  client = new Client(server.address);
  bystander = (await client.createSession(FAKE_ENV_ID, 1, 5n)).sessionId;
  await client.reset(bystander, [11n]);
  bystanderEnv.reset(11n, 1);
});

after(async () => {
  client.dispose();
  await server.close();
});

test('INVALID_ARGUMENT for unknown env ids, bad num_envs and unknown tasks', async () => {
  await expectStatus(client.createSession('antmaze-nowhere-v0', 1), status.INVALID_ARGUMENT, /unknown env id 'antmaze-nowhere-v0'; valid: fakepoint/);
  await expectStatus(client.createSession(FAKE_ENV_ID, 0), status.INVALID_ARGUMENT, /num_envs 0 out of range for fakepoint-singletask-task1-v0: valid 1\.\.1024/);
  await expectStatus(client.createSession(FAKE_ENV_ID, 1025), status.INVALID_ARGUMENT, /num_envs 1025 out of range .*valid 1\.\.1024 .*--max-envs 1024/);
  await expectStatus(client.createSession(FAKE_ENV_ID, 1, 0n, { taskId: 4 }), status.INVALID_ARGUMENT, /unknown task id 4; valid: 0 .*1\.\.3/);
  const { sessionId } = await client.createSession(FAKE_ENV_ID, 2);
  await expectStatus(client.reset(sessionId, [1n, 2n], [], [1, 9]), status.INVALID_ARGUMENT, /unknown task id 9/);
  await expectStatus(client.reset(sessionId, [1n]), status.INVALID_ARGUMENT, /got 1 seeds for 2 envs/);
  await client.close(sessionId);
  await stepBystander();
});

test('INVALID_ARGUMENT for wrong action shape, dtype, NaN/Inf and bad env indices, changing nothing', async () => {
  const { sessionId } = await client.createSession(FAKE_ENV_ID, 2);
  await client.reset(sessionId, [3n, 4n]);
  const reference = [new FakePointEnv(), new FakePointEnv()];
  reference[0]!.reset(3n, 1);
  reference[1]!.reset(4n, 1);
  const good = [testAction(2, 0, 0, 2), testAction(2, 1, 0, 2)];
  const cases: [Parameters<Client['step']>, RegExp][] = [
    [[sessionId, encodeTensor(new Float32Array(6), [2, 3])], /shape \[2, 3\], expected \[2, 2\]/],
    [[sessionId, encodeTensor(new Float32Array(4), [4])], /shape \[4\], expected \[2, 2\]/],
    [[sessionId, actionTensor([good[0]!])], /shape \[1, 2\], expected \[2, 2\]/],
    [[sessionId, encodeTensor(new Int32Array(4), [2, 2])], /dtype int32; valid: float32, float64/],
    [[sessionId, encodeTensor(Float64Array.of(0, 0, NaN, 0), [2, 2])], /row 1 element 0 is NaN; actions must be finite/],
    [[sessionId, encodeTensor(Float32Array.of(0, Infinity), [1, 2]), [1]], /row 0 element 1 is Infinity/],
    [[sessionId, { dtype: Dtype.DTYPE_FLOAT32, shape: [2, 2], data: Buffer.alloc(12) }], /needs 16 bytes, got 12/],
    [[sessionId, undefined], /actions missing/],
    [[sessionId, actionTensor(good), [0, 5]], /env index 5 out of range: the session has envs 0\.\.1/],
    [[sessionId, actionTensor(good), [1, 1]], /env index 1 appears twice/],
  ];
  for (const [args, message] of cases) await expectStatus(client.step(...args), status.INVALID_ARGUMENT, message);
  // Nothing advanced: the next good step matches one step from the reset state.
  const response = await client.step(sessionId, actionTensor(good));
  const observations = decodeFloat64(response.observations!);
  assert.deepEqual(Array.from(observations.subarray(0, 4)), Array.from(reference[0]!.step(good[0]!).observation));
  assert.deepEqual(Array.from(observations.subarray(4, 8)), Array.from(reference[1]!.step(good[1]!).observation));
  await client.close(sessionId);
  await stepBystander();
});

test('NOT_FOUND for unknown and closed sessions', async () => {
  const action = actionTensor([testAction(0, 0, 0, 2)]);
  await expectStatus(client.step('no-such-session', action), status.NOT_FOUND, /session 'no-such-session' not found/);
  await expectStatus(client.reset('no-such-session', [1n]), status.NOT_FOUND, /not found/);
  await expectStatus(client.attach('no-such-session'), status.NOT_FOUND, /not found/);
  const { sessionId } = await client.createSession(FAKE_ENV_ID, 1);
  await client.close(sessionId);
  await expectStatus(client.close(sessionId), status.NOT_FOUND, /not found/);
  await expectStatus(client.step(sessionId, action), status.NOT_FOUND, /not found/);
  await stepBystander();
});

test('FAILED_PRECONDITION for a step before reset and after an episode ended without auto-reset', async () => {
  const action = actionTensor([testAction(0, 0, 0, 2)]);
  const fresh = await client.createSession(FAKE_ENV_ID, 1);
  await expectStatus(client.step(fresh.sessionId, action), status.FAILED_PRECONDITION, /env 0 cannot step: it was never reset; call Reset first/);
  await client.close(fresh.sessionId);
  // Task 3 starts on its goal, so the first step succeeds and terminates the episode.
  const manual = await client.createSession(FAKE_ENV_ID, 1, 0n, { taskId: 3, disableAutoReset: true });
  await client.reset(manual.sessionId, [1n]);
  const ended = await client.step(manual.sessionId, action);
  assert.deepEqual(ended.terminated, [true]);
  assert.equal(ended.finalObservations!.shape[0], 1);
  await expectStatus(client.step(manual.sessionId, action), status.FAILED_PRECONDITION, /its episode ended and auto-reset is off/);
  const attached = await client.attach(manual.sessionId);
  assert.deepEqual(attached.ready, [false]);
  await client.reset(manual.sessionId, [2n]);
  await client.step(manual.sessionId, action);
  await client.close(manual.sessionId);
  await stepBystander();
});

test('RESOURCE_EXHAUSTED at capacity, and room again after a close', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await client.createSession(FAKE_ENV_ID, 1)).sessionId); // + bystander = 4
  await expectStatus(client.createSession(FAKE_ENV_ID, 1), status.RESOURCE_EXHAUSTED, /server at capacity: 4 sessions are live/);
  await stepBystander();
  await client.close(ids.pop()!);
  ids.push((await client.createSession(FAKE_ENV_ID, 1)).sessionId);
  for (const id of ids) await client.close(id);
  await stepBystander();
});

test('a bad request on StepStream gets an error response in order and the stream goes on', async () => {
  const stream = client.stream();
  const responses: StepResponse[] = [];
  stream.on('data', (r: StepResponse) => responses.push(r));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  const actions = [testAction(1, 0, bystanderSteps, 2), testAction(1, 0, bystanderSteps + 1, 2)];
  stream.write({ sessionId: bystander, envIds: [], actions: actionTensor([actions[0]!]), sequence: 10n, renderPoses: false });
  stream.write({ sessionId: bystander, envIds: [], actions: encodeTensor(Float32Array.of(NaN, 0), [1, 2]), sequence: 11n, renderPoses: false });
  stream.write({ sessionId: 'gone', envIds: [], actions: actionTensor([actions[0]!]), sequence: 12n, renderPoses: false });
  stream.write({ sessionId: bystander, envIds: [], actions: actionTensor([actions[1]!]), sequence: 13n, renderPoses: false });
  stream.end();
  await ended;
  assert.deepEqual(responses.map((r) => r.sequence), [10n, 11n, 12n, 13n]);
  assert.deepEqual(responses.map((r) => r.error?.code ?? 0), [0, status.INVALID_ARGUMENT, status.NOT_FOUND, 0]);
  assert.match(responses[1]!.error!.message, /NaN/);
  for (const [i, r] of [responses[0]!, responses[3]!].entries()) {
    assert.deepEqual(Array.from(decodeFloat64(r.observations!)), Array.from(bystanderEnv.step(actions[i]!).observation));
  }
  bystanderSteps += 2;
  await stepBystander();
});
