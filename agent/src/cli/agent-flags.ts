// The agent flags: one table shared by every command that builds an agent (train, train --online-steps, demo,
// finetune, eval). Each entry gives the flag's argument, its help line and where its value goes: the AgentConfig
// overrides (recorded in the run's agentConfig) or the run's agent kind, seed, backend and threads.
import { AGENT_KINDS, PRESET_NAMES, makeAgentConfig, type AgentConfig, type AgentKind } from '../algorithms/index.js';
import type { PresetName } from '../algorithms/agent-config.js';
import { BACKEND_CHOICES, type BackendRequest } from '../backend/index.js';
import { DEFAULT_THREADS_TEXT, defaultThreads, type ThreadChoice } from '../parallel/thread-count.js';
import { UsageError, parseChoice, parseInteger, parseIntegerList, parsePositive } from './cli-options.js';

export const AGENT_FLAG_NAMES = ['agent', 'preset', 'hidden', 'batch-size', 'lambda', 'alpha', 'lr', 'seed', 'backend', 'threads'] as const;
export type AgentFlagName = (typeof AGENT_FLAG_NAMES)[number];

/** What the agent flags given on a command line settle; absent fields take the command's defaults. */
export interface AgentSettings {
  agent?: AgentKind;
  preset?: PresetName;
  overrides: Partial<AgentConfig>;
  seed?: number;
  backend?: BackendRequest;
  threads?: number;
}

interface AgentFlag {
  arg: string;
  help: string;
  /** Shown as "(default ...)" unless the command says otherwise. */
  defaultText: string;
  /** Parses the flag's text into `s`; throws a UsageError naming the flag, the value and what is allowed. */
  set(text: string, s: AgentSettings): void;
}

export const AGENT_FLAGS: Record<AgentFlagName, AgentFlag> = {
  agent: {
    arg: 'KIND', help: AGENT_KINDS.join(' | '), defaultText: 'qflow',
    set: (t, s) => { s.agent = parseChoice('agent', t, AGENT_KINDS); },
  },
  preset: {
    arg: 'NAME', help: `${PRESET_NAMES.join(' | ')}: network sizes and batch`, defaultText: 'cpu',
    set: (t, s) => { s.preset = parseChoice('preset', t, PRESET_NAMES); },
  },
  hidden: {
    arg: 'A,B,...', help: 'hidden layer widths of every network', defaultText: "the preset's",
    set: (t, s) => {
      const dims = parseIntegerList('hidden', t, 1);
      s.overrides.actorHiddenDims = dims;
      s.overrides.valueHiddenDims = [...dims];
    },
  },
  'batch-size': {
    arg: 'N', help: 'batch of each update', defaultText: "the preset's",
    set: (t, s) => { s.overrides.batchSize = parseInteger('batch-size', t, 1); },
  },
  lambda: {
    arg: 'X', help: "Q-Flow's guidance λ (BPTT: weight of the BC term)", defaultText: "the task's, else 1",
    set: (t, s) => { s.overrides.guidanceLambda = parsePositive('lambda', t); },
  },
  alpha: {
    arg: 'X', help: "FQL's distillation weight α", defaultText: "the task's, else 10",
    set: (t, s) => { s.overrides.alpha = parsePositive('alpha', t); },
  },
  lr: {
    arg: 'X', help: 'Adam learning rate', defaultText: '3e-4',
    set: (t, s) => { s.overrides.lr = parsePositive('lr', t); },
  },
  seed: {
    arg: 'N', help: 'agent init, noise, sampler and rollout seed', defaultText: '0',
    set: (t, s) => { s.seed = parseInteger('seed', t, 0); },
  },
  backend: {
    arg: 'NAME', help: BACKEND_CHOICES.join(' | '), defaultText: 'auto; the config records the one used',
    set: (t, s) => { s.backend = parseChoice<BackendRequest>('backend', t, BACKEND_CHOICES); },
  },
  threads: {
    arg: 'N', help: 'threads sharing each update; results depend on N (on blas also on the CPU type), not on the cores',
    defaultText: DEFAULT_THREADS_TEXT,
    set: (t, s) => { s.threads = parseInteger('threads', t, 1); },
  },
};

/** The parseArgs options of `names`. */
export function agentFlagOptions<N extends AgentFlagName>(names: readonly N[]): Record<N, { type: 'string' }> {
  return Object.fromEntries(names.map((n) => [n, { type: 'string' }])) as Record<N, { type: 'string' }>;
}

const HELP_WIDTH = 116;

/** Help lines of `names`, each with its default (`defaults` replaces the table's default text). */
export function agentFlagsHelp(names: readonly AgentFlagName[], defaults: Partial<Record<AgentFlagName, string>> = {}): string {
  return names.map((n) => {
    const f = AGENT_FLAGS[n];
    const head = `  ${`--${n} ${f.arg}`.padEnd(22)} ${f.help}`;
    const tail = `(default ${defaults[n] ?? f.defaultText})`;
    return head.length + 1 + tail.length <= HELP_WIDTH ? `${head} ${tail}` : `${head}\n${' '.repeat(25)}${tail}`;
  }).join('\n');
}

/** Parses the agent flags among `values` (parseArgs output). */
export function parseAgentFlags(values: Record<string, unknown>, names: readonly AgentFlagName[] = AGENT_FLAG_NAMES): AgentSettings {
  const settings: AgentSettings = { overrides: {} };
  for (const n of names) {
    const text = values[n];
    if (typeof text === 'string') AGENT_FLAGS[n].set(text, settings);
  }
  return settings;
}

/** The agent config of `kind` from a preset, the task's defaults and the overrides; invalid ones are usage errors. */
export function agentConfigOf(kind: AgentKind, preset: PresetName, envName: string, overrides: Partial<AgentConfig>): AgentConfig {
  try {
    return makeAgentConfig(kind, { preset, envName, overrides });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** --threads, else the value recorded by the run being continued, else the default for `backend` and the work. */
export function threadChoice(s: AgentSettings, backend: string, work: { kind: AgentKind; config: AgentConfig }, recorded?: number): ThreadChoice {
  if (s.threads !== undefined) return { threads: s.threads, reason: '--threads' };
  if (recorded !== undefined) return { threads: recorded, reason: 'the recorded run' };
  return defaultThreads(backend, work);
}
