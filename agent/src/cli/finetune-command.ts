// `qflow finetune --checkpoint C --online-steps B`: online fine-tuning from a checkpoint (spec §5.1): the whole
// agent state is restored (weights, targets, Adam moments, update counter) and the sampler RNG, so the run
// continues exactly where the checkpoint stopped; then B env steps against env servers.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { selectBackend, BACKEND_CHOICES, type BackendRequest } from '../backend/index.js';
import { loadCheckpoint } from '../training/checkpoint.js';
import { runConfigOfCheckpoint } from '../online/checkpoint-run-config.js';
import { parseChoice, parseInteger, parsePositive, runCommand, UsageError } from './cli-options.js';
import { executeRun } from './run-executor.js';

const HELP = `usage: qflow finetune --checkpoint C --online-steps B [options]

Restores everything from checkpoint C (weights, target nets, Adam moments, update step, sampler RNG), reloads its
dataset into the replay buffer, and fine-tunes online for B env steps against env servers (one buffer: dataset +
online transitions; --utd updates per env step). Writes metrics.jsonl, checkpoint.msgpack and a report in --out.

options:
  --checkpoint C         a checkpoint from 'qflow train' (offline or offline → online) or 'qflow demo'
  --online-steps B       online env steps
  --env-servers LIST     host:port[,host:port...] or dns:///name:port (default: start a local 'qflow serve')
  --utd X                updates per env step (default 1)
  --num-envs N           envs stepped together (default: the checkpoint's run, else 10)
  --eval-envs N          envs for evaluation (default: the checkpoint's run, else 25)
  --eval-episodes E      episodes per task and evaluation (default: the checkpoint's run, else 25)
  --eval-tasks 1,2,..    tasks evaluated (default: the trained task)
  --eval-interval N      evaluate every N env steps (default 0: at the start and the end)
  --log-interval N       JSONL line every N env steps (default 100)
  --backend NAME         ${BACKEND_CHOICES.join(' | ')} (default: the checkpoint's)
  --threads N            threads sharing each update (default: the checkpoint's run's, so it continues exactly)
  --data-dir DIR         dataset store (default $QFLOW_DATA_DIR or ~/.qflow/datasets)
  --out DIR              run folder (default runs/finetune)
  --no-progress          no progress bars
  -h, --help             this text`;

export async function main(argv: string[]): Promise<number> {
  return runCommand('finetune', async () => {
    const { values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        checkpoint: { type: 'string' }, 'online-steps': { type: 'string' }, 'env-servers': { type: 'string' },
        utd: { type: 'string' }, 'num-envs': { type: 'string' }, 'eval-envs': { type: 'string' },
        'eval-episodes': { type: 'string' }, 'eval-tasks': { type: 'string' }, 'eval-interval': { type: 'string' },
        'log-interval': { type: 'string' }, backend: { type: 'string' }, threads: { type: 'string' }, 'data-dir': { type: 'string' },
        out: { type: 'string', default: 'runs/finetune' }, 'no-progress': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (!values.checkpoint) throw new UsageError('--checkpoint C is required');
    if (!existsSync(values.checkpoint)) throw new UsageError(`--checkpoint: '${values.checkpoint}' does not exist`);
    if (values['online-steps'] === undefined) throw new UsageError('--online-steps B is required');
    const ckpt = loadCheckpoint(values.checkpoint);
    const base = runConfigOfCheckpoint(ckpt, values.checkpoint);
    const int = (flag: keyof typeof values, fallback: number, min: number) =>
      (typeof values[flag] === 'string' ? parseInteger(flag, values[flag] as string, min) : fallback);
    const request = parseChoice<BackendRequest>('backend', values.backend ?? base.backend, BACKEND_CHOICES);
    const evalTasks = values['eval-tasks'] !== undefined
      ? values['eval-tasks'].split(',').map((t) => {
        const n = parseInteger('eval-tasks', t.trim(), 1);
        if (n > 5) throw new UsageError(`--eval-tasks: task ${n} does not exist; valid: 1..5`);
        return n;
      })
      : base.evalTasks;
    const backend = await selectBackend(request);
    const config = {
      ...base, backend: backend.name,
      threads: values.threads !== undefined ? parseInteger('threads', values.threads, 1) : base.threads ?? 1,
      offlineSteps: ckpt.loop.step,
      onlineSteps: parseInteger('online-steps', values['online-steps'], 1),
      utd: values.utd !== undefined ? parsePositive('utd', values.utd) : base.utd,
      numEnvs: int('num-envs', base.numEnvs, 1), evalEnvs: int('eval-envs', base.evalEnvs, 1),
      evalEpisodes: int('eval-episodes', base.evalEpisodes, 1), evalTasks,
      onlineEvalInterval: int('eval-interval', 0, 0), logInterval: int('log-interval', base.logInterval, 1),
    };
    console.error(`finetune: ${config.agent} from step ${ckpt.loop.step} of ${values.checkpoint}; ${config.onlineSteps} env steps on ${config.envId}`);
    await executeRun({
      config, outDir: values.out!, envServers: values['env-servers'], dataDir: values['data-dir'],
      progress: !values['no-progress'], resumePath: values.checkpoint,
    });
    return 0;
  });
}
