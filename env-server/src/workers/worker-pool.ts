// A fixed pool of env worker threads. Whole sessions are assigned to the least-loaded worker (by env count)
// among those with heap room for them; every command of a session goes to its worker in one message, and
// replies are matched by request id. A worker whose physics instance failed to build envs takes no new sessions
// and is replaced by a fresh thread once its sessions are gone; a worker that died is replaced at once.
import { Worker } from 'node:worker_threads';
import { BusyClock } from './busy-clock.js';
import { DEFAULT_BACKEND_URL } from './env-backend.js';
import type { WorkerCommand, WorkerFailure, WorkerReady, WorkerReply } from './worker-protocol.js';

export interface WorkerPoolOptions {
  /** Number of worker threads (≥ 1). */
  size: number;
  /** Module URL exporting `createEnvBackend()`; default: MuJoCo envs from the registry. */
  backendUrl?: string;
  /** Cap on the heap bytes each worker hands out to envs (default: what its backend reports; never more). */
  heapBudgetBytes?: number;
  /**
   * Called when a worker thread dies (its sessions are gone); the pool starts a fresh worker in its place.
   * Not called for the terminations of `close()` or of a retired worker's replacement.
   */
  onWorkerLost?: (worker: number, reason: string) => void;
  /** Called when the pool goes from no worker able to take a session to at least one, or back. */
  onAvailability?: (available: boolean) => void;
}

/** A command the worker refused or failed; `code` is a gRPC status name. */
export class WorkerCommandError extends Error {
  constructor(readonly code: WorkerFailure['code'], message: string) {
    super(message);
  }
}

/** No worker has heap room for the envs asked for; `fitNow` envs of that cost would fit. */
export class HeapExhaustedError extends Error {
  constructor(readonly fitNow: number, readonly fitIdle: number) {
    super(`at most ${fitNow} fit now`);
  }
}

/** No worker can take a session (all are being replaced). */
export class NoWorkerError extends Error {}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** One env worker thread as the main thread drives it. */
export class PoolWorker {
  /** Envs assigned. */
  load = 0;
  /** Heap bytes assigned. */
  usedBytes = 0;
  /** Takes no new sessions; replaced once idle. */
  retiring = false;
  /** Ended on purpose (close or replacement): its exit is no failure to report. */
  terminating = false;
  failure: Error | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(readonly thread: Worker, readonly capacityBytes: number, private readonly onFail: (error: Error) => void) {
    thread.on('message', (reply: WorkerReply) => this.settle(reply));
    thread.on('error', (error) => this.fail(error));
    thread.on('exit', (code) => this.fail(new Error(`env worker exited with code ${code}`)));
  }

  get usable(): boolean {
    return !this.retiring && !this.terminating && !this.failure;
  }

  get idle(): boolean {
    return this.load === 0 && this.pending.size === 0;
  }

  request<T>(command: WorkerCommand, transfer: ArrayBuffer[]): Promise<T> {
    if (this.failure || this.terminating) {
      return Promise.reject(new WorkerCommandError('INTERNAL', this.failure?.message ?? 'env worker terminated'));
    }
    const requestId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject });
      this.thread.postMessage({ ...command, requestId }, transfer);
    });
  }

  /** Ends the thread on purpose (close or replacement): pending commands fail, but no failure is reported. */
  terminate(): Promise<number> {
    this.terminating = true;
    return this.thread.terminate();
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.requestId);
    if (!pending) return;
    this.pending.delete(reply.requestId);
    if (reply.failure?.instanceSuspect) this.retiring = true;
    if (reply.failure) pending.reject(new WorkerCommandError(reply.failure.code, reply.failure.message));
    else pending.resolve(reply.result);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const pending of this.pending.values()) pending.reject(new WorkerCommandError('INTERNAL', error.message));
    this.pending.clear();
    if (!this.terminating) this.onFail(error);
  }
}

/** Starts a worker thread on `backendUrl` and resolves once its backend is loaded. */
export function startWorker(backendUrl: string, onFail: (error: Error) => void): Promise<PoolWorker> {
  const thread = new Worker(new URL('./env-worker.js', import.meta.url), { workerData: { backendUrl } });
  return new Promise((resolve, reject) => {
    thread.once('error', reject);
    thread.once('message', (message: WorkerReady) => {
      thread.off('error', reject);
      if (message.error) {
        void thread.terminate();
        reject(new Error(`env worker failed to start: ${message.error}`));
      } else {
        resolve(new PoolWorker(thread, message.heapCapacityBytes ?? Infinity, onFail));
      }
    });
  });
}

export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly busy: BusyClock[];
  private closing = false;
  private available = false;

  private constructor(private readonly options: WorkerPoolOptions) {
    this.busy = Array.from({ length: options.size }, () => new BusyClock());
  }

  /** Starts `size` workers and waits until each has loaded its backend. */
  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`worker pool size must be a positive integer, got ${options.size}`);
    const pool = new WorkerPool(options);
    const started = await Promise.allSettled(Array.from({ length: options.size }, (_, i) => pool.startAt(i)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await pool.close();
      throw failed.reason;
    }
    return pool;
  }

  private async startAt(index: number): Promise<void> {
    const worker = await startWorker(this.options.backendUrl ?? DEFAULT_BACKEND_URL, (error) => this.lost(index, error));
    if (this.closing) {
      await worker.terminate();
      return;
    }
    this.workers[index] = worker;
    this.updateAvailability();
  }

  /** A worker died: report it, keep new sessions off it, and start a replacement. */
  private lost(index: number, error: Error): void {
    if (this.closing) return;
    this.updateAvailability();
    this.options.onWorkerLost?.(index, error.message);
    this.startAt(index).catch((startError: Error) => this.options.onWorkerLost?.(index, `replacement failed: ${startError.message}`));
  }

  /** Replaces a retiring worker once it holds no envs and has nothing in flight. */
  private replaceIfDone(index: number): void {
    const worker = this.workers[index];
    if (this.closing || !worker || !worker.retiring || worker.terminating || worker.failure || !worker.idle) return;
    void worker.terminate();
    this.startAt(index).catch((startError: Error) => this.options.onWorkerLost?.(index, `replacement failed: ${startError.message}`));
  }

  private updateAvailability(): void {
    const available = !this.closing && this.workers.some((w) => w.usable);
    if (available === this.available) return;
    this.available = available;
    this.options.onAvailability?.(available);
  }

  get size(): number {
    return this.options.size;
  }

  /** Each worker slot's busy seconds since the pool started (a replacement worker continues its slot's clock). */
  busySeconds(): number[] {
    return this.busy.map((clock) => clock.seconds());
  }

  /** Envs currently assigned to each worker. */
  loads(): number[] {
    return this.workers.map((w) => w.load);
  }

  /** Heap bytes each worker hands out to envs. */
  private capacityOf(worker: PoolWorker): number {
    return Math.min(worker.capacityBytes, this.options.heapBudgetBytes ?? Infinity);
  }

  /** How many envs of `envBytes` each the emptiest usable worker can take now. */
  fitNow(envBytes: number): number {
    const room = this.workers.filter((w) => w.usable).map((w) => this.capacityOf(w) - w.usedBytes);
    return Math.max(0, Math.floor(Math.max(0, ...room) / Math.max(envBytes, 1)));
  }

  /** How many envs of `envBytes` each one idle worker can hold (the smallest worker budget counts). */
  fitIdle(envBytes: number): number {
    const smallest = Math.min(...this.workers.map((w) => this.capacityOf(w)));
    return Math.floor(smallest / Math.max(envBytes, 1));
  }

  /**
   * Reserves `numEnvs` envs of `envBytes` each on the least-loaded usable worker with room (lowest index on
   * ties) and returns its index. Throws NoWorkerError or HeapExhaustedError; nothing is reserved then.
   */
  assign(numEnvs: number, envBytes: number): number {
    const usable = this.workers.map((w, i) => [w, i] as const).filter(([w]) => w.usable);
    if (usable.length === 0) throw new NoWorkerError('no env worker can take a session now (being replaced); retry shortly');
    const roomy = usable.filter(([w]) => w.usedBytes + numEnvs * envBytes <= this.capacityOf(w));
    if (roomy.length === 0) throw new HeapExhaustedError(this.fitNow(envBytes), this.fitIdle(envBytes));
    const [worker, index] = roomy.reduce((best, next) => (next[0].load < best[0].load ? next : best));
    worker.load += numEnvs;
    worker.usedBytes += numEnvs * envBytes;
    return index;
  }

  /** Returns a reservation made by `assign`. */
  release(index: number, numEnvs: number, envBytes: number): void {
    const worker = this.workers[index]!;
    worker.load -= numEnvs;
    worker.usedBytes -= numEnvs * envBytes;
    this.replaceIfDone(index);
  }

  /** Sends one command to worker `index`; `transfer` buffers are moved, not copied. */
  async request<T>(index: number, command: WorkerCommand, transfer: ArrayBuffer[] = []): Promise<T> {
    const worker = this.workers[index]!;
    const clock = this.busy[index]!;
    clock.start();
    try {
      return await worker.request<T>(command, transfer);
    } finally {
      clock.stop();
      if (worker.retiring) this.updateAvailability();
      this.replaceIfDone(index);
    }
  }

  /** Terminates every worker thread (their MuJoCo heaps go with them). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
