// Concurrency: 8 clients × 4 antmaze envs stepping in parallel (half unary, half pipelined streams) each
// get exactly the trajectories their seeds and actions give when every env is stepped alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StepResponse } from '@qflow/proto';
import { startServer } from '../src/index.js';
import { Client, actionTensor, rowBytes, testAction } from './support/server-harness.js';

const ENV_ID = 'antmaze-large-singletask-task1-v0';
const CLIENTS = 8;
const ENVS = 4;
const STEPS = 20;
const ACTION_DIM = 8;

const seedOf = (c: number, i: number) => BigInt(100 * c + i);
const actionsAt = (c: number, t: number) => Array.from({ length: ENVS }, (_, i) => testAction(c, i, t, ACTION_DIM));

/** Observations [step][env] of client `c`'s session, stepped by unary calls or one pipelined stream. */
async function runClient(address: string, c: number, streaming: boolean): Promise<Buffer[][]> {
  const client = new Client(address);
  try {
    const { sessionId } = await client.createSession(ENV_ID, ENVS);
    await client.reset(sessionId, Array.from({ length: ENVS }, (_, i) => seedOf(c, i)));
    let responses: StepResponse[] = [];
    if (streaming) {
      const stream = client.stream();
      stream.on('data', (r: StepResponse) => responses.push(r));
      const ended = new Promise((resolve, reject) => { stream.on('end', resolve); stream.on('error', reject); });
      for (let t = 0; t < STEPS; t++) stream.write({ sessionId, envIds: [], actions: actionTensor(actionsAt(c, t)), sequence: BigInt(t), renderPoses: false });
      stream.end();
      await ended;
      assert.deepEqual(responses.map((r) => r.sequence), Array.from({ length: STEPS }, (_, t) => BigInt(t)));
    } else {
      for (let t = 0; t < STEPS; t++) responses.push(await client.step(sessionId, actionTensor(actionsAt(c, t))));
    }
    await client.close(sessionId);
    return responses.map((r) => Array.from({ length: ENVS }, (_, i) => rowBytes(r.observations!, i)));
  } finally {
    client.dispose();
  }
}

/** The same env stepped alone in its own 1-env session. */
async function runAlone(client: Client, c: number, i: number): Promise<Buffer[]> {
  const { sessionId } = await client.createSession(ENV_ID, 1);
  await client.reset(sessionId, [seedOf(c, i)]);
  const out: Buffer[] = [];
  for (let t = 0; t < STEPS; t++) {
    const r = await client.step(sessionId, actionTensor([actionsAt(c, t)[i]!]));
    out.push(rowBytes(r.observations!, 0));
  }
  await client.close(sessionId);
  return out;
}

test('8 clients × 4 envs in parallel get exactly their own trajectories', { timeout: 120_000 }, async () => {
  const server = await startServer({ workers: 2 });
  try {
    const parallel = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => runClient(server.address, c, c % 2 === 1)));
    const client = new Client(server.address);
    try {
      for (let c = 0; c < CLIENTS; c++) {
        for (let i = 0; i < ENVS; i++) {
          const expected = await runAlone(client, c, i);
          expected.forEach((bytes, t) => assert.ok(parallel[c]![t]![i]!.equals(bytes), `client ${c} env ${i} step ${t} differs`));
        }
      }
      // Different clients' envs really differ (a mix-up could not pass unnoticed).
      assert.ok(!parallel[0]![STEPS - 1]![0]!.equals(parallel[1]![STEPS - 1]![0]!));
    } finally {
      client.dispose();
    }
  } finally {
    await server.close();
  }
});
