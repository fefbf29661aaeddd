// One leased session as the main thread tracks it: which worker holds its envs, its lease, the episode
// state of each env (for re-attach), and a queue that runs its commands one at a time, in arrival order.
import type { EnvSpec } from '../envs/env.js';

export interface SessionSettings {
  id: string;
  spec: EnvSpec;
  numEnvs: number;
  /** Root seed of the per-env seed sequences. */
  seed: bigint;
  /** Resolved task id (1..numTasks) played by resets that name task 0. */
  taskId: number;
  autoReset: boolean;
  leaseMs: number;
  /** Index of the worker thread holding the envs. */
  worker: number;
  /** Heap bytes each env holds on its worker (admission control). */
  envBytes: number;
}

export class Session {
  readonly id: string;
  readonly spec: EnvSpec;
  readonly numEnvs: number;
  readonly seed: bigint;
  readonly taskId: number;
  readonly autoReset: boolean;
  readonly leaseMs: number;
  readonly worker: number;
  readonly envBytes: number;
  /** Per env: 1 while an episode runs (reset, and not ended with auto-reset off). */
  readonly ready: Uint8Array;
  /** Per env: control steps taken in the current episode. */
  readonly episodeSteps: Uint32Array;
  /** Per env: sum of the rewards of the current episode (for viewers). */
  readonly episodeReturns: Float64Array;
  /** Per env: 1 when its latest step reported success (for viewers). */
  readonly succeeded: Uint8Array;
  /** Per env: task of its latest reset; 0 = never reset. */
  readonly envTasks: Uint32Array;
  lastUsed = Date.now();
  private tail: Promise<unknown> = Promise.resolve();
  private active = 0;

  constructor(settings: SessionSettings) {
    this.id = settings.id;
    this.spec = settings.spec;
    this.numEnvs = settings.numEnvs;
    this.seed = settings.seed;
    this.taskId = settings.taskId;
    this.autoReset = settings.autoReset;
    this.leaseMs = settings.leaseMs;
    this.worker = settings.worker;
    this.envBytes = settings.envBytes;
    this.ready = new Uint8Array(settings.numEnvs);
    this.episodeSteps = new Uint32Array(settings.numEnvs);
    this.episodeReturns = new Float64Array(settings.numEnvs);
    this.succeeded = new Uint8Array(settings.numEnvs);
    this.envTasks = new Uint32Array(settings.numEnvs);
  }

  /** Renews the lease. */
  touch(now = Date.now()): void {
    this.lastUsed = now;
  }

  /** True when no command is queued or running and the lease has run out. */
  expired(now: number): boolean {
    return this.active === 0 && now - this.lastUsed > this.leaseMs;
  }

  /** Runs `op` after every command queued before it; the lease counts from the end of the last command. */
  enqueue<T>(op: () => Promise<T>): Promise<T> {
    this.active++;
    this.touch();
    const run = this.tail.then(op);
    const settle = () => {
      this.active--;
      this.touch();
    };
    this.tail = run.then(settle, settle);
    return run;
  }

  /** Records a reset of `envIndices` to tasks `taskIds` (one per env). */
  markReset(envIndices: Uint32Array, taskIds: Uint32Array): void {
    envIndices.forEach((i, row) => {
      this.ready[i] = 1;
      this.episodeSteps[i] = 0;
      this.episodeReturns[i] = 0;
      this.succeeded[i] = 0;
      this.envTasks[i] = taskIds[row]!;
    });
  }

  /**
   * Records a step of `envIndices`: `rewards[row]` and `success(row)` of that env, `ended(row)` true where its
   * episode ended.
   */
  markStepped(envIndices: Uint32Array, rewards: Float64Array, success: (row: number) => boolean, ended: (row: number) => boolean): void {
    envIndices.forEach((i, row) => {
      this.succeeded[i] = success(row) ? 1 : 0;
      if (ended(row)) {
        this.episodeSteps[i] = 0;
        this.episodeReturns[i] = 0;
        this.ready[i] = this.autoReset ? 1 : 0;
      } else {
        this.episodeSteps[i]!++;
        this.episodeReturns[i]! += rewards[row]!;
      }
    });
  }
}
