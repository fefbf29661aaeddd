// `qflow serve` as a child process: SIGTERM lets in-flight calls finish, answers every request an open stream
// received, then ends the stream with UNAVAILABLE, and the process exits with status 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { status } from '@grpc/grpc-js';
import type { StepResponse } from '@qflow/proto';
import { Client, actionTensor, testAction } from './support/server-harness.js';

const QFLOW = fileURLToPath(new URL('../../../bin/qflow.js', import.meta.url));
const ENV_ID = 'antmaze-large-singletask-task1-v0';
const BATCH = 32;

test('SIGTERM drains in-flight steps, ends streams with UNAVAILABLE and exits 0', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, [QFLOW, 'serve', '--port', '0', '--workers', '1', '--max-lease-seconds', '7'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = once(child, 'exit');
  try {
    let stdout = '';
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const match = /listening on (\S+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${stderr}`)));
    });
    const client = new Client(address);
    const info = await client.unary<{ maxLeaseSeconds: number; defaultLeaseSeconds: number }>('getServerInfo', {});
    assert.deepEqual([info.maxLeaseSeconds, info.defaultLeaseSeconds], [7, 7], '--max-lease-seconds, and the default lease under it');
    const { sessionId } = await client.createSession(ENV_ID, BATCH);
    await client.reset(sessionId, Array.from({ length: BATCH }, (_, i) => BigInt(i)));
    const actions = actionTensor(Array.from({ length: BATCH }, (_, i) => testAction(0, i, 0, 8)));

    const stream = client.stream();
    const responses: StepResponse[] = [];
    stream.on('data', (r: StepResponse) => responses.push(r));
    const streamDone = new Promise<{ code: number; details: string }>((resolve, reject) => {
      stream.on('end', () => reject(new Error('the stream ended with OK instead of UNAVAILABLE')));
      stream.on('error', resolve);
    });
    for (let t = 0; t < 4; t++) stream.write({ sessionId, envIds: [], actions, sequence: BigInt(t), renderPoses: false });
    while (responses.length === 0) await sleep(2);
    // Steps 1..3 are queued or running on the worker; a unary step joins them.
    const unary = client.step(sessionId, actions);
    await sleep(5);
    child.kill('SIGTERM');

    const last = await unary;
    assert.equal(last.envIds.length, BATCH, 'the in-flight unary step completed');
    const ending = await streamDone;
    assert.deepEqual([status[ending.code], ending.details], ['UNAVAILABLE', 'server is shutting down']);
    assert.deepEqual(responses.map((r) => [r.sequence, r.error]), [[0n, undefined], [1n, undefined], [2n, undefined], [3n, undefined]]);
    const [code] = await exited;
    assert.equal(code, 0, `exit code (stderr: ${stderr})`);
    assert.match(stderr, /SIGTERM: draining/);
    await assert.rejects(client.createSession(ENV_ID, 1), 'the server no longer answers');
    client.dispose();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
