// `qflow train` when it runs offline → online (--online-steps, --offline-steps or --config): the same run as the
// demo, with the flags of run-flags.ts; `--config REPORT/config.json` repeats a recorded run exactly.
import { parseArgs } from 'node:util';
import { selectBackend, type BackendRequest } from '../backend/index.js';
import { canonicalJson, readRunConfig, type RunConfig } from '../online/run-config.js';
import { existsSync } from 'node:fs';
import { loadCheckpoint } from '../checkpoints/checkpoint.js';
import { parseInteger, runCommand, UsageError } from './cli-options.js';
import { parseAgentFlags, threadChoice } from './agent-flags.js';
import { buildRunConfig, runFlagsHelp, taskDirected, threadsFlag, RUN_OPTIONS, type RunDefaults } from './run-flags.js';
import { executeRun } from './run-executor.js';
import type { HelpPlan, RunPlan } from './run-plan.js';
import { DEMO_DEFAULTS } from './demo-command.js';

export const TRAIN_DEFAULTS: RunDefaults = { ...DEMO_DEFAULTS, dataset: { ...DEMO_DEFAULTS.dataset, episodes: undefined } };

export const OFFLINE_ONLINE_HELP = `usage: qflow train --offline-steps A --online-steps B [options]
       qflow train --config REPORT/config.json [--backend NAME] [--out DIR] [--env-servers LIST]

Offline → online in one run (docs/algorithm.md#online-fine-tuning): A offline updates, then B online env steps against env servers, each
followed by --utd updates on batches from one buffer (dataset + online transitions). Evaluation on remote envs,
JSONL metrics, learning curves with both phases marked, and a report (config.json, success.md/.json, summary.json).
With --config the recorded run is repeated bit for bit (same dataset bytes, seeds and settings).

options:
  --config FILE          a report's config.json (other run flags are then refused)
  --checkpoint-interval N  offline phase: checkpoint every N updates (default 0 = at its end only)
  --task-directed        generate the dataset task-directed towards the trained task (cube only; needs
                         --dataset-episodes): the demo's data, its own folder generated/...-task<K> in the store
  --resume CKPT          continue an interrupted run of the same settings from its checkpoint.msgpack (mid offline
                         phase) or checkpoint-offline.msgpack (the online phase starts over from there)
  --metrics-port PORT    serve the run's metrics.jsonl figures as Prometheus metrics at http://HOST:PORT/metrics
                         (0 = any free port; default: none)
  --metrics-host HOST    interface of --metrics-port (default 127.0.0.1, loopback only; 0.0.0.0 for all)
${runFlagsHelp(TRAIN_DEFAULTS)}
  --out DIR              run folder (default runs/train)
  -h, --help             this text`;

/** True when `qflow train` was asked for the offline → online run. */
export function wantsOfflineOnline(argv: string[]): boolean {
  return argv.some((a) => /^--(online-steps|offline-steps|config)(=|$)/.test(a));
}

export const OFFLINE_ONLINE_OPTIONS = {
  ...RUN_OPTIONS, config: { type: 'string' }, resume: { type: 'string' }, 'checkpoint-interval': { type: 'string' },
  'metrics-port': { type: 'string' }, 'metrics-host': { type: 'string' },
  'task-directed': { type: 'boolean' },
} as const;

type OfflineOnlineValues = ReturnType<typeof parseOfflineOnlineArgs>;

function parseOfflineOnlineArgs(argv: string[]) {
  return parseArgs({ args: argv, strict: true, allowPositionals: false, options: OFFLINE_ONLINE_OPTIONS }).values;
}

/** The flags allowed with --config: they change where and how the run executes, not what it computes. */
const WITH_CONFIG = new Set([
  'config', 'backend', 'out', 'env-servers', 'data-dir', 'no-progress', 'resume', 'checkpoint-interval', 'metrics-port', 'metrics-host',
]);

/** `qflow train --offline-steps/--online-steps/--config ARGV` checked and turned into its run, without doing any work. */
export function offlineOnlinePlan(argv: string[]): HelpPlan | (RunPlan<RunConfig> & { values: OfflineOnlineValues; recorded?: RunConfig }) {
  const values = parseOfflineOnlineArgs(argv);
  if (values.help) return { help: true };
  const flags = parseAgentFlags(values, ['backend']);
  if (values.config !== undefined) {
    const extra = Object.keys(values).filter((k) => !WITH_CONFIG.has(k));
    if (extra.length) throw new UsageError(`--config: the recorded run fixes every setting; drop --${extra.join(', --')} (allowed with it: --${[...WITH_CONFIG].join(', --')})`);
    const recorded = readRunConfig(values.config);
    return {
      help: false, values, recorded, backend: flags.backend ?? (recorded.backend as BackendRequest),
      config: (backendName) => ({ ...recorded, backend: backendName }),
      threads: (backendName) => threadChoice({ overrides: {} }, backendName, { kind: recorded.agent, config: recorded.agentConfig }, recorded.threads ?? 1),
    };
  }
  if (values['online-steps'] === undefined) throw new UsageError('--online-steps B is required with --offline-steps (use plain `qflow train --steps N` for offline only)');
  const backend = flags.backend ?? 'auto';
  const config = (backendName: string) => {
    const run = buildRunConfig(values, TRAIN_DEFAULTS, backendName);
    return values['task-directed'] ? taskDirected(run) : run;
  };
  config(backend); // reject bad flags now
  return { help: false, values, backend, config, threads: (backendName) => threadsFlag(values, config(backendName)) };
}

export async function main(argv: string[]): Promise<number> {
  return runCommand('train', async () => {
    const plan = offlineOnlinePlan(argv);
    if (plan.help) {
      console.log(OFFLINE_ONLINE_HELP);
      return 0;
    }
    const { values, recorded } = plan;
    const metrics = metricsFlags(values);
    const backend = await selectBackend(plan.backend);
    const config = plan.config(backend.name);
    if (recorded && backend.name !== recorded.backend) {
      console.error(`note: the run was recorded on backend ${recorded.backend}; this one uses ${backend.name} (results may differ in the last bits)`);
    }
    if (!recorded) console.error(`threads: ${config.threads} per update (${plan.threads(backend.name).reason})`);
    const checkpointInterval = values['checkpoint-interval'] === undefined ? 0 : parseInteger('checkpoint-interval', values['checkpoint-interval'], 0);
    if (values.resume !== undefined) checkResume(values.resume, config);
    await executeRun({
      config, outDir: values.out ?? 'runs/train', envServers: values['env-servers'], dataDir: values['data-dir'],
      progress: !values['no-progress'], resumePath: values.resume, checkpointInterval, metrics,
    });
    return 0;
  });
}

/** `--metrics-port P [--metrics-host H]`: where to serve the run's Prometheus metrics (none without a port). */
function metricsFlags(values: OfflineOnlineValues): { host: string; port: number } | undefined {
  const host = values['metrics-host'];
  if (values['metrics-port'] === undefined) {
    if (host !== undefined) throw new UsageError(`--metrics-host '${host}' needs --metrics-port`);
    return undefined;
  }
  const port = Number(values['metrics-port']);
  if (!/^\d{1,5}$/.test(values['metrics-port']) || port > 65535) {
    throw new UsageError(`--metrics-port: '${values['metrics-port']}' is not a port number in 0..65535`);
  }
  return { host: host ?? '127.0.0.1', port };
}

/** A resumed run must be the run that wrote the checkpoint: same settings, so it ends as the uninterrupted one. */
function checkResume(path: string, config: RunConfig): void {
  if (!existsSync(path)) throw new UsageError(`--resume: checkpoint '${path}' does not exist`);
  const written = (loadCheckpoint(path).config as { run?: RunConfig } | undefined)?.run;
  if (!written || canonicalJson(written) !== canonicalJson(config)) {
    throw new UsageError(`--resume: '${path}' was written by a run with other settings; resume it with the flags (or --config) of that run`);
  }
}
