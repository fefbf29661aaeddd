// Episodes spread over worker threads (dataset generation, expert evaluation): the main thread hands out episode
// indices one at a time; each worker runs the episode it is given and sends back its result. Results depend on the
// episode index only, so they do not depend on the number of workers.
import { parentPort, Worker } from 'node:worker_threads';

/** Main → worker: the next episode to run, or null to stop. */
export type WorkerOrder = { episode: number } | null;
/** Worker → main: ready for work, or an episode's result, or a failure. */
export type WorkerReport<R> =
  | { kind: 'ready' }
  | { kind: 'episode'; episode: number; result: R }
  | { kind: 'error'; message: string };

/**
 * Runs episodes 0..total−1 on up to `workers` threads of `script` (given `workerData`), calling `onResult` as each
 * finishes (in any order).
 */
export async function runEpisodesInWorkers<R>(
  script: URL, workerData: unknown, workers: number, total: number, onResult: (episode: number, result: R) => void,
): Promise<void> {
  const count = Math.max(1, Math.min(workers, total));
  let next = 0;
  const threads = Array.from({ length: count }, () => new Worker(script, { workerData }));
  try {
    await Promise.all(threads.map((worker) => new Promise<void>((resolve, reject) => {
      const give = () => {
        const order: WorkerOrder = next < total ? { episode: next++ } : null;
        worker.postMessage(order);
        if (order === null) resolve();
      };
      worker.on('message', (report: WorkerReport<R>) => {
        if (report.kind === 'error') return reject(new Error(`worker failed: ${report.message}`));
        if (report.kind === 'episode') onResult(report.episode, report.result);
        give();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => { if (code !== 0) reject(new Error(`worker exited with code ${code}`)); });
    })));
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}

/** What a worker thread runs: one episode at a time, then disposal. */
export interface EpisodeRunner<R> {
  run(episode: number): R;
  /** Buffers of a result to transfer rather than copy. */
  transfer?(result: R): ArrayBuffer[];
  dispose(): void;
}

/** The worker side: builds the runner, then answers orders until told to stop. */
export function serveEpisodes<R>(setup: () => Promise<EpisodeRunner<R>>): void {
  const port = parentPort!;
  const fail = (error: unknown) =>
    port.postMessage({ kind: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies WorkerReport<R>);
  setup().then((runner) => {
    port.on('message', (order: WorkerOrder) => {
      if (order === null) {
        runner.dispose();
        port.close();
        return;
      }
      try {
        const result = runner.run(order.episode);
        port.postMessage({ kind: 'episode', episode: order.episode, result } satisfies WorkerReport<R>, runner.transfer?.(result) ?? []);
      } catch (error) {
        fail(error);
      }
    });
    port.postMessage({ kind: 'ready' } satisfies WorkerReport<R>);
  }, fail);
}
