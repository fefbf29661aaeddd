// Seeded uniform sampling WITH replacement (as `np.random.randint` in the reference loop), written into one
// reused batch so that the training loop allocates nothing per step.
import { AgentRng, type AgentRngState } from '../random/agent-rng.js';
import type { Batch } from '../algorithms/agent.js';
import type { TransitionDataset } from './transition-dataset.js';

export type { Batch };

export class BatchSampler {
  readonly batchSize: number;
  private rng: AgentRng;
  private readonly batch: Batch;
  private readonly indices: Uint32Array;

  constructor(batchSize: number, obsDim: number, actDim: number, seedOrState: number | AgentRngState) {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`BatchSampler: batch size must be an integer >= 1, got ${batchSize}`);
    }
    this.batchSize = batchSize;
    this.rng = typeof seedOrState === 'number' ? new AgentRng(seedOrState) : AgentRng.fromState(seedOrState);
    this.indices = new Uint32Array(batchSize);
    this.batch = {
      size: batchSize,
      observations: new Float32Array(batchSize * obsDim),
      actions: new Float32Array(batchSize * actDim),
      rewards: new Float32Array(batchSize),
      masks: new Float32Array(batchSize),
      nextObservations: new Float32Array(batchSize * obsDim),
    };
  }

  getRngState(): AgentRngState {
    return this.rng.getState();
  }

  setRngState(state: AgentRngState): void {
    this.rng = AgentRng.fromState(state);
  }

  /** The row indices of the last sample (for tests and diagnostics). */
  get lastIndices(): Uint32Array {
    return this.indices;
  }

  /** Fills and returns the reused batch. The returned object is overwritten by the next call. */
  sample(ds: TransitionDataset): Batch {
    if (ds.size === 0) throw new Error('BatchSampler: cannot sample from an empty dataset');
    const b = this.batch;
    if (b.observations.length !== this.batchSize * ds.obsDim || b.actions.length !== this.batchSize * ds.actDim) {
      throw new Error(`BatchSampler: dataset dims (obs ${ds.obsDim}, act ${ds.actDim}) differ from the sampler's`);
    }
    const { observations, actions, rewards, masks, nextObservations } = ds.columns;
    const o = ds.obsDim;
    const a = ds.actDim;
    for (let i = 0; i < this.batchSize; i++) {
      const row = this.rng.int(ds.size);
      this.indices[i] = row;
      b.observations.set(observations.subarray(row * o, row * o + o), i * o);
      b.nextObservations.set(nextObservations.subarray(row * o, row * o + o), i * o);
      b.actions.set(actions.subarray(row * a, row * a + a), i * a);
      b.rewards[i] = rewards[row]!;
      b.masks[i] = masks[row]!;
    }
    return b;
  }
}
