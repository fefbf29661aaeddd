// Per-task hyperparameters (docs/algorithm.md#per-task-settings: Q-Flow's table, also used for BPTT, and FQL's),
// keyed by env name prefix so that every `-singletask-taskN-v0` variant (and the bare alias) of a domain gets the
// same values.
import type { AgentConfig, AgentKind, QAgg } from './agent-config.js';

interface QFlowTask { lambda: number; qAgg: QAgg; discount: number }
interface FqlTask { alpha: number; qAgg: QAgg; discount: number }

const QFLOW_TASKS: Record<string, QFlowTask> = {
  'antmaze-large-navigate': { lambda: 0.2, qAgg: 'mean', discount: 0.99 },
  'antmaze-giant-navigate': { lambda: 0.2, qAgg: 'min', discount: 0.995 },
  'antsoccer-arena-navigate': { lambda: 0.5, qAgg: 'mean', discount: 0.995 },
  'humanoidmaze-medium-navigate': { lambda: 1, qAgg: 'mean', discount: 0.995 },
  'humanoidmaze-large-navigate': { lambda: 1, qAgg: 'mean', discount: 0.995 },
  'cube-single-play': { lambda: 5, qAgg: 'mean', discount: 0.99 },
  'cube-double-play': { lambda: 2, qAgg: 'mean', discount: 0.99 },
  'scene-play': { lambda: 5, qAgg: 'mean', discount: 0.99 },
  'puzzle-3x3-play': { lambda: 20, qAgg: 'min', discount: 0.99 },
  'puzzle-4x4-play': { lambda: 20, qAgg: 'min', discount: 0.99 },
};

const FQL_TASKS: Record<string, FqlTask> = {
  'antmaze-large-navigate': { alpha: 10, qAgg: 'min', discount: 0.99 },
  'antmaze-giant-navigate': { alpha: 10, qAgg: 'min', discount: 0.995 },
  'humanoidmaze-medium-navigate': { alpha: 30, qAgg: 'mean', discount: 0.995 },
  'humanoidmaze-large-navigate': { alpha: 30, qAgg: 'mean', discount: 0.995 },
  'antsoccer-arena-navigate': { alpha: 10, qAgg: 'mean', discount: 0.995 },
  'cube-single-play': { alpha: 300, qAgg: 'mean', discount: 0.99 },
  'cube-double-play': { alpha: 300, qAgg: 'mean', discount: 0.99 },
  'scene-play': { alpha: 300, qAgg: 'mean', discount: 0.99 },
  'puzzle-3x3-play': { alpha: 1000, qAgg: 'mean', discount: 0.99 },
  'puzzle-4x4-play': { alpha: 1000, qAgg: 'mean', discount: 0.99 },
};

/** The table key matching `envName` (longest matching prefix), or undefined. */
export function matchTask(envName: string, keys: string[]): string | undefined {
  return keys.filter((k) => envName === k || envName.startsWith(`${k}-`)).sort((a, b) => b.length - a.length)[0];
}

/** Per-task settings for `envName`, or {} when the env has no entry (the preset's defaults then apply). */
export function taskDefaults(kind: AgentKind, envName: string): Partial<AgentConfig> {
  if (kind === 'fql') {
    const key = matchTask(envName, Object.keys(FQL_TASKS));
    if (!key) return {};
    const t = FQL_TASKS[key]!;
    return { alpha: t.alpha, qAgg: t.qAgg, discount: t.discount };
  }
  const key = matchTask(envName, Object.keys(QFLOW_TASKS));
  if (!key) return {};
  const t = QFLOW_TASKS[key]!;
  return { guidanceLambda: t.lambda, qAgg: t.qAgg, discount: t.discount, useTimeEmbed: true, timeEmbedDim: 16 };
}

export const KNOWN_TASK_PREFIXES: readonly string[] = Object.keys(QFLOW_TASKS);
