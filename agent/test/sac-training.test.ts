import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../src/backend/index.js';
import type { OnlineEnv, OnlineStepResult } from '../src/envs/vector-env.js';
import { trainSac } from '../src/sac/sac-training.js';
import { loadSacCheckpoint } from '../src/sac/sac-checkpoint.js';
import { SAC_DEFAULTS, type SacSettings } from '../src/sac/sac-settings.js';

await selectBackend('cpu', () => {});

const SMALL: SacSettings = { ...SAC_DEFAULTS, actorHidden: [8], criticHidden: [8], batchSize: 16, startSteps: 20 };

/** Two envs, obs = (t, a₀, a₁) of the last action, reward −Σa², episodes of 5 steps; env 1 falls on step 3. */
class FakeEnv implements OnlineEnv {
  readonly spec = { obsDim: 3, actDim: 2, maxEpisodeSteps: 5, taskIds: [1] };
  readonly count = 2;
  readonly waitMs = 0;
  private t = [0, 0];
  async start(): Promise<Float32Array> {
    this.t = [0, 0];
    return new Float32Array(6);
  }
  async stepAutoReset(actions: Float32Array): Promise<OnlineStepResult> {
    const r: OnlineStepResult = {
      observations: new Float32Array(6), nextObservations: new Float32Array(6), rewards: new Float32Array(2),
      terminated: new Uint8Array(2), truncated: new Uint8Array(2), success: new Uint8Array(2), lost: new Uint8Array(2),
    };
    for (let i = 0; i < 2; i++) {
      const t = ++this.t[i]!;
      const [a0, a1] = [actions[2 * i]!, actions[2 * i + 1]!];
      r.nextObservations.set([t, a0, a1], 3 * i);
      r.rewards[i] = -(a0 * a0 + a1 * a1);
      r.terminated[i] = i === 1 && t === 3 ? 1 : 0;
      r.truncated[i] = t === 5 ? 1 : 0;
      if (r.terminated[i] || r.truncated[i]) this.t[i] = 0;
      else r.observations.set([t, a0, a1], 3 * i);
    }
    return r;
  }
  async close(): Promise<void> {}
}

const lines = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

test('SAC training: random actions first, then one update per env step; metrics, checkpoint and expert file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sac-train-'));
  const r = await trainSac({ env: new FakeEnv(), envId: 'fake-v0', steps: 60, outDir: dir, seed: 1, settings: SMALL, logInterval: 20, checkpointInterval: 40, config: { expert: 'fake' }, progress: false });
  assert.equal(r.envSteps, 60);
  assert.equal(r.updates, 40);
  const train = lines(dir).filter((l) => l.type === 'train');
  assert.deepEqual(train.map((l) => l.envSteps), [20, 40, 60]);
  assert.equal(train[0].criticLoss, undefined, 'no updates during the random start steps');
  for (const key of ['criticLoss', 'actorLoss', 'alpha', 'episodeReturn', 'fallRate']) assert.ok(Number.isFinite(train[2][key]), key);
  // Vector steps 21–30: env 0 is cut at its 25th and 30th steps, env 1 falls at 21, 24, 27, 30 → 4 falls of 6 episodes.
  assert.ok(Math.abs(train[2].fallRate - 2 / 3) < 1e-9);
  assert.deepEqual(lines(dir).filter((l) => l.type === 'checkpoint').map((l) => l.envSteps), [40, 60]);
  const ckpt = loadSacCheckpoint(r.checkpointPath);
  assert.equal(ckpt.loop.envSteps, 60);
  assert.equal(ckpt.replay.size, 60);
  assert.equal(ckpt.agent.step, 40);
  const expert = JSON.parse(readFileSync(r.expertPath, 'utf8'));
  assert.equal(expert.envId, 'fake-v0');
  assert.deepEqual(expert.layers.map((l: { inputDim: number; outputDim: number }) => [l.inputDim, l.outputDim]), [[3, 8], [8, 2]]);
});

test('SAC training resumes from its checkpoint: the replay buffer, update count and generators continue', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sac-resume-'));
  const base = { envId: 'fake-v0', outDir: dir, seed: 2, settings: SMALL, logInterval: 20, checkpointInterval: 20, config: { expert: 'fake' }, progress: false as const };
  await trainSac({ ...base, env: new FakeEnv(), steps: 40 });
  const first = loadSacCheckpoint(join(dir, 'checkpoint.msgpack'));
  const r = await trainSac({ ...base, env: new FakeEnv(), steps: 80, resume: first });
  assert.equal(r.envSteps, 80);
  assert.equal(r.updates, 60);
  const ckpt = loadSacCheckpoint(r.checkpointPath);
  assert.equal(ckpt.replay.size, 80);
  assert.deepEqual(ckpt.replay.rewards.subarray(0, 40), first.replay.rewards, 'the saved transitions were kept');
  assert.equal(ckpt.loop.starts, 2);
  assert.notDeepEqual(ckpt.batchRng, first.batchRng);
  const log = lines(dir);
  assert.ok(log.some((l) => l.type === 'info' && l.event === 'resumed' && l.envSteps === 40));
  assert.deepEqual(log.filter((l) => l.type === 'train').map((l) => l.envSteps), [20, 40, 60, 80]);
});

test('the replay stores falls as terminal, and time-limit cuts too only when the expert asks for it (ant-ball)', async () => {
  const zeros = async (truncationIsTerminal: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'sac-mask-'));
    const settings = { ...SMALL, startSteps: 20, truncationIsTerminal };
    await trainSac({ env: new FakeEnv(), envId: 'fake-v0', steps: 20, outDir: dir, seed: 1, settings, logInterval: 20, checkpointInterval: 20, config: {}, progress: false });
    return loadSacCheckpoint(join(dir, 'checkpoint.msgpack')).replay.masks.filter((m) => m === 0).length;
  };
  // 10 vector steps: env 0 is cut at its 5th and 10th steps; env 1 falls after steps 3, 6, 9 (episodes 3, 3, 3).
  assert.equal(await zeros(false), 3);
  assert.equal(await zeros(true), 5);
});
