import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainOffline } from '../src/training/offline-training.js';
import { loadCheckpoint } from '../src/checkpoints/checkpoint.js';
import { TransitionDataset } from '../src/training/transition-dataset.js';
import type { Batch } from '../src/training/batch-sampler.js';
import type { AgentStateLike, TrainableAgent } from '../src/algorithms/agent.js';

/** A fake agent whose weights depend on every batch it has seen, in order (so any sampling change shows). */
class FakeAgent implements TrainableAgent {
  readonly kind = 'fake';
  step = 0;
  w = new Float32Array(3);
  constructor(readonly obsDim: number, readonly actDim: number) {}
  async update(b: Batch): Promise<Record<string, number>> {
    let s = 0;
    for (let i = 0; i < b.size; i++) s += b.rewards[i]! * (i + 1);
    this.w[this.step % 3] = Math.fround(this.w[this.step % 3]! * 0.9 + s * 1e-3);
    this.step++;
    return { 'loss/critic': s / b.size, 'q/mean': this.w[0]!, 'grad/norm': 1 };
  }
  async act(_o: Float32Array, count: number): Promise<Float32Array> { return new Float32Array(count * this.actDim); }
  async getState(): Promise<AgentStateLike> {
    return { kind: this.kind, config: {}, step: this.step, tensors: { w: { shape: [3], data: this.w.slice() } } };
  }
  setState(s: AgentStateLike): void { this.step = s.step; this.w = s.tensors['w']!.data.slice(); }
}

function dataset(): TransitionDataset {
  const ds = new TransitionDataset(2, 1, 200);
  for (let i = 0; i < 200; i++) {
    ds.add({ observation: [i, -i], action: [0], reward: Math.sin(i), mask: 1, nextObservation: [i + 1, -i - 1] });
  }
  return ds;
}

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'qflow-loop-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const base = { batchSize: 16, seed: 11, logInterval: 5, evalInterval: 0, checkpointInterval: 0, config: { run: 'test' }, progress: false as const };

test('loop: JSONL lines parse and carry step, losses, Q values, grad norms, updates/s; evals at 1 and every K', async (t) => {
  const dir = tempDir(t);
  const evalSteps: number[] = [];
  const res = await trainOffline({
    ...base, agent: new FakeAgent(2, 1), dataset: dataset(), steps: 20, outDir: dir, evalInterval: 10,
    evaluate: async (_a, step) => { evalSteps.push(step); return { success: 0.25 }; },
  });
  assert.equal(res.step, 20);
  const lines = readFileSync(res.metricsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const train = lines.filter((l) => l.type === 'train');
  assert.deepEqual(train.map((l) => l.step), [5, 10, 15, 20]);
  for (const l of train) {
    for (const key of ['loss/critic', 'q/mean', 'grad/norm', 'updatesPerSec', 'elapsedSec', 'time']) {
      assert.ok(key in l, `train line lacks '${key}': ${JSON.stringify(l)}`);
    }
    assert.ok(l.updatesPerSec > 0 && Number.isFinite(l.updatesPerSec));
  }
  assert.deepEqual(evalSteps, [1, 10, 20]);
  assert.deepEqual(lines.filter((l) => l.type === 'eval').map((l) => [l.step, l.success]), [[1, 0.25], [10, 0.25], [20, 0.25]]);
  assert.equal(lines.at(-1).type, 'checkpoint');
  const svg = readFileSync(res.curvesPath, 'utf8');
  for (const name of ['loss/critic', 'q/mean', 'grad/norm', 'updatesPerSec', 'eval/success']) assert.ok(svg.includes(`>${name}<`), name);
  const ckpt = loadCheckpoint(res.checkpointPath);
  assert.equal(ckpt.loop.step, 20);
  assert.deepEqual(ckpt.config, { run: 'test' });
});

test('loop: N steps in one run equal N/2 + resume + N/2 (fake agent: sampler RNG and counters restored)', async (t) => {
  const dir = tempDir(t);
  const whole = new FakeAgent(2, 1);
  await trainOffline({ ...base, agent: whole, dataset: dataset(), steps: 30, outDir: join(dir, 'whole') });
  const first = new FakeAgent(2, 1);
  const half = await trainOffline({ ...base, agent: first, dataset: dataset(), steps: 15, outDir: join(dir, 'split') });
  const resumed = new FakeAgent(2, 1);
  // A different seed on resume must not matter: the checkpoint's RNG state wins.
  await trainOffline({ ...base, seed: 999, agent: resumed, dataset: dataset(), steps: 30, outDir: join(dir, 'split'),
    resume: loadCheckpoint(half.checkpointPath) });
  assert.equal(resumed.step, 30);
  assert.deepEqual(Array.from(resumed.w), Array.from(whole.w));
  // Without restoring the RNG the result differs (the check above can fail).
  const fresh = new FakeAgent(2, 1);
  fresh.setState(loadCheckpoint(half.checkpointPath).agent);
  await trainOffline({ ...base, agent: fresh, dataset: dataset(), steps: 15, outDir: join(dir, 'wrong') });
  assert.notDeepEqual(Array.from(fresh.w), Array.from(whole.w));
});

test('loop: mismatched dims and a checkpoint beyond --steps are rejected', async (t) => {
  const dir = tempDir(t);
  await assert.rejects(trainOffline({ ...base, agent: new FakeAgent(3, 1), dataset: dataset(), steps: 5, outDir: dir }), /dims/);
  const res = await trainOffline({ ...base, agent: new FakeAgent(2, 1), dataset: dataset(), steps: 10, outDir: dir });
  await assert.rejects(trainOffline({ ...base, agent: new FakeAgent(2, 1), dataset: dataset(), steps: 5, outDir: dir,
    resume: loadCheckpoint(res.checkpointPath) }), /step 10, beyond --steps 5/);
});

test('loop: the progress bar writes plain lines when stderr is not a TTY', async (t) => {
  const dir = tempDir(t);
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => { lines.push(s); return true; } };
  await trainOffline({ ...base, agent: new FakeAgent(2, 1), dataset: dataset(), steps: 10, outDir: dir, progress: stream });
  assert.ok(lines.length >= 1);
  assert.ok(lines.every((l) => l.endsWith('\n') && !l.includes('\r')), JSON.stringify(lines));
  assert.match(lines.at(-1)!, /^train fake: 10\/10 100\.0% [0-9.]+\/s eta 0s loss\/critic=/);
  const tty: string[] = [];
  await trainOffline({ ...base, agent: new FakeAgent(2, 1), dataset: dataset(), steps: 10, outDir: join(dir, 'tty'),
    progress: { isTTY: true, columns: 100, write: (s: string) => { tty.push(s); return true; } } });
  assert.ok(tty.some((s) => s.startsWith('\rtrain fake [') && s.includes('#')), JSON.stringify(tty));
});

test('loop: an aborted run stops after the current update and checkpoints it', async (t) => {
  const dir = tempDir(t);
  const stop = new AbortController();
  const agent = new FakeAgent(2, 1);
  const update = agent.update.bind(agent);
  agent.update = (b) => { if (agent.step === 6) stop.abort(); return update(b); };
  const res = await trainOffline({ ...base, agent, dataset: dataset(), steps: 50, outDir: dir, signal: stop.signal });
  assert.equal(res.interrupted, true);
  assert.equal(res.step, 7);
  assert.equal(loadCheckpoint(res.checkpointPath).loop.step, 7);
});
