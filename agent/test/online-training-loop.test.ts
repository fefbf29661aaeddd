// The online loop's schedule on a scripted env (no network): floor(envSteps × utd) updates, evaluations at the
// start, every evalInterval env steps and at the end, the agent's step counter continuing, and episodes committed
// whole at their end (truncated ones with mask 1, terminated ones with mask 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainOnline } from '../src/online/online-training.js';
import type { OnlineEnv, OnlineStepResult } from '../src/envs/vector-env.js';
import { TransitionDataset } from '../src/training/transition-dataset.js';
import type { TrainableAgent } from '../src/algorithms/agent.js';

/** Env i's episode lasts 3 + i steps; env 0 terminates, the others truncate. Observation = [env, t]. */
function scriptedEnv(count: number): OnlineEnv {
  const t = new Int32Array(count);
  const obs = () => Float32Array.from({ length: count * 2 }, (_, k) => (k % 2 === 0 ? k / 2 : t[(k - 1) / 2]!));
  return {
    spec: { obsDim: 2, actDim: 1, maxEpisodeSteps: 10, taskIds: [1] }, count, waitMs: 0,
    start: async () => obs(),
    async stepAutoReset(): Promise<OnlineStepResult> {
      const r = { rewards: new Float32Array(count), terminated: new Uint8Array(count), truncated: new Uint8Array(count),
        success: new Uint8Array(count), lost: new Uint8Array(count) };
      for (let i = 0; i < count; i++) {
        t[i]!++;
        r.rewards[i] = -1;
        if (t[i] === 3 + i) (i === 0 ? r.terminated : r.truncated)[i] = 1;
      }
      const nextObservations = obs();
      for (let i = 0; i < count; i++) if (t[i] === 3 + i) t[i] = 0;
      return { ...r, observations: obs(), nextObservations };
    },
    close: async () => {},
  };
}

function countingAgent(start: number): TrainableAgent & { evalSteps: number[] } {
  let step = start;
  return {
    kind: 'fake', obsDim: 2, actDim: 1, evalSteps: [],
    get step() { return step; },
    update: async () => { step++; return { loss: 1 }; },
    act: async (_o, count) => new Float32Array(count).fill(0.5),
    getState: async () => ({ kind: 'fake', config: {}, step, tensors: {} }),
    setState: () => {},
  };
}

test('online loop: utd schedule, evaluation points, step counter, whole episodes with masks', async () => {
  const out = mkdtempSync(join(tmpdir(), 'qflow-online-loop-'));
  try {
    const buffer = new TransitionDataset(2, 1, 1000);
    buffer.add({ observation: [9, 9], action: [0], reward: 0, mask: 1, nextObservation: [9, 9] });
    const agent = countingAgent(100);
    const res = await trainOnline({
      agent, buffer, env: scriptedEnv(2), envSteps: 30, utd: 0.5, batchSize: 4, seed: 1, outDir: out,
      logInterval: 10, evalInterval: 10, config: {}, progress: false,
      evaluate: async (_a, step) => { agent.evalSteps.push(step); return { success: 0 }; },
    });
    assert.equal(res.envSteps, 30);
    assert.equal(res.updates, 15);
    assert.equal(agent.step, 115);
    // Evaluations: start (step 100), after 10 and 20 env steps (5 and 10 updates later), and the end.
    assert.deepEqual(agent.evalSteps, [100, 105, 110, 115]);
    // Env 0: 15 steps = 5 episodes of 3; env 1: 15 steps = 3 episodes of 4 and 3 steps pending.
    assert.equal(res.completedEpisodes, 8);
    assert.equal(res.committedTransitions, 15 + 12);
    assert.equal(buffer.size, 1 + 27);
    const masks = Array.from(buffer.masks.subarray(1));
    const obs = Array.from(buffer.observations.subarray(2));
    const terminalRows = masks.map((m, k) => (m === 0 ? obs[2 * k] : -1)).filter((e) => e !== -1);
    assert.deepEqual(new Set(terminalRows), new Set([0]), 'only env 0 terminates (mask 0)');
    assert.equal(masks.filter((m) => m === 0).length, 5);
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.filter((l) => l.type === 'train').every((l) => l.phase === 'online'));
    assert.equal(lines.filter((l) => l.type === 'eval').length, 4);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
