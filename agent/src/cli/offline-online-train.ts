// `qflow train` when it runs offline → online (--online-steps, --offline-steps or --config): the same run as the
// demo, with the flags of run-flags.ts; `--config REPORT/config.json` repeats a recorded run exactly.
import { parseArgs } from 'node:util';
import { selectBackend, BACKEND_CHOICES, type BackendRequest } from '../backend/index.js';
import { readRunConfig } from '../online/run-config.js';
import { parseChoice, runCommand, UsageError } from './cli-options.js';
import { buildRunConfig, runFlagsHelp, threadsFlag, RUN_OPTIONS, type RunDefaults } from './run-flags.js';
import { executeRun } from './run-executor.js';
import { DEMO_DEFAULTS } from './demo-command.js';

const TRAIN_DEFAULTS: RunDefaults = { ...DEMO_DEFAULTS, dataset: { ...DEMO_DEFAULTS.dataset, episodes: undefined } };

export const OFFLINE_ONLINE_HELP = `usage: qflow train --offline-steps A --online-steps B [options]
       qflow train --config REPORT/config.json [--backend NAME] [--out DIR] [--env-servers LIST]

Offline → online in one run (spec §5.1): A offline updates, then B online env steps against env servers, each
followed by --utd updates on batches from one buffer (dataset + online transitions). Evaluation on remote envs,
JSONL metrics, learning curves with both phases marked, and a report (config.json, success.md/.json, summary.json).
With --config the recorded run is repeated bit for bit (same dataset bytes, seeds and settings).

options:
  --config FILE          a report's config.json (other run flags are then refused)
${runFlagsHelp(TRAIN_DEFAULTS)}
  --out DIR              run folder (default runs/train)
  -h, --help             this text`;

/** True when `qflow train` was asked for the offline → online run. */
export function wantsOfflineOnline(argv: string[]): boolean {
  return argv.some((a) => /^--(online-steps|offline-steps|config)(=|$)/.test(a));
}

export async function main(argv: string[]): Promise<number> {
  return runCommand('train', async () => {
    const { values } = parseArgs({
      args: argv, strict: true, allowPositionals: false, options: { ...RUN_OPTIONS, config: { type: 'string' } },
    });
    if (values.help) {
      console.log(OFFLINE_ONLINE_HELP);
      return 0;
    }
    const request = parseChoice<BackendRequest>('backend', values.backend ?? 'auto', BACKEND_CHOICES);
    let config;
    if (values.config !== undefined) {
      const allowed = new Set(['config', 'backend', 'out', 'env-servers', 'data-dir', 'no-progress']);
      const extra = Object.keys(values).filter((k) => !allowed.has(k));
      if (extra.length) throw new UsageError(`--config: the recorded run fixes every setting; drop --${extra.join(', --')} (allowed with it: --${[...allowed].join(', --')})`);
      const recorded = readRunConfig(values.config);
      const backend = await selectBackend(values.backend ? request : (recorded.backend as BackendRequest));
      if (backend.name !== recorded.backend) console.error(`note: the run was recorded on backend ${recorded.backend}; this one uses ${backend.name} (results may differ in the last bits)`);
      config = { ...recorded, backend: backend.name };
    } else {
      if (values['online-steps'] === undefined) throw new UsageError('--online-steps B is required with --offline-steps (use plain `qflow train --steps N` for offline only)');
      buildRunConfig(values, TRAIN_DEFAULTS, request);
      const backend = await selectBackend(request);
      config = buildRunConfig(values, TRAIN_DEFAULTS, backend.name);
      console.error(`threads: ${config.threads} per update (${threadsFlag(values, backend.name).reason})`);
    }
    await executeRun({
      config, outDir: values.out ?? 'runs/train', envServers: values['env-servers'], dataDir: values['data-dir'],
      progress: !values['no-progress'],
    });
    return 0;
  });
}
