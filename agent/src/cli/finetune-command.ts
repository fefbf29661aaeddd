// `qflow finetune --checkpoint C --online-steps B`: online fine-tuning from a checkpoint
// (docs/algorithm.md#online-fine-tuning): the whole agent state is restored (weights, targets, Adam moments, update
// counter) and the sampler RNG, so the run continues exactly where the checkpoint stopped; then B env steps against
// env servers.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { selectBackend, type BackendRequest } from '../backend/index.js';
import { loadCheckpoint } from '../checkpoints/checkpoint.js';
import { runConfigOfCheckpoint } from '../checkpoints/checkpoint-run-config.js';
import type { RunConfig } from '../online/run-config.js';
import { parseInteger, parsePositive, runCommand, UsageError } from './cli-options.js';
import { agentFlagOptions, agentFlagsHelp, parseAgentFlags, threadChoice, type AgentFlagName } from './agent-flags.js';
import { executeRun } from './run-executor.js';
import type { HelpPlan, RunPlan } from './run-plan.js';

/**
 * The agent flags that make sense for a continued run: a new learning rate, and where the updates run. The agent
 * kind, networks, batch, loss weights and seeds are the checkpoint's (its state and RNGs continue exactly).
 */
export const FINETUNE_AGENT_FLAGS: readonly AgentFlagName[] = ['lr', 'backend', 'threads'];

const HELP = `usage: qflow finetune --checkpoint C --online-steps B [options]
       qflow finetune --checkpoint C --offline-updates U [options]

Restores everything from checkpoint C (weights, target nets, Adam moments, update step, sampler RNG), reloads its
dataset into the replay buffer, and fine-tunes online for B env steps against env servers (one buffer: dataset +
online transitions; --utd updates per env step). Writes metrics.jsonl, checkpoint.msgpack and a report in --out.
The agent kind, networks, batch size, loss weights and seed are the checkpoint's; --lr sets a new Adam rate (the
Adam moments continue) and is recorded in the report's config.json.
--offline-updates U is the control for fine-tuning: from the same checkpoint, U more offline updates on the
dataset alone (no env steps), evaluated at their end; give U = the online run's update count (B × utd) to compare.

options:
  --checkpoint C         a checkpoint from 'qflow train' (offline or offline → online) or 'qflow demo'
  --online-steps B       online env steps
  --offline-updates U    instead of fine-tuning online: U more offline updates (evaluated at the end)
  --checkpoint-interval N  with --offline-updates: checkpoint every N updates (default 0 = at the end only); the run
                         continues from one with --checkpoint RUN/checkpoint.msgpack --offline-updates <the rest>
  --env-servers LIST     host:port[,host:port...] or dns:///name:port (default: start a local 'qflow serve')
  --utd X                updates per env step (default 1)
  --num-envs N           envs stepped together (default: the checkpoint's run, else 10)
  --eval-envs N          envs for evaluation (default: the checkpoint's run, else 25)
  --eval-episodes E      episodes per task and evaluation (default: the checkpoint's run, else 25)
  --eval-tasks 1,2,..    tasks evaluated (default: the trained task)
  --eval-interval N      evaluate every N env steps (default 0: at the start and the end)
  --log-interval N       JSONL line every N env steps (default 100)
${agentFlagsHelp(FINETUNE_AGENT_FLAGS, { lr: "the checkpoint's", backend: "the checkpoint's", threads: "the checkpoint's run's, so it continues exactly" })}
  --data-dir DIR         dataset store (default $QFLOW_DATA_DIR or ~/.qflow/datasets)
  --out DIR              run folder (default runs/finetune)
  --no-progress          no progress bars
  -h, --help             this text`;

export const FINETUNE_OPTIONS = {
  checkpoint: { type: 'string' }, 'online-steps': { type: 'string' }, 'offline-updates': { type: 'string' }, 'checkpoint-interval': { type: 'string' }, 'env-servers': { type: 'string' },
  utd: { type: 'string' }, 'num-envs': { type: 'string' }, 'eval-envs': { type: 'string' },
  'eval-episodes': { type: 'string' }, 'eval-tasks': { type: 'string' }, 'eval-interval': { type: 'string' },
  'log-interval': { type: 'string' }, ...agentFlagOptions(FINETUNE_AGENT_FLAGS), 'data-dir': { type: 'string' },
  out: { type: 'string', default: 'runs/finetune' }, 'no-progress': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

type FinetuneValues = ReturnType<typeof parseFinetuneArgs>['values'];

function parseFinetuneArgs(argv: string[]) {
  return parseArgs({ args: argv, strict: true, allowPositionals: false, options: FINETUNE_OPTIONS });
}

function evalTasksFlag(text: string): number[] {
  return text.split(',').map((t) => {
    const n = parseInteger('eval-tasks', t.trim(), 1);
    if (n > 5) throw new UsageError(`--eval-tasks: task ${n} does not exist; valid: 1..5`);
    return n;
  });
}

/** `qflow finetune ARGV` checked and turned into its run (from the checkpoint's recorded one), without doing any work. */
export function finetunePlan(argv: string[]): HelpPlan | (RunPlan<RunConfig> & { values: FinetuneValues }) {
  const { values } = parseFinetuneArgs(argv);
  if (values.help) return { help: true };
  const flags = parseAgentFlags(values, FINETUNE_AGENT_FLAGS);
  const int = (flag: keyof typeof values, min: number) =>
    (typeof values[flag] === 'string' ? parseInteger(flag, values[flag] as string, min) : undefined);
  const given = {
    onlineSteps: int('online-steps', 1), offlineUpdates: int('offline-updates', 1), numEnvs: int('num-envs', 1), evalEnvs: int('eval-envs', 1),
    evalEpisodes: int('eval-episodes', 1), onlineEvalInterval: int('eval-interval', 0), logInterval: int('log-interval', 1),
    utd: values.utd !== undefined ? parsePositive('utd', values.utd) : undefined,
    evalTasks: values['eval-tasks'] !== undefined ? evalTasksFlag(values['eval-tasks']) : undefined,
  };
  if (!values.checkpoint) throw new UsageError('--checkpoint C is required');
  if ((given.onlineSteps === undefined) === (given.offlineUpdates === undefined)) {
    throw new UsageError('give exactly one of --online-steps B (fine-tune online) and --offline-updates U (the offline control)');
  }
  if (!existsSync(values.checkpoint)) throw new UsageError(`--checkpoint: '${values.checkpoint}' does not exist`);
  const ckpt = loadCheckpoint(values.checkpoint);
  const base = runConfigOfCheckpoint(ckpt, values.checkpoint);
  const threads = (backendName: string) => threadChoice(flags, backendName, { kind: base.agent, config: base.agentConfig }, base.threads ?? 1);
  const config = (backendName: string): RunConfig => ({
    ...base, backend: backendName, threads: threads(backendName).threads,
    agentConfig: { ...base.agentConfig, ...flags.overrides },
    offlineSteps: ckpt.loop.step + (given.offlineUpdates ?? 0), onlineSteps: given.onlineSteps ?? 0,
    // The control evaluates at its end only (or every --eval-interval updates); the online run's settings stay.
    ...(given.offlineUpdates ? { offlineEvalInterval: given.onlineEvalInterval ?? 0, offlineEvalSteps: undefined } : {}),
    utd: given.utd ?? base.utd, numEnvs: given.numEnvs ?? base.numEnvs, evalEnvs: given.evalEnvs ?? base.evalEnvs,
    evalEpisodes: given.evalEpisodes ?? base.evalEpisodes, evalTasks: given.evalTasks ?? base.evalTasks,
    onlineEvalInterval: given.onlineEvalInterval ?? 0, logInterval: given.logInterval ?? base.logInterval,
  });
  return { help: false, values, backend: flags.backend ?? (base.backend as BackendRequest), config, threads };
}

export async function main(argv: string[]): Promise<number> {
  return runCommand('finetune', async () => {
    const plan = finetunePlan(argv);
    if (plan.help) {
      console.log(HELP);
      return 0;
    }
    const { values } = plan;
    const backend = await selectBackend(plan.backend);
    const config = plan.config(backend.name);
    const what = config.onlineSteps ? `${config.onlineSteps} env steps on ${config.envId}` : `offline updates to step ${config.offlineSteps} (the control)`;
    console.error(`finetune: ${config.agent} from ${values.checkpoint}; ${what}`);
    await executeRun({
      config, outDir: values.out, envServers: values['env-servers'], dataDir: values['data-dir'],
      progress: !values['no-progress'], resumePath: values.checkpoint,
      checkpointInterval: values['checkpoint-interval'] === undefined ? 0 : parseInteger('checkpoint-interval', values['checkpoint-interval'], 0),
    });
    return 0;
  });
}
