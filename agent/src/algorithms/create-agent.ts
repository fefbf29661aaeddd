// The agent factory: a FlowAgent, or a data-parallel one whose threads each run a FlowAgent on a shard of the batch.
import { DataParallelAgent } from '../parallel/data-parallel-agent.js';
import type { Agent } from './agent.js';
import type { AgentConfig, AgentKind } from './agent-config.js';
import { FlowAgent } from './flow-agent.js';

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
