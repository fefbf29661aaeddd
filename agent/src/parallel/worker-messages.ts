// Messages between a data-parallel agent (rank 0, the caller's thread) and its update workers (ranks 1..N−1).
import type { AgentConfig, AgentKind, Batch } from '../algorithms/agent.js';
import type { HostBuffers } from '../nn/host-params.js';

export interface WorkerInit {
  /** 1..N−1 (rank 0 is the agent's own thread). */
  rank: number;
  backend: string;
  kind: AgentKind;
  config: AgentConfig;
  obsDim: number;
  actDim: number;
  seed: number;
  host: HostBuffers;
  /** Every rank's gradient slot (shared), indexed by rank. */
  gradSlots: Float32Array[];
}

/** Compute this rank's shard gradients of update `step` into its slot; answers the shard's scalars. */
export interface GradientsRequest { type: 'gradients'; id: number; batch: Batch; rows: [number, number]; step: number; seed: number }
/** Reduce the slots over [lo, hi) and take the Adam (and EMA) step there; answers Σg² per trained tensor. */
export interface ApplyRequest { type: 'apply'; id: number; weights: number[]; count: number; segment: [number, number] }
/** Copy the shared host parameters into this rank's variables (no answer; ordered before the next request). */
export interface SyncRequest { type: 'sync' }
export type WorkerRequest = GradientsRequest | ApplyRequest | SyncRequest;

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'gradients'; id: number; scalars: Record<string, number>; ms: number }
  | { type: 'apply'; id: number; squares: Float64Array }
  | { type: 'error'; id?: number; message: string };
