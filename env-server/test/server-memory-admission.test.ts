// Memory admission: a session that does not fit in a worker's physics heap is refused with RESOURCE_EXHAUSTED
// (saying how many envs fit) before anything is allocated; each env id's spec advertises the largest session an
// idle worker holds of it (larger ones are INVALID_ARGUMENT), GetServerInfo the smallest of those; and a worker
// whose physics failed to allocate is replaced (health says NOT_SERVING while no worker can take a session)
// instead of failing every later session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentials, makeClientConstructor, status, type Client as GrpcClient } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { envSpecs, resolveEnvId } from '../src/envs/registry.js';
import { startServer } from '../src/index.js';
import type { EnvCatalog } from '../src/server/env-catalog.js';
import { FAKE_ENV_ID, fakeCatalog } from './support/server-fake-env.js';
import { FRAGILE_BACKEND_URL, FRAGILE_HEAP_ENVS } from './support/server-fragile-heap-backend.js';
import { Client, actionTensor, eventually, testAction } from './support/server-harness.js';

/** A cheap real MuJoCo env (the ant: ~2.5 MB of heap per env). */
const ENV_ID = 'antmaze-medium-singletask-task1-v0';
/** A costly one (~14 MB per env). */
const COSTLY_ENV_ID = 'cube-single-singletask-task1-v0';

/** The registry narrowed to `ids`, so that discovery measures those env ids only. */
function catalogOf(...ids: string[]): EnvCatalog {
  return {
    specs: () => envSpecs().filter((s) => ids.includes(s.id)),
    resolve: (name) => {
      const id = resolveEnvId(name);
      if (!ids.includes(id)) throw new Error(`unknown env id '${name}'; valid: ${ids.join(', ')}`);
      return id;
    },
  };
}

const oneEnvCatalog = catalogOf(ENV_ID);

function isStatus(code: status, pattern: RegExp) {
  return (e: { code: number; details: string }) => {
    assert.equal(status[e.code], status[code], e.details);
    assert.match(e.details, pattern);
    return true;
  };
}

function healthOf(address: string): { check(): Promise<string>; close(): void } {
  const Health = makeClientConstructor(healthService, 'Health');
  const health = new Health(address, credentials.createInsecure()) as GrpcClient & Record<string, Function>;
  return {
    check: () => new Promise((resolve, reject) =>
      health['check']!({ service: '' }, (e: Error | null, r: { status: string }) => (e ? reject(e) : resolve(r.status)))),
    close: () => health.close(),
  };
}

test('fill a worker heap until RESOURCE_EXHAUSTED, close all, create again', { timeout: 60_000 }, async () => {
  const server = await startServer({ workers: 1, catalog: oneEnvCatalog, workerHeapBytes: 20 << 20 });
  const client = new Client(server.address);
  try {
    const info = await client.unary<{ maxEnvsPerSession: number }>('getServerInfo', {});
    const idle = info.maxEnvsPerSession;
    assert.ok(idle >= 4 && idle < 1024, `max_envs_per_session ${idle} is what 20 MiB holds`);
    await assert.rejects(client.createSession(ENV_ID, idle + 1),
      isStatus(status.INVALID_ARGUMENT, new RegExp(`num_envs ${idle + 1} out of range for ${ENV_ID}: valid 1\\.\\.${idle} .*idle worker's memory`)));
    const idleSession = await client.createSession(ENV_ID, idle);
    const half = Math.ceil(idle / 2);
    await assert.rejects(client.createSession(ENV_ID, half),
      isStatus(status.RESOURCE_EXHAUSTED, new RegExp(`at most 0 envs of ${ENV_ID} fit now \\(${idle} on an idle worker\\)`)));
    await client.close(idleSession.sessionId);

    const sessions: string[] = [];
    let refusal: { details: string } | undefined;
    while (!refusal) {
      await client.createSession(ENV_ID, 3).then((s) => sessions.push(s.sessionId), (e: { code: number; details: string }) => {
        assert.equal(e.code, status.RESOURCE_EXHAUSTED, e.details);
        refusal = e;
      });
    }
    assert.equal(sessions.length, Math.floor(idle / 3));
    assert.match(refusal.details, new RegExp(`at most ${idle - 3 * sessions.length} envs of ${ENV_ID} fit now`));
    for (const id of sessions) await client.close(id);

    const again = await client.createSession(ENV_ID, idle);
    await client.reset(again.sessionId, Array.from({ length: idle }, (_, i) => BigInt(i)));
    await client.step(again.sessionId, actionTensor(Array.from({ length: idle }, (_, i) => testAction(0, i, 0, 8))));
  } finally {
    client.dispose();
    await server.close();
  }
});

test('each env id accepts sessions up to what an idle worker holds of it; GetServerInfo advertises the smallest', { timeout: 60_000 }, async () => {
  const server = await startServer({ workers: 1, catalog: catalogOf(ENV_ID, COSTLY_ENV_ID), workerHeapBytes: 64 << 20 });
  const client = new Client(server.address);
  try {
    const { envs } = await client.unary<{ envs: { id: string; maxEnvsPerSession: number }[] }>('listEnvs', { family: '' });
    const bound = new Map(envs.map((e) => [e.id, e.maxEnvsPerSession]));
    const [cheap, costly] = [bound.get(ENV_ID)!, bound.get(COSTLY_ENV_ID)!];
    assert.ok(costly >= 2 && cheap > 3 * costly, `bounds in 64 MiB: ${ENV_ID} ${cheap}, ${COSTLY_ENV_ID} ${costly}`);
    const info = await client.unary<{ maxEnvsPerSession: number }>('getServerInfo', {});
    assert.equal(info.maxEnvsPerSession, costly, 'GetServerInfo advertises a size every env id accepts');
    for (const [id, max] of bound) {
      const { spec } = await client.unary<{ spec: { maxEnvsPerSession: number } }>('getEnvSpec', { envId: id });
      assert.equal(spec.maxEnvsPerSession, max, `GetEnvSpec(${id})`);
      await assert.rejects(client.createSession(id, max + 1),
        isStatus(status.INVALID_ARGUMENT, new RegExp(`num_envs ${max + 1} out of range for ${id}: valid 1\\.\\.${max} `)));
    }
    // The cheap id is not cut to the costly id's bound: a session of all its envs fits an idle worker.
    const big = await client.createSession(ENV_ID, cheap);
    assert.equal(big.spec!.maxEnvsPerSession, cheap);
    assert.equal((await client.attach(big.sessionId)).spec!.maxEnvsPerSession, cheap);
    await client.reset(big.sessionId, Array.from({ length: cheap }, (_, i) => BigInt(i)));
    await client.step(big.sessionId, actionTensor(Array.from({ length: cheap }, (_, i) => testAction(0, i, 0, 8))));
    await client.close(big.sessionId);
  } finally {
    client.dispose();
    await server.close();
  }
});

test('--max-envs below what memory holds is every env id\'s bound', { timeout: 60_000 }, async () => {
  const server = await startServer({ workers: 1, catalog: oneEnvCatalog, maxEnvsPerSession: 5 });
  const client = new Client(server.address);
  try {
    const { spec } = await client.unary<{ spec: { maxEnvsPerSession: number } }>('getEnvSpec', { envId: ENV_ID });
    assert.equal(spec.maxEnvsPerSession, 5);
    await assert.rejects(client.createSession(ENV_ID, 6), isStatus(status.INVALID_ARGUMENT, /valid 1\.\.5 \(.*--max-envs 5\)/));
  } finally {
    client.dispose();
    await server.close();
  }
});

test('a worker whose physics failed to allocate is replaced once its sessions end', { timeout: 30_000 }, async () => {
  const logs: string[] = [];
  const server = await startServer({ workers: 1, catalog: fakeCatalog, backendUrl: FRAGILE_BACKEND_URL, log: (l) => logs.push(l) });
  const client = new Client(server.address);
  const health = healthOf(server.address);
  try {
    const bystander = await client.createSession(FAKE_ENV_ID, FRAGILE_HEAP_ENVS - 2);
    await client.reset(bystander.sessionId, Array.from({ length: FRAGILE_HEAP_ENVS - 2 }, (_, i) => BigInt(i)));
    await assert.rejects(client.createSession(FAKE_ENV_ID, 4), isStatus(status.RESOURCE_EXHAUSTED, /Could not allocate memory/));

    // The only worker takes no new session while it still holds the bystander's envs.
    assert.equal(await health.check(), 'NOT_SERVING');
    await assert.rejects(client.createSession(FAKE_ENV_ID, 1), isStatus(status.UNAVAILABLE, /no env worker can take/));
    const rows = Array.from({ length: FRAGILE_HEAP_ENVS - 2 }, (_, i) => testAction(0, i, 0, 2));
    const stepped = await client.step(bystander.sessionId, actionTensor(rows));
    assert.equal(stepped.envIds.length, FRAGILE_HEAP_ENVS - 2, 'live sessions on the failed worker keep working');

    await client.close(bystander.sessionId);
    await eventually(async () => assert.equal(await health.check(), 'SERVING'), 10_000);
    const fresh = await client.createSession(FAKE_ENV_ID, FRAGILE_HEAP_ENVS);
    await client.reset(fresh.sessionId, Array.from({ length: FRAGILE_HEAP_ENVS }, (_, i) => BigInt(i)));
    assert.ok(!logs.some((l) => /died/.test(l)), `a planned replacement is not reported as a crash: ${logs.join('\n')}`);
  } finally {
    health.close();
    client.dispose();
    await server.close();
  }
});
