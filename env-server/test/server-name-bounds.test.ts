// Client-supplied strings are bounded: a name longer than MAX_NAME_BYTES (env id, session id, family, dataset
// or field name, health service name) answers INVALID_ARGUMENT before any other processing, error messages
// quote at most QUOTED_PREFIX_CHARS characters of client input, and the connection keeps serving other calls.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, makeClientConstructor, status, type Client as GrpcClient, type ServiceError } from '@grpc/grpc-js';
import { DatasetServiceClient, MAX_NAME_BYTES, QUOTED_PREFIX_CHARS, type StepResponse } from '@qflow/proto';
import { service as healthService } from 'grpc-health-check';
import type { RunningServer } from '../src/index.js';
import { FAKE_ENV_ID } from './support/server-fake-env.js';
import { Client, actionTensor, startFakeServer, testAction } from './support/server-harness.js';

const LONG = 'antmaze-large-navigate-v0'.repeat(4000); // 100 kB
/** Longest details a rejection of a long name may carry: the quoted prefix plus a sentence. */
const SMALL_DETAILS = 4 * QUOTED_PREFIX_CHARS + 200;

let server: RunningServer;
let client: Client;
let datasets: DatasetServiceClient;
const datasetDir = mkdtempSync(join(tmpdir(), 'qflow-name-bounds-'));

before(async () => {
  server = await startFakeServer({ datasetDir });
  client = new Client(server.address);
  // Same channel as `client`: a failure that breaks the connection would show in the other calls.
  datasets = new DatasetServiceClient(server.address, credentials.createInsecure(), { channelOverride: client.raw.getChannel() });
});

after(async () => {
  datasets.close();
  client.dispose();
  await server.close();
  rmSync(datasetDir, { recursive: true, force: true });
});

function datasetCall(method: 'getDatasetInfo' | 'listDatasets', request: object): Promise<unknown> {
  return new Promise((resolve, reject) =>
    (datasets[method] as Function).call(datasets, request, (e: ServiceError | null, r: unknown) => (e ? reject(e) : resolve(r))));
}

function readDataset(request: object): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const got: unknown[] = [];
    const call = datasets.readDataset({ name: '', offset: 0n, limit: 0n, chunkTransitions: 0, fields: [], taskId: 0, layout: 0, addInfo: false, ...request });
    call.on('data', (c) => got.push(c));
    call.on('error', reject);
    call.on('end', () => resolve(got));
  });
}

function tooLong(what: string, bytes = LONG.length) {
  return (e: ServiceError) => {
    assert.equal(status[e.code], 'INVALID_ARGUMENT', e.details);
    assert.match(e.details, new RegExp(`^${what} ".{${QUOTED_PREFIX_CHARS}}…" \\(${bytes} bytes\\) is longer than ${MAX_NAME_BYTES} bytes$`));
    assert.ok(e.details.length < SMALL_DETAILS, `details of ${e.details.length} characters`);
    return true;
  };
}

test('a 100 kB name answers INVALID_ARGUMENT on every call that takes one, and the channel keeps working', async () => {
  const { sessionId } = await client.createSession(FAKE_ENV_ID, 1);
  await client.reset(sessionId, [1n]);
  const rejections: [string, Promise<unknown>, string][] = [
    ['GetDatasetInfo', datasetCall('getDatasetInfo', { name: LONG, taskId: 0, layout: 0, addInfo: false }), 'dataset name'],
    ['ReadDataset', readDataset({ name: LONG }), 'dataset name'],
    ['ReadDataset fields', readDataset({ name: 'antmaze-large-navigate-v0', fields: [LONG] }), 'field name'],
    ['ListDatasets', datasetCall('listDatasets', { family: LONG, availableOnly: false }), 'family'],
    ['CreateSession', client.createSession(LONG, 1), 'env id'],
    ['GetEnvSpec', client.unary('getEnvSpec', { envId: LONG }), 'env id'],
    ['ListEnvs', client.unary('listEnvs', { family: LONG }), 'family'],
    ['AttachSession', client.attach(LONG), 'session id'],
    ['CloseSession', client.close(LONG), 'session id'],
    ['Reset', client.reset(LONG, [1n]), 'session id'],
    ['Step', client.step(LONG, actionTensor([testAction(0, 0, 0, 2)])), 'session id'],
  ];
  // An unrelated call sent meanwhile on the same channel is answered.
  const unrelated = client.step(sessionId, actionTensor([testAction(0, 0, 0, 2)]));
  const settled = await Promise.allSettled(rejections.map(([, promise]) => promise));
  settled.forEach((result, i) => {
    const [call, , what] = rejections[i]!;
    assert.equal(result.status, 'rejected', `${call} was accepted`);
    tooLong(what)((result as PromiseRejectedResult).reason as ServiceError);
  });
  assert.equal((await unrelated).envIds.length, 1);
  assert.equal((await client.unary<{ protocolVersion: string }>('getServerInfo', {})).protocolVersion, 'qflow.v1');
  await client.close(sessionId);
});

test('on StepStream a long session id gets an INVALID_ARGUMENT response and the stream goes on', async () => {
  const { sessionId } = await client.createSession(FAKE_ENV_ID, 1);
  await client.reset(sessionId, [1n]);
  const stream = client.stream();
  const responses: StepResponse[] = [];
  stream.on('data', (r: StepResponse) => responses.push(r));
  const ended = new Promise((resolve, reject) => { stream.on('end', resolve); stream.on('error', reject); });
  const actions = actionTensor([testAction(0, 0, 0, 2)]);
  stream.write({ sessionId: LONG, envIds: [], actions, sequence: 0n, renderPoses: false });
  stream.write({ sessionId, envIds: [], actions, sequence: 1n, renderPoses: false });
  stream.end();
  await ended;
  assert.equal(responses[0]!.error?.code, status.INVALID_ARGUMENT);
  assert.ok(responses[0]!.error!.message.length < SMALL_DETAILS);
  assert.deepEqual([responses[1]!.sequence, responses[1]!.error], [1n, undefined]);
  await client.close(sessionId);
});

test('the bound counts UTF-8 bytes, and errors about names within it quote a short prefix only', async () => {
  const twoByteChars = 'é'.repeat(MAX_NAME_BYTES / 2 + 1); // 129 characters, 258 bytes
  await assert.rejects(client.unary('getEnvSpec', { envId: twoByteChars }), tooLong('env id', MAX_NAME_BYTES + 2));
  const longest = 'x'.repeat(MAX_NAME_BYTES);
  await assert.rejects(client.unary('getEnvSpec', { envId: longest }), (e: ServiceError) => {
    assert.match(e.details, new RegExp(`^unknown env id 'x{${QUOTED_PREFIX_CHARS}}…'`));
    return e.code === status.INVALID_ARGUMENT;
  });
  await assert.rejects(datasetCall('getDatasetInfo', { name: longest, taskId: 0, layout: 0, addInfo: false }), (e: ServiceError) => {
    assert.ok(!e.details.includes('x'.repeat(QUOTED_PREFIX_CHARS + 1)), e.details);
    return e.code === status.NOT_FOUND;
  });
  await assert.rejects(client.attach(longest), (e: ServiceError) => {
    assert.match(e.details, new RegExp(`^session 'x{${QUOTED_PREFIX_CHARS}}…' not found`));
    return e.code === status.NOT_FOUND;
  });
});

test('a health check of a long service name answers INVALID_ARGUMENT', async () => {
  const Health = makeClientConstructor(healthService, 'Health');
  const health = new Health(server.address, credentials.createInsecure()) as GrpcClient & Record<string, Function>;
  try {
    await assert.rejects(new Promise((resolve, reject) =>
      health['check']!({ service: LONG }, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r)))), tooLong('service name'));
  } finally {
    health.close();
  }
});
