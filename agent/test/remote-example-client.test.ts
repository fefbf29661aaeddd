// The README's plug-in example (examples/random-agent-client.mjs: plain grpc-js + proto-loader, no generated code)
// runs against a real server: spec, session, reset, pipelined StepStream with auto-reset, close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, startServerProcess } from './env-server-process.js';

test('examples/random-agent-client.mjs runs episodes to their end against qflow serve', { timeout: 90_000 }, async () => {
  const server = await startServerProcess();
  try {
    const { stdout } = await promisify(execFile)(process.execPath,
      [join(REPO_ROOT, 'examples', 'random-agent-client.mjs'), server.address, 'cube-single-play-singletask-task1-v0', '2', '210']);
    assert.match(stdout, /obs \[28\], act \[5\], episodes of 200 steps/);
    assert.match(stdout, /210 batched steps of 2 envs; 2 episodes finished \(mean return -?\d+(\.\d)?\)/);
  } finally {
    await server.stop();
  }
});
