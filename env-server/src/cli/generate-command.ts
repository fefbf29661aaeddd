// `qflow datasets generate NAME`: collects a dataset with OGBench's recipes (manipulation: scripted oracles;
// locomotion: expert policies) and writes it in OGBench's format (train and -val .npz).
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '@qflow/datasets';
import { DEFAULT_EXPERT_DIR } from '../experts/expert-files.js';
import { checkCollectionTask } from '../oracles/episode-collector.js';
import { generateDataset, validationEpisodes } from '../oracles/dataset-generation.js';
import { generatableDatasets, parseDatasetRecipe } from '../oracles/dataset-recipes.js';
import { progressLine } from './progress-line.js';
import { integerOption } from './integer-option.js';

const HELP = `usage: qflow datasets generate NAME [options]

Generate a dataset with OGBench's recipes and write NAME.npz and NAME-val.npz (a tenth of the episodes, at
least one) in OGBench's format: observations, actions, terminals, qpos, qvel (and button_states for puzzle).
  cube, puzzle:   scripted oracles (play: keyframe plans; noisy: closed-loop oracle with action noise)
  antmaze, humanoidmaze, antsoccer: a direction-following expert (ant-xy, humanoid-xy) steered by BFS
                  subgoals (navigate, stitch) or random directions (explore), plus action noise; antsoccer
                  dribbles with an ant-ball expert if one is given or committed, else a scripted dribbler
The same name, episode count, length, seed (and expert files) give the same bytes, whatever the number of
workers. A sidecar NAME.npz.json records how the files were made (expert files with their sha256).

NAME is one of:
  ${generatableDatasets().join('\n  ')}

options:
  --episodes N         training episodes (default: OGBench's count for NAME, e.g. 1000 for cube-single-play)
  --seed S             non-negative integer seed (default 0)
  --workers K          worker threads, one MuJoCo instance each (default: CPU count, ${availableParallelism()} here)
  --out DIR            output directory (default: the dataset store, $QFLOW_DATA_DIR or ~/.qflow/datasets)
  --episode-length L   rows per episode (default: OGBench's for NAME, e.g. 1001, stitch 201; smaller values are
                       for quick tests)
  --task K             task-directed collection, cube only (K in 1..5): every episode starts from evaluation
                       task K's reset and its first subtask = task K's start→goal; then play as usual.
                       Not an OGBench dataset (OGBench's play data has random targets); recorded in the
                       NAME.npz.json provenance sidecar
  --expert FILE        locomotion: the walker expert file (default ${DEFAULT_EXPERT_DIR}ant-xy.json, or
                       humanoid-xy.json for humanoidmaze; made by 'qflow experts train' + 'qflow experts export')
  --ball-expert FILE   antsoccer: the ant-ball dribbling expert (default ${DEFAULT_EXPERT_DIR}ant-ball.json
                       when present; without one a scripted dribbler steers the ant-xy expert)
  -h, --help           show this help`;

export const GENERATE_OPTIONS = {
  episodes: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string' },
  'episode-length': { type: 'string' },
  task: { type: 'string' },
  expert: { type: 'string' },
  'ball-expert': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function taskOption(text: string): number {
  if (!/^[1-5]$/.test(text)) throw new Error(`--task must be one of 1, 2, 3, 4, 5, got '${text}'`);
  return Number(text);
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: GENERATE_OPTIONS,
    });
  } catch (error) {
    console.error(`qflow datasets generate: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  try {
    if (positionals.length !== 1) throw new Error(`expected exactly one dataset NAME, got ${positionals.length}`);
    const name = positionals[0]!;
    const recipe = parseDatasetRecipe(name);
    const episodes = integerOption('episodes', values.episodes, recipe.episodes, 1);
    const seedText = values.seed ?? '0';
    if (!/^\d+$/.test(seedText)) throw new Error(`--seed must be a non-negative integer, got '${seedText}'`);
    const workers = integerOption('workers', values.workers, availableParallelism(), 1);
    const length = integerOption('episode-length', values['episode-length'], recipe.length, 2);
    const task = values.task === undefined ? undefined : taskOption(values.task);
    if (task !== undefined) {
      if (recipe.kind !== 'manipulation') throw new Error(`--task is supported for cube datasets only, not ${name}`);
      checkCollectionTask(recipe.spec, task);
    }
    if (recipe.kind !== 'locomotion' && (values.expert !== undefined || values['ball-expert'] !== undefined)) {
      throw new Error(`--expert and --ball-expert are for antmaze, humanoidmaze and antsoccer datasets, not ${name}`);
    }
    if (values['ball-expert'] !== undefined && !name.startsWith('antsoccer-')) {
      throw new Error(`--ball-expert is for antsoccer datasets only, not ${name}`);
    }
    const outDir = resolveDataDir(values.out);
    const total = episodes + validationEpisodes(episodes);
    const progress = progressLine(`generating ${name}`, total * length, 'rows', 'steps/s');
    const started = Date.now();
    const result = await generateDataset({
      name, episodes, seed: BigInt(seedText), workers, outDir, length, task, expert: values.expert, ballExpert: values['ball-expert'],
      onProgress: (done) => progress(done * length),
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(`wrote ${result.trainPath} (${result.trainEpisodes} episodes) and ${result.valPath} ` +
      `(${result.valEpisodes} episodes)${task === undefined ? '' : `, task-directed (task ${task})`}: ${result.rows} rows in ${seconds.toFixed(1)} s with ${workers} worker(s); ` +
      `${recipe.kind === 'locomotion' ? 'goals' : 'oracle subtasks'} ${result.successes}/${result.subtasks} reached`);
    return 0;
  } catch (error) {
    console.error(`qflow datasets generate: ${(error as Error).message}`);
    return 2;
  }
}
