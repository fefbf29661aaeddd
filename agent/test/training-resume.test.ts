import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../src/backend/index.js';
import { createAgent, makeAgentConfig } from '../src/algorithms/index.js';
import { trainOffline } from '../src/training/offline-training.js';
import { loadCheckpoint } from '../src/checkpoints/checkpoint.js';
import { TransitionDataset } from '../src/training/transition-dataset.js';
import { AgentRng } from '../src/random/agent-rng.js';

function randomDataset(n: number, obsDim: number, actDim: number): TransitionDataset {
  const rng = new AgentRng(3);
  const ds = new TransitionDataset(obsDim, actDim, n);
  const vec = (d: number) => Array.from({ length: d }, () => rng.normal());
  for (let i = 0; i < n; i++) {
    ds.add({ observation: vec(obsDim), action: vec(actDim).map((a) => Math.tanh(a)), reward: -rng.uniform(),
      mask: rng.uniform() < 0.9 ? 1 : 0, nextObservation: vec(obsDim) });
  }
  return ds;
}

test('resume is exact: N updates == N/2 + checkpoint + resume + N/2 (real Q-Flow, cpu backend)', { timeout: 120_000 }, async (t) => {
  await selectBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'qflow-resume-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = makeAgentConfig('qflow', {
    preset: 'cpu', overrides: { actorHiddenDims: [16, 16], valueHiddenDims: [16, 16], batchSize: 8, flowSteps: 3, timeEmbedDim: 4 },
  });
  const obsDim = 3, actDim = 2, seed = 5, N = 6;
  const data = randomDataset(64, obsDim, actDim);
  const common = { dataset: data, batchSize: 8, seed: 17, logInterval: 2, evalInterval: 0, checkpointInterval: 0, config: {}, progress: false as const };

  const whole = createAgent('qflow', config, obsDim, actDim, seed);
  const run = await trainOffline({ ...common, agent: whole, steps: N, outDir: join(dir, 'whole') });
  // The real agent's metrics reach the JSONL: losses, Q values, gradient norms, updates/s.
  const line = JSON.parse(readFileSync(run.metricsPath, 'utf8').split('\n')[0]!);
  for (const key of ['critic_loss', 'actor_loss', 'q_mean', 'grad_norm', 'updatesPerSec']) assert.equal(typeof line[key], 'number', key);

  const first = createAgent('qflow', config, obsDim, actDim, seed);
  const half = await trainOffline({ ...common, agent: first, steps: N / 2, outDir: join(dir, 'split') });
  first.dispose();
  // A fresh process would build a new agent (different init seed even) and restore everything from the file.
  const resumed = createAgent('qflow', config, obsDim, actDim, seed + 1);
  await trainOffline({ ...common, agent: resumed, steps: N, outDir: join(dir, 'split'), resume: loadCheckpoint(half.checkpointPath) });

  const a = await whole.getState();
  const b = await resumed.getState();
  assert.equal(b.step, N);
  assert.deepEqual(Object.keys(b.tensors).sort(), Object.keys(a.tensors).sort());
  for (const name of Object.keys(a.tensors)) {
    const x = a.tensors[name]!.data;
    const y = b.tensors[name]!.data;
    assert.deepEqual(new Uint8Array(y.buffer, y.byteOffset, y.byteLength), new Uint8Array(x.buffer, x.byteOffset, x.byteLength), `tensor ${name} differs`);
  }
  // The comparison can fail: one more update changes the weights.
  const changed = await whole.getState();
  await whole.update({ size: 8, observations: data.observations.slice(0, 24), actions: data.actions.slice(0, 16),
    rewards: data.rewards.slice(0, 8), masks: data.masks.slice(0, 8), nextObservations: data.nextObservations.slice(0, 24) });
  const after = await whole.getState();
  assert.ok(Object.keys(after.tensors).some((k) => after.tensors[k]!.data.some((v, i) => v !== changed.tensors[k]!.data[i])));
  whole.dispose();
  resumed.dispose();
});
