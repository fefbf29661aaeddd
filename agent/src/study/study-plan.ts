// `qflow study` flags turned into its cells: one offline run (`qflow train --offline-steps N --online-steps 0`) per
// agent × task × data × seed, all with the same budget and data, evaluated at every budget; with --online-steps M,
// two arms continue from its end-of-offline checkpoint: "online" (`qflow finetune --online-steps M`) and
// "control" (`qflow finetune --offline-updates U`, U = the online arm's update count).
//
// Run layout (kept stable so that a study resumes across code changes):
//   DIR/runs/<agent>/<label>/seed<S>/          the offline run (label = the row: the task, or <task>+directed;
//                                              with --lambdas, Q-Flow's and BPTT's rows are <row>+lambda<L>)
//   DIR/runs/<agent>/<label>/seed<S>/online/   the online fine-tuning arm
//   DIR/runs/<agent>/<label>/seed<S>/control/  the offline control arm
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { AGENT_KINDS, type AgentKind } from '../algorithms/index.js';
import { UsageError, parseChoiceList, parseInteger, parseIntegerList } from '../cli/cli-options.js';
import { parseTask, RUN_OPTIONS } from '../cli/run-flags.js';
import { offlineOnlinePlan, TRAIN_DEFAULTS } from '../cli/offline-online-train.js';
import { OFFLINE_CHECKPOINT_FILE } from '../online/offline-online-run.js';
import { onlineUpdateCount } from '../online/online-training.js';
import type { RunConfig } from '../online/run-config.js';
import { parseEnvServers, TargetError } from '../remote/server-targets.js';

/** Offline updates between checkpoints by default (rounded up to a multiple of the log interval). */
const DEFAULT_CHECKPOINT_UPDATES = 1000;
/** Episodes per evaluation by default: one run's binomial error is then at most 5 points. */
export const STUDY_EVAL_EPISODES = 100;

/** Where the offline data comes from: OGBench-style play data, or the demo's data collected towards the task. */
export const DATA_KINDS = ['play', 'directed'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

/** Flags handed unchanged to every offline run's `qflow train`. */
const PASS_THROUGH = ['preset', 'hidden', 'batch-size', 'lambda', 'alpha', 'lr', 'backend', 'threads',
  'dataset-episodes', 'episode-length', 'dataset-seed', 'utd', 'num-envs', 'eval-envs', 'eval-tasks',
  'online-eval-interval', 'log-interval', 'env-servers', 'data-dir'] as const;

/** Flags handed to the arms' `qflow finetune` (the rest comes from the offline run's checkpoint). */
const ARM_PASS_THROUGH = ['backend', 'threads', 'env-servers', 'data-dir'] as const;

export const STUDY_OPTIONS = {
  agents: { type: 'string' }, tasks: { type: 'string' }, seeds: { type: 'string' }, data: { type: 'string' },
  budgets: { type: 'string' }, parallel: { type: 'string' }, out: { type: 'string' }, 'checkpoint-interval': { type: 'string' },
  'offline-steps': { type: 'string' }, 'online-steps': { type: 'string' }, 'eval-episodes': { type: 'string' },
  'offline-eval-interval': { type: 'string' }, lambdas: { type: 'string' }, 'report-only': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(PASS_THROUGH.map((k) => [k, RUN_OPTIONS[k]])) as { [K in (typeof PASS_THROUGH)[number]]: (typeof RUN_OPTIONS)[K] },
} as const;

export type ArmKind = 'online' | 'control';

/** One arm after the offline run: a `qflow finetune` from its end-of-offline checkpoint. */
export interface StudyArm {
  kind: ArmKind;
  dir: string;
  /** `qflow finetune` arguments. */
  args: string[];
  /** Updates the arm does (the same for both arms). */
  updates: number;
}

export interface StudyCell {
  agent: AgentKind;
  /** The single-task name trained and evaluated. */
  task: string;
  data: DataKind;
  /** The row: the task, or <task>+directed for task-directed data (what the agents are compared on). */
  row: string;
  /** The report's name of the run's group: the row, plus +lambda<L> for a Q-Flow/BPTT run of a --lambdas sweep. */
  label: string;
  seed: number;
  /** The offline run's folder. */
  dir: string;
  /** `qflow train` arguments of the offline run. */
  trainArgs: string[];
  /** The offline run's settings (backend as requested), for the report. */
  config: RunConfig;
  /** Offline phase: checkpoint every N updates, so that an interrupted run continues from there. */
  checkpointInterval: number;
  /** The online and control arms (none without --online-steps). */
  arms: StudyArm[];
}

export interface StudyPlan {
  out: string;
  /** --data-dir (the dataset store), when given. */
  dataDir?: string;
  parallel: number;
  /** --report-only: write the report from the runs finished so far and start nothing. */
  reportOnly: boolean;
  agents: AgentKind[];
  tasks: string[];
  /** Rows: task × data. */
  rows: string[];
  seeds: number[];
  /** Offline update counts the report compares at (ascending; the last is the offline run's length). */
  budgets: number[];
  /** Online env steps per online arm (0: no arms). */
  onlineSteps: number;
  cells: StudyCell[];
}

export function caseLabel(task: string, data: DataKind): string {
  return data === 'play' ? task : `${task}+directed`;
}

/** Agents whose runs a --lambdas sweep repeats (λ weighs their guidance / Q term). */
const LAMBDA_AGENTS: readonly AgentKind[] = ['qflow', 'bptt'];

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
  const required = (flag: 'agents' | 'tasks' | 'seeds' | 'out') => {
    const v = values[flag];
    if (v === undefined) throw new UsageError(`--${flag} is required`);
    return v;
  };
  const agents = parseChoiceList('agents', required('agents'), AGENT_KINDS);
  const tasks = [...new Set(required('tasks').split(',').map((s) => s.trim()).filter(Boolean))];
  if (!tasks.length) throw new UsageError('--tasks: empty list; give single-task names such as cube-single-play-singletask-task1-v0');
  for (const task of tasks) checkTask(task);
  const data = parseChoiceList('data', values.data ?? 'play', DATA_KINDS);
  const seeds = parseSeeds(required('seeds'));
  const out = required('out');
  const budgets = budgetsOf(values.budgets, values['offline-steps']);
  const offlineSteps = budgets[budgets.length - 1]!;
  const onlineSteps = values['online-steps'] === undefined ? 0 : parseInteger('online-steps', values['online-steps'], 0);
  if (values['env-servers'] !== undefined) checkEnvServers(values['env-servers']);
  const parallel = values.parallel === undefined ? availableParallelism() : parseInteger('parallel', values.parallel, 1);
  const checkpointInterval = checkpointIntervalOf(values['checkpoint-interval'], values['log-interval']);
  const passed = ['--offline-steps', String(offlineSteps), '--online-steps', '0',
    '--eval-episodes', values['eval-episodes'] ?? String(STUDY_EVAL_EPISODES),
    '--offline-eval-interval', values['offline-eval-interval'] ?? '0', '--offline-eval-steps', budgets.join(',')];
  for (const k of PASS_THROUGH) if (values[k] !== undefined) passed.push(`--${k}`, values[k]!);
  if (values.threads === undefined) passed.push('--threads', '1');
  const armPassed = ARM_PASS_THROUGH.flatMap((k) => (values[k] !== undefined ? [`--${k}`, values[k]!] : []));
  if (values.threads === undefined) armPassed.push('--threads', '1');
  const lambdas = lambdasOf(values.lambdas, values.lambda);
  const variants = (agent: AgentKind) => (lambdas && LAMBDA_AGENTS.includes(agent)
    ? lambdas.map((l) => ({ suffix: `+lambda${l}`, args: ['--lambda', l] }))
    : [{ suffix: '', args: [] as string[] }]);
  const cells = agents.flatMap((agent) => tasks.flatMap((task) => data.flatMap((kind) => variants(agent).flatMap((variant) => seeds.map((seed): StudyCell => {
    const row = caseLabel(task, kind);
    const label = row + variant.suffix;
    const dir = join(out, 'runs', agent, label, `seed${seed}`);
    const trainArgs = ['--agent', agent, '--task', task, '--seed', String(seed), ...passed, ...variant.args,
      ...(kind === 'directed' ? ['--task-directed'] : []), '--out', dir, '--no-progress'];
    const config = runConfigOf(trainArgs, `${agent} ${label}`);
    return {
      agent, task, data: kind, row, label, seed, dir, trainArgs, config, checkpointInterval,
      arms: onlineSteps > 0 ? armsOf(dir, config, onlineSteps, checkpointInterval, [...armPassed, '--eval-interval', values['online-eval-interval'] ?? '0']) : [],
    };
  })))));
  return {
    help: false, out, dataDir: values['data-dir'], parallel, reportOnly: values['report-only'] === true, agents, tasks, rows: tasks.flatMap((t) => data.map((d) => caseLabel(t, d))),
    seeds, budgets, onlineSteps, cells,
  };
}

/** --lambdas: distinct λ values as written (they name run folders); undefined without a sweep. */
function lambdasOf(text: string | undefined, single: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  if (single !== undefined) throw new UsageError('--lambda and --lambdas: give one (--lambdas runs Q-Flow once per value)');
  const values = [...new Set(text.split(',').map((x) => x.trim()).filter(Boolean))];
  if (!values.length) throw new UsageError('--lambdas: empty list; give positive numbers such as 1,5,20');
  for (const v of values) {
    if (!/^\d+(\.\d+)?$/.test(v) || !(Number(v) > 0)) throw new UsageError(`--lambdas: '${v}' is not a positive number such as 5 or 0.5`);
  }
  return values;
}

/** --budgets, ascending; by default the one budget --offline-steps. The offline run is as long as the largest. */
function budgetsOf(text: string | undefined, offlineText: string | undefined): number[] {
  const offlineSteps = offlineText === undefined ? undefined : parseInteger('offline-steps', offlineText, 1);
  if (text === undefined) {
    if (offlineSteps === undefined) throw new UsageError('--offline-steps N (or --budgets N1,N2,...) is required');
    return [offlineSteps];
  }
  const budgets = [...new Set(parseIntegerList('budgets', text, 1))].sort((a, b) => a - b);
  const last = budgets[budgets.length - 1]!;
  if (offlineSteps !== undefined && offlineSteps !== last) {
    throw new UsageError(`--offline-steps ${offlineSteps} differs from the largest budget ${last}; drop --offline-steps (the runs are as long as the largest budget)`);
  }
  return budgets;
}

/**
 * Both arms from the offline run's end-of-offline checkpoint, with the same number of updates. The control
 * checkpoints like the offline run, so an interrupted one continues; the online arm starts over.
 */
function armsOf(dir: string, config: RunConfig, onlineSteps: number, checkpointInterval: number, passed: string[]): StudyArm[] {
  const updates = onlineUpdateCount(onlineSteps, config.numEnvs, config.utd);
  const from = ['--checkpoint', join(dir, OFFLINE_CHECKPOINT_FILE)];
  const arm = (kind: ArmKind, budget: string[]): StudyArm => ({
    kind, dir: join(dir, kind), updates, args: [...from, ...budget, ...passed, '--out', join(dir, kind), '--no-progress'],
  });
  return [
    arm('online', ['--online-steps', String(onlineSteps)]),
    arm('control', ['--offline-updates', String(updates), '--checkpoint-interval', String(checkpointInterval)]),
  ];
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

/** The run `qflow train ARGS` would do (the same parser); rejects bad values now, before any run starts. */
function runConfigOf(trainArgs: string[], cell: string): RunConfig {
  let plan;
  try {
    plan = offlineOnlinePlan(trainArgs);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${cell}: ${err.message}`);
    throw err;
  }
  if (plan.help) throw new Error('unreachable: a study cell asked for help');
  return plan.config(plan.backend);
}
