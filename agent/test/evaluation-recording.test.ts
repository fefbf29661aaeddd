// Recording evaluation episodes for videos against a real env server (`qflow serve`): asking for body poses of the
// first N episodes per task changes no observation, reward or success (same seeds, with and without recording),
// and each recorded episode holds one pose row per step and the outcome the evaluation counted.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readEpisodeRecording } from '@qflow/proto';
import { PoseRecorder } from '../src/evaluation/episode-recorder.js';
import { evaluatePolicy, type EvalPolicy } from '../src/evaluation/policy-evaluation.js';
import { RemoteVectorEnv } from '../src/remote/remote-vector-env.js';
import { startServerProcess, type ServerProcess } from './env-server-process.js';

const ENV_ID = 'cube-single-play-singletask-task1-v0';
let server: ServerProcess;
before(async () => { server = await startServerProcess(); });
after(async () => { await server.stop(); });

/** Actions that depend on the observations and the seed; the hash covers every observation seen. */
function hashingPolicy(actDim: number): EvalPolicy & { digest(): string } {
  const hash = createHash('sha256');
  return {
    async act(obs, count, seed) {
      hash.update(new Uint8Array(obs.buffer, obs.byteOffset, obs.byteLength));
      const rowSize = obs.length / count;
      const out = new Float32Array(count * actDim);
      for (let i = 0; i < count; i++) {
        const s = obs.subarray(i * rowSize, (i + 1) * rowSize).reduce((a, b) => a + b, 0);
        for (let j = 0; j < actDim; j++) out[i * actDim + j] = Math.sin(s * 3 + j + (seed % 97));
      }
      return out;
    },
    digest: () => hash.digest('hex'),
  };
}

async function evaluate(recorder?: PoseRecorder) {
  const env = await RemoteVectorEnv.connect({ servers: [server.address], envId: ENV_ID, count: 3, seed: 11, taskId: 1 });
  try {
    const policy = hashingPolicy(env.spec.actDim);
    const result = await evaluatePolicy(env, policy, { taskIds: [1, 2], episodesPerTask: 2, policySeed: 5, recorder });
    const written = recorder ? await recorder.write(dir, ENV_ID, (t) => env.sceneSpec(t), () => {}) : [];
    return { result, observations: policy.digest(), written };
  } finally {
    await env.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'qflow-recording-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('recording episodes for videos changes no evaluation result; each recording matches its episode', async () => {
  const plain = await evaluate();
  const recorded = await evaluate(new PoseRecorder(1));
  assert.deepEqual(recorded.result, plain.result);
  assert.equal(recorded.observations, plain.observations);

  assert.deepEqual(recorded.written.map((w) => w.name), ['task1-ep0', 'task2-ep0']);
  for (const w of recorded.written) {
    const r = readEpisodeRecording(w.path);
    const task = plain.result.tasks.find((t) => t.taskId === w.taskId)!;
    assert.equal(r.envId, ENV_ID);
    assert.equal(r.scene.bodies.length, r.nbody);
    assert.ok(r.nbody > 1);
    assert.equal(r.scene.taskId, w.taskId);
    assert.equal(r.rewards.length, r.outcome.length);
    assert.equal(r.poses.length, r.outcome.length * r.nbody * 7);
    assert.ok(r.outcome.length >= 1 && r.outcome.length <= task.meanLength * task.episodes);
    assert.equal(r.outcome.return, r.rewards.reduce((a, b) => a + b, 0));
    const row = (t: number) => Array.from(r.poses.subarray(t * r.nbody * 7, (t + 1) * r.nbody * 7));
    assert.notDeepEqual(row(0), row(r.outcome.length - 1), 'the robot moves during the episode');
  }
});
