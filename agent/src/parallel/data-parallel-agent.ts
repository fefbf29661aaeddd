// Synchronous data-parallel updates over N threads: rank 0 is the caller's thread, ranks 1..N−1 are worker
// threads, each with its own tfjs backend and a replica of the agent. One update:
//   1. every rank computes the gradients of its contiguous shard of the batch (the random draws are those of the
//      whole batch, sliced, so the shards together compute exactly the single-thread losses) into its slot;
//   2. every rank reduces the slots over its segment of the parameter vector, always in rank order with weights
//      rows_k/B, and takes the Adam and EMA step there, in buffers all ranks share;
//   3. every rank copies the new parameters into its variables.
// The result depends on N (the reduction adds N partial gradients) but not on timing: a run repeats bit for bit
// with the same N. Acting, evaluation and checkpoints use rank 0.
import { Worker } from 'node:worker_threads';
import type { Agent, AgentConfig, AgentKind, AgentState, Batch } from '../algorithms/agent.js';
import { FlowAgent } from '../algorithms/flow-agent.js';
import type { ApplyRequest, GradientsRequest, WorkerInit, WorkerReply, WorkerRequest } from './worker-messages.js';
import { activeBackendName } from '../backend/index.js';

const WORKER_URL = new URL('./update-worker.js', import.meta.url);

/**
 * Ranges [lo, hi) cutting 0..size into `parts` contiguous pieces, as even as possible: the batch rows of each rank's
 * shard, and each rank's segment of the parameter vector.
 */
export function evenRanges(size: number, parts: number): [number, number][] {
  return Array.from({ length: parts }, (_, k) => [Math.floor((size * k) / parts), Math.floor((size * (k + 1)) / parts)]);
}

class UpdateWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure?: Error;
  readonly ready: Promise<void>;

  constructor(init: WorkerInit) {
    this.worker = new Worker(WORKER_URL, { workerData: init });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', (m: WorkerReply) => (m.type === 'ready' ? resolve() : reject(new Error(m.type === 'error' ? m.message : 'update worker sent no ready'))));
    });
    this.ready.catch(() => {});
    this.worker.on('message', (m: WorkerReply) => {
      if (m.type === 'ready') return;
      const id = 'id' in m ? m.id : undefined;
      const waiter = id === undefined ? undefined : this.pending.get(id);
      if (!waiter) {
        if (m.type === 'error') this.fail(new Error(m.message));
        return;
      }
      this.pending.delete(id!);
      if (m.type === 'error') waiter.reject(new Error(`update worker ${init.rank}: ${m.message}`));
      else waiter.resolve(m);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`update worker ${init.rank} exited (code ${code})`)));
  }

  request<R extends WorkerReply>(message: Omit<GradientsRequest, 'id'> | Omit<ApplyRequest, 'id'>): Promise<R> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: WorkerReply) => void, reject });
      this.worker.postMessage({ ...message, id } as WorkerRequest);
    });
  }

  post(message: WorkerRequest): void {
    if (!this.failure) this.worker.postMessage(message);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.pending.values()) waiter.reject(this.failure);
    this.pending.clear();
  }

  async terminate(): Promise<void> {
    this.failure ??= new Error('update worker terminated');
    await this.worker.terminate();
  }
}

/** Wall time of each phase of the updates so far (rank 0's view), for benchmarks. */
export interface PhaseTimes {
  updates: number;
  /** Rank 0 computing its shard's gradients. */
  ownGradientsMs: number;
  /** Then waiting for the other ranks' gradients. */
  gatherMs: number;
  /** The slowest other rank computing its shard's gradients. */
  slowestWorkerGradientsMs: number;
  /** Reduction, Adam and EMA of every segment (rank 0's and waiting for the others'). */
  optimizerMs: number;
  /** Copying the new parameters into rank 0's variables. */
  uploadMs: number;
}

export class DataParallelAgent implements Agent {
  readonly threads: number;
  readonly phases: PhaseTimes = { updates: 0, ownGradientsMs: 0, gatherMs: 0, slowestWorkerGradientsMs: 0, optimizerMs: 0, uploadMs: 0 };
  private readonly main: FlowAgent;
  private readonly gradSlots: Float32Array[];
  /** The workers, once started; later links of the chain order their syncs after a setState. */
  private workers: Promise<UpdateWorker[]>;
  private disposed = false;

  constructor(kind: AgentKind, config: AgentConfig, obsDim: number, actDim: number, seed: number, threads: number) {
    if (!Number.isInteger(threads) || threads < 2) throw new Error(`DataParallelAgent needs threads >= 2, got ${threads}`);
    if (config.batchSize < threads) throw new Error(`threads ${threads} exceed the batch size ${config.batchSize}: every thread needs a row of the batch`);
    this.threads = threads;
    this.main = new FlowAgent(kind, config, obsDim, actDim, seed, { sharedHost: true });
    const size = this.main.host.size;
    this.gradSlots = Array.from({ length: threads }, () => new Float32Array(new SharedArrayBuffer(size * 4)));
    const backend = activeBackendName();
    // Workers copy their variables from the shared host vectors, so they start once rank 0 has filled them.
    this.workers = this.main.ready().then(async () => {
      const workers = Array.from({ length: threads - 1 }, (_, k) => new UpdateWorker({
        rank: k + 1, backend, kind, config: this.main.config, obsDim, actDim, seed, host: this.main.host.buffers, gradSlots: this.gradSlots,
      }));
      await Promise.all(workers.map((w) => w.ready));
      return workers;
    });
    this.workers.catch(() => {});
  }

  get kind(): AgentKind { return this.main.kind; }
  get config(): AgentConfig { return this.main.config; }
  get obsDim(): number { return this.main.obsDim; }
  get actDim(): number { return this.main.actDim; }
  get step(): number { return this.main.step; }

  async update(batch: Batch): Promise<Record<string, number>> {
    this.assertAlive();
    this.main.checkBatch(batch);
    if (batch.size < this.threads) throw new Error(`a batch of ${batch.size} rows cannot be shared by ${this.threads} threads; give at least one row per thread`);
    const workers = await this.workers;
    await this.main.ready();
    const rows = evenRanges(batch.size, this.threads);
    const weights = rows.map(([lo, hi]) => (hi - lo) / batch.size);
    const step = this.main.step;
    const seed = this.main.drawSeed;
    const remote = workers.map((w, k) =>
      w.request<Extract<WorkerReply, { type: 'gradients' }>>({ type: 'gradients', batch, rows: rows[k + 1]!, step, seed }));
    const t0 = performance.now();
    const own = await this.main.shardGradients(batch, rows[0]!, this.gradSlots[0]!);
    const t1 = performance.now();
    const gathered = await Promise.all(remote);
    const scalars = [own, ...gathered.map((r) => r.scalars)];
    const t2 = performance.now();

    const count = this.main.host.count + 1;
    const segments = evenRanges(this.main.host.size, this.threads);
    const applied = workers.map((w, k) =>
      w.request<Extract<WorkerReply, { type: 'apply' }>>({ type: 'apply', weights, count, segment: segments[k + 1]! }));
    const squares = [this.main.optimizerStep(this.gradSlots, weights, count, segments[0]!), ...(await Promise.all(applied)).map((r) => r.squares)];
    this.main.host.count = count;
    const t3 = performance.now();
    // The workers copy the new parameters while rank 0 does.
    for (const w of workers) w.post({ type: 'sync' });
    this.main.syncFromHost();
    this.main.follow(step + 1, seed);
    const p = this.phases;
    [p.updates, p.ownGradientsMs, p.gatherMs, p.optimizerMs, p.uploadMs] =
      [p.updates + 1, p.ownGradientsMs + t1 - t0, p.gatherMs + t2 - t1, p.optimizerMs + t3 - t2, p.uploadMs + performance.now() - t3];
    p.slowestWorkerGradientsMs += Math.max(...gathered.map((r) => r.ms));
    return { ...weightedMean(scalars, weights), ...this.main.gradientNormMetrics(sumInOrder(squares)) };
  }

  validationMetrics(batch: Batch): Promise<Record<string, number>> {
    return this.main.validationMetrics(batch);
  }

  act(observations: Float32Array, count: number, seed: number): Promise<Float32Array> {
    return this.main.act(observations, count, seed);
  }

  getState(): Promise<AgentState> {
    return this.main.getState();
  }

  setState(state: AgentState): void {
    this.main.setState(state);
    this.workers = this.workers.then(async (workers) => {
      await this.main.ready();
      for (const w of workers) w.post({ type: 'sync' });
      return workers;
    });
    this.workers.catch(() => {});
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.main.dispose();
    void this.workers.then((workers) => Promise.all(workers.map((w) => w.terminate())), () => {});
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error(`this ${this.kind} agent has been disposed`);
  }
}

/** Σ_k w_k·s_k per metric, added in rank order. */
function weightedMean(perRank: Record<string, number>[], weights: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(perRank[0]!)) out[name] = perRank.reduce((sum, s, k) => sum + weights[k]! * s[name]!, 0);
  return out;
}

/** Element-wise sum of per-rank arrays, in rank order. */
function sumInOrder(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts[0]!.length);
  for (const p of parts) for (let i = 0; i < out.length; i++) out[i] = out[i]! + p[i]!;
  return out;
}
