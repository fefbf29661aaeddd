// `qflow demo` (also `make demo`, `npm start`): the main job with no arguments. Starts a local env server,
// generates (or reuses from the store) a small task-directed cube-single dataset with the scripted oracles, trains Q-Flow
// offline, fine-tunes it online against the server, evaluates before and after, trains flow BC on the same data and
// offline budget as its yardstick, and writes reports/<timestamp>/ with the comparison.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { findDataset } from '@qflow/datasets';
import { replaceFile } from '../files/replace-file.js';
import { BASELINE_DIR, baselineConfig, comparisonText } from './demo-baseline.js';
import { selectBackend } from '../backend/index.js';
import { parseAgentFlags } from './agent-flags.js';
import { runCommand } from './cli-options.js';
import { buildRunConfig, runFlagsHelp, taskDirected, threadsFlag, RUN_OPTIONS, type RunDefaults } from './run-flags.js';
import { executeRun } from './run-executor.js';
import { parseVideoFlag, videoFlagHelp, VIDEO_OPTION } from './video-flag.js';
import type { HelpPlan, RunPlan } from './run-plan.js';
import type { RunConfig } from '../online/run-config.js';
import { envsFinishingEpisodes } from '../online/offline-online-run.js';

/** Chosen by measurement (README, "The demo"): learning shows within the 15-minute budget on 2 cores. */
export const DEMO_DEFAULTS: RunDefaults = {
  task: 'cube-single-play-singletask-task1-v0',
  dataset: { name: 'cube-single-play-v0', episodes: 400, episodeLength: 100, generationSeed: 0 },
  agent: 'qflow', preset: 'cpu', seed: 0,
  offlineSteps: 3000, onlineSteps: 2000, utd: 1, numEnvs: 10,
  evalEnvs: 25, evalEpisodes: 25, evalTasks: [1],
  offlineEvalInterval: 1000, onlineEvalInterval: 1000, logInterval: 100,
};

/** Locomotion demo data: episodes of OGBench's length (crossing a maze takes hundreds of steps), this many of them. */
export const LOCOMOTION_DEMO_EPISODES = 100;
const LOCOMOTION_FAMILIES = ['antmaze', 'antsoccer', 'humanoidmaze'];

/** Episode videos per task in the demo's report (rendering them costs seconds, README "The demo"). */
export const DEMO_VIDEO_EPISODES = 2;

const HELP = `usage: qflow demo [options]

The offline → online pipeline in one command: starts a local env server ('qflow serve' as a child process),
generates or reuses a small dataset, trains ${DEMO_DEFAULTS.agent} offline, fine-tunes it online against the server,
evaluates before and after, and writes a report folder: success table (success.md/.json) with videos of the
final policy's first evaluation episodes (videos/), learning curves (learning-curves.svg), metrics.jsonl, checkpoints, summary.json, and config.json, from which
'qflow train --config REPORT/config.json' repeats the run bit for bit.

The generated dataset is task-directed (not an OGBench dataset): every episode starts from the evaluation task's
reset and the oracle's first subtask is that task's goal, then it plays on with random targets. --play-data
generates OGBench-style play data (random targets only) instead; learning is then barely visible at these sizes.
A locomotion --task (e.g. antmaze-medium-navigate-singletask-task1-v0, antsoccer-arena-navigate-singletask-v0)
generates OGBench's recipe with the committed expert files (docs/datasets.md#generated-datasets): by default
${LOCOMOTION_DEMO_EPISODES} episodes of OGBench's length (1001 rows for navigate) instead of the cube sizes; and online,
--online-steps / episode length envs (1 to ${DEMO_DEFAULTS.numEnvs}; 2 for antmaze's 1000-step episodes) instead of ${DEMO_DEFAULTS.numEnvs}, so that
each finishes an episode: online transitions enter the buffer when their episode ends.

options:
${runFlagsHelp(DEMO_DEFAULTS)}
  --play-data            generate OGBench-style play data instead of task-directed data
${videoFlagHelp(DEMO_VIDEO_EPISODES)}
  --no-baseline          skip the yardstick: flow BC trained on the same data for the same offline updates
                         (in REPORT/${BASELINE_DIR}/; it adds its training and one evaluation to the run time)
  --out DIR              report folder (default reports/<timestamp>)
  -h, --help             this text`;

export const DEMO_OPTIONS = { ...RUN_OPTIONS, 'play-data': { type: 'boolean' }, 'no-baseline': { type: 'boolean' }, ...VIDEO_OPTION } as const;

/** The demo's summary, beside its report's success.md. */
export const COMPARISON_FILE = 'comparison.md';

type DemoValues = ReturnType<typeof parseDemoArgs>;

function parseDemoArgs(argv: string[]) {
  return parseArgs({ args: argv, strict: true, allowPositionals: false, options: DEMO_OPTIONS }).values;
}

/** `qflow demo ARGV` checked and turned into the run it starts, without doing any work. */
export function demoPlan(argv: string[]): HelpPlan | (RunPlan<RunConfig> & { values: DemoValues }) {
  const values = parseDemoArgs(argv);
  if (values.help) return { help: true };
  const backend = parseAgentFlags(values, ['backend']).backend ?? 'auto';
  const config = (backendName: string) =>
    locomotionDefaults(directDataset(buildRunConfig(values, DEMO_DEFAULTS, backendName), !values['play-data']), values);
  config(backend); // reject bad flags now
  return { help: false, backend, config, threads: (name) => threadsFlag(values, config(name)), values };
}

/** A generated cube dataset is collected task-directed towards the evaluated task (only cube supports it). */
function directDataset(config: RunConfig, directed: boolean): RunConfig {
  const generated = config.dataset.episodes !== undefined && config.dataset.path === undefined;
  if (!directed || !generated || !config.dataset.name.startsWith('cube-')) return config;
  return taskDirected(config);
}

/**
 * A locomotion task gets the locomotion demo sizes for its generated dataset unless --dataset-episodes /
 * --episode-length say otherwise, and, unless --num-envs says otherwise, few enough online envs that each finishes
 * an episode within --online-steps (online transitions enter the buffer when their episode ends; antmaze's
 * episodes are 1000 steps, five times cube's).
 */
function locomotionDefaults(config: RunConfig, values: DemoValues): RunConfig {
  const spec = findDataset(config.dataset.name);
  if (!spec || !LOCOMOTION_FAMILIES.includes(spec.family)) return config;
  const numEnvs = values['num-envs'] === undefined
    ? Math.min(config.numEnvs, envsFinishingEpisodes(config.onlineSteps, spec.maxEpisodeSteps))
    : config.numEnvs;
  const generated = config.dataset.episodes !== undefined && config.dataset.path === undefined;
  if (!generated) return { ...config, numEnvs };
  return {
    ...config,
    numEnvs,
    dataset: {
      ...config.dataset,
      episodes: values['dataset-episodes'] === undefined ? LOCOMOTION_DEMO_EPISODES : config.dataset.episodes,
      episodeLength: values['episode-length'] === undefined ? spec.storedLength : config.dataset.episodeLength,
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  return runCommand('demo', async () => {
    const plan = demoPlan(argv);
    if (plan.help) {
      console.log(HELP);
      return 0;
    }
    const { values } = plan;
    const videoEpisodes = await parseVideoFlag(values.video, DEMO_VIDEO_EPISODES, (l) => console.error(`demo: ${l}`));
    const backend = await selectBackend(plan.backend);
    const config = plan.config(backend.name);
    const outDir = values.out ?? join('reports', new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19));
    console.error(`demo: ${config.agent} on ${config.envId}; ${config.offlineSteps} offline updates, ${config.onlineSteps} online env steps; report in ${outDir}`);
    console.error(`threads: ${config.threads} per update (${plan.threads(backend.name).reason})`);
    const run = { envServers: values['env-servers'], dataDir: values['data-dir'], progress: !values['no-progress'] };
    const main = await executeRun({ ...run, config, outDir, videoEpisodes });
    let bc;
    let bcSec: number | undefined;
    if (!values['no-baseline'] && config.agent !== 'bc' && config.offlineSteps > 0) {
      console.error(`demo: yardstick: flow BC on the same data for ${config.offlineSteps} updates (--no-baseline skips it)`);
      const t0 = performance.now();
      bc = await executeRun({ ...run, config: baselineConfig(config), outDir: join(outDir, BASELINE_DIR), quiet: true });
      bcSec = (performance.now() - t0) / 1000;
    }
    const text = comparisonText(main, bc, bcSec);
    replaceFile(join(outDir, COMPARISON_FILE), `# What this run's success means\n\n${text.split('\n').map((l) => `- ${l}`).join('\n')}\n`);
    console.log(text);
    return 0;
  });
}
