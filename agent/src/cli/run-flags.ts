// Flags shared by `qflow demo` and `qflow train --online-steps` (the offline → online run): their parseArgs
// definitions, help text and the RunConfig they build.
import { parseDatasetName } from '@qflow/datasets';
import { AGENT_KINDS, PRESET_NAMES, makeAgentConfig, type AgentConfig, type AgentKind } from '../algorithms/agent.js';
import type { PresetName } from '../algorithms/agent-config.js';
import { BACKEND_CHOICES } from '../backend/index.js';
import type { RunConfig } from '../online/run-config.js';
import { UsageError, parseChoice, parseInteger, parsePositive } from './cli-options.js';
import { defaultThreads, type ThreadChoice } from '../parallel/thread-count.js';

export const RUN_OPTIONS = {
  task: { type: 'string' }, 'dataset-episodes': { type: 'string' }, 'episode-length': { type: 'string' },
  'dataset-seed': { type: 'string' }, agent: { type: 'string' }, preset: { type: 'string' },
  'offline-steps': { type: 'string' }, 'online-steps': { type: 'string' }, utd: { type: 'string' },
  'num-envs': { type: 'string' }, 'eval-envs': { type: 'string' }, 'eval-episodes': { type: 'string' },
  'eval-tasks': { type: 'string' }, 'offline-eval-interval': { type: 'string' }, 'online-eval-interval': { type: 'string' },
  'log-interval': { type: 'string' }, 'batch-size': { type: 'string' }, hidden: { type: 'string' },
  lambda: { type: 'string' }, lr: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' }, threads: { type: 'string' },
  'env-servers': { type: 'string' }, 'data-dir': { type: 'string' }, out: { type: 'string' },
  'no-progress': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

export type RunDefaults = Omit<RunConfig, 'format' | 'version' | 'agentConfig' | 'envId' | 'taskId' | 'backend'> & {
  task: string; preset: PresetName; hidden?: number[]; batchSize?: number;
};

export function runFlagsHelp(d: RunDefaults): string {
  return `  --task NAME            single-task name: dataset + task, e.g. cube-single-play-singletask-task2-v0 (default ${d.task})
  --dataset-episodes N   when the dataset is not in the store, generate it with N episodes (default ${d.dataset.episodes ?? 'none: it must be in the store'})
  --episode-length L     rows per generated episode (default ${d.dataset.episodeLength ?? 1001})
  --dataset-seed S       seed of the generated dataset (default ${d.dataset.generationSeed ?? 0})
  --agent KIND           ${AGENT_KINDS.join(' | ')} (default ${d.agent})
  --preset NAME          ${PRESET_NAMES.join(' | ')} (default ${d.preset})
  --hidden A,B,...       hidden layer widths of every network (default: the preset's${d.hidden ? `; here ${d.hidden.join(',')}` : ''})
  --batch-size N         (default: the preset's${d.batchSize ? `; here ${d.batchSize}` : ''})   --lambda X   --lr X
  --offline-steps N      offline updates (default ${d.offlineSteps})
  --online-steps N       online env steps, each followed by --utd updates (default ${d.onlineSteps})
  --utd X                updates per env step online (default ${d.utd})
  --num-envs N           envs stepped together online (default ${d.numEnvs})
  --eval-envs N          envs used for evaluation (default ${d.evalEnvs})
  --eval-episodes E      episodes per task and evaluation (default ${d.evalEpisodes})
  --eval-tasks 1,2,..    tasks evaluated (default: the trained task)
  --offline-eval-interval N  evaluate every N offline updates (default ${d.offlineEvalInterval}; 0 = first and last)
  --online-eval-interval N   evaluate every N online env steps (default ${d.onlineEvalInterval}; 0 = first and last)
  --log-interval N       JSONL train line every N updates / env steps (default ${d.logInterval})
  --seed N               agent, sampler and rollout seed (default ${d.seed})
  --backend NAME         ${BACKEND_CHOICES.join(' | ')} (default auto; the report records the one used)
  --threads N            threads sharing each update (default: the cores, 1 on tensorflow/webgpu; recorded: a
                         run repeats bit for bit with the same N)
  --env-servers LIST     host:port[,host:port...] or dns:///name:port (default: start a local 'qflow serve')
  --data-dir DIR         dataset store (default $QFLOW_DATA_DIR or ~/.qflow/datasets)
  --no-progress          no progress bars`;
}

type Values = Partial<Record<keyof typeof RUN_OPTIONS, string | boolean>>;

function str(v: Values, k: keyof typeof RUN_OPTIONS): string | undefined {
  return typeof v[k] === 'string' ? (v[k] as string) : undefined;
}

function int(v: Values, k: keyof typeof RUN_OPTIONS, fallback: number, min = 0): number {
  const s = str(v, k);
  return s === undefined ? fallback : parseInteger(k, s, min);
}

/** The single-task name split into dataset, env id and task. */
export function parseTask(task: string): { dataset: string; envId: string; taskId: number } {
  let parsed;
  try {
    parsed = parseDatasetName(task);
  } catch (err) {
    throw new UsageError(`--task: ${(err as Error).message}`);
  }
  if (!parsed.singleTask) {
    throw new UsageError(`--task: '${task}' names no task; use a single-task name such as ${parsed.dataset.replace(/-v0$/, '')}-singletask-task1-v0`);
  }
  const taskId = parsed.singleTask.taskId ?? 1;
  return { dataset: parsed.dataset, envId: `${parsed.dataset.replace(/-v0$/, '')}-singletask-task${taskId}-v0`, taskId };
}

/** --threads, or the default for `backend` (logged by the caller). */
export function threadsFlag(v: Values, backend: string): ThreadChoice {
  const s = str(v, 'threads');
  return s === undefined ? defaultThreads(backend) : { threads: parseInteger('threads', s, 1), reason: '--threads' };
}

export function buildRunConfig(v: Values, d: RunDefaults, backend: string): RunConfig {
  const task = parseTask(str(v, 'task') ?? d.task);
  const agent = parseChoice<AgentKind>('agent', str(v, 'agent') ?? d.agent, AGENT_KINDS);
  const preset = parseChoice<PresetName>('preset', str(v, 'preset') ?? d.preset, PRESET_NAMES);
  const overrides: Partial<AgentConfig> = {};
  const hidden = str(v, 'hidden') !== undefined ? str(v, 'hidden')!.split(',').map((x) => parseInteger('hidden', x.trim(), 1)) : d.hidden;
  if (hidden) { overrides.actorHiddenDims = hidden; overrides.valueHiddenDims = [...hidden]; }
  const batch = str(v, 'batch-size') !== undefined ? parseInteger('batch-size', str(v, 'batch-size')!, 1) : d.batchSize;
  if (batch) overrides.batchSize = batch;
  if (str(v, 'lambda') !== undefined) overrides.guidanceLambda = parsePositive('lambda', str(v, 'lambda')!);
  if (str(v, 'lr') !== undefined) overrides.lr = parsePositive('lr', str(v, 'lr')!);
  let agentConfig: AgentConfig;
  try {
    agentConfig = makeAgentConfig(agent, { preset, envName: task.dataset.replace(/-v0$/, ''), overrides });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const evalTasks = str(v, 'eval-tasks') !== undefined
    ? str(v, 'eval-tasks')!.split(',').map((x) => parseInteger('eval-tasks', x.trim(), 1)).map((t) => {
      if (t > 5) throw new UsageError(`--eval-tasks: task ${t} does not exist; valid: 1..5`);
      return t;
    })
    : [task.taskId];
  return {
    format: 'qflow-run', version: 1,
    dataset: {
      name: task.dataset,
      episodes: str(v, 'dataset-episodes') !== undefined ? parseInteger('dataset-episodes', str(v, 'dataset-episodes')!, 1) : d.dataset.episodes,
      episodeLength: int(v, 'episode-length', d.dataset.episodeLength ?? 1001, 2),
      generationSeed: int(v, 'dataset-seed', d.dataset.generationSeed ?? 0),
    },
    envId: task.envId, taskId: task.taskId, agent, agentConfig,
    seed: int(v, 'seed', d.seed), backend, threads: threadsFlag(v, backend).threads,
    offlineSteps: int(v, 'offline-steps', d.offlineSteps), onlineSteps: int(v, 'online-steps', d.onlineSteps),
    utd: str(v, 'utd') !== undefined ? parsePositive('utd', str(v, 'utd')!) : d.utd,
    numEnvs: int(v, 'num-envs', d.numEnvs, 1), evalEnvs: int(v, 'eval-envs', d.evalEnvs, 1),
    evalEpisodes: int(v, 'eval-episodes', d.evalEpisodes, 1), evalTasks,
    offlineEvalInterval: int(v, 'offline-eval-interval', d.offlineEvalInterval),
    onlineEvalInterval: int(v, 'online-eval-interval', d.onlineEvalInterval),
    logInterval: int(v, 'log-interval', d.logInterval, 1),
  };
}
