// `qflow serve` argument checks: the lease maximum flag (reported by GetServerInfo in server-shutdown.test.ts) and the viewer flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MAX_LEASE_SECONDS } from '@qflow/proto';
import { isLoopbackHost, main } from '../src/cli/serve-command.js';

async function failing(argv: string[]): Promise<string> {
  const errors: string[] = [];
  const original = console.error;
  console.error = (message: string) => { errors.push(message); };
  try {
    assert.equal(await main(argv), 2);
  } finally {
    console.error = original;
  }
  return errors.join('\n');
}

async function helpLines(): Promise<string[]> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (message: string) => { lines.push(message); };
  try {
    assert.equal(await main(['--help']), 0);
  } finally {
    console.log = original;
  }
  return lines;
}

test('--max-lease-seconds must be a positive number and at least --lease-seconds', async () => {
  assert.match(await failing(['--max-lease-seconds', '0']), /--max-lease-seconds must be a positive number of seconds, got '0'/);
  assert.match(await failing(['--max-lease-seconds', 'inf']), /--max-lease-seconds must be a positive number of seconds, got 'inf'/);
  assert.match(await failing(['--lease-seconds', '100', '--max-lease-seconds', '50']), /--lease-seconds 100 is above --max-lease-seconds 50/);
});

test('the help names the lease maximum and its default', async () => {
  const lines = await helpLines();
  assert.match(lines.join('\n'), new RegExp(`--max-lease-seconds S .*\\n.*\\(default ${DEFAULT_MAX_LEASE_SECONDS}\\)`));
});

test('--viewer-host: a non-loopback host needs a token or --viewer-allow-remote; bad ports are refused', async () => {
  assert.match(await failing(['--viewer-port', '0', '--viewer-host', '0.0.0.0']),
    /--viewer-host 0\.0\.0\.0 is not loopback: .*--token-env .*--viewer-allow-remote .*loopback host \(127\.0\.0\.1, ::1\)/);
  assert.match(await failing(['--viewer-port', '70000']), /--viewer-port must be an integer in 0\.\.65535, got '70000'/);
  assert.equal(isLoopbackHost('127.0.0.1') && isLoopbackHost('::1') && isLoopbackHost('localhost'), true);
  assert.equal(isLoopbackHost('0.0.0.0') || isLoopbackHost('192.168.1.2') || isLoopbackHost('127.0.0.1.evil'), false);
});

test('the help documents the viewer flags', async () => {
  const lines = await helpLines();
  for (const flag of ['--viewer-port PORT', '--viewer-host HOST', '--viewer-allow-remote']) assert.ok(lines.join('\n').includes(flag), flag);
});

test('--metrics-port must be a port number other than the gRPC port', async () => {
  assert.match(await failing(['--metrics-port', 'http']), /--metrics-port must be an integer in 0\.\.65535, got 'http'/);
  assert.match(await failing(['--metrics-port', '70000']), /--metrics-port must be an integer in 0\.\.65535, got '70000'/);
  assert.match(await failing(['--port', '50051', '--metrics-port', '50051']), /--metrics-port 50051 is the gRPC --port too/);
});

test('--drain-seconds must be a positive number of seconds', async () => {
  assert.match(await failing(['--drain-seconds', '0']), /--drain-seconds must be a positive number of seconds, got '0'/);
  assert.match(await failing(['--drain-seconds', 'later']), /--drain-seconds must be a positive number of seconds, got 'later'/);
});

test('a metrics port already in use is refused by name, exit status 1', async () => {
  const { createServer } = await import('node:net');
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const { port } = busy.address() as { port: number };
  const errors: string[] = [];
  const original = console.error;
  console.error = (message: string) => { errors.push(message); };
  try {
    assert.equal(await main(['--port', '0', '--workers', '1', '--metrics-port', String(port)]), 1);
  } finally {
    console.error = original;
    busy.close();
  }
  assert.match(errors.join('\n'), new RegExp(`qflow serve: cannot start: metrics port ${port} on 127\\.0\\.0\\.1: .*EADDRINUSE`));
});
