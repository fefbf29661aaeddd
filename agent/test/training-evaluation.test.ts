import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { envEvaluator, evaluatePolicy } from '../src/evaluation/policy-evaluation.js';
import type { Env, EnvStepResult } from '../src/envs/vector-env.js';
import { PoseRecorder } from '../src/evaluation/episode-recorder.js';

/**
 * A scripted env: episode length and the success flag at each step are functions of (task, seed). The success
 * flag flickers (set at an earlier step, cleared at the last) so that "final step's success" differs from
 * "success at any step".
 */
class ScriptedEnv implements Env {
  readonly spec = { obsDim: 1, actDim: 2, maxEpisodeSteps: 20, taskIds: [1, 2, 3] };
  readonly resets: { seed: number; task: number }[] = [];
  readonly actionsSeen: number[][] = [];
  private t: number[] = [];
  private seeds: number[] = [];
  private tasks: number[] = [];
  constructor(readonly count: number) {}

  static length(task: number, seed: number): number { return 3 + ((task + seed) % 4); }
  /** Final-step success: task 1 always, task 2 for even seeds, task 3 never (but task 3 "succeeds" mid-episode). */
  static finalSuccess(task: number, seed: number): boolean { return task === 1 || (task === 2 && seed % 2 === 0); }

  async reset(seeds: number[], taskIds: number[]): Promise<Float32Array> {
    this.seeds = seeds; this.tasks = taskIds; this.t = seeds.map(() => 0);
    seeds.forEach((seed, i) => this.resets.push({ seed, task: taskIds[i]! }));
    return new Float32Array(this.count);
  }

  async step(actions: Float32Array): Promise<EnvStepResult> {
    this.actionsSeen.push(Array.from(actions));
    const n = this.count;
    const r: EnvStepResult = { observations: new Float32Array(n), rewards: new Float32Array(n),
      terminated: new Uint8Array(n), truncated: new Uint8Array(n), success: new Uint8Array(n) };
    for (let i = 0; i < n; i++) {
      const t = ++this.t[i]!;
      const len = ScriptedEnv.length(this.tasks[i]!, this.seeds[i]!);
      r.rewards[i] = 1;
      r.observations[i] = t;
      if (t >= len) {
        const ok = ScriptedEnv.finalSuccess(this.tasks[i]!, this.seeds[i]!);
        r.success[i] = ok ? 1 : 0;
        if (ok) r.terminated[i] = 1; else r.truncated[i] = 1;
      } else {
        r.success[i] = this.tasks[i] === 3 && t === 1 ? 1 : 0;
      }
    }
    return r;
  }

  async close(): Promise<void> {}
}

const policy = { act: async (_obs: Float32Array, count: number) => new Float32Array(count * 2).fill(5) };

test('evaluation: success is the final step\'s flag, episodes per task with seeds 0..n-1, waves of env.count', async () => {
  const env = new ScriptedEnv(4);
  const res = await evaluatePolicy(env, policy, { taskIds: [1, 2, 3], episodesPerTask: 5 });
  assert.equal(res.episodes, 15);
  const byTask = Object.fromEntries(res.tasks.map((t) => [t.taskId, t]));
  assert.equal(byTask[1]!.success, 1);
  assert.equal(byTask[2]!.success, 3 / 5); // seeds 0, 2, 4
  assert.equal(byTask[3]!.success, 0);     // success mid-episode only: not counted
  assert.ok(Math.abs(res.success - (1 + 0.6 + 0) / 3) < 1e-12);
  for (const t of res.tasks) {
    assert.equal(t.episodes, 5);
    const lengths = [0, 1, 2, 3, 4].map((s) => ScriptedEnv.length(t.taskId, s));
    assert.equal(t.meanLength, lengths.reduce((a, b) => a + b) / 5);
    assert.equal(t.meanReturn, t.meanLength);
  }
  const used = env.resets.filter((_, i) => i < 15).map((r) => `${r.task}:${r.seed}`);
  const expected = [1, 2, 3].flatMap((task) => [0, 1, 2, 3, 4].map((s) => `${task}:${s}`));
  assert.deepEqual(used, expected);
  // Actions are clipped to [-1, 1] before stepping.
  assert.ok(env.actionsSeen.flat().every((a) => a <= 1 && a >= -1));
  assert.ok(env.actionsSeen.flat().some((a) => a === 1));
});

test('evaluation: the seed offset shifts episode seeds; bad options are rejected with a clear error', async () => {
  const env = new ScriptedEnv(2);
  const res = await evaluatePolicy(env, policy, { taskIds: [2], episodesPerTask: 2, seedOffset: 1 });
  assert.equal(res.tasks[0]!.success, 0.5); // seeds 1 (odd: fail) and 2 (even: success)
  await assert.rejects(evaluatePolicy(env, policy, { taskIds: [9], episodesPerTask: 1 }), /unknown task id\(s\) \[9\]; valid: \[1,2,3\]/);
  await assert.rejects(evaluatePolicy(env, policy, { taskIds: [1], episodesPerTask: 0 }), /episodesPerTask/);
});

test('evaluation: envEvaluator returns flat metrics for the training loop', async () => {
  const evaluate = envEvaluator(new ScriptedEnv(3), { taskIds: [1, 2], episodesPerTask: 4 });
  const m = await evaluate(policy, 1000);
  assert.deepEqual(m, { success: (1 + 0.5) / 2, meanReturn: m.meanReturn, episodes: 8, 'success/task1': 1, 'success/task2': 0.5 });
  assert.ok(m.meanReturn! > 0);
});

test('evaluation with a recorder on an env that sends no body poses: same results, no recordings, reported', async () => {
  const plain = await evaluatePolicy(new ScriptedEnv(4), policy, { taskIds: [1, 2], episodesPerTask: 3 });
  const recorder = new PoseRecorder(2);
  const recorded = await evaluatePolicy(new ScriptedEnv(4), policy, { taskIds: [1, 2], episodesPerTask: 3, recorder });
  assert.deepEqual(recorded, plain);
  assert.equal(recorder.posesMissing, true);
  assert.deepEqual(recorder.completed, []);
  const lines: string[] = [];
  const dir = join(tmpdir(), `qflow-no-poses-${process.pid}`);
  assert.deepEqual(await recorder.write(dir, 'scripted', async () => { throw new Error('unused'); }, (l) => lines.push(l)), []);
  assert.match(lines.join('\n'), /sent no body poses/);
  assert.equal(existsSync(dir), false, 'nothing written');
});
