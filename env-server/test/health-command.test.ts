// `qflow health HOST:PORT` (the container image's HEALTHCHECK): 0 for a SERVING server, 1 for an unknown service
// or an unreachable server, 2 for bad usage naming the bad value.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { RunningServer } from '../src/index.js';
import { main } from '../src/cli/health-command.js';
import { startFakeServer } from './support/server-harness.js';

let server: RunningServer;

before(async () => {
  server = await startFakeServer();
});

after(() => server.close());

async function capture(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = console.error = (line: string) => { lines.push(line); };
  try {
    return { code: await main(argv), out: lines.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

test('a SERVING server exits 0', async () => {
  const { code, out } = await capture([server.address]);
  assert.equal(code, 0);
  assert.match(out, /is SERVING/);
  assert.equal((await capture([server.address, '--service', 'qflow.v1.EnvironmentService'])).code, 0);
});

test('an unknown service or an unreachable server exits 1', async () => {
  const unknown = await capture([server.address, '--service', 'no.such.Service']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.out, /health status unknown for service 'no\.such\.Service'/);
  assert.equal((await capture([`127.0.0.1:${await closedPort()}`, '--timeout', '1'])).code, 1);
});

test('bad usage exits 2 naming the bad value', async () => {
  assert.match((await capture([])).out, /expected one HOST:PORT, got none/);
  assert.match((await capture(['localhost'])).out, /'localhost' is not HOST:PORT/);
  const timeout = await capture([server.address, '--timeout', '0']);
  assert.equal(timeout.code, 2);
  assert.match(timeout.out, /--timeout must be a positive number of seconds, got '0'/);
});
