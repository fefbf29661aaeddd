// `qflow study` flags turned into its cells: one offline → online run (`qflow train --offline-steps ...`) per
// agent × task × seed, all with the same budget and data, each in DIR/runs/<agent>/<task>/seed<S>/.
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { AGENT_KINDS, type AgentKind } from '../algorithms/index.js';
import { UsageError, parseChoiceList, parseInteger } from '../cli/cli-options.js';
import { buildRunConfig, parseTask, RUN_OPTIONS } from '../cli/run-flags.js';
import { TRAIN_DEFAULTS } from '../cli/offline-online-train.js';
import type { RunConfig } from '../online/run-config.js';
import { parseEnvServers, TargetError } from '../remote/server-targets.js';

/** Offline updates between checkpoints by default (rounded up to a multiple of the log interval). */
const DEFAULT_CHECKPOINT_UPDATES = 1000;

/** Flags handed unchanged to every run's `qflow train`. */
const PASS_THROUGH = ['preset', 'hidden', 'batch-size', 'lambda', 'alpha', 'lr', 'backend', 'threads', 'offline-steps', 'online-steps',
  'eval-episodes', 'dataset-episodes', 'episode-length', 'dataset-seed', 'utd', 'num-envs', 'eval-envs', 'eval-tasks',
  'offline-eval-interval', 'online-eval-interval', 'log-interval', 'env-servers', 'data-dir'] as const;

export const STUDY_OPTIONS = {
  agents: { type: 'string' }, tasks: { type: 'string' }, seeds: { type: 'string' }, parallel: { type: 'string' },
  out: { type: 'string' }, 'checkpoint-interval': { type: 'string' }, help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(PASS_THROUGH.map((k) => [k, RUN_OPTIONS[k]])) as { [K in (typeof PASS_THROUGH)[number]]: (typeof RUN_OPTIONS)[K] },
} as const;

export interface StudyCell {
  agent: AgentKind;
  task: string;
  seed: number;
  /** The run folder. */
  dir: string;
  /** `qflow train` arguments of this run. */
  trainArgs: string[];
  /** The run's settings (backend as requested), for the report. */
  config: RunConfig;
  /** Offline phase: checkpoint every N updates, so that an interrupted run continues from there. */
  checkpointInterval: number;
}

export interface StudyPlan {
  out: string;
  /** --data-dir (the dataset store), when given. */
  dataDir?: string;
  parallel: number;
  agents: AgentKind[];
  tasks: string[];
  seeds: number[];
  cells: StudyCell[];
}

/** "0-4", "0,2,7" or "0-2,5": distinct seeds in the order given. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(\d+)-(\d+)$/.exec(part);
    if (m) {
      const [a, b] = [Number(m[1]), Number(m[2])];
      if (b < a) throw new UsageError(`--seeds: range '${part}' runs backwards; write it as ${b}-${a}`);
      if (b - a >= 1000) throw new UsageError(`--seeds: range '${part}' has more than 1000 seeds`);
      for (let s = a; s <= b; s++) seeds.push(s);
    } else {
      seeds.push(parseInteger('seeds', part, 0));
    }
  }
  return [...new Set(seeds)];
}

export function studyPlan(argv: string[]): { help: true } | ({ help: false } & StudyPlan) {
  const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: STUDY_OPTIONS });
  if (values.help) return { help: true };
  const required = (flag: 'agents' | 'tasks' | 'seeds' | 'out' | 'offline-steps') => {
    const v = values[flag];
    if (v === undefined) throw new UsageError(`--${flag} is required`);
    return v;
  };
  const agents = parseChoiceList('agents', required('agents'), AGENT_KINDS);
  const tasks = [...new Set(required('tasks').split(',').map((s) => s.trim()).filter(Boolean))];
  if (!tasks.length) throw new UsageError('--tasks: empty list; give single-task names such as cube-single-play-singletask-task1-v0');
  for (const task of tasks) checkTask(task);
  const seeds = parseSeeds(required('seeds'));
  required('offline-steps');
  const out = required('out');
  if (values['env-servers'] !== undefined) checkEnvServers(values['env-servers']);
  const parallel = values.parallel === undefined ? availableParallelism() : parseInteger('parallel', values.parallel, 1);
  const checkpointInterval = checkpointIntervalOf(values['checkpoint-interval'], values['log-interval']);
  const passed: string[] = [];
  for (const k of PASS_THROUGH) if (values[k] !== undefined) passed.push(`--${k}`, values[k]!);
  if (values.threads === undefined) passed.push('--threads', '1');
  if (values['online-steps'] === undefined) passed.push('--online-steps', '0');
  const cells = agents.flatMap((agent) => tasks.flatMap((task) => seeds.map((seed) => {
    const dir = join(out, 'runs', agent, task, `seed${seed}`);
    const trainArgs = ['--agent', agent, '--task', task, '--seed', String(seed), ...passed, '--out', dir, '--no-progress'];
    return { agent, task, seed, dir, trainArgs, config: runConfigOf(trainArgs), checkpointInterval };
  })));
  if (cells[0]!.config.offlineSteps + cells[0]!.config.onlineSteps === 0) {
    throw new UsageError('--offline-steps 0 with --online-steps 0: a run must train (and so evaluate) in at least one phase');
  }
  return { help: false, out, dataDir: values['data-dir'], parallel, agents, tasks, seeds, cells };
}

/** --checkpoint-interval, by default about 1000 updates; a multiple of the log interval, so a resumed run logs the same means. */
function checkpointIntervalOf(text: string | undefined, logText: string | undefined): number {
  const logInterval = logText === undefined ? TRAIN_DEFAULTS.logInterval : parseInteger('log-interval', logText, 1);
  if (text === undefined) return logInterval * Math.ceil(DEFAULT_CHECKPOINT_UPDATES / logInterval);
  const n = parseInteger('checkpoint-interval', text, 0);
  if (n % logInterval !== 0) throw new UsageError(`--checkpoint-interval: '${text}' is not a multiple of --log-interval ${logInterval}`);
  return n;
}

function checkEnvServers(text: string): void {
  try {
    parseEnvServers(text);
  } catch (err) {
    if (err instanceof TargetError) throw new UsageError(err.message);
    throw err;
  }
}

function checkTask(task: string): void {
  try {
    parseTask(task);
  } catch (err) {
    throw new UsageError(`--tasks: ${(err as Error).message.replace(/^--task: /, '')}`);
  }
}

/** The run `qflow train ARGS` would do; rejects bad values now, before any run starts. */
function runConfigOf(trainArgs: string[]): RunConfig {
  const { values } = parseArgs({ args: trainArgs, strict: true, allowPositionals: false, options: RUN_OPTIONS });
  return buildRunConfig(values, TRAIN_DEFAULTS, values.backend ?? 'auto');
}
