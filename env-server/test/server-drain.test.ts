// Drain at shutdown: an open StepStream answers every request it received before the drain began, then ends
// with UNAVAILABLE "server is shutting down"; an open health Watch is told NOT_SERVING and ended, so that it
// does not hold the server's exit until the drain timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentials, makeClientConstructor, status, type Client as GrpcClient, type ClientReadableStream } from '@grpc/grpc-js';
import type { StepResponse } from '@qflow/proto';
import { service as healthService } from 'grpc-health-check';
import { FAKE_ENV_ID } from './support/server-fake-env.js';
import { Client, actionTensor, startFakeServer, testAction } from './support/server-harness.js';

/** Far longer than the test's own timeout: a close() waiting for it fails the test. */
const DRAIN_TIMEOUT_MS = 600_000;
const SLOW_TASK = 2;

test('an open StepStream answers the requests it received, then ends UNAVAILABLE', { timeout: 20_000 }, async () => {
  const server = await startFakeServer({ drainTimeoutMs: DRAIN_TIMEOUT_MS });
  const client = new Client(server.address);
  try {
    const numEnvs = 16;
    const { sessionId } = await client.createSession(FAKE_ENV_ID, numEnvs, 0n, { taskId: SLOW_TASK });
    await client.reset(sessionId, Array.from({ length: numEnvs }, (_, i) => BigInt(i)));
    const actions = actionTensor(Array.from({ length: numEnvs }, (_, i) => testAction(0, i, 0, 2)));
    const stream = client.stream();
    const responses: StepResponse[] = [];
    let firstAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (firstAnswered = resolve));
    stream.on('data', (r: StepResponse) => {
      responses.push(r);
      firstAnswered();
    });
    const ending = new Promise<{ code: number; details: string }>((resolve, reject) => {
      stream.on('error', resolve);
      stream.on('end', () => reject(new Error('the stream ended with OK')));
    });
    const pipelined = 6;
    for (let t = 0; t < pipelined; t++) stream.write({ sessionId, envIds: [], actions, sequence: BigInt(t), renderPoses: false });
    await answered; // each step takes numEnvs ms on the slow task: the others are received and queued by now
    const closed = server.close();
    const status_ = await ending;
    assert.deepEqual([status[status_.code], status_.details], ['UNAVAILABLE', 'server is shutting down']);
    assert.deepEqual(responses.map((r) => [r.sequence, r.error]), Array.from({ length: pipelined }, (_, t) => [BigInt(t), undefined]));
    await closed;
  } finally {
    client.dispose();
    await server.close();
  }
});

test('an open health Watch sees NOT_SERVING and ends, and does not hold the exit', { timeout: 20_000 }, async () => {
  const server = await startFakeServer({ drainTimeoutMs: DRAIN_TIMEOUT_MS });
  const Health = makeClientConstructor(healthService, 'Health');
  const health = new Health(server.address, credentials.createInsecure()) as GrpcClient & Record<string, Function>;
  try {
    const watch = health['watch']!({ service: '' }) as ClientReadableStream<{ status: string }>;
    const seen: string[] = [];
    let first!: () => void;
    const serving = new Promise<void>((resolve) => (first = resolve));
    watch.on('data', (r: { status: string }) => {
      seen.push(r.status);
      first();
    });
    const ended = new Promise<void>((resolve, reject) => {
      watch.on('end', resolve);
      watch.on('error', (e: { code: number }) => (e.code === status.UNAVAILABLE ? resolve() : reject(e)));
    });
    await serving;
    await server.close();
    await ended;
    assert.deepEqual(seen, ['SERVING', 'NOT_SERVING']);
  } finally {
    health.close();
  }
});
