// SAC's replay buffer: a ring of the last `capacity` transitions (s, a, r, mask = 1 − terminated, s'), sampled
// uniformly with a seeded AgentRng so that a resumed run draws the same batches.
import type { AgentRng } from '../random/agent-rng.js';

export interface TransitionBatch {
  obs: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  masks: Float32Array;
  nextObs: Float32Array;
  size: number;
}

/** What a checkpoint keeps: the filled rows only, plus the ring position. */
export interface ReplayState {
  capacity: number;
  size: number;
  next: number;
  obs: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  masks: Float32Array;
  nextObs: Float32Array;
}

export class ReplayBuffer {
  private obs: Float32Array;
  private actions: Float32Array;
  private rewards: Float32Array;
  private masks: Float32Array;
  private nextObs: Float32Array;
  private next = 0;
  size = 0;

  constructor(readonly capacity: number, readonly obsDim: number, readonly actDim: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ReplayBuffer: capacity must be an integer >= 1, got ${capacity}`);
    // Grown on demand (doubling) up to capacity, so a short run does not reserve the whole 1M-row buffer.
    const rows = Math.min(capacity, 4096);
    this.obs = new Float32Array(rows * obsDim);
    this.actions = new Float32Array(rows * actDim);
    this.rewards = new Float32Array(rows);
    this.masks = new Float32Array(rows);
    this.nextObs = new Float32Array(rows * obsDim);
  }

  private get rows(): number {
    return this.rewards.length;
  }

  private grow(): void {
    const rows = Math.min(this.capacity, this.rows * 2);
    const widen = (a: Float32Array, width: number) => { const b = new Float32Array(rows * width); b.set(a); return b; };
    this.obs = widen(this.obs, this.obsDim);
    this.actions = widen(this.actions, this.actDim);
    this.rewards = widen(this.rewards, 1);
    this.masks = widen(this.masks, 1);
    this.nextObs = widen(this.nextObs, this.obsDim);
  }

  /** Adds row `row` of the [count, dim] arrays obs, actions and nextObs. */
  add(obs: Float32Array, action: Float32Array, reward: number, mask: number, nextObs: Float32Array, row: number): void {
    if (this.next >= this.rows) this.grow();
    const { obsDim: o, actDim: a } = this;
    const i = this.next;
    this.obs.set(obs.subarray(row * o, row * o + o), i * o);
    this.actions.set(action.subarray(row * a, row * a + a), i * a);
    this.rewards[i] = reward;
    this.masks[i] = mask;
    this.nextObs.set(nextObs.subarray(row * o, row * o + o), i * o);
    this.next = (i + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  sample(batchSize: number, rng: AgentRng): TransitionBatch {
    if (this.size === 0) throw new Error('ReplayBuffer: cannot sample from an empty buffer');
    const { obsDim: o, actDim: a } = this;
    const out: TransitionBatch = {
      obs: new Float32Array(batchSize * o), actions: new Float32Array(batchSize * a), rewards: new Float32Array(batchSize),
      masks: new Float32Array(batchSize), nextObs: new Float32Array(batchSize * o), size: batchSize,
    };
    for (let b = 0; b < batchSize; b++) {
      const i = rng.int(this.size);
      out.obs.set(this.obs.subarray(i * o, i * o + o), b * o);
      out.actions.set(this.actions.subarray(i * a, i * a + a), b * a);
      out.rewards[b] = this.rewards[i]!;
      out.masks[b] = this.masks[i]!;
      out.nextObs.set(this.nextObs.subarray(i * o, i * o + o), b * o);
    }
    return out;
  }

  getState(): ReplayState {
    const n = this.size;
    const { obsDim: o, actDim: a } = this;
    return {
      capacity: this.capacity, size: n, next: this.next, obs: this.obs.slice(0, n * o), actions: this.actions.slice(0, n * a),
      rewards: this.rewards.slice(0, n), masks: this.masks.slice(0, n), nextObs: this.nextObs.slice(0, n * o),
    };
  }

  static fromState(s: ReplayState, obsDim: number, actDim: number): ReplayBuffer {
    const sizes = [s.obs.length, s.actions.length, s.rewards.length, s.masks.length, s.nextObs.length];
    const want = [s.size * obsDim, s.size * actDim, s.size, s.size, s.size * obsDim];
    if (sizes.some((v, i) => v !== want[i]) || s.size > s.capacity || s.next >= Math.max(1, s.capacity)) {
      throw new Error(`replay state does not fit obs ${obsDim} / act ${actDim}: arrays [${sizes}] for ${s.size} rows`);
    }
    const buf = new ReplayBuffer(s.capacity, obsDim, actDim);
    while (buf.rows < s.size) buf.grow();
    buf.obs.set(s.obs);
    buf.actions.set(s.actions);
    buf.rewards.set(s.rewards);
    buf.masks.set(s.masks);
    buf.nextObs.set(s.nextObs);
    buf.size = s.size;
    buf.next = s.next;
    return buf;
  }
}
