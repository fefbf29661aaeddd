// The online phase of docs/algorithm.md#online-fine-tuning: the agent acts (stochastically) in a vector of envs,
// every env step yields one transition, and `utd` gradient updates follow each env step on batches drawn uniformly
// from one buffer that holds the offline dataset plus the online transitions. Transitions wait in per-env pending
// episodes and enter the buffer when their episode ends; an episode lost with its server is dropped (see
// pending-episodes.ts). The agent's step counter continues from the offline phase; evaluation runs at the start,
// every `evalInterval` env steps and at the end. The time spent waiting on env calls is measured against the phase's
// wall time.
import { join } from 'node:path';
import { mixSeeds } from '../random/seed-mixing.js';
import { BatchSampler } from '../training/batch-sampler.js';
import { saveCheckpoint, type Checkpoint } from '../checkpoints/checkpoint.js';
import { MetricsAverager, MetricsLog, type MetricsRecord } from '../reports/metrics-log.js';
import { ProgressBar, type ProgressStream } from '../reports/progress-bar.js';
import type { TrainableAgent } from '../algorithms/agent.js';
import type { TransitionDataset } from '../training/transition-dataset.js';
import type { OnlineEnv, OnlineStepResult } from '../envs/vector-env.js';
import { PendingEpisodes } from './pending-episodes.js';

export interface OnlineTrainingOptions {
  agent: TrainableAgent;
  /** The replay buffer: the offline dataset, with room for the online transitions. */
  buffer: TransitionDataset;
  env: OnlineEnv;
  /** Env steps to take (summed over the vector's envs). */
  envSteps: number;
  /** Gradient updates per env step (default 1). */
  utd?: number;
  batchSize: number;
  /** Seeds the policy noise of the rollouts (and the sampler when `samplerRng` is not given). */
  seed: number;
  /** The sampler RNG to continue from (offline phase or checkpoint), for an exact continuation. */
  samplerRng?: Checkpoint['samplerRng'];
  outDir: string;
  /** A JSONL 'train' line every `logInterval` env steps. */
  logInterval: number;
  /** Evaluate every `evalInterval` env steps (0 = only at the start and the end). */
  evalInterval: number;
  evaluate?: (agent: TrainableAgent, step: number) => Promise<Record<string, number>>;
  config: Record<string, unknown>;
  checkpointFile?: string;
  progress?: ProgressStream | false;
  /** Called after each env step's transitions are handled (tests use it to kill a server mid-run). */
  onStep?: (info: { envSteps: number; result: OnlineStepResult }) => Promise<void> | void;
  /** Sees every metrics.jsonl record as it is written. */
  onRecord?: (record: MetricsRecord) => void;
}

export interface OnlineTrainingResult {
  /** The agent's update counter at the end. */
  step: number;
  envSteps: number;
  updates: number;
  committedTransitions: number;
  droppedTransitions: number;
  lostEpisodes: number;
  completedEpisodes: number;
  wallSec: number;
  /** Seconds spent waiting on env calls (network and env stepping). */
  envWaitSec: number;
  updateSec: number;
  actSec: number;
  envStepsPerSec: number;
  updatesPerSec: number;
  checkpointPath: string;
  lastEval: Record<string, number>;
}

/** The updates an online phase of `envSteps` env steps on `numEnvs` envs does: floor(steps actually taken × utd). */
export function onlineUpdateCount(envSteps: number, numEnvs: number, utd: number): number {
  return Math.floor(Math.ceil(envSteps / numEnvs) * numEnvs * utd + 1e-9);
}

export async function trainOnline(opts: OnlineTrainingOptions): Promise<OnlineTrainingResult> {
  validate(opts);
  const { agent, buffer, env } = opts;
  const n = env.count;
  const utd = opts.utd ?? 1;
  const sampler = new BatchSampler(opts.batchSize, buffer.obsDim, buffer.actDim, opts.samplerRng ?? opts.seed);
  const pending = new PendingEpisodes(n, buffer.obsDim, buffer.actDim);
  const log = new MetricsLog(join(opts.outDir, 'metrics.jsonl'), opts.onRecord);
  const checkpointPath = join(opts.outDir, opts.checkpointFile ?? 'checkpoint.msgpack');
  const bar = opts.progress === false ? undefined : new ProgressBar(opts.envSteps, 'online', opts.progress);
  const averager = new MetricsAverager();
  const actSeed = mixSeeds(opts.seed, 0x0a11);
  const r = { envSteps: 0, updates: 0, committed: 0, dropped: 0, lost: 0, completed: 0, updateMs: 0, actMs: 0 };
  const episodeReturn = new Float64Array(n);
  const recent: { success: number; ret: number }[] = [];
  let lastEval: Record<string, number> = {};
  const waitBefore = env.waitMs;
  const started = performance.now();

  const evaluate = async () => {
    if (!opts.evaluate) return;
    lastEval = await opts.evaluate(agent, agent.step);
    log.write({ type: 'eval', step: agent.step, phase: 'online', envSteps: r.envSteps, ...lastEval });
  };
  await evaluate();

  let obs = await env.start();
  let nextLog = opts.logInterval;
  const sinceLog = { waitMs: env.waitMs, vecSteps: 0 };
  let nextEval = opts.evalInterval || Infinity;
  for (let vecStep = 0; r.envSteps < opts.envSteps; vecStep++) {
    let t0 = performance.now();
    const actions = await agent.act(obs, n, mixSeeds(actSeed, vecStep));
    r.actMs += performance.now() - t0;
    const res = await env.stepAutoReset(actions);
    for (let i = 0; i < n; i++) {
      if (res.lost[i]) {
        r.dropped += pending.drop(i);
        r.lost++;
        episodeReturn[i] = 0;
        continue;
      }
      pending.push(i, obs, actions, res.rewards[i]!, 1 - res.terminated[i]!, res.nextObservations);
      episodeReturn[i] += res.rewards[i]!;
      if (res.terminated[i] || res.truncated[i]) {
        r.committed += pending.commit(i, buffer);
        r.completed++;
        recent.push({ success: res.success[i]!, ret: episodeReturn[i]! });
        episodeReturn[i] = 0;
      }
    }
    const lostNow = res.lost.reduce((a, b) => a + b, 0);
    if (lostNow) log.write({ type: 'info', step: agent.step, event: 'episodes-lost', envSteps: r.envSteps, count: lostNow });
    obs = res.observations;
    r.envSteps += n;
    await opts.onStep?.({ envSteps: r.envSteps, result: res });

    // Updates due after envSteps env steps: floor(envSteps × utd) in all (no drifting float accumulator).
    t0 = performance.now();
    const due = onlineUpdateCount(r.envSteps, 1, utd) - r.updates;
    for (let k = 0; k < due; k++) {
      averager.add(await agent.update(sampler.sample(buffer)));
      r.updates++;
    }
    r.updateMs += performance.now() - t0;

    if (r.envSteps >= nextLog || r.envSteps >= opts.envSteps) {
      nextLog += opts.logInterval;
      const wall = (performance.now() - started) / 1000;
      const rollouts = recent.splice(0);
      const vecSteps = vecStep + 1 - sinceLog.vecSteps;
      const line = {
        ...averager.flush(), envSteps: r.envSteps, bufferSize: buffer.size, envStepsPerSec: r.envSteps / wall,
        updatesPerSec: r.updates / wall, envWaitShare: (env.waitMs - waitBefore) / 1000 / wall,
        envStepLatencyMs: (env.waitMs - sinceLog.waitMs) / vecSteps, liveEnvs: n,
        ...(env.servers ? { envServers: env.servers.length } : {}),
        committedTransitions: r.committed, droppedTransitions: r.dropped, lostEpisodes: r.lost, completedEpisodes: r.completed,
        ...(rollouts.length ? {
          rolloutSuccess: rollouts.reduce((a, e) => a + e.success, 0) / rollouts.length,
          rolloutReturn: rollouts.reduce((a, e) => a + e.ret, 0) / rollouts.length,
        } : {}),
      };
      log.write({ type: 'train', step: agent.step, phase: 'online', ...line });
      Object.assign(sinceLog, { waitMs: env.waitMs, vecSteps: vecStep + 1 });
      bar?.update(r.envSteps, r.envSteps / wall, `upd ${r.updates} buf ${buffer.size} wait ${(line.envWaitShare * 100).toFixed(0)}%`);
    }
    if (r.envSteps >= nextEval && r.envSteps < opts.envSteps) {
      nextEval += opts.evalInterval;
      await evaluate();
    }
  }
  bar?.finish();
  const wallSec = (performance.now() - started) / 1000;
  const envWaitSec = (env.waitMs - waitBefore) / 1000;
  await evaluate();
  saveCheckpoint(checkpointPath, {
    agent: await agent.getState(), samplerRng: sampler.getRngState(),
    loop: { step: agent.step, elapsedSec: wallSec }, config: { ...opts.config, onlineEnvSteps: r.envSteps },
  });
  log.write({ type: 'checkpoint', step: agent.step, path: checkpointPath, phase: 'online' });
  return {
    step: agent.step, envSteps: r.envSteps, updates: r.updates, committedTransitions: r.committed,
    droppedTransitions: r.dropped, lostEpisodes: r.lost, completedEpisodes: r.completed, wallSec, envWaitSec,
    updateSec: r.updateMs / 1000, actSec: r.actMs / 1000, envStepsPerSec: r.envSteps / wallSec,
    updatesPerSec: r.updates / wallSec, checkpointPath, lastEval,
  };
}

function validate(o: OnlineTrainingOptions): void {
  for (const [name, v] of [['envSteps', o.envSteps], ['batchSize', o.batchSize], ['logInterval', o.logInterval]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`trainOnline: ${name} must be an integer >= 1, got ${v}`);
  }
  if (!Number.isInteger(o.evalInterval) || o.evalInterval < 0) throw new Error(`trainOnline: evalInterval must be an integer >= 0, got ${o.evalInterval}`);
  const utd = o.utd ?? 1;
  if (!(utd > 0) || !Number.isFinite(utd)) throw new Error(`trainOnline: utd must be a positive number, got ${utd}`);
  if (o.buffer.obsDim !== o.env.spec.obsDim || o.buffer.actDim !== o.env.spec.actDim) {
    throw new Error(`trainOnline: the buffer's dims (obs ${o.buffer.obsDim}, act ${o.buffer.actDim}) differ from the env's ` +
      `(obs ${o.env.spec.obsDim}, act ${o.env.spec.actDim})`);
  }
  if (o.buffer.size === 0) throw new Error('trainOnline: the buffer is empty (no offline data and no online data yet)');
}
