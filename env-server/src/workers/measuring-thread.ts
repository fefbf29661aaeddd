// A worker thread of its own for measuring env costs (EnvBackend.measureEnvBytes) and describing scenes
// (GetSceneSpec), started on first use, so that building probe envs never delays the steps of the threads that
// host sessions.
import { DEFAULT_BACKEND_URL } from './env-backend.js';
import { startWorker, type PoolWorker } from './worker-pool.js';
import type { MeasureResult, SceneResult } from './worker-protocol.js';

export class MeasuringThread {
  private worker: Promise<PoolWorker> | undefined;
  private closed = false;

  constructor(private readonly backendUrl = DEFAULT_BACKEND_URL) {}

  /** Heap bytes one env of `envId` takes in the backend's physics heap. */
  async measure(envId: string): Promise<number> {
    if (this.closed) throw new Error('the measuring thread is closed');
    const worker = await this.started();
    return (await worker.request<MeasureResult>({ kind: 'measure', envId }, [])).envBytes;
  }

  /** The scene geometry of `envId` and the goal markers of task `taskId` (1..numTasks). */
  async describeScene(envId: string, taskId: number): Promise<SceneResult> {
    if (this.closed) throw new Error('the measuring thread is closed');
    const worker = await this.started();
    return worker.request<SceneResult>({ kind: 'scene', envId, taskId }, []);
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = await this.worker?.catch(() => undefined);
    await worker?.terminate();
  }

  private started(): Promise<PoolWorker> {
    if (!this.worker) {
      const started = startWorker(this.backendUrl, () => { this.worker = undefined; });
      started.catch(() => { this.worker = undefined; });
      this.worker = started;
    }
    return this.worker;
  }
}
