// `metricsPort`: the server's Prometheus endpoint counts env steps by env id, times Step batches, reports live
// sessions and envs, worker busy time, rejected calls by status code (token and argument errors, stream
// request errors) and streamed dataset bytes; it answers only GET /metrics. Without the option there is none.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { DatasetServiceClient, EnvironmentServiceClient, type ReadDatasetResponse, type StepResponse } from '@qflow/proto';
import { ndarray, writeNpz } from '@qflow/datasets';
import type { RunningServer } from '../src/index.js';
import { FAKE_ENV_ID } from './support/server-fake-env.js';
import { actionTensor, Client, startFakeServer, testAction } from './support/server-harness.js';
import { sample, samples, scrape } from './support/prometheus-text.js';

const TOKEN = 'm3trics';
const DATASET = 'antmaze-medium-navigate-v0';
const datasetDir = mkdtempSync(join(tmpdir(), 'qflow-metrics-'));
let server: RunningServer;
let client: Client;
const auth = new Metadata();
auth.set('authorization', `Bearer ${TOKEN}`);

before(async () => {
  const rows = 10;
  await writeNpz(join(datasetDir, `${DATASET}.npz`), {
    observations: ndarray('float32', [rows, 3], Float32Array.from({ length: rows * 3 }, (_, i) => i)),
    actions: ndarray('float32', [rows, 2]),
    terminals: ndarray('bool', [rows], Uint8Array.from({ length: rows }, (_, i) => (i === rows - 1 ? 1 : 0))),
    qpos: ndarray('float32', [rows, 15]),
    qvel: ndarray('float32', [rows, 14]),
  });
  server = await startFakeServer({ workers: 2, metricsPort: 0, token: TOKEN, datasetDir });
  client = new Client(server.address);
});

after(async () => {
  client.dispose();
  await server.close();
  rmSync(datasetDir, { recursive: true, force: true });
});

function call<Res>(method: string, request: object): Promise<Res> {
  return new Promise((resolve, reject) => {
    (client.raw as unknown as Record<string, Function>)[method]!.call(client.raw, request, auth, (e: ServiceError | null, r: Res) => (e ? reject(e) : resolve(r)));
  });
}

function actions(numEnvs: number, t: number) {
  return actionTensor(Array.from({ length: numEnvs }, (_, i) => testAction(1, i, t, 2)));
}

test('env steps by env id, one latency observation per Step batch, live sessions and envs, worker busy time', async () => {
  const session = await call<{ sessionId: string }>('createSession', { envId: FAKE_ENV_ID, numEnvs: 3, seed: 1n, leaseSeconds: 0, taskId: 0, disableAutoReset: false });
  await call('reset', { sessionId: session.sessionId, envIds: [], seeds: [], taskIds: [], useSeedSequence: true });
  for (let t = 0; t < 4; t++) await call('step', { sessionId: session.sessionId, envIds: [], actions: actions(3, t), sequence: 0n, renderPoses: false });
  await call('step', { sessionId: session.sessionId, envIds: [0, 2], actions: actions(2, 9), sequence: 0n, renderPoses: false });

  const text = await scrape(server.metricsAddress!);
  assert.equal(sample(text, 'qflow_env_steps_total', { env_id: FAKE_ENV_ID }), 4 * 3 + 2);
  assert.equal(sample(text, 'qflow_step_batch_seconds_count', { env_id: FAKE_ENV_ID }), 5);
  assert.ok(sample(text, 'qflow_step_batch_seconds_sum', { env_id: FAKE_ENV_ID }) > 0);
  assert.equal(sample(text, 'qflow_live_sessions'), 1);
  assert.equal(sample(text, 'qflow_live_envs'), 3);
  const busy = samples(text).filter((s) => s.name === 'qflow_worker_busy_seconds_total');
  assert.deepEqual(busy.map((s) => s.labels.worker).sort(), ['0', '1']);
  assert.ok(busy.some((s) => s.value > 0), 'the session\'s worker was busy');

  await call('closeSession', { sessionId: session.sessionId });
  const after = await scrape(server.metricsAddress!);
  assert.equal(sample(after, 'qflow_live_sessions'), 0);
  assert.equal(sample(after, 'qflow_live_envs'), 0);
});

test('rejected calls are counted by status code: wrong token, bad argument, a StepStream request error', async () => {
  const before = await scrape(server.metricsAddress!);
  const count = (text: string, code: string) => samples(text).find((s) => s.name === 'qflow_rejected_requests_total' && s.labels.code === code)?.value ?? 0;
  await assert.rejects(client.unary('getServerInfo', {}), (e: ServiceError) => e.code === status.UNAUTHENTICATED);
  await assert.rejects(call('createSession', { envId: FAKE_ENV_ID, numEnvs: 0, seed: 0n, leaseSeconds: 0, taskId: 0, disableAutoReset: false }),
    (e: ServiceError) => e.code === status.INVALID_ARGUMENT);
  const stream = new EnvironmentServiceClient(server.address, credentials.createInsecure()).stepStream(auth);
  const answered = new Promise<StepResponse>((resolve) => stream.once('data', resolve));
  stream.write({ sessionId: 'no-such-session', envIds: [], actions: undefined, sequence: 7n, renderPoses: false });
  const response = await answered;
  stream.end();
  assert.equal(response.error?.code, status.NOT_FOUND);

  const text = await scrape(server.metricsAddress!);
  assert.equal(count(text, 'UNAUTHENTICATED') - count(before, 'UNAUTHENTICATED'), 1);
  assert.equal(count(text, 'INVALID_ARGUMENT') - count(before, 'INVALID_ARGUMENT'), 1);
  assert.equal(count(text, 'NOT_FOUND') - count(before, 'NOT_FOUND'), 1);
});

test('dataset bytes streamed are the tensor bytes of the chunks sent', async () => {
  const datasets = new DatasetServiceClient(server.address, credentials.createInsecure());
  const chunks = await new Promise<ReadDatasetResponse[]>((resolve, reject) => {
    const got: ReadDatasetResponse[] = [];
    const stream = datasets.readDataset({ name: DATASET, offset: 0n, limit: 0n, chunkTransitions: 4, fields: [], taskId: 0, layout: 0, addInfo: false }, auth);
    stream.on('data', (c: ReadDatasetResponse) => got.push(c));
    stream.on('error', reject);
    stream.on('end', () => resolve(got));
  });
  datasets.close();
  const sent = chunks.reduce((n, c) => n + c.fields.reduce((m, f) => m + f.tensor!.data.byteLength, 0), 0);
  assert.ok(chunks.length > 1 && sent > 0);
  assert.equal(sample(await scrape(server.metricsAddress!), 'qflow_dataset_bytes_streamed_total'), sent);
});

test('the endpoint answers GET /metrics only', async () => {
  const base = `http://${server.metricsAddress}`;
  assert.equal((await fetch(`${base}/metrics`)).headers.get('content-type')?.startsWith('text/plain'), true);
  assert.equal((await fetch(`${base}/`)).status, 404);
  assert.equal((await fetch(`${base}/metrics`, { method: 'POST', body: 'x' })).status, 405);
});

test('no metrics endpoint unless a metrics port is given', async () => {
  const plain = await startFakeServer();
  try {
    assert.equal(plain.metricsAddress, undefined);
  } finally {
    await plain.close();
  }
});
