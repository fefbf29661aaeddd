// `qflow experts train NAME` and `qflow experts export RUN_DIR`: SAC locomotion experts
// (docs/algorithm.md#locomotion-experts) trained against env servers, and their exported mean policy
// (docs/algorithm.md#expert-file-format).
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BACKEND_CHOICES, selectBackend, type BackendRequest } from '../backend/index.js';
import { RemoteVectorEnv } from '../remote/index.js';
import { startLocalEnvServer, type LocalEnvServer } from '../online/qflow-subprocess.js';
import { mixSeeds } from '../random/seed-mixing.js';
import { EXPERT_ENV_IDS, EXPERT_NAMES, type ExpertName } from '@qflow/datasets';
import { expertSettings, type SacSettings } from '../sac/sac-settings.js';
import { loadSacCheckpoint, type SacCheckpoint } from '../sac/sac-checkpoint.js';
import { trainSac } from '../sac/sac-training.js';
import { SacAgent } from '../sac/sac-agent.js';
import { expertJson, writeExpertFile } from '../sac/expert-export.js';
import { parseChoice, parseInteger, runCommand, UsageError } from './cli-options.js';
import { envServersFlag } from './run-executor.js';

const HELP = `usage: qflow experts <train|export|eval> ...

  train NAME       train a SAC locomotion expert against env servers (NAME: ${EXPERT_NAMES.join(', ')})
  export RUN_DIR   write a run's expert file (the actor's mean policy) from its last checkpoint
  eval --env ENV   measure an expert file as data generation uses it (speed and falls, navigation and
                   antsoccer success; runs in the env server package)

Run 'qflow experts train --help', 'qflow experts export --help' or 'qflow experts eval --help' for their options.
  -h, --help             this text`;

const TRAIN_HELP = `usage: qflow experts train NAME --steps N --out DIR [options]

Trains a SAC expert (docs/algorithm.md#sac-experts) on NAME's direction-following env: ${EXPERT_NAMES.map((n) => `${n} → ${EXPERT_ENV_IDS[n]}`).join(', ')}.
Writes DIR/metrics.jsonl (episode return and length, fall rate, losses, α), DIR/checkpoint.msgpack (every
--checkpoint-interval env steps and at the end, atomically) and DIR/expert.json at the end. A progress bar goes
to stderr.

options:
  --steps N                total env steps of the run (a resumed run stops at the same total)
  --out DIR                run folder
  --resume                 continue the run in DIR from its checkpoint (weights, Adam, replay buffer, RNGs)
  --env-servers LIST       host:port[,host:port...] or dns:///name:port (default: start a local 'qflow serve')
  --seed S                 network init, noise, batches and env episodes (default 0)
  --num-envs K             envs stepped together; each vector step is followed by K updates (default 1)
  --start-steps N          env steps of uniform random actions before the actor acts (default 10000)
  --batch-size N           transitions per update (default 256)
  --log-interval N         JSONL line every N env steps (default 1000)
  --checkpoint-interval N  checkpoint every N env steps (default 10000)
  --backend B              ${BACKEND_CHOICES.join(', ')} (default auto)
  --no-progress            no progress bar
  -h, --help               this text`;

const EXPORT_HELP = `usage: qflow experts export RUN_DIR --out FILE

Writes the expert file (docs/algorithm.md#expert-file-format) of the run in RUN_DIR from its checkpoint.msgpack.

options:
  --out FILE             the expert file to write (e.g. experts/ant-xy.json)
  -h, --help             this text`;

export const EXPERTS_OPTIONS = { help: { type: 'boolean', short: 'h' } } as const;

export const EXPERTS_TRAIN_OPTIONS = {
  steps: { type: 'string' }, out: { type: 'string' }, resume: { type: 'boolean' }, 'env-servers': { type: 'string' },
  seed: { type: 'string' }, 'num-envs': { type: 'string' }, 'start-steps': { type: 'string' }, 'batch-size': { type: 'string' },
  'log-interval': { type: 'string' }, 'checkpoint-interval': { type: 'string' }, backend: { type: 'string' },
  'no-progress': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

export const EXPERTS_EXPORT_OPTIONS = { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

type TrainValues = ReturnType<typeof parseTrain>['values'];

function parseTrain(argv: string[]) {
  return parseArgs({ args: argv, strict: true, allowPositionals: true, options: EXPERTS_TRAIN_OPTIONS });
}

interface TrainPlan {
  expert: ExpertName;
  steps: number;
  outDir: string;
  seed: number;
  numEnvs: number;
  settings: SacSettings;
  logInterval: number;
  checkpointInterval: number;
  backend: BackendRequest;
  resume?: SacCheckpoint;
  values: TrainValues;
}

/** `qflow experts train ARGV` checked, without doing any work (the checkpoint is read when resuming). */
export function trainPlan(argv: string[]): TrainPlan | { help: true } {
  const { values, positionals } = parseTrain(argv);
  if (values.help) return { help: true };
  const int = (flag: keyof TrainValues, min: number, dflt: number) => (typeof values[flag] === 'string' ? parseInteger(flag, values[flag] as string, min) : dflt);
  const plan = {
    steps: int('steps', 1, 0), seed: int('seed', 0, 0), numEnvs: int('num-envs', 1, 1), logInterval: int('log-interval', 1, 1000),
    checkpointInterval: int('checkpoint-interval', 1, 10_000),
    backend: parseChoice('backend', values.backend ?? 'auto', BACKEND_CHOICES),
  };
  if (positionals.length !== 1) throw new UsageError(`give exactly one expert NAME; valid choices: ${EXPERT_NAMES.join(', ')}`);
  const expert = positionals[0] as ExpertName;
  if (!EXPERT_NAMES.includes(expert)) throw new UsageError(`unknown expert NAME '${expert}'; valid choices: ${EXPERT_NAMES.join(', ')}`);
  if (values.steps === undefined) throw new UsageError('--steps N is required');
  if (values.out === undefined) throw new UsageError('--out DIR is required');
  const outDir = resolve(values.out);
  const checkpointPath = join(outDir, 'checkpoint.msgpack');
  const settings = { ...expertSettings(expert), startSteps: int('start-steps', 0, 10_000), batchSize: int('batch-size', 1, 256) };
  if (!values.resume) {
    if (existsSync(checkpointPath)) throw new UsageError(`--out: '${values.out}' already holds a run (checkpoint.msgpack); pass --resume to continue it or choose another --out`);
    return { expert, outDir, settings, values, ...plan };
  }
  if (!existsSync(checkpointPath)) throw new UsageError(`--resume: '${values.out}' holds no checkpoint.msgpack to continue`);
  const resume = loadSacCheckpoint(checkpointPath);
  const run = resume.config as { expert?: string; seed?: number; numEnvs?: number };
  if (run.expert !== expert) throw new UsageError(`--resume: the run in '${values.out}' trains '${run.expert}', not '${expert}'`);
  if (values.seed !== undefined && plan.seed !== run.seed) throw new UsageError(`--seed: '${values.seed}' differs from the run's seed ${run.seed}; leave it out when resuming`);
  if (plan.steps <= resume.loop.envSteps) throw new UsageError(`--steps: '${values.steps}' is not above the ${resume.loop.envSteps} env steps the run has done`);
  return { expert, outDir, values, ...plan, seed: run.seed ?? 0, numEnvs: values['num-envs'] ? plan.numEnvs : run.numEnvs ?? 1, settings: resume.agent.settings, resume };
}

async function train(argv: string[]): Promise<number> {
  const plan = trainPlan(argv);
  if ('help' in plan) {
    console.log(TRAIN_HELP);
    return 0;
  }
  const servers = await envServersFlag(plan.values['env-servers']);
  await selectBackend(plan.backend, (l) => console.error(l));
  const envId = EXPERT_ENV_IDS[plan.expert];
  let local: LocalEnvServer | undefined;
  let env: RemoteVectorEnv | undefined;
  try {
    const addresses = servers ?? [(local = await startLocalEnvServer([], (l) => console.error(l))).address];
    // Each start of the run (first and resumed) plays its episodes from its own seed sequence.
    const starts = plan.resume ? plan.resume.loop.starts : 0;
    env = await RemoteVectorEnv.connect({
      servers: addresses, envId, count: plan.numEnvs, seed: mixSeeds(mixSeeds(plan.seed, 0xe4e7), starts),
      log: (l) => console.error(`remote env: ${l}`),
    });
    const config = { expert: plan.expert, envId, seed: plan.seed, numEnvs: plan.numEnvs, settings: plan.settings };
    console.error(`experts: ${plan.resume ? `resuming at env step ${plan.resume.loop.envSteps}` : 'training'} ${plan.expert} on ${envId} to ${plan.steps} env steps → ${plan.outDir}`);
    const r = await trainSac({
      env, envId, steps: plan.steps, outDir: plan.outDir, seed: plan.seed, settings: plan.settings, logInterval: plan.logInterval,
      checkpointInterval: plan.checkpointInterval, resume: plan.resume, config, progress: plan.values['no-progress'] ? false : undefined,
    });
    console.error(`experts: ${r.envSteps} env steps, ${r.updates} updates, ${r.episodes} episodes; expert file ${r.expertPath}`);
    return 0;
  } finally {
    await env?.close();
    await local?.stop();
  }
}

async function exportExpert(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: EXPERTS_EXPORT_OPTIONS });
  if (values.help) {
    console.log(EXPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one RUN_DIR (a folder written by qflow experts train)');
  if (values.out === undefined) throw new UsageError('--out FILE is required');
  if (!values.out.endsWith('.json')) throw new UsageError(`--out: '${values.out}' must end in .json (the expert file is JSON)`);
  const checkpointPath = join(positionals[0]!, 'checkpoint.msgpack');
  if (!existsSync(checkpointPath)) throw new UsageError(`RUN_DIR: '${positionals[0]}' holds no checkpoint.msgpack`);
  const ckpt = loadSacCheckpoint(checkpointPath);
  await selectBackend('cpu', () => {});
  const s = ckpt.agent;
  const agent = new SacAgent(s.obsDim, s.actDim, s.settings, s.seed);
  try {
    agent.setState(s);
    const envId = String((ckpt.config as { envId?: string }).envId);
    writeExpertFile(values.out, expertJson(agent, envId, { ...ckpt.config, envSteps: ckpt.loop.envSteps, updates: s.step }));
  } finally {
    agent.dispose();
  }
  console.error(`experts: wrote ${values.out} (${ckpt.agent.step} updates, ${ckpt.loop.envSteps} env steps)`);
  return 0;
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = { train, export: exportExpert };

export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  return runCommand(sub && Object.hasOwn(SUBCOMMANDS, sub) ? `experts ${sub}` : 'experts', async () => {
    if (sub === undefined || sub === '--help' || sub === '-h') {
      console.log(HELP);
      return sub === undefined ? 2 : 0;
    }
    if (!Object.hasOwn(SUBCOMMANDS, sub)) throw new UsageError(`unknown subcommand '${sub}'; valid choices: ${Object.keys(SUBCOMMANDS).join(', ')}`);
    return SUBCOMMANDS[sub]!(rest);
  });
}
