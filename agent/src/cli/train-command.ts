// `qflow train`: offline training of an agent from an OGBench-format dataset file.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { selectBackend, BACKEND_CHOICES, type BackendRequest } from '../backend/index.js';
import { defaultThreads } from '../parallel/thread-count.js';
import { AGENT_KINDS, PRESET_NAMES, createAgent, makeAgentConfig, type AgentConfig, type AgentKind, type AgentState } from '../algorithms/agent.js';
import type { PresetName } from '../algorithms/agent-config.js';
import { loadCheckpoint, type Checkpoint } from '../training/checkpoint.js';
import { trainOffline } from '../training/offline-training.js';
import { toTransitionDataset } from '../training/offline-dataset.js';
import { datasetFile, loadDataset, parseDatasetName } from '@qflow/datasets';
import { main as offlineOnlineMain, wantsOfflineOnline } from './offline-online-train.js';
import { UsageError, parseChoice, parseInteger, parsePositive, runCommand } from './cli-options.js';

const HELP = `usage: qflow train --dataset NAME|PATH.npz [options]

Offline training (spec §3.3): N updates on batches drawn uniformly with replacement; JSONL metrics, a progress bar
on stderr, and an atomic checkpoint (weights, Adam moments, sampler RNG, counters) that --resume continues exactly.

options:
  --dataset NAME|PATH    a single-task dataset name, e.g. cube-double-play-singletask-task2-v0 (its file is read
                         from the dataset store: 'qflow datasets download'), or an OGBench .npz file
  --env NAME             with a file: the single-task name that picks the reward relabelling and the per-task
                         defaults (spec §4), e.g. antmaze-large-navigate-singletask-task1-v0
  --data-dir DIR         dataset store (default \$QFLOW_DATA_DIR or ~/.qflow/datasets)
  --agent KIND           ${AGENT_KINDS.join(' | ')} (default qflow)
  --preset NAME          ${PRESET_NAMES.join(' | ')} (default cpu)
  --steps N              total updates (default 10000; a resumed run continues up to N)
  --batch-size N         overrides the preset's batch size
  --lambda X             Q-Flow/BPTT guidance λ;   --alpha X   FQL distillation α;   --lr X   Adam rate
  --seed N               agent init, noise and sampler seed (default 0)
  --backend NAME         ${BACKEND_CHOICES.join(' | ')} (default auto)
  --threads N            threads sharing each update (default: the cores, 1 on tensorflow/webgpu; a resumed run
                         keeps its checkpoint's); results depend on N, not on the machine
  --log-interval N       JSONL line every N updates (default 100)
  --eval-interval N      evaluate every N updates (default 0 = off; needs env servers: the online pipeline)
  --checkpoint-interval N  checkpoint every N updates (default 0 = at the end only)
  --out DIR              run directory: metrics.jsonl, checkpoint.msgpack (default runs/train)
  --resume CKPT          continue from a checkpoint (its agent kind and config win over the flags above)
  --no-progress          no progress bar
  -h, --help             this text

Offline → online in one run, or a rerun of a report: 'qflow train --offline-steps A --online-steps B ...' and
'qflow train --config REPORT/config.json' (see 'qflow train --online-steps 0 --help').`;

export async function main(argv: string[]): Promise<number> {
  if (wantsOfflineOnline(argv)) return offlineOnlineMain(argv);
  return runCommand('train', async () => {
    const { values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        dataset: { type: 'string' }, env: { type: 'string' }, 'data-dir': { type: 'string' },
        agent: { type: 'string', default: 'qflow' }, preset: { type: 'string', default: 'cpu' },
        steps: { type: 'string', default: '10000' }, 'batch-size': { type: 'string' },
        lambda: { type: 'string' }, alpha: { type: 'string' }, lr: { type: 'string' },
        seed: { type: 'string', default: '0' }, backend: { type: 'string', default: 'auto' }, threads: { type: 'string' },
        'log-interval': { type: 'string', default: '100' }, 'eval-interval': { type: 'string', default: '0' },
        'checkpoint-interval': { type: 'string', default: '0' }, out: { type: 'string', default: 'runs/train' },
        resume: { type: 'string' }, 'no-progress': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const resume = values.resume !== undefined ? loadResume(values.resume) : undefined;
    const saved = resume?.config as Partial<RunConfig> | undefined;
    const source = resolveDataset(values.dataset ?? saved?.dataset, values.env ?? saved?.env, values['data-dir']);
    const kind = saved?.agent ?? parseChoice<AgentKind>('agent', values.agent!, AGENT_KINDS);
    const steps = parseInteger('steps', values.steps!, 1);
    const seed = saved?.seed ?? parseInteger('seed', values.seed!, 0);
    const agentConfig = saved?.agentConfig ?? buildAgentConfig(kind, values, source.name);
    const backend = await selectBackend(parseChoice<BackendRequest>('backend', values.backend!, BACKEND_CHOICES));
    const evalInterval = parseInteger('eval-interval', values['eval-interval']!, 0);
    if (evalInterval > 0) {
      throw new UsageError('--eval-interval: evaluation runs on remote env servers, which `qflow train` cannot reach yet; use --eval-interval 0 (the default)');
    }

    const loaded = toTransitionDataset(await loadDataset(source.path, { singleTask: source.singleTask }));
    console.error(`dataset: ${source.path} (${source.name}): ${loaded.dataset.size} transitions, obs ${loaded.dataset.obsDim}, act ${loaded.dataset.actDim}` +
      (loaded.clipped ? `; ${loaded.clipped} action entries clipped to ±(1−1e−5)` : ''));
    const threads = saved && values.threads === undefined
      ? { threads: saved.threads ?? 1, reason: 'the checkpoint\'s run' }
      : values.threads !== undefined ? { threads: parseInteger('threads', values.threads, 1), reason: '--threads' } : defaultThreads(backend.name);
    console.error(`threads: ${threads.threads} per update (${threads.reason})`);
    const agent = createAgent(kind, agentConfig, loaded.dataset.obsDim, loaded.dataset.actDim, seed, { threads: threads.threads });
    try {
      const config: RunConfig = { dataset: source.path, env: source.name, agent: kind, agentConfig, seed, backend: backend.name, threads: threads.threads };
      const stop = new AbortController();
      const onSigint = () => {
        console.error('\ninterrupted: writing a checkpoint after this update (Ctrl-C again to quit now)');
        process.off('SIGINT', onSigint);
        stop.abort();
      };
      process.on('SIGINT', onSigint);
      const result = await trainOffline({
        agent, dataset: loaded.dataset, steps, batchSize: agentConfig.batchSize, seed, outDir: values.out!,
        logInterval: parseInteger('log-interval', values['log-interval']!, 1), evalInterval,
        checkpointInterval: parseInteger('checkpoint-interval', values['checkpoint-interval']!, 0),
        resume: resume && { ...resume, agent: resume.agent as AgentState }, config: config as unknown as Record<string, unknown>,
        progress: values['no-progress'] ? false : process.stderr, signal: stop.signal,
      }).finally(() => process.off('SIGINT', onSigint));
      console.log(`${result.interrupted ? 'interrupted' : 'trained'} ${kind} at step ${result.step} (${result.updatesPerSec.toFixed(1)} updates/s); ` +
        `checkpoint ${result.checkpointPath}, metrics ${result.metricsPath}`);
      return 0;
    } finally {
      agent.dispose();
    }
  });
}

/** What a checkpoint's `config` holds, so that --resume can rebuild the run. */
interface RunConfig {
  dataset: string; env: string; agent: AgentKind; agentConfig: AgentConfig; seed: number; backend: string; threads?: number;
}

function loadResume(path: string): Checkpoint {
  if (!existsSync(path)) throw new UsageError(`--resume: checkpoint '${path}' does not exist`);
  return loadCheckpoint(path);
}

function buildAgentConfig(kind: AgentKind, v: Record<string, string | boolean | undefined>, env?: string): AgentConfig {
  const overrides: Partial<AgentConfig> = {};
  if (typeof v['batch-size'] === 'string') overrides.batchSize = parseInteger('batch-size', v['batch-size'], 1);
  if (typeof v.lambda === 'string') overrides.guidanceLambda = parsePositive('lambda', v.lambda);
  if (typeof v.alpha === 'string') overrides.alpha = parsePositive('alpha', v.alpha);
  if (typeof v.lr === 'string') overrides.lr = parsePositive('lr', v.lr);
  const preset = parseChoice<PresetName>('preset', String(v.preset), PRESET_NAMES);
  return makeAgentConfig(kind, { preset, envName: env, overrides });
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
