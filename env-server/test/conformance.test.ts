// The qflow.v1 conformance suite against a real `qflow serve` (child process, MuJoCo envs, a small dataset
// store), destructive checks and the drain included; and a self-test: a server that breaks one promise (answers
// NaN actions with OK) is reported as breaking exactly that promise.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, ServerCredentials, credentials, type ServerDuplexStream, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import {
  EnvironmentServiceClient, EnvironmentServiceService, decodeFloat32, encodeTensor, runConformance, type ConformanceResult, type StepRequest,
  type StepResponse,
} from '@qflow/proto';
import { ndarray, writeNpz } from '@qflow/datasets';
import type { RunningServer } from '../src/index.js';
import { startFakeServer } from './support/server-harness.js';
import { ServedProcess } from '../bench/served-process.js';

const DATASET = 'antmaze-medium-navigate-v0';

/** A store with one small dataset: 2 episodes of 4 stored rows. */
async function writeStore(dir: string): Promise<void> {
  const rows = 8;
  await writeNpz(join(dir, `${DATASET}.npz`), {
    observations: ndarray('float32', [rows, 29], Float32Array.from({ length: rows * 29 }, (_, i) => i / 100)),
    actions: ndarray('float32', [rows, 8], new Float32Array(rows * 8)),
    terminals: ndarray('bool', [rows], Uint8Array.from({ length: rows }, (_, i) => (i % 4 === 3 ? 1 : 0))),
    qpos: ndarray('float32', [rows, 15], new Float32Array(rows * 15)),
    qvel: ndarray('float32', [rows, 14], new Float32Array(rows * 14)),
  });
}

let storeDir: string;

before(async () => {
  storeDir = await mkdtemp(join(tmpdir(), 'qflow-conformance-'));
  await writeStore(storeDir);
});

after(async () => {
  await rm(storeDir, { recursive: true, force: true });
});

test('qflow serve keeps every promise of the conformance suite (destructive checks and drain included)', { timeout: 600_000 }, async (t) => {
  const server = await ServedProcess.start(['--workers', '1', '--dataset-dir', storeDir]);
  const exited = once(server.child, 'exit');
  const shutdownServer = async () => {
    server.child.kill('SIGTERM');
    await exited;
  };
  let results: ConformanceResult[];
  try {
    results = await runConformance({ address: server.address, destructive: true, shutdownServer });
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
  assert.ok(results.length > 30, `${results.length} results`);
  for (const result of results) {
    await t.test(result.name, () => {
      assert.equal(result.status, 'passed', `${result.status}: ${result.message}`);
    });
  }
  const [code] = await exited;
  assert.equal(code, 0, `qflow serve exit code after the drain (stderr: ${server.stderr().slice(-2000)})`);
});

/** Forwards every EnvironmentService call to `upstream`, except that a Step with NaN actions has them zeroed. */
function nanAcceptingProxy(upstream: EnvironmentServiceClient): Server {
  const server = new Server();
  const client = upstream as unknown as Record<string, (req: unknown, cb: sendUnaryData<unknown>) => void>;
  const forward = (method: string) => (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) =>
    client[method]!.call(upstream, call.request, callback);
  const handlers: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(EnvironmentServiceService)) {
    if (!definition.requestStream) handlers[name] = forward(name);
  }
  handlers.step = (call: ServerUnaryCall<StepRequest, StepResponse>, callback: sendUnaryData<StepResponse>) => {
    const actions = call.request.actions && decodeFloat32(call.request.actions).map((v) => (Number.isNaN(v) ? 0 : v));
    const request = actions ? { ...call.request, actions: encodeTensor(actions, call.request.actions!.shape) } : call.request;
    upstream.step(request, callback);
  };
  handlers.stepStream = (call: ServerDuplexStream<StepRequest, StepResponse>) => {
    const up = upstream.stepStream();
    call.on('data', (r: StepRequest) => up.write(r));
    call.on('end', () => up.end());
    up.on('data', (r: StepResponse) => call.write(r));
    up.on('end', () => call.end());
    up.on('error', (e) => call.destroy(e));
  };
  server.addService(EnvironmentServiceService, handlers as never);
  return server;
}

test('a server that answers NaN actions with OK fails the NaN check, naming the promise', { timeout: 60_000 }, async () => {
  const upstreamServer: RunningServer = await startFakeServer();
  const upstream = new EnvironmentServiceClient(upstreamServer.address, credentials.createInsecure());
  const proxy = nanAcceptingProxy(upstream);
  const port = await new Promise<number>((resolve, reject) =>
    proxy.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  try {
    const checks = ['step/action-nan', 'step/action-inf', 'stream/order-and-errors'];
    const results = await runConformance({ address: `127.0.0.1:${port}`, only: (name) => checks.includes(name) });
    const byName = new Map(results.map((r) => [r.name, r]));
    const nan = byName.get('step/action-nan')!;
    assert.equal(nan.status, 'failed');
    assert.match(nan.message, /^broken promise: Step with a NaN in one env's action .* → INVALID_ARGUMENT, and the rejected request changes nothing\. .*answered OK, expected INVALID_ARGUMENT/);
    // The proxy is otherwise faithful: the same suite passes the checks it does not break.
    assert.equal(byName.get('step/action-inf')!.status, 'passed', byName.get('step/action-inf')!.message);
    assert.equal(byName.get('stream/order-and-errors')!.status, 'passed', byName.get('stream/order-and-errors')!.message);
  } finally {
    upstream.close();
    proxy.forceShutdown();
    await upstreamServer.close();
  }
});

test('the suite reaches a server behind TLS and a bearer token', { timeout: 60_000 }, async () => {
  const fixture = (name: string) => readFileSync(new URL(`../../test/support/server-tls-fixture/${name}`, import.meta.url));
  const server = await startFakeServer({ token: 'conformance-token', tls: { certChain: fixture('cert.pem'), privateKey: fixture('key.pem') } });
  try {
    const options = { address: server.address, tls: { rootCerts: fixture('cert.pem') }, only: (name: string) => name === 'step/action-nan' };
    const passed = await runConformance({ ...options, token: 'conformance-token' });
    assert.deepEqual(passed.map((r) => [r.name, r.status, r.message]), [['step/action-nan', 'passed', '']]);
    const refused = await runConformance({ ...options, token: 'wrong-token' });
    assert.deepEqual(refused.map((r) => [r.name, r.status]), [['connect', 'failed']]);
    assert.match(refused[0]!.message, /UNAUTHENTICATED/);
  } finally {
    await server.close();
  }
});
