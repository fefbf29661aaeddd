// The evaluation protocol of docs/algorithm.md#evaluation: for each task, `episodesPerTask` episodes, episode i reset
// with seed `seedOffset + i`; each runs until terminated or truncated; actions from the policy are clipped to [−1,
// 1]; an episode counts as a success when the env's success flag at its FINAL step is set. Episodes run in waves of
// `env.count` parallel envs.
import { mixSeeds } from '../random/seed-mixing.js';
import type { Env, EnvStepResult } from '../envs/vector-env.js';
import type { EpisodeRecorder } from './episode-recorder.js';

export interface EvalPolicy {
  act(observations: Float32Array, count: number, seed: number): Promise<Float32Array>;
}

export interface EvalOptions {
  taskIds: number[];
  episodesPerTask: number;
  /** Episode i of every task is reset with seed seedOffset + i (Q-Flow's `env.reset(seed=i)`). */
  seedOffset?: number;
  /** Seeds the policy's noise: step k of wave w acts with a seed derived from (policySeed, w, k). */
  policySeed?: number;
  /** Records the episodes it wants (body poses per step, for videos); asking for poses changes no result. */
  recorder?: EpisodeRecorder;
}

export interface TaskEvalResult {
  taskId: number;
  episodes: number;
  success: number;      // fraction of episodes whose final step reported success
  meanReturn: number;
  meanLength: number;
}

export interface EvalResult {
  success: number;      // mean of the per-task success rates
  meanReturn: number;
  episodes: number;
  tasks: TaskEvalResult[];
}

interface Episode { taskId: number; index: number; seed: number }

export async function evaluatePolicy(env: Env, policy: EvalPolicy, opts: EvalOptions): Promise<EvalResult> {
  const { taskIds, episodesPerTask } = opts;
  if (!Number.isInteger(episodesPerTask) || episodesPerTask < 1) {
    throw new Error(`evaluatePolicy: episodesPerTask must be an integer >= 1, got ${episodesPerTask}`);
  }
  const unknown = taskIds.filter((t) => !env.spec.taskIds.includes(t));
  if (taskIds.length === 0 || unknown.length) {
    throw new Error(`evaluatePolicy: unknown task id(s) [${unknown}]; valid: [${env.spec.taskIds}]`);
  }
  const episodes: Episode[] = [];
  for (const taskId of taskIds) {
    for (let i = 0; i < episodesPerTask; i++) episodes.push({ taskId, index: i, seed: (opts.seedOffset ?? 0) + i });
  }
  const outcomes = new Map<number, { success: number; ret: number; len: number }[]>();
  for (let start = 0, wave = 0; start < episodes.length; start += env.count, wave++) {
    const group = episodes.slice(start, start + env.count);
    const results = await runWave(env, policy, group, mixSeeds(opts.policySeed ?? 0, wave), opts.recorder);
    group.forEach((ep, i) => {
      const list = outcomes.get(ep.taskId) ?? [];
      list.push(results[i]!);
      outcomes.set(ep.taskId, list);
    });
  }
  const tasks = taskIds.map((taskId) => {
    const list = outcomes.get(taskId)!;
    return {
      taskId,
      episodes: list.length,
      success: mean(list.map((o) => o.success)),
      meanReturn: mean(list.map((o) => o.ret)),
      meanLength: mean(list.map((o) => o.len)),
    };
  });
  return {
    success: mean(tasks.map((t) => t.success)),
    meanReturn: mean(tasks.map((t) => t.meanReturn)),
    episodes: episodes.length,
    tasks,
  };
}

/** Runs one episode per env of `group` (the remaining envs of the vector idle with zero actions). */
async function runWave(env: Env, policy: EvalPolicy, group: Episode[], waveSeed: number, recorder?: EpisodeRecorder) {
  const n = env.count;
  const { obsDim, actDim, maxEpisodeSteps } = env.spec;
  const seeds = Array.from({ length: n }, (_, i) => group[i]?.seed ?? 0);
  const tasks = Array.from({ length: n }, (_, i) => group[i]?.taskId ?? group[0]!.taskId);
  let obs = await env.reset(seeds, tasks);
  checkLength('reset observations', obs, n * obsDim);
  const done = new Uint8Array(n);
  for (let i = group.length; i < n; i++) done[i] = 1;
  const out = group.map(() => ({ success: 0, ret: 0, len: 0 }));
  const actions = new Float32Array(n * actDim);
  const recorded = Uint8Array.from({ length: n }, (_, i) => (group[i] && recorder?.wants(group[i].taskId, group[i].index) ? 1 : 0));
  const stepOptions = recorded.includes(1) ? { renderPoses: recorded } : undefined;
  for (let k = 0; done.some((d) => d === 0); k++) {
    if (k >= maxEpisodeSteps) {
      throw new Error(`evaluatePolicy: env did not end episodes within maxEpisodeSteps=${maxEpisodeSteps}`);
    }
    const act = await policy.act(obs, n, mixSeeds(waveSeed, k));
    checkLength('policy actions', act, n * actDim);
    for (let j = 0; j < act.length; j++) actions[j] = Math.min(1, Math.max(-1, act[j]!));
    for (let i = 0; i < n; i++) if (done[i]) actions.fill(0, i * actDim, (i + 1) * actDim);
    const step = await env.step(actions, stepOptions);
    obs = step.observations;
    for (let i = 0; i < group.length; i++) {
      if (done[i]) continue;
      const o = out[i]!;
      if (recorded[i]) recordStep(recorder!, group[i]!, o.len, step, i, n);
      o.ret += step.rewards[i]!;
      o.len += 1;
      if (step.terminated[i] || step.truncated[i]) {
        o.success = step.success[i] ? 1 : 0;
        done[i] = 1;
        if (recorded[i]) recorder!.end(group[i]!.taskId, group[i]!.index, group[i]!.seed, { success: o.success === 1, return: o.ret, length: o.len });
      }
    }
  }
  return out;
}

function recordStep(recorder: EpisodeRecorder, ep: Episode, t: number, step: EnvStepResult, i: number, n: number): void {
  const row = step.bodyPoses ? step.bodyPoses.length / n : 0;
  recorder.step(ep.taskId, ep.index, t, {
    poses: step.bodyPoses?.subarray(i * row, (i + 1) * row), reward: step.rewards[i]!, success: step.success[i] === 1,
  });
}

function checkLength(what: string, a: ArrayLike<number>, n: number): void {
  if (a.length !== n) throw new Error(`evaluatePolicy: ${what} have length ${a.length}, expected ${n}`);
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

/**
 * The training loop's `evaluate` callback for an env: runs the protocol above with the agent's policy and returns
 * flat metrics (success, meanReturn, episodes, success/task<k>). Evaluation k uses policy seed (policySeed, k).
 */
export function envEvaluator(env: Env, opts: EvalOptions): (policy: EvalPolicy, step: number) => Promise<Record<string, number>> {
  return async (policy, step) => {
    const r = await evaluatePolicy(env, policy, { ...opts, policySeed: mixSeeds(opts.policySeed ?? 0, step) });
    const out: Record<string, number> = { success: r.success, meanReturn: r.meanReturn, episodes: r.episodes };
    for (const t of r.tasks) out[`success/task${t.taskId}`] = t.success;
    return out;
  };
}
