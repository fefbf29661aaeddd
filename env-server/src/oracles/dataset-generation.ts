// Generates an OGBench-format manipulation dataset (train + `-val` .npz) with scripted oracles, spreading episodes
// over worker threads. Every episode has its own random stream (from the seed and its index), so the bytes written
// depend only on the name, the episode count, the episode length, the seed and the task (task-directed collection)
// — not on the number of workers.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { ndarray, writeGeneratedSidecar, writeNpz, type NdArray } from '@qflow/datasets';
import { checkCollectionTask, EPISODE_ROWS, parseCollectionName, type EpisodeRows } from './episode-collector.js';
import type { CollectionWorkerData, WorkerOrder, WorkerReport } from './collection-worker.js';

export interface GenerationOptions {
  name: string;
  episodes: number;
  seed: bigint;
  workers: number;
  outDir: string;
  /** Rows per episode (OGBench: 1001). */
  length?: number;
  /** Task-directed collection: each episode starts from task `task`'s reset, its first subtask is that task's goal. */
  task?: number;
  /** Called after every finished episode. */
  onProgress?: (done: number, total: number) => void;
}

export interface GenerationResult {
  trainPath: string;
  valPath: string;
  trainEpisodes: number;
  valEpisodes: number;
  rows: number;
  /** Subtasks finished by the oracle over all episodes, and how many reached their target. */
  subtasks: number;
  successes: number;
}

/** Validation episodes: a tenth of the training episodes (at least one), generated right after them. */
export function validationEpisodes(episodes: number): number {
  return Math.max(1, Math.floor(episodes / 10));
}

export async function generateDataset(options: GenerationOptions): Promise<GenerationResult> {
  const spec = parseCollectionName(options.name);
  if (options.task !== undefined) checkCollectionTask(spec, options.task);
  const length = options.length ?? EPISODE_ROWS;
  const valEpisodes = validationEpisodes(options.episodes);
  const splits = [new SplitArrays(options.episodes, length), new SplitArrays(valEpisodes, length)] as const;
  const stats = { subtasks: 0, successes: 0 };
  await collectAll(options, length, options.episodes + valEpisodes, (episode, rows) => {
    const train = episode < options.episodes;
    (train ? splits[0] : splits[1]).put(train ? episode : episode - options.episodes, rows);
    stats.subtasks += rows.subtasks;
    stats.successes += rows.successes;
  });
  await mkdir(options.outDir, { recursive: true });
  const trainPath = join(options.outDir, `${options.name}.npz`);
  const valPath = join(options.outDir, `${options.name}-val.npz`);
  await writeNpz(trainPath, splits[0].arrays());
  await writeNpz(valPath, splits[1].arrays());
  await writeProvenance(options, length, [trainPath, valPath]);
  return {
    trainPath, valPath, trainEpisodes: options.episodes, valEpisodes,
    rows: (options.episodes + valEpisodes) * length, ...stats,
  };
}

/** Sidecars (`<file>.json`) saying how the files were made; task-directed data is marked as not OGBench's recipe. */
async function writeProvenance(options: GenerationOptions, length: number, files: string[]): Promise<void> {
  const kind = parseCollectionName(options.name).kind;
  const extra: Record<string, string> = {
    episodes: String(options.episodes), episodeLength: String(length),
    collection: options.task === undefined
      ? 'play with random subtask targets (OGBench recipe)'
      : `task-directed: start = task ${options.task}'s reset, first subtask = its goal, then play; not an OGBench dataset`,
  };
  if (options.task !== undefined) extra['task'] = String(options.task);
  for (const file of files) await writeGeneratedSidecar(file, { generator: `${kind}-oracle/1`, seed: options.seed, extra });
}

async function collectAll(
  options: GenerationOptions, length: number, total: number, store: (episode: number, rows: EpisodeRows) => void,
): Promise<void> {
  const workerCount = Math.max(1, Math.min(options.workers, total));
  const data: CollectionWorkerData = { name: options.name, seed: options.seed.toString(), length, task: options.task };
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: workerCount }, () =>
    new Worker(new URL('./collection-worker.js', import.meta.url), { workerData: data }));
  try {
    await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
      const give = () => {
        const order: WorkerOrder = next < total ? { episode: next++ } : null;
        worker.postMessage(order);
        if (order === null) resolve();
      };
      worker.on('message', (report: WorkerReport) => {
        if (report.kind === 'error') return reject(new Error(`generation worker failed: ${report.message}`));
        if (report.kind === 'episode') {
          store(report.episode, report.rows);
          options.onProgress?.(++done, total);
        }
        give();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => { if (code !== 0) reject(new Error(`generation worker exited with code ${code}`)); });
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
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
      actions: ndarray('float32', [rows, 5], this.actions!),
      terminals: ndarray('bool', [rows], this.terminals),
      qpos: ndarray('float32', [rows, width(this.qpos!)], this.qpos!),
      qvel: ndarray('float32', [rows, width(this.qvel!)], this.qvel!),
    };
    if (this.buttonStates) arrays['button_states'] = ndarray('int64', [rows, width(this.buttonStates)], this.buttonStates);
    return arrays;
  }
}
