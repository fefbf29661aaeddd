// Thread scaling of the Q-Flow update: 1 thread against N data-parallel threads (slices alternating, so both see
// the same machine load), where the N-thread update's time goes, kernels per update, and a projection to 16
// threads from the measured parts: a 16th of the batch's gradients plus the per-update costs that do not shrink
// with N (reducing the shards' gradients reads the whole parameter vector on every rank; every rank copies the
// whole new parameter vector into its variables).
import * as tf from '@tensorflow/tfjs-core';
import { createAgent, makeAgentConfig, type Batch, type PresetName } from '../src/algorithms/index.js';
import { FlowAgent } from '../src/algorithms/flow-agent.js';
import { DataParallelAgent } from '../src/parallel/data-parallel-agent.js';

export interface ScalingRow {
  preset: PresetName;
  threads: number;
  kernelsPerUpdate: number;
  oneThreadMs: number;
  nThreadMs: number;
  speedup: number;
  /** Per N-thread update, rank 0's view. */
  phasesMs: { ownGradients: number; gather: number; slowestWorkerGradients: number; optimizer: number; upload: number };
  /** One thread's gradient time on a shard of `rows` rows (the whole batch's draws, sliced). */
  shardGradientMs: { rows: number; ms: number }[];
  projected16: { ms: number; speedup: number };
}

async function timeSlice(fn: () => Promise<unknown>, seconds: number): Promise<{ ms: number; runs: number }> {
  const start = performance.now();
  let runs = 0;
  while (runs < 1 || performance.now() - start < seconds * 1000) {
    await fn();
    runs++;
  }
  return { ms: performance.now() - start, runs };
}

/** tfjs kernels (not scopes) one update of `agent` runs on the active backend. */
async function kernelsPerUpdate(agent: FlowAgent, batch: Batch): Promise<number> {
  const info = await tf.profile(async () => { await agent.update(batch); });
  return info.kernels.filter((k) => tf.getKernel(k.name, tf.getBackend()) !== undefined).length;
}

export async function threadScaling(preset: PresetName, threads: number, seconds: number, batchOf: (size: number) => Batch, dims: [number, number]): Promise<ScalingRow> {
  const config = makeAgentConfig('qflow', { preset });
  const batch = batchOf(config.batchSize);
  const solo = new FlowAgent('qflow', config, dims[0], dims[1], 0);
  const parallel = createAgent('qflow', config, dims[0], dims[1], 0, { threads }) as DataParallelAgent;
  try {
    await solo.update(batch);
    await parallel.update(batch);
    const kernels = await kernelsPerUpdate(solo, batch);
    const before = { ...parallel.phases };
    let [oneMs, oneRuns, nMs, nRuns] = [0, 0, 0, 0];
    for (let round = 0; round < 3; round++) {
      const a = await timeSlice(() => solo.update(batch), seconds / 6);
      const b = await timeSlice(() => parallel.update(batch), seconds / 6);
      [oneMs, oneRuns, nMs, nRuns] = [oneMs + a.ms, oneRuns + a.runs, nMs + b.ms, nRuns + b.runs];
    }
    const p = parallel.phases;
    const per = (k: keyof typeof p) => (p[k] - before[k]) / (p.updates - before.updates);
    const phasesMs = { ownGradients: per('ownGradientsMs'), gather: per('gatherMs'), slowestWorkerGradients: per('slowestWorkerGradientsMs'), optimizer: per('optimizerMs'), upload: per('uploadMs') };
    const scratch = new Float32Array(solo.host.size);
    const shardGradientMs = [];
    for (const rows of [config.batchSize, Math.ceil(config.batchSize / threads), Math.ceil(config.batchSize / 16)]) {
      const t = await timeSlice(() => solo.shardGradients(batch, [0, rows], scratch), Math.max(1, seconds / 8));
      shardGradientMs.push({ rows, ms: t.ms / t.runs });
    }
    const oneThreadMs = oneMs / oneRuns;
    const nThreadMs = nMs / nRuns;
    const projected = shardGradientMs[2]!.ms + phasesMs.optimizer + phasesMs.upload;
    return {
      preset, threads, kernelsPerUpdate: kernels, oneThreadMs, nThreadMs, speedup: oneThreadMs / nThreadMs, phasesMs, shardGradientMs,
      projected16: { ms: projected, speedup: oneThreadMs / projected },
    };
  } finally {
    solo.dispose();
    parallel.dispose();
  }
}

export function printScaling(rows: ScalingRow[]): void {
  if (!rows.length) return;
  console.log('\nthread scaling (Q-Flow update; 1 thread and N threads in alternating slices):');
  for (const r of rows) {
    const ph = r.phasesMs;
    const shards = r.shardGradientMs.map((s) => `${s.rows} rows ${s.ms.toFixed(1)} ms`).join(', ');
    console.log(`  ${r.preset}: ${r.kernelsPerUpdate} kernels/update; 1 thread ${r.oneThreadMs.toFixed(1)} ms, ${r.threads} threads ` +
      `${r.nThreadMs.toFixed(1)} ms (×${r.speedup.toFixed(2)}); per ${r.threads}-thread update: own gradients ${ph.ownGradients.toFixed(1)}, ` +
      `waiting for the others ${ph.gather.toFixed(1)} (slowest other rank's gradients ${ph.slowestWorkerGradients.toFixed(1)}), reduce+Adam+EMA ${ph.optimizer.toFixed(1)}, upload ${ph.upload.toFixed(1)} ms; ` +
      `one thread's gradients on ${shards}; projected at 16 threads ${r.projected16.ms.toFixed(1)} ms (×${r.projected16.speedup.toFixed(1)})`);
  }
}
