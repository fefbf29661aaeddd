// --env-servers parsing: host:port lists and dns:/// names; bad entries are named in the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvServers, resolveEnvServers, TargetError } from '../src/remote/server-targets.js';

test('parses host:port lists and dns:/// targets; rejects bad ones by name', async () => {
  assert.deepEqual(parseEnvServers('a:1, b.example:50051,[::1]:7'), ['a:1', 'b.example:50051', '[::1]:7']);
  assert.deepEqual(parseEnvServers('dns:///envs.svc:50051'), ['dns:///envs.svc:50051']);
  assert.throws(() => parseEnvServers('a:1,nohost'), (e: Error) => e instanceof TargetError && e.message.includes("'nohost'"));
  assert.throws(() => parseEnvServers('a:99999'), /'a:99999'/);
  assert.throws(() => parseEnvServers(' , '), /empty/);
  assert.throws(() => parseEnvServers('a:1,a:1'), /twice/);
  assert.deepEqual(await resolveEnvServers(['dns:///localhost:5000', 'x:1']).then((l) => l.slice(-1)), ['x:1']);
  const local = await resolveEnvServers(['dns:///localhost:5000']);
  assert.ok(local.length >= 1 && local.every((a) => a.endsWith(':5000')), `localhost resolved to ${local}`);
  assert.deepEqual(await resolveEnvServers(['dns:///127.0.0.1:9']), ['127.0.0.1:9']);
});
