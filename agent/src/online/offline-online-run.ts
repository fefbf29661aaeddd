// One offline → online run (docs/algorithm.md#online-fine-tuning): load (or generate) the dataset, train offline,
// then fine-tune online on remote envs with the same replay buffer, the same sampler RNG and the same Adam moments,
// evaluating on remote envs along the way. Used by `qflow train --online-steps`, `qflow finetune` and `qflow demo`.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkGeneratedExperts, datasetFile, loadDataset, parseDatasetName, resolveDataDir, sha256File } from '@qflow/datasets';
import { createAgent, type Agent, type AgentState } from '../algorithms/index.js';
import { mixSeeds } from '../random/seed-mixing.js';
import { loadCheckpoint, type Checkpoint } from '../checkpoints/checkpoint.js';
import { evaluatePolicy, type EvalResult } from '../evaluation/policy-evaluation.js';
import { PoseRecorder, type EpisodeRecorder, type WrittenRecording } from '../evaluation/episode-recorder.js';
import { toTransitionDataset } from '../training/offline-dataset.js';
import { trainOffline, CHECKPOINT_FILE, METRICS_FILE } from '../training/offline-training.js';
import type { ProgressStream } from '../reports/progress-bar.js';
import type { MetricsRecord } from '../reports/metrics-log.js';
import type { TrainableAgent } from '../algorithms/agent.js';
import type { TransitionDataset } from '../training/transition-dataset.js';
import { EpisodesLostError, RemoteVectorEnv } from '../remote/remote-vector-env.js';
import { trainOnline, type OnlineTrainingResult } from './online-training.js';
import { generateDatasetProcess, startLocalEnvServer, type LocalEnvServer } from './qflow-subprocess.js';
import type { DatasetRecipe, RunConfig } from './run-config.js';

export interface RunOptions {
  config: RunConfig;
  outDir: string;
  /** Resolved env server addresses; none = start a local `qflow serve` for the run. */
  envServers?: string[];
  /** Extra flags for the local server (e.g. --workers 1). */
  localServerArgs?: string[];
  dataDir?: string;
  /** Continue from this checkpoint (its weights, Adam moments, sampler RNG and step); skips the offline phase
   * when the checkpoint is at or past `config.offlineSteps`. */
  resume?: Checkpoint;
  /** Offline phase: also checkpoint every N updates (0 = at its end only); the results do not depend on it. */
  checkpointInterval?: number;
  progress?: ProgressStream | false;
  log?: (line: string) => void;
  /** Record the first N evaluation episodes per task (body poses, for videos) into this folder; the files show the
   * last evaluation, i.e. the final policy. Recording changes no result. */
  video?: { episodesPerTask: number; dir: string };
  /** Sees every metrics.jsonl record of both phases as it is written (the Prometheus endpoint). */
  onRecord?: (record: MetricsRecord) => void;
  /** Sees the replay buffer at the end of the run (tests). */
  inspectBuffer?: (buffer: TransitionDataset) => void;
}

export interface PhaseTimes { datasetSec: number; offlineSec: number; onlineSec: number; totalSec: number }

export interface RunSummary {
  config: RunConfig;
  datasetPath: string;
  datasetSha256: string;
  datasetTransitions: number;
  servers: string[];
  /** Evaluation at the end of the offline phase (= before fine-tuning) and after fine-tuning. */
  before?: EvalResult;
  after?: EvalResult;
  offlineUpdatesPerSec?: number;
  online?: OnlineTrainingResult & { envWaitShare: number };
  times: PhaseTimes;
  bufferSize: number;
  finalStep: number;
  checkpointPath: string;
  metricsPath: string;
  /** The recorded evaluation episodes (RunOptions.video). */
  recordings: WrittenRecording[];
}

export const OFFLINE_CHECKPOINT_FILE = 'checkpoint-offline.msgpack';

export async function runOfflineOnline(opts: RunOptions): Promise<RunSummary> {
  const { config } = opts;
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  mkdirSync(opts.outDir, { recursive: true });

  const data = await prepareDataset(config, opts.dataDir, log);
  const loaded = toTransitionDataset(await loadDataset(data.path, { singleTask: { env: data.env, taskId: config.taskId } }), config.onlineSteps);
  const buffer = loaded.dataset;
  const datasetTransitions = buffer.size;
  log(`dataset: ${data.path}: ${buffer.size} transitions (obs ${buffer.obsDim}, act ${buffer.actDim}), sha256 ${data.sha256.slice(0, 16)}…`);
  const tData = performance.now();

  let local: LocalEnvServer | undefined;
  let trainEnv: RemoteVectorEnv | undefined;
  let evalEnv: RemoteVectorEnv | undefined;
  const agent = createAgent(config.agent, config.agentConfig, buffer.obsDim, buffer.actDim, config.seed, { threads: config.threads ?? 1 });
  try {
    let servers = opts.envServers;
    if (!servers?.length) {
      local = await startLocalEnvServer(opts.localServerArgs ?? [], log);
      servers = [local.address];
    }
    const envLog = (line: string) => log(`remote env: ${line}`);
    evalEnv = await RemoteVectorEnv.connect({
      servers, envId: config.envId, count: config.evalEnvs, seed: mixSeeds(config.seed, 0xe7a1), taskId: config.taskId,
      leaseSeconds: 3600, log: envLog,
    });
    checkDims(evalEnv, buffer.obsDim, buffer.actDim);
    log(`evaluation: ${config.evalEpisodes} episodes per task on tasks ${config.evalTasks.join(',')}, ${config.evalEnvs} envs on ${servers.join(', ')}`);
    const recorder = opts.video?.episodesPerTask ? new PoseRecorder(opts.video.episodesPerTask) : undefined;
    let lastEval: EvalResult | undefined;
    let lastEvalStep = -1;
    const evaluate = async (a: TrainableAgent, step: number) => {
      // The online phase starts with an evaluation at the step the offline phase just evaluated: reuse it.
      if (step !== lastEvalStep || !lastEval) lastEval = await evaluateWithRetry(evalEnv!, a, config, step, envLog, recorder);
      lastEvalStep = step;
      return flatEval(lastEval);
    };

    // ---- offline phase ----
    let resume = opts.resume;
    let before: EvalResult | undefined;
    let offlineUpdatesPerSec: number | undefined;
    if (config.offlineSteps > 0 && (!resume || resume.loop.step < config.offlineSteps)) {
      log(`offline: ${config.agent} to step ${config.offlineSteps} (batch ${config.agentConfig.batchSize}, backend ${config.backend}, ${config.threads ?? 1} thread${(config.threads ?? 1) > 1 ? 's' : ''})`);
      const off = await trainOffline({
        agent, dataset: buffer, steps: config.offlineSteps, batchSize: config.agentConfig.batchSize, seed: config.seed,
        outDir: opts.outDir, logInterval: config.logInterval, evalInterval: config.offlineEvalInterval || config.offlineSteps,
        evalSteps: config.offlineEvalSteps, checkpointInterval: opts.checkpointInterval ?? 0, evaluate, resume: resume && { ...resume, agent: resume.agent as AgentState },
        config: { run: config }, progress: opts.progress, onRecord: opts.onRecord,
      });
      offlineUpdatesPerSec = off.updatesPerSec;
      copyFileSync(off.checkpointPath, join(opts.outDir, OFFLINE_CHECKPOINT_FILE));
      resume = loadCheckpoint(off.checkpointPath);
      log(`offline: done, step ${off.step} (${off.updatesPerSec.toFixed(1)} updates/s)` + (lastEval ? `, success ${pct(lastEval.success)}` : ''));
    } else if (resume) {
      agent.setState(resume.agent as AgentState);
      log(`resumed from step ${resume.loop.step} (weights, Adam moments, sampler RNG)`);
    }
    const tOffline = performance.now();

    // ---- online phase ----
    let online: RunSummary['online'];
    let after: EvalResult | undefined;
    if (config.onlineSteps > 0) {
      trainEnv = await RemoteVectorEnv.connect({
        servers, envId: config.envId, count: config.numEnvs, seed: mixSeeds(config.seed, 0x0171e), taskId: config.taskId,
        leaseSeconds: 600, log: envLog,
      });
      log(`online: ${config.onlineSteps} env steps on ${config.numEnvs} envs (${trainEnv.placement.length} slots over ${trainEnv.servers.length} server(s)), ` +
        `utd ${config.utd}, from step ${agent.step}`);
      const short = shortOnlineWarning(config.onlineSteps, config.numEnvs, trainEnv.spec.maxEpisodeSteps);
      if (short) log(`online: warning: ${short}`);
      let evals = 0;
      const res = await trainOnline({
        agent, buffer, env: trainEnv, envSteps: config.onlineSteps, utd: config.utd, batchSize: config.agentConfig.batchSize,
        seed: config.seed, samplerRng: resume?.samplerRng, outDir: opts.outDir, logInterval: config.logInterval,
        evalInterval: config.onlineEvalInterval, config: { run: config }, progress: opts.progress, onRecord: opts.onRecord,
        evaluate: async (a, step) => {
          const m = await evaluate(a, step);
          if (evals++ === 0) before = lastEval;
          return m;
        },
      });
      after = lastEval;
      online = { ...res, envWaitShare: res.envWaitSec / res.wallSec };
      log(`online: done, step ${res.step}: ${res.envStepsPerSec.toFixed(1)} env steps/s, ${res.updatesPerSec.toFixed(1)} updates/s, ` +
        `${pct(online.envWaitShare)} of the time waiting on env servers; ${res.committedTransitions} transitions added, ` +
        `${res.droppedTransitions} dropped with ${res.lostEpisodes} lost episodes`);
    } else {
      before = lastEval;
    }
    const tOnline = performance.now();
    opts.inspectBuffer?.(buffer);
    const recordings = recorder ? await recorder.write(opts.video!.dir, config.envId, (t) => evalEnv!.sceneSpec(t), log) : [];
    return {
      recordings,
      config, datasetPath: data.path, datasetSha256: data.sha256, datasetTransitions, servers, before, after,
      offlineUpdatesPerSec, online, bufferSize: buffer.size, finalStep: agent.step,
      checkpointPath: join(opts.outDir, CHECKPOINT_FILE), metricsPath: join(opts.outDir, METRICS_FILE),
      times: {
        datasetSec: (tData - t0) / 1000, offlineSec: (tOffline - tData) / 1000, onlineSec: (tOnline - tOffline) / 1000,
        totalSec: (tOnline - t0) / 1000,
      },
    };
  } finally {
    agent.dispose();
    await trainEnv?.close();
    await evalEnv?.close();
    await local?.stop();
  }
}

interface PreparedDataset { path: string; env: string; sha256: string }

/** The train file from the store (generated first when missing and the config says how); checks its SHA-256. */
async function prepareDataset(config: RunConfig, dataDir: string | undefined, log: (line: string) => void): Promise<PreparedDataset> {
  const recipe = config.dataset;
  const parsed = parseDatasetName(recipe.name);
  const path = recipe.path ?? datasetFile(parsed.dataset, 'train', recipeDir(recipe, dataDir));
  if (!existsSync(path)) {
    if (recipe.path) throw new Error(`dataset file ${recipe.path} does not exist`);
    if (!recipe.episodes) {
      throw new Error(`dataset ${parsed.dataset} is not in the store (${path}); run 'qflow datasets download ${parsed.dataset}' ` +
        `or 'qflow datasets generate ${parsed.dataset} --episodes N'`);
    }
    const directed = recipe.collectionTask === undefined ? '' : `, task-directed: first subtask = task ${recipe.collectionTask}`;
    const how = ['cube', 'puzzle'].includes(parsed.family) ? 'the scripted oracles' : 'the expert policies of env-server/experts/';
    log(`dataset: generating ${parsed.dataset} (${recipe.episodes} episodes, seed ${recipe.generationSeed ?? 0}${directed}) with ${how}`);
    await generateDatasetProcess(parsed.dataset, {
      episodes: recipe.episodes, seed: recipe.generationSeed ?? 0, episodeLength: recipe.episodeLength, task: recipe.collectionTask,
      outDir: recipeDir(recipe, dataDir),
    });
  } else {
    log(`dataset: reusing ${path} from the store`);
    await refuseStaleExperts(path, log);
  }
  const sha256 = await sha256File(path);
  if (recipe.sha256 && recipe.sha256 !== sha256) {
    throw new Error(`dataset ${path} has SHA-256 ${sha256}, but the config was run on ${recipe.sha256}; ` +
      `regenerate it with the config's recipe (episodes ${recipe.episodes}, seed ${recipe.generationSeed}) in an empty --data-dir`);
  }
  return { path, env: parsed.env, sha256 };
}

/** A generated dataset whose expert files have changed since (an expert retrained or replaced) is not reused. */
async function refuseStaleExperts(path: string, log: (line: string) => void): Promise<void> {
  const { changed, missing } = await checkGeneratedExperts(path);
  for (const file of missing) log(`dataset: cannot check expert ${file} it was generated with (no longer there)`);
  if (changed.length > 0) {
    throw new Error(`dataset ${path} was generated with expert files that have changed since: ${changed.join('; ')}; ` +
      `delete ${dirname(path)} to generate it again with the current experts, or use another --data-dir`);
  }
}

/**
 * Where a dataset lives in the store: a generated one in its own folder named by its recipe
 * (generated/<name>-<episodes>ep-<rows>rows-seed<S>, plus -task<K> for task-directed data), so that it never shadows the downloaded OGBench file of the
 * same name and different recipes never collide; a downloaded one at the top of the store.
 */
export function recipeDir(recipe: DatasetRecipe, dataDir?: string): string {
  if (!recipe.episodes) return resolveDataDir(dataDir);
  const directed = recipe.collectionTask === undefined ? '' : `-task${recipe.collectionTask}`;
  const tag = `${recipe.name.replace(/-v0$/, '')}-${recipe.episodes}ep-${recipe.episodeLength ?? 1001}rows-seed${recipe.generationSeed ?? 0}${directed}`;
  return join(resolveDataDir(dataDir), 'generated', tag);
}

function checkDims(env: RemoteVectorEnv, obsDim: number, actDim: number): void {
  if (env.spec.obsDim !== obsDim || env.spec.actDim !== actDim) {
    throw new Error(`the env server's env has obs ${env.spec.obsDim} / act ${env.spec.actDim}, the dataset obs ${obsDim} / act ${actDim}`);
  }
}

/** The evaluation protocol on remote envs; a wave whose episodes were lost with a server is run again. */
export async function evaluateWithRetry(env: RemoteVectorEnv, agent: Pick<Agent, 'act'>, config: Pick<RunConfig, 'evalTasks' | 'evalEpisodes' | 'seed'>,
  step: number, log: (line: string) => void, recorder?: EpisodeRecorder): Promise<EvalResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await evaluatePolicy(env, agent, {
        taskIds: config.evalTasks, episodesPerTask: config.evalEpisodes, seedOffset: 0, policySeed: mixSeeds(config.seed, step), recorder,
      });
    } catch (err) {
      if (!(err instanceof EpisodesLostError) || attempt >= 3) throw err;
      log(`evaluation at step ${step}: ${err.message}; evaluating again on the remaining servers`);
    }
  }
}

export function flatEval(r: EvalResult): Record<string, number> {
  const out: Record<string, number> = { success: r.success, meanReturn: r.meanReturn, episodes: r.episodes };
  for (const t of r.tasks) out[`success/task${t.taskId}`] = t.success;
  return out;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/**
 * Why an online phase would add (almost) nothing to the buffer: fewer env steps per env than one episode, while
 * online transitions enter the buffer only when their episode ends. Undefined when every env can finish one.
 */
export function shortOnlineWarning(onlineSteps: number, numEnvs: number, maxEpisodeSteps: number): string | undefined {
  const perEnv = Math.floor(onlineSteps / numEnvs);
  if (perEnv >= maxEpisodeSteps) return undefined;
  return `${perEnv} env steps per env is less than one ${maxEpisodeSteps}-step episode, and online transitions enter the ` +
    'buffer when their episode ends: only episodes that end early (success) add any. ' +
    `Use --online-steps ≥ ${maxEpisodeSteps * numEnvs} or --num-envs ≤ ${envsFinishingEpisodes(onlineSteps, maxEpisodeSteps)}`;
}

/** The most envs (at least 1) among which `onlineSteps` env steps still let each finish a `maxEpisodeSteps` episode. */
export function envsFinishingEpisodes(onlineSteps: number, maxEpisodeSteps: number): number {
  return Math.max(1, Math.floor(onlineSteps / maxEpisodeSteps));
}
