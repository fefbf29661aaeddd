// Flags shared by `qflow demo` and `qflow train --online-steps` (the offline → online run): their parseArgs
// definitions (the agent flags come from agent-flags.ts), help text and the RunConfig they build.
import { parseDatasetName } from '@qflow/datasets';
import type { PresetName } from '../algorithms/agent-config.js';
import type { RunConfig } from '../online/run-config.js';
import { UsageError, parseInteger, parseIntegerList, parsePositive } from './cli-options.js';
import { AGENT_FLAG_NAMES, agentConfigOf, agentFlagOptions, agentFlagsHelp, parseAgentFlags, threadChoice } from './agent-flags.js';
import { DEFAULT_THREADS_TEXT, type ThreadChoice } from '../parallel/thread-count.js';

export const RUN_OPTIONS = {
  task: { type: 'string' }, 'dataset-episodes': { type: 'string' }, 'episode-length': { type: 'string' },
  'dataset-seed': { type: 'string' }, ...agentFlagOptions(AGENT_FLAG_NAMES),
  'offline-steps': { type: 'string' }, 'online-steps': { type: 'string' }, utd: { type: 'string' },
  'num-envs': { type: 'string' }, 'eval-envs': { type: 'string' }, 'eval-episodes': { type: 'string' },
  'eval-tasks': { type: 'string' }, 'offline-eval-interval': { type: 'string' }, 'online-eval-interval': { type: 'string' },
  'offline-eval-steps': { type: 'string' }, 'log-interval': { type: 'string' }, 'env-servers': { type: 'string' }, 'data-dir': { type: 'string' }, out: { type: 'string' },
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
${agentFlagsHelp(AGENT_FLAG_NAMES, {
    agent: d.agent, preset: d.preset, seed: String(d.seed),
    hidden: d.hidden ? d.hidden.join(',') : undefined, 'batch-size': d.batchSize ? String(d.batchSize) : undefined,
    threads: `${DEFAULT_THREADS_TEXT}; recorded: a run repeats bit for bit with the same N`,
  })}
  --offline-steps N      offline updates (default ${d.offlineSteps})
  --online-steps N       online env steps, each followed by --utd updates (default ${d.onlineSteps})
  --utd X                updates per env step online (default ${d.utd})
  --num-envs N           envs stepped together online (default ${d.numEnvs})
  --eval-envs N          envs used for evaluation (default ${d.evalEnvs})
  --eval-episodes E      episodes per task and evaluation (default ${d.evalEpisodes})
  --eval-tasks 1,2,..    tasks evaluated (default: the trained task)
  --offline-eval-interval N  evaluate every N offline updates (default ${d.offlineEvalInterval}; 0 = first and last)
  --offline-eval-steps LIST  also evaluate at these offline update counts, e.g. 3000,10000 (default none)
  --online-eval-interval N   evaluate every N online env steps (default ${d.onlineEvalInterval}; 0 = first and last)
  --log-interval N       JSONL train line every N updates / env steps (default ${d.logInterval})
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

/** --threads, or the default for the run's backend and agent (logged by the caller). */
export function threadsFlag(v: Values, run: RunConfig): ThreadChoice {
  return threadChoice(parseAgentFlags(v, ['threads']), run.backend, { kind: run.agent, config: run.agentConfig });
}

/** The run these flags ask for on `backend` (a backend name; the requested one when only checking the flags). */
export function buildRunConfig(v: Values, d: RunDefaults, backend: string): RunConfig {
  const task = parseTask(str(v, 'task') ?? d.task);
  const flags = parseAgentFlags(v);
  const agent = flags.agent ?? d.agent;
  const overrides = { ...flags.overrides };
  if (d.hidden && !overrides.actorHiddenDims) { overrides.actorHiddenDims = [...d.hidden]; overrides.valueHiddenDims = [...d.hidden]; }
  if (d.batchSize && overrides.batchSize === undefined) overrides.batchSize = d.batchSize;
  const agentConfig = agentConfigOf(agent, flags.preset ?? d.preset, task.dataset.replace(/-v0$/, ''), overrides);
  const evalTasks = str(v, 'eval-tasks') !== undefined
    ? parseIntegerList('eval-tasks', str(v, 'eval-tasks')!, 1).map((t) => {
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
    seed: flags.seed ?? d.seed, backend, threads: threadChoice(flags, backend, { kind: agent, config: agentConfig }).threads,
    offlineSteps: int(v, 'offline-steps', d.offlineSteps), onlineSteps: int(v, 'online-steps', d.onlineSteps),
    utd: str(v, 'utd') !== undefined ? parsePositive('utd', str(v, 'utd')!) : d.utd,
    numEnvs: int(v, 'num-envs', d.numEnvs, 1), evalEnvs: int(v, 'eval-envs', d.evalEnvs, 1),
    evalEpisodes: int(v, 'eval-episodes', d.evalEpisodes, 1), evalTasks,
    offlineEvalInterval: int(v, 'offline-eval-interval', d.offlineEvalInterval),
    ...offlineEvalStepsFlag(str(v, 'offline-eval-steps'), int(v, 'offline-steps', d.offlineSteps)),
    onlineEvalInterval: int(v, 'online-eval-interval', d.onlineEvalInterval),
    logInterval: int(v, 'log-interval', d.logInterval, 1),
  };
}

/** --offline-eval-steps: distinct update counts within the offline phase, ascending; absent when not given. */
function offlineEvalStepsFlag(text: string | undefined, offlineSteps: number): { offlineEvalSteps?: number[] } {
  if (text === undefined) return {};
  const steps = [...new Set(parseIntegerList('offline-eval-steps', text, 1))].sort((a, b) => a - b);
  const beyond = steps.find((s) => s > offlineSteps);
  if (beyond !== undefined) throw new UsageError(`--offline-eval-steps: ${beyond} is beyond --offline-steps ${offlineSteps}`);
  return { offlineEvalSteps: steps };
}

/**
 * The run with its generated cube dataset collected task-directed towards the evaluated task (the demo's data; its
 * own folder in the store, generated/...-task<K>). Only a generated (--dataset-episodes) cube dataset can be.
 */
export function taskDirected(config: RunConfig): RunConfig {
  if (config.dataset.episodes === undefined || config.dataset.path !== undefined) {
    throw new UsageError('--task-directed: the dataset must be generated; give --dataset-episodes N');
  }
  if (!config.dataset.name.startsWith('cube-')) {
    throw new UsageError(`--task-directed: only cube datasets can be collected task-directed, not '${config.dataset.name}'`);
  }
  return { ...config, dataset: { ...config.dataset, collectionTask: config.taskId } };
}
