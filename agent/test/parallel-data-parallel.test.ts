// Data-parallel updates: bit-identical for a given thread count, equal to the single-thread update up to float32
// rounding (the shards compute the same losses; only the order of additions differs), and exact resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../src/backend/index.js';
import { blasAvailability } from '../src/backend/blas-backend.js';
import { createAgent, makeAgentConfig, type Agent, type AgentKind, type AgentState, type Batch } from '../src/algorithms/index.js';
import { randomBatch } from './random-batch.js';

await selectBackend('cpu', () => {});

const OBS = 5;
const ACT = 2;
const config = (kind: AgentKind) => makeAgentConfig(kind, {
  preset: 'cpu', overrides: { batchSize: 16, actorHiddenDims: [16, 16], valueHiddenDims: [16, 16], flowSteps: 3 },
});

const batch = (seed: number, size = 16): Batch => randomBatch(seed, size, OBS, ACT);

async function train(agent: Agent, from: number, to: number): Promise<Record<string, number>[]> {
  const metrics = [];
  for (let i = from; i < to; i++) metrics.push(await agent.update(batch(i + 1)));
  return metrics;
}

function maxRelativeGap(a: AgentState, b: AgentState): number {
  let worst = 0;
  for (const [name, t] of Object.entries(a.tensors)) {
    const u = b.tensors[name]!.data;
    t.data.forEach((x, i) => { worst = Math.max(worst, Math.abs(x - u[i]!) / (1e-3 + Math.abs(x))); });
  }
  return worst;
}

function sameBits(a: AgentState, b: AgentState): boolean {
  return Object.entries(a.tensors).every(([name, t]) => Buffer.from(t.data.buffer).equals(Buffer.from(b.tensors[name]!.data.buffer)));
}

const blas = blasAvailability();
const cases = [['qflow', 'cpu'], ['fql', 'cpu'], ['qflow', 'blas']] as const;
for (const [kind, backend] of cases) {
  const skip = backend === 'blas' && !blas.ok ? blas.reason : false;
  test(`${kind} on ${backend}: 2 threads repeat bit for bit and match 1 thread up to float32 rounding`, { timeout: 60_000, skip }, async () => {
    await selectBackend(backend, () => {});
    const runs: AgentState[] = [];
    const metrics: Record<string, number>[][] = [];
    for (const threads of [2, 2, 1]) {
      const agent = createAgent(kind, config(kind), OBS, ACT, 7, { threads });
      metrics.push(await train(agent, 0, 4));
      runs.push(await agent.getState());
      agent.dispose();
    }
    assert.ok(sameBits(runs[0]!, runs[1]!), 'two runs with 2 threads differ');
    assert.deepEqual(metrics[0], metrics[1]);
    const gap = maxRelativeGap(runs[2]!, runs[0]!);
    assert.ok(gap < 1e-3, `1 vs 2 threads: largest relative gap ${gap}`);
    for (const name of Object.keys(metrics[2]![0]!)) {
      const [one, two] = [metrics[2]![3]![name]!, metrics[0]![3]![name]!];
      assert.ok(Math.abs(one - two) <= 1e-4 * (1 + Math.abs(one)), `${name}: 1 thread ${one}, 2 threads ${two}`);
    }
    await selectBackend('cpu', () => {});
  });
}

test('2 threads: 6 updates == 3 + getState/setState into a fresh agent + 3', { timeout: 60_000 }, async () => {
  const straight = createAgent('qflow', config('qflow'), OBS, ACT, 3, { threads: 2 });
  await train(straight, 0, 6);
  const half = createAgent('qflow', config('qflow'), OBS, ACT, 3, { threads: 2 });
  await train(half, 0, 3);
  const resumed = createAgent('qflow', config('qflow'), OBS, ACT, 99, { threads: 2 });
  resumed.setState(await half.getState());
  await train(resumed, 3, 6);
  assert.ok(sameBits(await straight.getState(), await resumed.getState()), 'resumed run differs');
  for (const a of [straight, half, resumed]) a.dispose();
});

test('threads must be a positive integer, at most one per batch row', async () => {
  assert.throws(() => createAgent('qflow', config('qflow'), OBS, ACT, 1, { threads: 0 }), /threads must be an integer >= 1, got 0/);
  assert.throws(() => createAgent('qflow', config('qflow'), OBS, ACT, 1, { threads: 17 }), /threads 17 exceed the batch size 16/);
  const agent = createAgent('qflow', config('qflow'), OBS, ACT, 1, { threads: 2 });
  await assert.rejects(agent.update(batch(1, 1)), /a batch of 1 rows cannot be shared by 2 threads/);
  assert.equal(agent.step, 0);
  agent.dispose();
});
