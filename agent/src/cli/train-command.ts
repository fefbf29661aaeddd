// `qflow train`: offline training of an agent from an OGBench-format dataset file.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { selectBackend } from '../backend/index.js';
import { createAgent, type AgentConfig, type AgentKind, type AgentState } from '../algorithms/index.js';
import { loadCheckpoint, type Checkpoint } from '../checkpoints/checkpoint.js';
import { trainOffline } from '../training/offline-training.js';
import { toTransitionDataset } from '../training/offline-dataset.js';
import { datasetFile, loadDataset, parseDatasetName } from '@qflow/datasets';
import { main as offlineOnlineMain, wantsOfflineOnline } from './offline-online-train.js';
import { UsageError, parseInteger, runCommand } from './cli-options.js';
import { AGENT_FLAG_NAMES, agentConfigOf, agentFlagOptions, agentFlagsHelp, parseAgentFlags, threadChoice } from './agent-flags.js';
import type { HelpPlan, RunPlan } from './run-plan.js';
import { DEFAULT_THREADS_TEXT } from '../parallel/thread-count.js';

const HELP = `usage: qflow train --dataset NAME|PATH.npz [options]

Offline training (docs/algorithm.md#offline-loop): N updates on batches drawn uniformly with replacement; JSONL metrics, a progress bar
on stderr, and an atomic checkpoint (weights, Adam moments, sampler RNG, counters) that --resume continues exactly.

options:
  --dataset NAME|PATH    a single-task dataset name, e.g. cube-double-play-singletask-task2-v0 (its file is read
                         from the dataset store: 'qflow datasets download'), or an OGBench .npz file
  --env NAME             with a file: the single-task name that picks the reward relabelling and the per-task
                         defaults (docs/algorithm.md#per-task-settings), e.g. antmaze-large-navigate-singletask-task1-v0
  --data-dir DIR         dataset store (default \$QFLOW_DATA_DIR or ~/.qflow/datasets)
${agentFlagsHelp(AGENT_FLAG_NAMES, { threads: `${DEFAULT_THREADS_TEXT}; a resumed run keeps its checkpoint's` })}
  --steps N              total updates (default 10000; a resumed run continues up to N)
  --log-interval N       JSONL line every N updates (default 100)
  --eval-interval N      evaluate every N updates (default 0 = off; needs env servers: the online pipeline)
  --checkpoint-interval N  checkpoint every N updates (default 0 = at the end only)
  --out DIR              run directory: metrics.jsonl, checkpoint.msgpack (default runs/train)
  --resume CKPT          continue from a checkpoint (its agent kind, agent config and seed win over the flags above)
  --no-progress          no progress bar
  -h, --help             this text

Offline → online in one run, or a rerun of a report: 'qflow train --offline-steps A --online-steps B ...' and
'qflow train --config REPORT/config.json' (see 'qflow train --online-steps 0 --help').`;

export const TRAIN_OPTIONS = {
  dataset: { type: 'string' }, env: { type: 'string' }, 'data-dir': { type: 'string' }, ...agentFlagOptions(AGENT_FLAG_NAMES),
  steps: { type: 'string', default: '10000' }, 'log-interval': { type: 'string', default: '100' },
  'eval-interval': { type: 'string', default: '0' }, 'checkpoint-interval': { type: 'string', default: '0' },
  out: { type: 'string', default: 'runs/train' }, resume: { type: 'string' }, 'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What a checkpoint's `config` holds, so that --resume can rebuild the run. */
export interface OfflineTrainConfig {
  dataset: string; env: string; agent: AgentKind; agentConfig: AgentConfig; seed: number; backend: string; threads?: number;
}

export interface TrainPlan extends RunPlan<OfflineTrainConfig> {
  source: DatasetSource;
  steps: number;
  logInterval: number;
  checkpointInterval: number;
  out: string;
  progress: boolean;
  resume?: Checkpoint;
}

/** `qflow train --dataset ... ARGV` checked and turned into its run, without doing any work. */
export function trainPlan(argv: string[]): HelpPlan | TrainPlan {
  const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: TRAIN_OPTIONS });
  if (values.help) return { help: true };
  const flags = parseAgentFlags(values);
  const steps = parseInteger('steps', values.steps, 1);
  const logInterval = parseInteger('log-interval', values['log-interval'], 1);
  const checkpointInterval = parseInteger('checkpoint-interval', values['checkpoint-interval'], 0);
  if (parseInteger('eval-interval', values['eval-interval'], 0) > 0) {
    throw new UsageError('--eval-interval: evaluation runs on remote env servers, which `qflow train` cannot reach yet; use --eval-interval 0 (the default)');
  }
  const resume = values.resume !== undefined ? loadResume(values.resume) : undefined;
  const saved = resume?.config as Partial<OfflineTrainConfig> | undefined;
  const source = resolveDataset(values.dataset ?? saved?.dataset, values.env ?? saved?.env, values['data-dir']);
  const agent = saved?.agent ?? flags.agent ?? 'qflow';
  const agentConfig = saved?.agentConfig ?? agentConfigOf(agent, flags.preset ?? 'cpu', source.name, flags.overrides);
  const seed = saved?.seed ?? flags.seed ?? 0;
  const threads = (backendName: string) => threadChoice(flags, backendName, { kind: agent, config: agentConfig }, saved ? saved.threads ?? 1 : undefined);
  return {
    help: false, backend: flags.backend ?? 'auto', threads,
    config: (backendName) => ({ dataset: source.path, env: source.name, agent, agentConfig, seed, backend: backendName, threads: threads(backendName).threads }),
    source, steps, logInterval, checkpointInterval, out: values.out, progress: !values['no-progress'], resume,
  };
}

export async function main(argv: string[]): Promise<number> {
  if (wantsOfflineOnline(argv)) return offlineOnlineMain(argv);
  return runCommand('train', async () => {
    const plan = trainPlan(argv);
    if (plan.help) {
      console.log(HELP);
      return 0;
    }
    const { source, resume } = plan;
    const backend = await selectBackend(plan.backend);
    const config = plan.config(backend.name);
    const loaded = toTransitionDataset(await loadDataset(source.path, { singleTask: source.singleTask }));
    console.error(`dataset: ${source.path} (${source.name}): ${loaded.dataset.size} transitions, obs ${loaded.dataset.obsDim}, act ${loaded.dataset.actDim}` +
      (loaded.clipped ? `; ${loaded.clipped} action entries clipped to ±(1−1e−5)` : ''));
    console.error(`threads: ${config.threads} per update (${plan.threads(backend.name).reason})`);
    const agent = createAgent(config.agent, config.agentConfig, loaded.dataset.obsDim, loaded.dataset.actDim, config.seed, { threads: config.threads });
    try {
      const stop = new AbortController();
      const onSigint = () => {
        console.error('\ninterrupted: writing a checkpoint after this update (Ctrl-C again to quit now)');
        process.off('SIGINT', onSigint);
        stop.abort();
      };
      process.on('SIGINT', onSigint);
      const result = await trainOffline({
        agent, dataset: loaded.dataset, steps: plan.steps, batchSize: config.agentConfig.batchSize, seed: config.seed, outDir: plan.out,
        logInterval: plan.logInterval, evalInterval: 0, checkpointInterval: plan.checkpointInterval,
        resume: resume && { ...resume, agent: resume.agent as AgentState }, config: config as unknown as Record<string, unknown>,
        progress: plan.progress ? process.stderr : false, signal: stop.signal,
      }).finally(() => process.off('SIGINT', onSigint));
      console.log(`${result.interrupted ? 'interrupted' : 'trained'} ${config.agent} at step ${result.step} (${result.updatesPerSec.toFixed(1)} updates/s); ` +
        `checkpoint ${result.checkpointPath}, metrics ${result.metricsPath}`);
      return 0;
    } finally {
      agent.dispose();
    }
  });
}

function loadResume(path: string): Checkpoint {
  if (!existsSync(path)) throw new UsageError(`--resume: checkpoint '${path}' does not exist`);
  return loadCheckpoint(path);
}

interface DatasetSource { path: string; name: string; singleTask: { env: string; taskId?: number } }

/**
 * A dataset name resolves to its file in the store; a path needs --env. Either way the single-task name gives the
 * reward relabelling (OGBench files store no rewards) and the per-task defaults.
 */
function resolveDataset(dataset: string | undefined, env: string | undefined, dataDir: string | undefined): DatasetSource {
  if (!dataset) throw new UsageError('--dataset NAME|PATH.npz is required');
  const isFile = dataset.endsWith('.npz') || existsSync(dataset);
  const name = isFile ? env : dataset;
  if (!name) throw new UsageError(`--env: required with a dataset file, e.g. --env antmaze-large-navigate-singletask-task1-v0`);
  let parsed;
  try {
    parsed = parseDatasetName(name);
  } catch (err) {
    throw new UsageError(`${isFile ? '--env' : '--dataset'}: ${(err as Error).message}`);
  }
  if (!parsed.singleTask) {
    throw new UsageError(`${isFile ? '--env' : '--dataset'}: '${name}' is not a single-task name; training needs rewards, e.g. ` +
      `${parsed.dataset.replace(/-v0$/, '')}-singletask-task1-v0`);
  }
  const path = isFile ? resolve(dataset) : datasetFile(parsed.dataset, 'train', dataDir);
  if (!existsSync(path)) {
    throw new UsageError(isFile ? `--dataset: file '${dataset}' does not exist`
      : `--dataset: '${parsed.dataset}' is not in the store (${path}); run 'qflow datasets download ${parsed.dataset}'`);
  }
  return { path, name, singleTask: { env: parsed.env, taskId: parsed.singleTask.taskId } };
}
