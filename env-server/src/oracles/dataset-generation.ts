// Generates an OGBench-format dataset (train + `-val` .npz) — manipulation with scripted oracles, locomotion with
// expert policies — spreading episodes over worker threads. Every episode has its own random stream (from the seed
// and its index), so the bytes written depend only on the name, the episode count, the episode length, the seed,
// the task (task-directed collection) and the expert files — not on the number of workers.
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { ndarray, writeGeneratedSidecar, writeNpz, type NdArray } from '@qflow/datasets';
import { resolveExperts } from '../locomotion/locomotion-collector.js';
import { actionNoise } from '../locomotion/maze-recipes.js';
import { checkCollectionTask, type EpisodeRows } from './episode-collector.js';
import type { CollectionWorkerData } from './collection-worker.js';
import { parseDatasetRecipe, type DatasetRecipe } from './dataset-recipes.js';
import { runEpisodesInWorkers } from './episode-workers.js';

export interface GenerationOptions {
  name: string;
  episodes: number;
  seed: bigint;
  workers: number;
  outDir: string;
  /** Rows per episode (default: OGBench's, e.g. 1001). */
  length?: number;
  /** Task-directed collection: each episode starts from task `task`'s reset, its first subtask is that task's goal. */
  task?: number;
  /** Locomotion: the walker expert file (default: env-server/experts/<ant-xy|humanoid-xy>.json). */
  expert?: string;
  /** Antsoccer: the ant-ball expert file (default: env-server/experts/ant-ball.json if present, else scripted). */
  ballExpert?: string;
  /** Called after every finished episode. */
  onProgress?: (done: number, total: number) => void;
}

export interface GenerationResult {
  trainPath: string;
  valPath: string;
  trainEpisodes: number;
  valEpisodes: number;
  rows: number;
  /** Subtasks (locomotion: goals) of all episodes, and how many were reached. */
  subtasks: number;
  successes: number;
}

/** Validation episodes: a tenth of the training episodes (at least one), generated right after them. */
export function validationEpisodes(episodes: number): number {
  return Math.max(1, Math.floor(episodes / 10));
}

export async function generateDataset(options: GenerationOptions): Promise<GenerationResult> {
  const recipe = parseDatasetRecipe(options.name);
  if (options.task !== undefined) {
    if (recipe.kind !== 'manipulation') throw new Error(`--task is supported for cube datasets only, not ${options.name}`);
    checkCollectionTask(recipe.spec, options.task);
  }
  const experts = recipe.kind === 'locomotion' ? resolveExperts(recipe.spec, options) : undefined;
  const length = options.length ?? recipe.length;
  const valEpisodes = validationEpisodes(options.episodes);
  const splits = [new SplitArrays(options.episodes, length), new SplitArrays(valEpisodes, length)] as const;
  const stats = { subtasks: 0, successes: 0 };
  const data: CollectionWorkerData = {
    name: options.name, seed: options.seed.toString(), length, task: options.task, experts: experts?.paths,
  };
  let done = 0;
  const total = options.episodes + valEpisodes;
  await runEpisodesInWorkers<EpisodeRows>(new URL('./collection-worker.js', import.meta.url), data, options.workers, total, (episode, rows) => {
    const train = episode < options.episodes;
    (train ? splits[0] : splits[1]).put(train ? episode : episode - options.episodes, rows);
    stats.subtasks += rows.subtasks;
    stats.successes += rows.successes;
    options.onProgress?.(++done, total);
  });
  await mkdir(options.outDir, { recursive: true });
  const trainPath = join(options.outDir, `${options.name}.npz`);
  const valPath = join(options.outDir, `${options.name}-val.npz`);
  await writeNpz(trainPath, splits[0].arrays());
  await writeNpz(valPath, splits[1].arrays());
  await writeProvenance(options, recipe, length, experts?.provenance, [trainPath, valPath]);
  return {
    trainPath, valPath, trainEpisodes: options.episodes, valEpisodes,
    rows: (options.episodes + valEpisodes) * length, ...stats,
  };
}

/** Sidecars (`<file>.json`) saying how the files were made; task-directed data is marked as not OGBench's recipe. */
async function writeProvenance(
  options: GenerationOptions, recipe: DatasetRecipe, length: number, experts: Record<string, string> | undefined, files: string[],
): Promise<void> {
  const extra: Record<string, string> = { episodes: String(options.episodes), episodeLength: String(length) };
  let generator: string;
  if (recipe.kind === 'locomotion') {
    const { family, type } = recipe.spec;
    generator = `${family}-${type}-expert/1`;
    extra['collection'] = `${family} ${type} with expert policies (OGBench recipe)`;
    extra['actionNoise'] = String(actionNoise(type));
    Object.assign(extra, experts);
  } else {
    generator = `${recipe.spec.kind}-oracle/1`;
    extra['collection'] = options.task === undefined
      ? 'play with random subtask targets (OGBench recipe)'
      : `task-directed: start = task ${options.task}'s reset, first subtask = its goal, then play; not an OGBench dataset`;
    if (options.task !== undefined) extra['task'] = String(options.task);
  }
  for (const file of files) await writeGeneratedSidecar(file, { generator, seed: options.seed, extra });
}

/**
 * The OGBench arrays of one split, allocated once (sized by the first episode that arrives) and filled in place
 * as episodes come back in any order; terminals mark the last row of each episode.
 */
class SplitArrays {
  private observations?: Float32Array;
  private actions?: Float32Array;
  private qpos?: Float32Array;
  private qvel?: Float32Array;
  private buttonStates?: BigInt64Array;
  private readonly terminals: Uint8Array;

  constructor(private readonly episodes: number, private readonly length: number) {
    this.terminals = new Uint8Array(episodes * length);
    for (let i = 1; i <= episodes; i++) this.terminals[i * length - 1] = 1;
  }

  put(index: number, rows: EpisodeRows): void {
    const n = this.episodes;
    this.observations ??= new Float32Array(rows.observations.length * n);
    this.actions ??= new Float32Array(rows.actions.length * n);
    this.qpos ??= new Float32Array(rows.qpos.length * n);
    this.qvel ??= new Float32Array(rows.qvel.length * n);
    if (rows.buttonStates) this.buttonStates ??= new BigInt64Array(rows.buttonStates.length * n);
    this.observations.set(rows.observations, index * rows.observations.length);
    this.actions.set(rows.actions, index * rows.actions.length);
    this.qpos.set(rows.qpos, index * rows.qpos.length);
    this.qvel.set(rows.qvel, index * rows.qvel.length);
    if (rows.buttonStates) this.buttonStates!.set(rows.buttonStates, index * rows.buttonStates.length);
  }

  arrays(): Record<string, NdArray> {
    const rows = this.episodes * this.length;
    const width = (a: { length: number }) => a.length / rows;
    const arrays: Record<string, NdArray> = {
      observations: ndarray('float32', [rows, width(this.observations!)], this.observations!),
      actions: ndarray('float32', [rows, width(this.actions!)], this.actions!),
      terminals: ndarray('bool', [rows], this.terminals),
      qpos: ndarray('float32', [rows, width(this.qpos!)], this.qpos!),
      qvel: ndarray('float32', [rows, width(this.qvel!)], this.qvel!),
    };
    if (this.buttonStates) arrays['button_states'] = ndarray('int64', [rows, width(this.buttonStates)], this.buttonStates);
    return arrays;
  }
}
