// The full settings of an offline → online run, as plain JSON: written to a report's config.json and read back by
// `qflow train --config FILE`, which then repeats the run bit for bit (same dataset bytes, seeds, agent config,
// step counts and env counts; the env server is deterministic, and results are assembled by env index).
import { readFileSync } from 'node:fs';
import { AGENT_KINDS, validateAgentConfig, type AgentConfig, type AgentKind } from '../algorithms/index.js';

/** JSON with object keys sorted and undefined fields dropped: two configs with the same settings compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

export interface DatasetRecipe {
  /** Dataset name in the store, e.g. cube-single-play-v0. */
  name: string;
  /** A file to read instead of the store's (runs started from an .npz path). */
  path?: string;
  /** When the store lacks it: generated with the scripted oracles (`qflow datasets generate`). */
  episodes?: number;
  episodeLength?: number;
  generationSeed?: number;
  /**
   * Task-directed generation (`qflow datasets generate --task K`, cube only): every episode starts from task K's
   * reset and its first subtask is task K's goal. Not an OGBench recipe; absent for OGBench-style play data.
   */
  collectionTask?: number;
  /** SHA-256 of the train .npz the run used (checked on a rerun). */
  sha256?: string;
}

export interface RunConfig {
  format: 'qflow-run';
  version: 1;
  dataset: DatasetRecipe;
  /** Env id played online and in evaluation, e.g. cube-single-play-singletask-task1-v0. */
  envId: string;
  /** Task whose rewards the agent is trained on (1..5). */
  taskId: number;
  agent: AgentKind;
  agentConfig: AgentConfig;
  seed: number;
  backend: string;
  /** Threads sharing each update (data-parallel); results depend on it. Absent in older configs: 1. */
  threads?: number;
  offlineSteps: number;
  /** Online env steps (one update each with utd 1). */
  onlineSteps: number;
  utd: number;
  /** Envs stepped together online. */
  numEnvs: number;
  /** Envs used for evaluation (episodes run in waves of this size). */
  evalEnvs: number;
  evalEpisodes: number;
  evalTasks: number[];
  /** Offline: evaluate every N updates (0 = at step 1 and the end of the phase only). */
  offlineEvalInterval: number;
  /** Offline: also evaluate at these update counts (a study's budgets). Absent in older configs: none. */
  offlineEvalSteps?: number[];
  /** Online: evaluate every N env steps (0 = at the start and the end only). */
  onlineEvalInterval: number;
  logInterval: number;
}

const INTEGER_FIELDS = ['taskId', 'seed', 'offlineSteps', 'onlineSteps', 'numEnvs', 'evalEnvs', 'evalEpisodes',
  'offlineEvalInterval', 'onlineEvalInterval', 'logInterval'] as const;

/** Throws naming the first bad field. */
export function validateRunConfig(c: RunConfig, where = 'run config'): RunConfig {
  const fail = (field: string, expected: string) => {
    throw new Error(`${where}: ${field} = ${JSON.stringify((c as unknown as Record<string, unknown>)[field])}; expected ${expected}`);
  };
  if (c.format !== 'qflow-run' || c.version !== 1) fail('format', "'qflow-run' version 1");
  if (!c.dataset || typeof c.dataset.name !== 'string') fail('dataset', '{ name, ... }');
  const collectionTask = c.dataset.collectionTask;
  if (collectionTask !== undefined && !(Number.isInteger(collectionTask) && collectionTask >= 1 && collectionTask <= 5)) {
    throw new Error(`${where}: dataset.collectionTask = ${JSON.stringify(collectionTask)}; expected a task id 1..5`);
  }
  if (typeof c.envId !== 'string' || !c.envId) fail('envId', 'an env id');
  if (!AGENT_KINDS.includes(c.agent)) fail('agent', AGENT_KINDS.join(' | '));
  for (const f of INTEGER_FIELDS) if (!Number.isInteger(c[f]) || (c[f] as number) < 0) fail(f, 'an integer >= 0');
  for (const f of ['numEnvs', 'evalEnvs', 'evalEpisodes', 'logInterval', 'taskId'] as const) if (c[f] < 1) fail(f, 'an integer >= 1');
  if (!(c.utd > 0)) fail('utd', 'a positive number');
  if (c.threads !== undefined && !(Number.isInteger(c.threads) && c.threads >= 1)) fail('threads', 'an integer >= 1');
  const evalSteps = c.offlineEvalSteps;
  if (evalSteps !== undefined && (!Array.isArray(evalSteps) || evalSteps.some((s) => !Number.isInteger(s) || s < 1))) {
    fail('offlineEvalSteps', 'a list of update counts >= 1');
  }
  if (!Array.isArray(c.evalTasks) || !c.evalTasks.length || c.evalTasks.some((t) => !Number.isInteger(t) || t < 1 || t > 5)) {
    fail('evalTasks', 'a non-empty list of task ids 1..5');
  }
  validateAgentConfig(c.agent, c.agentConfig);
  return c;
}

export function readRunConfig(path: string): RunConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`--config ${path}: ${(err as Error).message}`);
  }
  const c = (raw as { run?: RunConfig }).run ?? (raw as RunConfig);
  return validateRunConfig(c, path);
}
