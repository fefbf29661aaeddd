// Generates an OGBench-format manipulation dataset (train + `-val` .npz) with scripted oracles, spreading episodes
// over worker threads. Every episode has its own random stream (from the seed and its index), so the bytes written
// depend only on the name, the episode count, the episode length and the seed — not on the number of workers.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { ndarray, writeNpz, type NdArray } from '@qflow/datasets';
import { EPISODE_ROWS, parseCollectionName, type EpisodeRows } from './episode-collector.js';
import type { CollectionWorkerData, WorkerOrder, WorkerReport } from './collection-worker.js';

export interface GenerationOptions {
  name: string;
  episodes: number;
  seed: bigint;
  workers: number;
  outDir: string;
  /** Rows per episode (OGBench: 1001). */
  length?: number;
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
  parseCollectionName(options.name);
  const length = options.length ?? EPISODE_ROWS;
  const valEpisodes = validationEpisodes(options.episodes);
  const total = options.episodes + valEpisodes;
  const episodes = await collectAll(options, length, total);
  await mkdir(options.outDir, { recursive: true });
  const trainPath = join(options.outDir, `${options.name}.npz`);
  const valPath = join(options.outDir, `${options.name}-val.npz`);
  await writeNpz(trainPath, toArrays(episodes.slice(0, options.episodes), length));
  await writeNpz(valPath, toArrays(episodes.slice(options.episodes), length));
  return {
    trainPath, valPath, trainEpisodes: options.episodes, valEpisodes, rows: total * length,
    subtasks: episodes.reduce((n, e) => n + e.subtasks, 0),
    successes: episodes.reduce((n, e) => n + e.successes, 0),
  };
}

async function collectAll(options: GenerationOptions, length: number, total: number): Promise<EpisodeRows[]> {
  const results: EpisodeRows[] = new Array(total);
  const workerCount = Math.max(1, Math.min(options.workers, total));
  const data: CollectionWorkerData = { name: options.name, seed: options.seed.toString(), length };
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
          results[report.episode] = report.rows;
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
  return results;
}

/** Concatenates episodes into the OGBench arrays; terminals mark the last row of each episode. */
function toArrays(episodes: EpisodeRows[], length: number): Record<string, NdArray> {
  const n = episodes.length, rows = n * length;
  const first = episodes[0]!;
  const concat = <T extends Float32Array | BigInt64Array>(pick: (e: EpisodeRows) => T, make: (size: number) => T): T => {
    const per = pick(first).length;
    const out = make(per * n);
    episodes.forEach((e, i) => out.set(pick(e) as never, i * per));
    return out;
  };
  const width = (a: { length: number }) => a.length / length;
  const terminals = new Uint8Array(rows);
  for (let i = 0; i < n; i++) terminals[(i + 1) * length - 1] = 1;
  const arrays: Record<string, NdArray> = {
    observations: ndarray('float32', [rows, width(first.observations)], concat((e) => e.observations, (s) => new Float32Array(s))),
    actions: ndarray('float32', [rows, 5], concat((e) => e.actions, (s) => new Float32Array(s))),
    terminals: ndarray('bool', [rows], terminals),
    qpos: ndarray('float32', [rows, width(first.qpos)], concat((e) => e.qpos, (s) => new Float32Array(s))),
    qvel: ndarray('float32', [rows, width(first.qvel)], concat((e) => e.qvel, (s) => new Float32Array(s))),
  };
  if (first.buttonStates) {
    arrays['button_states'] = ndarray('int64', [rows, width(first.buttonStates)],
      concat((e) => e.buttonStates!, (s) => new BigInt64Array(s)));
  }
  return arrays;
}
