// How many threads share each update by default, and why (logged). Data-parallel threads help the backends that
// run one core each (blas, wasm, cpu) when an update has enough arithmetic to share: each thread pays the update's
// kernel dispatches in full and a share of the per-update costs (the shared optimizer step, copying the parameters
// in). Measured with agent-bench's scaling table on 2 cores: 2 threads lose at the cpu preset (0.85 GFLOP per
// Q-Flow update: ×0.95 on wasm, ×0.78 on blas) and gain at the paper preset (18 GFLOP: ×1.4–1.65 on wasm, ×1.27
// on blas). tfjs-node and WebGPU spread their work themselves.
import { availableParallelism } from 'node:os';
import { updateFlops } from '../algorithms/update-flops.js';
import type { AgentConfig, AgentKind } from '../algorithms/agent-config.js';

/** Arithmetic per update and thread below which another thread costs more than it saves (see above). */
export const MIN_GFLOP_PER_THREAD = 4;
/** The default, as help texts say it. */
export const DEFAULT_THREADS_TEXT = `one per ${MIN_GFLOP_PER_THREAD} GFLOP of update arithmetic, up to the cores (the cpu preset: 1); 1 on tensorflow/webgpu`;
/** Observation and action sizes the default is estimated with (antmaze's; the networks' widths dominate). */
const NOMINAL_DIMS = [29, 8] as const;

export const SELF_THREADED_BACKENDS: readonly string[] = ['tensorflow', 'webgpu'];

export interface ThreadChoice {
  threads: number;
  reason: string;
}

/**
 * On blas, wasm and cpu, one thread per MIN_GFLOP_PER_THREAD of the update's arithmetic, up to the machine's cores; 1 for
 * backends that thread themselves. A local env server (the demo's) needs no core of its own: the online loop steps
 * the envs and updates in turn, never both at once.
 */
export function defaultThreads(backend: string, work: { kind: AgentKind; config: AgentConfig }, cores = availableParallelism()): ThreadChoice {
  if (SELF_THREADED_BACKENDS.includes(backend)) return { threads: 1, reason: `the ${backend} backend uses the machine's cores itself` };
  const gflop = updateFlops(work.kind, work.config, ...NOMINAL_DIMS).total / 1e9;
  const threads = Math.max(1, Math.min(cores, Math.floor(gflop / MIN_GFLOP_PER_THREAD)));
  const why = threads === cores ? `${cores} cores` : `${gflop.toFixed(1)} GFLOP per update, ${MIN_GFLOP_PER_THREAD} or more per thread pays`;
  return { threads, reason: `${why}; --threads N to choose` };
}
