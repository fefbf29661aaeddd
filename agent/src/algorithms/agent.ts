// The contract the training loops, CLI and checkpoints code against.
import type { AgentConfig, AgentKind } from './agent-config.js';

export type { AgentConfig, AgentKind } from './agent-config.js';

/** A batch of transitions; every array is row-major [size, dim]. */
export interface Batch {
  size: number;
  observations: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  masks: Float32Array;
  nextObservations: Float32Array;
}

/** An agent's state as the training loops checkpoint it, without looking inside (test fakes have one too). */
export interface AgentStateLike {
  kind: string;
  config: unknown;
  step: number;
  tensors: Record<string, { shape: number[]; data: Float32Array }>;
}

/** Everything needed to resume exactly: params, targets, Adam moments (and count) and the update counter. */
export interface AgentState extends AgentStateLike {
  kind: AgentKind;
  config: AgentConfig;
  /** The agent seed (every update's random draws derive from it and the step); adopted by setState. */
  seed?: number;
}

/**
 * What the training loops need from an agent: the part of `Agent` they call, typed loosely enough that test fakes
 * fit too.
 */
export interface TrainableAgent {
  readonly kind: string;
  readonly obsDim: number;
  readonly actDim: number;
  /** Updates done. */
  readonly step: number;
  /** One gradient step; returns scalar metrics (losses, mean Q, gradient norm per network, ...). */
  update(batch: Batch): Promise<Record<string, number>>;
  /** Actions for `count` observations, [count, actDim], clipped to [−1, 1]; the noise comes from `seed`. */
  act(observations: Float32Array, count: number, seed: number): Promise<Float32Array>;
  getState(): Promise<AgentStateLike>;
  setState(state: AgentStateLike): void;
}

/**
 * Every method that reads tensors back is asynchronous: GPU backends (WebGPU) cannot read synchronously, and
 * an agent may run its update on worker threads.
 */
export interface Agent extends TrainableAgent {
  readonly kind: AgentKind;
  readonly config: AgentConfig;
  /**
   * The same losses and statistics as `update` on `batch`, changing nothing (no step, no target move; its random
   * draws are separate from the training ones). For the validation loss of docs/algorithm.md#offline-loop.
   */
  validationMetrics?(batch: Batch): Promise<Record<string, number>>;
  getState(): Promise<AgentState>;
  setState(state: AgentState): void;
  dispose(): void;
}
