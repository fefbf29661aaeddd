// What the training loop needs from an agent. It is the subset of the algorithms' `Agent` contract
// (agent/src/algorithms/agent.ts) that the loop uses, declared structurally so that test fakes fit too.
import type { Batch } from './batch-sampler.js';

export interface AgentStateLike {
  kind: string;
  config: unknown;
  step: number;
  tensors: Record<string, { shape: number[]; data: Float32Array }>;
}

export interface TrainableAgent {
  readonly kind: string;
  readonly obsDim: number;
  readonly actDim: number;
  readonly step: number;
  update(batch: Batch): Promise<Record<string, number>>;
  act(observations: Float32Array, count: number, seed: number): Promise<Float32Array>;
  getState(): Promise<AgentStateLike>;
  setState(state: AgentStateLike): void;
}
