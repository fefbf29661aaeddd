// The contract the training loops, CLI and checkpoints code against.
import type { AgentConfig, AgentKind } from './agent-config.js';
import { FlowAgent } from './flow-agent.js';
import { DataParallelAgent } from '../parallel/data-parallel-agent.js';

export type { AgentConfig, AgentKind } from './agent-config.js';
export { AGENT_KINDS, makeAgentConfig, validateAgentConfig, PRESETS, PRESET_NAMES } from './agent-config.js';

/** A batch of transitions; every array is row-major [size, dim]. */
export interface Batch {
  size: number;
  observations: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  masks: Float32Array;
  nextObservations: Float32Array;
}

/** Everything needed to resume exactly: params, targets, Adam moments (and count) and the update counter. */
export interface AgentState {
  kind: AgentKind;
  config: AgentConfig;
  step: number;
  tensors: Record<string, { shape: number[]; data: Float32Array }>;
  /** The agent seed (every update's random draws derive from it and the step); adopted by setState. */
  seed?: number;
}

/**
 * Every method that reads tensors back is asynchronous: GPU backends (WebGPU) cannot read synchronously, and
 * an agent may run its update on worker threads.
 */
export interface Agent {
  readonly kind: AgentKind;
  readonly config: AgentConfig;
  readonly obsDim: number;
  readonly actDim: number;
  /** Updates done. */
  readonly step: number;
  /** One gradient step; returns scalar metrics (losses, mean Q, gradient norm per network, ...). */
  update(batch: Batch): Promise<Record<string, number>>;
  /**
   * The same losses and statistics as `update` on `batch`, changing nothing (no step, no target move; its random
   * draws are separate from the training ones). For the validation loss of docs/algorithm.md#offline-loop.
   */
  validationMetrics?(batch: Batch): Promise<Record<string, number>>;
  /** Actions for `count` observations, [count, actDim], clipped to [−1, 1]; the noise comes from `seed`. */
  act(observations: Float32Array, count: number, seed: number): Promise<Float32Array>;
  getState(): Promise<AgentState>;
  setState(state: AgentState): void;
  dispose(): void;
}

export interface CreateAgentOptions {
  /**
   * Threads that share each update (data-parallel: each computes the gradients of a shard of the batch, see
   * parallel/data-parallel-agent.ts). Results depend on this number, not on the machine. Default 1.
   */
  threads?: number;
}

/** Creates an agent on the active tfjs backend; its initial weights depend only on `seed`. */
export function createAgent(kind: AgentKind, config: AgentConfig, obsDim: number, actDim: number, seed: number, options: CreateAgentOptions = {}): Agent {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be an integer >= 1, got ${threads}`);
  return threads === 1
    ? new FlowAgent(kind, config, obsDim, actDim, seed)
    : new DataParallelAgent(kind, config, obsDim, actDim, seed, threads);
}
