// Worker thread of dataset generation: one MuJoCo instance and one episode collector; asks the main thread for
// episode indices and sends back each episode's rows (buffers transferred, not copied).
import { parentPort, workerData } from 'node:worker_threads';
import { loadMujoco } from '../physics/mujoco-loader.js';
import { EpisodeCollector, parseCollectionName, type EpisodeRows } from './episode-collector.js';

export interface CollectionWorkerData {
  name: string;
  /** Decimal string of the dataset seed (bigints do not cross postMessage in every Node version). */
  seed: string;
  length: number;
  /** Task-directed collection (see EpisodeCollector); absent for OGBench's recipe. */
  task?: number;
}

/** Main → worker: the next episode to collect, or null to stop. */
export type WorkerOrder = { episode: number } | null;
/** Worker → main: ready for work, or an episode's rows, or a failure. */
export type WorkerReport =
  | { kind: 'ready' }
  | { kind: 'episode'; episode: number; rows: EpisodeRows }
  | { kind: 'error'; message: string };

async function run(): Promise<void> {
  const port = parentPort!;
  const { name, seed, length, task } = workerData as CollectionWorkerData;
  const collector = new EpisodeCollector(await loadMujoco(), parseCollectionName(name), task);
  port.on('message', (order: WorkerOrder) => {
    if (order === null) {
      collector.dispose();
      port.close();
      return;
    }
    try {
      const rows = collector.collect(BigInt(seed), order.episode, length);
      const buffers = [rows.observations, rows.actions, rows.qpos, rows.qvel, rows.buttonStates]
        .filter((a) => a !== undefined).map((a) => a.buffer as ArrayBuffer);
      port.postMessage({ kind: 'episode', episode: order.episode, rows } satisfies WorkerReport, buffers);
    } catch (error) {
      port.postMessage({ kind: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies WorkerReport);
    }
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerReport);
}

run().catch((error: unknown) => {
  parentPort?.postMessage({ kind: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) });
});
