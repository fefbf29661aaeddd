// A fixed pool of env worker threads. Whole sessions are assigned to the least-loaded worker (by env count);
// every command of a session goes to its worker in one message, and replies are matched by request id.
import { Worker } from 'node:worker_threads';
import { DEFAULT_BACKEND_URL } from './env-backend.js';
import type { WorkerCommand, WorkerFailure, WorkerReady, WorkerReply } from './worker-protocol.js';

export interface WorkerPoolOptions {
  /** Number of worker threads (≥ 1). */
  size: number;
  /** Module URL exporting `createEnvFactory()`; default: MuJoCo envs from the registry. */
  backendUrl?: string;
  /**
   * Called when a worker thread dies (its sessions are gone); the pool starts a fresh worker in its place.
   * Not called for the terminations of `close()`.
   */
  onWorkerLost?: (worker: number, reason: string) => void;
}

/** A command the worker refused or failed; `code` is a gRPC status name. */
export class WorkerCommandError extends Error {
  constructor(readonly code: WorkerFailure['code'], message: string) {
    super(message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

class PoolWorker {
  load = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  constructor(readonly thread: Worker, private readonly onFail: (error: Error) => void) {
    thread.on('message', (reply: WorkerReply) => this.settle(reply));
    thread.on('error', (error) => this.fail(error));
    thread.on('exit', (code) => this.fail(new Error(`env worker exited with code ${code}`)));
  }

  request<T>(command: WorkerCommand, transfer: ArrayBuffer[]): Promise<T> {
    if (this.failure) return Promise.reject(new WorkerCommandError('INTERNAL', this.failure.message));
    const requestId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject });
      this.thread.postMessage({ ...command, requestId }, transfer);
    });
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.requestId);
    if (!pending) return;
    this.pending.delete(reply.requestId);
    if (reply.failure) pending.reject(new WorkerCommandError(reply.failure.code, reply.failure.message));
    else pending.resolve(reply.result);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const pending of this.pending.values()) pending.reject(new WorkerCommandError('INTERNAL', error.message));
    this.pending.clear();
    this.onFail(error);
  }
}

function startWorker(backendUrl: string, onFail: (error: Error) => void): Promise<PoolWorker> {
  const thread = new Worker(new URL('./env-worker.js', import.meta.url), { workerData: { backendUrl } });
  return new Promise((resolve, reject) => {
    thread.once('error', reject);
    thread.once('message', (message: WorkerReady) => {
      thread.off('error', reject);
      if (message.error) {
        void thread.terminate();
        reject(new Error(`env worker failed to start: ${message.error}`));
      } else {
        resolve(new PoolWorker(thread, onFail));
      }
    });
  });
}

export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private closing = false;

  private constructor(private readonly backendUrl: string, private readonly onWorkerLost?: WorkerPoolOptions['onWorkerLost']) {}

  /** Starts `size` workers and waits until each has loaded its backend. */
  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`worker pool size must be a positive integer, got ${options.size}`);
    const pool = new WorkerPool(options.backendUrl ?? DEFAULT_BACKEND_URL, options.onWorkerLost);
    const started = await Promise.allSettled(Array.from({ length: options.size }, (_, i) => pool.startAt(i)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await pool.close();
      throw failed.reason;
    }
    return pool;
  }

  private async startAt(index: number): Promise<void> {
    const worker = await startWorker(this.backendUrl, (error) => this.lost(index, error));
    if (this.closing) {
      await worker.thread.terminate();
      return;
    }
    this.workers[index] = worker;
  }

  /** A worker died: report it, keep new sessions off it, and start a replacement. */
  private lost(index: number, error: Error): void {
    if (this.closing) return;
    this.workers[index]!.load = Infinity;
    this.onWorkerLost?.(index, error.message);
    this.startAt(index).catch((startError: Error) => this.onWorkerLost?.(index, `replacement failed: ${startError.message}`));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Envs currently assigned to each worker. */
  loads(): number[] {
    return this.workers.map((w) => w.load);
  }

  /** Reserves `numEnvs` on the least-loaded worker (lowest index on ties) and returns its index. */
  assign(numEnvs: number): number {
    let best = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.workers[i]!.load < this.workers[best]!.load) best = i;
    this.workers[best]!.load += numEnvs;
    return best;
  }

  /** Returns a reservation made by `assign`. */
  release(worker: number, numEnvs: number): void {
    this.workers[worker]!.load -= numEnvs;
  }

  /** Sends one command to worker `worker`; `transfer` buffers are moved, not copied. */
  request<T>(worker: number, command: WorkerCommand, transfer: ArrayBuffer[] = []): Promise<T> {
    return this.workers[worker]!.request<T>(command, transfer);
  }

  /** Terminates every worker thread (their MuJoCo heaps go with them). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }
}
